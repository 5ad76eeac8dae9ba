package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in a real browser: Debian's headless Chromium driven by playwright-core from
 * {@code src/test/browser/console.test.mjs}, against the suite's server. Two users in two browser
 * contexts see each other's changes live, chat with presence, watch the event monitor over every
 * transport, keep updating when WebSocket is blocked, and never log a console error. Screenshots of
 * every main screen go to {@code target/screenshots/}.
 */
@ExtendWith(ServerExtension.class)
class BrowserIT {
  private final TestServer server;
  private final Http admin;

  BrowserIT(TestServer server, Http http) {
    this.server = server;
    this.admin = http;
  }

  @Test
  void two_users_see_each_others_changes_chat_and_follow_events_over_every_transport_in_chromium() throws Exception {
    String user = "u" + UUID.randomUUID().toString().substring(0, 8);
    String password = TestServer.secret("pw-" + UUID.randomUUID());
    Http.Reply created = admin.post("/admin/users",
        "{\"name\":\"" + user + "\",\"password\":\"" + password + "\",\"roles\":[\"editor\"]}");
    assertEquals(201, created.status(), created::toString);

    Path shots = Path.of(System.getProperty("it.screenshots", "target/screenshots"));
    Files.createDirectories(shots);
    // Each step with its time, the cursor per transport and the fallback transport go to the log.
    Node.assertPasses("The browser test", Node.dir("it.browser.dir", "src/test/browser"), List.of("console.test.mjs"),
        Map.of("SB_BASE", server.base().toString(),
            "SB_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD,
            "SB_USER", user,
            "SB_USER_PASSWORD", password,
            "SB_SCREENSHOTS", shots.toAbsolutePath().toString(),
            "SB_COLLECTION", "browser" + UUID.randomUUID().toString().substring(0, 6)),
        Duration.ofSeconds(240));
  }
}

package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
  private static final long TIMEOUT_SECONDS = 240;
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

    Path dir = Path.of(System.getProperty("it.browser.dir", "src/test/browser"));
    Path shots = Path.of(System.getProperty("it.screenshots", "target/screenshots"));
    Files.createDirectories(shots);
    ProcessBuilder builder = new ProcessBuilder("node", "console.test.mjs").directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("SB_BASE", server.base().toString());
    env.put("SB_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("SB_USER", user);
    env.put("SB_USER_PASSWORD", password);
    env.put("SB_SCREENSHOTS", shots.toAbsolutePath().toString());
    env.put("SB_COLLECTION", "browser" + UUID.randomUUID().toString().substring(0, 6));
    Process process = builder.start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(process.getInputStream(), output), "browser-output");
    reader.setDaemon(true);
    reader.start();
    boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    String log = output.toString(StandardCharsets.UTF_8);
    System.out.print(log); // each step with its time, the cursor per transport, the fallback transport
    assertTrue(exited, () -> "The browser test did not finish within " + TIMEOUT_SECONDS + " s:\n" + log);
    assertEquals(0, process.exitValue(), () -> "The browser test failed:\n" + log);
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JavaScript client (webapp/js/switchboard.js) against the real WAR: runs its Node test suite
 * (src/test/js, {@code node --test}) with the suite server's address and admin password, streams
 * the output into this test's log, and fails with that output unless every Node test passed.
 * The Node tests cover resume after a cut, fallback and re-upgrade through a hostile proxy, the
 * reconnect policy, live queries under concurrent writers and the type and .d.ts checks.
 */
@ExtendWith(ServerExtension.class)
class ClientIT {
  private static final Duration LIMIT = Duration.ofMinutes(8);
  private final TestServer server;

  ClientIT(TestServer server) {
    this.server = server;
  }

  @Test
  void the_javascript_client_passes_its_node_tests_against_the_real_server() throws Exception {
    Path dir = Path.of(System.getProperty("it.client.dir", "src/test/js")).toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec").directory(dir.toFile())
        .redirectErrorStream(true);
    String base = server.base().toString();
    builder.environment().put("SWITCHBOARD_URL", base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    builder.environment().put("SWITCHBOARD_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    builder.environment().put("NO_COLOR", "1");
    Process node = builder.start();
    StringBuilder output = new StringBuilder();
    Thread pump = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          System.out.println("[node] " + line);
          synchronized (output) {
            output.append(line).append('\n');
          }
        }
      } catch (java.io.IOException ignored) {
        // The stream closes when node exits or is destroyed; what was read is kept.
      }
    }, "client-tests-output");
    pump.start();
    boolean finished = node.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    pump.join(Duration.ofSeconds(10).toMillis());
    String log;
    synchronized (output) {
      log = output.toString();
    }
    assertTrue(finished, "node --test did not finish within " + LIMIT + ":\n" + log);
    assertEquals(0, node.exitValue(), "node --test failed:\n" + log);
  }
}

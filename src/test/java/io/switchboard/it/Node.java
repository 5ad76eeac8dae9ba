package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node program of the suite (the client's tests, the browser test, the document checks)
 * against the suite's server: streams its output into the test log line by line, kills it and its
 * children after the time limit, and fails with the whole output unless it finished and exited 0.
 */
final class Node {
  private Node() {}

  /** The server's address without the trailing slash, as the Node programs expect it. */
  private static String base(TestServer server) {
    String base = server.base().toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** The directory named by the system property (set by the POM), or the default under the project. */
  static Path dir(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath();
  }

  /**
   * Runs the {@code node --test} suite in the directory named by {@code property} against
   * {@code server}: SWITCHBOARD_URL and SWITCHBOARD_ADMIN_PASSWORD, plus {@code environment}.
   */
  static void assertTestsPass(String property, String fallback, TestServer server, Map<String, String> environment,
      Duration limit) throws IOException, InterruptedException {
    Map<String, String> all = new HashMap<>(environment);
    all.put("SWITCHBOARD_URL", base(server));
    all.put("SWITCHBOARD_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    assertPasses("node --test in " + fallback, dir(property, fallback),
        List.of("--test", "--test-force-exit", "--test-reporter=spec"), all, limit);
  }

  static void assertPasses(String what, Path dir, List<String> arguments, Map<String, String> environment, Duration limit)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("NO_COLOR", "1");
    builder.environment().putAll(environment);
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
      } catch (IOException ignored) {
        // The stream closes when node exits or is killed; what was read is kept.
      }
    }, "node-output");
    pump.setDaemon(true);
    pump.start();
    boolean finished = false;
    try {
      finished = node.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
    } finally {
      if (!finished) { // over the limit, or this thread was interrupted: leave nothing running
        node.descendants().forEach(ProcessHandle::destroyForcibly);
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    pump.join(Duration.ofSeconds(10).toMillis());
    String log;
    synchronized (output) {
      log = output.toString();
    }
    assertTrue(finished, () -> what + " did not finish within " + limit + ":\n" + log);
    assertEquals(0, node.exitValue(), () -> what + " failed:\n" + log);
  }
}

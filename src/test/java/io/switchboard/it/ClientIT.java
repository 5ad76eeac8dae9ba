package io.switchboard.it;

import java.time.Duration;
import java.util.Map;
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
  private final TestServer server;

  ClientIT(TestServer server) {
    this.server = server;
  }

  @Test
  void the_javascript_client_passes_its_node_tests_against_the_real_server() throws Exception {
    Node.assertTestsPass("it.client.dir", "src/test/js", server, Map.of(), Duration.ofMinutes(8));
  }
}

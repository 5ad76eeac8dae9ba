package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other class of the suite ({@code junit-platform.properties} orders classes by
 * {@link Order}): no secret the suite used — passwords, access and refresh tokens, API keys,
 * tickets, session cookies, CSRF tokens, webhook secrets — appears anywhere in what the server
 * logged, at any level down to FINE.
 */
@ExtendWith(ServerExtension.class)
@Order(Integer.MAX_VALUE)
class SecretsInLogsIT {
  @Test
  void no_secret_of_the_suite_is_in_any_log(TestServer server) {
    String logs = server.logs();
    assertTrue(logs.contains("Switchboard started"), "the server's log was captured");
    Set<String> secrets = TestServer.secrets();
    assertTrue(secrets.size() > 20, "the suite's secrets were recorded: " + secrets.size());
    int found = 0;
    for (String secret : secrets) {
      if (logs.contains(secret)) {
        found++;
      }
    }
    assertFalse(found > 0, found + " of " + secrets.size() + " secrets are in the server's log");
  }
}

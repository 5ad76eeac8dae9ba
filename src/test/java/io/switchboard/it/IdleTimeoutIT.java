package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server pings every heartbeat interval and closes a WebSocket peer it has not heard from (no
 * pong, no message) for three intervals with 4002; a peer that answers the pings stays connected.
 */
@ExtendWith(ServerExtension.class)
class IdleTimeoutIT {
  /** Three silent intervals, up to one more until the heartbeat that notices, and slack for a loaded machine. */
  private static final Duration IDLE_BOUND = Duration.ofSeconds(4L * TestServer.HEARTBEAT_SECONDS + 5);
  private final TestServer server;

  IdleTimeoutIT(TestServer server) {
    this.server = server;
  }

  @Test
  void an_idle_websocket_peer_that_never_answers_pings_is_closed_with_4002_while_one_that_answers_stays()
      throws Exception {
    // Tyrus answers every ping with a pong by itself: it is heard from, though it never sends a message.
    try (WsClient answering = WsClient.open(server.base()); RawWebSocket mute = RawWebSocket.open(server.base())) {
      long opened = System.nanoTime();
      RawWebSocket.Close close = mute.awaitClose(IDLE_BOUND);
      Duration after = Duration.ofNanos(System.nanoTime() - opened);
      assertEquals(4002, close.code(), "idle timeout, reason: " + close.reason());
      assertTrue(mute.pings >= 2, "the server pinged before giving up: " + mute.pings + " pings");
      assertTrue(after.compareTo(Duration.ofSeconds(3L * TestServer.HEARTBEAT_SECONDS - 1)) >= 0,
          "not closed before three silent heartbeat intervals: " + after);
      // The answering client has been connected at least as long, and is still served.
      assertTrue(answering.isOpen(), "the client that answers pings is still connected");
      assertEquals(200, answering.call("p", "{\"op\":\"ping\",\"id\":\"p\"}").path("status").asInt());
    }
  }
}

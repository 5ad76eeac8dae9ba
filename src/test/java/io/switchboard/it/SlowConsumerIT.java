package io.switchboard.it;

import static io.switchboard.it.Problems.freshCollection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WebSocket client that stops reading is cut off with close code 4000 (its queue is bounded)
 * while a client that reads keeps receiving everything; reconnecting from its cursor, the slow
 * client loses nothing.
 */
@ExtendWith(ServerExtension.class)
class SlowConsumerIT {
  /** 30 000 characters of padding, as a JSON array of strings within the suite's JSON string limit. */
  private static final String PAYLOAD = "[" + String.join(",", java.util.Collections.nCopies(4, "\"" + "x".repeat(7_500) + "\""))
      + "]";
  private final Http http;
  private final TestServer server;
  private final String channel = "slow:" + freshCollection();

  SlowConsumerIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  /** Subscribes, then blocks its first message handler: the client stops reading from the socket. */
  private static final class StalledClient extends Endpoint {
    final CountDownLatch stalled = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile String sessionId;
    volatile CloseReason closeReason;

    @Override
    public void onClose(Session session, CloseReason reason) {
      closeReason = reason;
      closed.countDown();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.setMaxTextMessageBufferSize(1 << 20);
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        if (text.contains("\"welcome\"")) {
          sessionId = text.replaceAll(".*\"session\":\"([^\"]+)\".*", "$1");
          return;
        }
        if (text.contains("\"event\"")) {
          stalled.countDown();
          try {
            release.await(120, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
    }
  }

  @Test
  void a_client_that_stops_reading_is_closed_with_4000_and_resumes_without_loss() throws Exception {
    String before = http.get("/api").header("Switchboard-Cursor");
    StalledClient slow = new StalledClient();
    URI ws = URI.create(server.base().toString().replaceFirst("^http", "ws") + "realtime/ws");
    Session slowSession = ClientManager.createClient().connectToServer(slow,
        ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("switchboard.v1"))
            .configurator(new ClientEndpointConfig.Configurator() {
              @Override
              public void beforeRequest(java.util.Map<String, List<String>> headers) {
                headers.put("Authorization", List.of(TestServer.ADMIN));
              }
            }).build(), ws);
    try (WsClient reader = WsClient.open(server.base())) {
      slowSession.getBasicRemote().sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"" + channel + "\"}");
      reader.call("r", "{\"op\":\"subscribe\",\"id\":\"r\",\"topic\":\"" + channel + "\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.sessionId != null
          && http.get("/admin/sessions?topic=" + channel).json().path("sessions").size() == 2);
      int published = 0;
      while (listed(slow.sessionId) && published < 3000) {
        http.post("/realtime/channels/" + channel, "{\"n\":" + published + ",\"pad\":" + PAYLOAD + "}");
        published++;
        if (published % 100 == 0) {
          assertTrue(queueDepth(slow.sessionId) <= TestServer.MAX_QUEUED_FRAMES, "the queue stays bounded");
        }
      }
      assertTrue(slow.stalled.await(1, TimeUnit.SECONDS), "the slow client did receive, then stopped reading");
      assertTrue(!listed(slow.sessionId), "the slow session was cut off after " + published + " messages");
      for (int n = 0; n < published; n++) {
        assertEquals(n, reader.event("r").path("data").path("n").asInt(), "the reading client got everything");
      }
      // Its handler was blocked, so the client reads the close frame only once it reads again.
      slow.release.countDown();
      assertTrue(slow.closed.await(30, TimeUnit.SECONDS), "the slow client learns it was closed");
      // Jetty delivers the 4000 close frame behind the unread data; Tomcat may drop a connection whose
      // buffers are full instead (1006). Both say the same to the client: reconnect with your cursor.
      int code = slow.closeReason.getCloseCode().getCode();
      if (server.container().startsWith("tomcat")) {
        assertTrue(code == 4000 || code == 1006, "slow consumer: " + slow.closeReason);
      } else {
        assertEquals(4000, code, "slow consumer: " + slow.closeReason);
      }
      try (WsClient resumed = WsClient.open(server.base())) {
        resumed.call("x", "{\"op\":\"subscribe\",\"id\":\"x\",\"topic\":\"" + channel + "\",\"cursor\":\"" + before
            + "\"}");
        for (int n = 0; n < published; n++) {
          assertEquals(n, resumed.event("x").path("data").path("n").asInt(), "resumed from the cursor: no loss");
        }
      }
    } finally {
      slow.release.countDown();
      if (slowSession.isOpen()) {
        slowSession.close();
      }
    }
  }

  private boolean listed(String sessionId) {
    for (var session : http.get("/admin/sessions?topic=" + channel).json().path("sessions")) {
      if (session.path("id").asText().equals(sessionId)) {
        return true;
      }
    }
    return false;
  }

  private int queueDepth(String sessionId) {
    for (var session : http.get("/admin/sessions?topic=" + channel).json().path("sessions")) {
      if (session.path("id").asText().equals(sessionId)) {
        return session.path("queueDepth").asInt();
      }
    }
    return 0;
  }
}

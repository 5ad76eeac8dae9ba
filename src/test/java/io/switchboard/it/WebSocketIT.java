package io.switchboard.it;

import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class WebSocketIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  WebSocketIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  private WsClient connect() throws Exception {
    return WsClient.open(server.base());
  }

  @Test
  void crud_over_the_socket_has_the_rest_semantics_and_subscribers_see_the_changes() throws Exception {
    try (WsClient ws = connect()) {
      JsonNode subscribed = ws.call("1", "{\"op\":\"subscribe\",\"id\":\"1\",\"topic\":\"" + c + "\"}");
      assertEquals(200, subscribed.path("status").asInt(), subscribed::toString);
      assertEquals("1", subscribed.path("sub").asText());
      JsonNode created = ws.call("2", "{\"op\":\"create\",\"id\":\"2\",\"collection\":\"" + c
          + "\",\"body\":{\"id\":\"a\",\"title\":\"milk\"}}");
      assertEquals(201, created.path("status").asInt(), created::toString);
      assertEquals("\"1\"", created.path("etag").asText());
      JsonNode event = ws.event("1");
      assertEquals("created", event.path("type").asText());
      assertEquals(created.path("cursor"), event.path("cursor"));
      assertEquals("milk", event.path("data").path("title").asText());

      JsonNode stale = ws.call("3", "{\"op\":\"put\",\"id\":\"3\",\"collection\":\"" + c
          + "\",\"docId\":\"a\",\"ifMatch\":\"\\\"9\\\"\",\"body\":{}}");
      assertEquals("error", stale.path("op").asText());
      assertEquals(412, stale.path("status").asInt());
      assertEquals("precondition-failed", stale.path("code").asText());
      JsonNode patched = ws.call("4", "{\"op\":\"patch\",\"id\":\"4\",\"collection\":\"" + c
          + "\",\"docId\":\"a\",\"ifMatch\":\"\\\"1\\\"\",\"patch\":{\"done\":true}}");
      assertEquals(200, patched.path("status").asInt(), patched::toString);
      assertEquals("updated", ws.event("1").path("type").asText());
      JsonNode listed = ws.call("5", "{\"op\":\"list\",\"id\":\"5\",\"collection\":\"" + c
          + "\",\"query\":{\"done\":\"true\"}}");
      assertEquals(1, listed.path("body").path("items").size(), listed::toString);
      assertEquals(204, ws.call("6", "{\"op\":\"delete\",\"id\":\"6\",\"collection\":\"" + c
          + "\",\"docId\":\"a\"}").path("status").asInt());
      assertEquals("deleted", ws.event("1").path("type").asText());
      assertEquals(404, ws.call("7", "{\"op\":\"get\",\"id\":\"7\",\"collection\":\"" + c
          + "\",\"docId\":\"a\"}").path("status").asInt());
    }
  }

  @Test
  void a_subscription_from_a_cursor_replays_what_happened_since() throws Exception {
    String cursor = http.post("/api/" + c, "{\"n\":0}").header("Switchboard-Cursor");
    String second = http.post("/api/" + c, "{\"n\":1}").header("Switchboard-Cursor");
    String third = http.post("/api/" + c, "{\"n\":2}").header("Switchboard-Cursor");
    try (WsClient ws = connect()) {
      ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"sub\":\"todos\",\"topic\":\"" + c + "\",\"cursor\":\""
          + cursor + "\"}");
      assertEquals(second, ws.event("todos").path("cursor").asText());
      assertEquals(third, ws.event("todos").path("cursor").asText());
      String live = http.post("/api/" + c, "{\"n\":3}").header("Switchboard-Cursor");
      assertEquals(live, ws.event("todos").path("cursor").asText());
    }
  }

  @Test
  void a_snapshot_plus_events_from_its_cursor_equals_the_final_state_under_concurrent_writes() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try (WsClient ws = connect()) {
      List<Future<?>> writing = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writing.add(writers.submit(() -> {
          for (int i = 0; i < 40; i++) {
            assertEquals(2, http.put("/api/" + c + "/d" + ((writer * 7 + i) % 10), "{\"i\":" + i + "}").status() / 100);
          }
        }));
      }
      Http.Reply snapshot = http.get("/api/" + c + "?limit=" + TestServer.MAX_PAGE);
      String cursor = snapshot.header("Switchboard-Cursor");
      ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"" + c + "\",\"cursor\":\"" + cursor + "\"}");
      for (Future<?> writer : writing) {
        writer.get(60, TimeUnit.SECONDS);
      }
      Map<String, Long> versions = new HashMap<>();
      snapshot.json().path("items").forEach(d -> versions.put(d.path("id").asText(), d.path("version").asLong()));
      List<String> expected = new ArrayList<>();
      http.eventsAfter(Long.parseLong(cursor)).stream().filter(e -> e.path("topic").asText().equals(c))
          .forEach(e -> expected.add(e.path("cursor").asText()));
      List<String> received = new ArrayList<>();
      for (String ignored : expected) {
        JsonNode event = ws.event("s");
        received.add(event.path("cursor").asText());
        long previous = versions.getOrDefault(event.path("id").asText(), 0L);
        assertEquals(previous + 1, event.path("version").asLong(), "no version missed or repeated: " + event);
        versions.put(event.path("id").asText(), event.path("version").asLong());
      }
      assertEquals(expected, received);
      Map<String, Long> actual = new HashMap<>();
      http.get("/api/" + c + "?limit=" + TestServer.MAX_PAGE).json().path("items")
          .forEach(d -> actual.put(d.path("id").asText(), d.path("version").asLong()));
      assertEquals(actual, versions, "snapshot + events = the final state");
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void publish_reaches_channel_subscribers_and_unsubscribe_stops_them() throws Exception {
    String channel = "room:" + c;
    try (WsClient alice = connect(); WsClient bob = connect()) {
      bob.call("1", "{\"op\":\"subscribe\",\"id\":\"1\",\"topic\":\"" + channel + "\"}");
      JsonNode published = alice.call("p", "{\"op\":\"publish\",\"id\":\"p\",\"channel\":\"" + channel
          + "\",\"data\":{\"text\":\"hi \u00e9\"}}");
      assertEquals(202, published.path("status").asInt(), published::toString);
      JsonNode message = bob.event("1");
      assertEquals("message", message.path("type").asText());
      assertEquals("hi \u00e9", message.path("data").path("text").asText());
      assertEquals(200, bob.call("u", "{\"op\":\"unsubscribe\",\"id\":\"u\",\"sub\":\"1\"}").path("status").asInt());
      assertEquals(404, bob.call("v", "{\"op\":\"unsubscribe\",\"id\":\"v\",\"sub\":\"1\"}").path("status").asInt());
    }
  }

  @Test
  void unsubscribing_one_of_two_subscriptions_to_a_topic_keeps_the_connection_under_it_without_a_leave()
      throws Exception {
    String channel = "shared:" + c;
    try (WsClient watcher = connect(); WsClient ws = connect()) {
      watcher.call("w", "{\"op\":\"subscribe\",\"id\":\"w\",\"topic\":\"" + channel + "\",\"presence\":true}");
      ws.call("a", "{\"op\":\"subscribe\",\"id\":\"a\",\"topic\":\"" + channel + "\"}");
      ws.call("b", "{\"op\":\"subscribe\",\"id\":\"b\",\"topic\":\"" + channel + "\"}");
      JsonNode join = watcher.event("w");
      assertEquals("join", join.path("action").asText(), join::toString);
      String session = join.path("session").asText();
      assertEquals(200, ws.call("u", "{\"op\":\"unsubscribe\",\"id\":\"u\",\"sub\":\"a\"}").path("status").asInt());

      JsonNode listed = http.get("/admin/sessions?topic=" + channel).json().path("sessions");
      assertTrue(java.util.stream.StreamSupport.stream(listed.spliterator(), false)
          .anyMatch(s -> s.path("id").asText().equals(session)), "still listed under the topic: " + listed);
      assertEquals(2, http.get("/realtime/presence/" + channel).json().path("sessions").asInt(), "still a member");
      http.post("/realtime/channels/" + channel, "{\"n\":1}");
      assertEquals(1, ws.event("b").path("data").path("n").asInt(), "events still arrive");
      JsonNode next = watcher.event("w");
      assertEquals("message", next.path("type").asText(), "no leave before the message: " + next);

      ws.call("v", "{\"op\":\"unsubscribe\",\"id\":\"v\",\"sub\":\"b\"}");
      JsonNode leave = watcher.event("w");
      assertEquals("leave", leave.path("action").asText(), "the last subscription's end is the leave: " + leave);
      assertEquals(session, leave.path("session").asText());
    }
  }

  @Test
  void bad_frames_get_an_error_frame_and_leave_the_connection_and_its_state_intact() throws Exception {
    try (WsClient ws = connect()) {
      ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"" + c + "\"}");
      ws.send("{not json");
      JsonNode malformed = ws.next(m -> "error".equals(m.path("op").asText()));
      assertEquals("malformed-json", malformed.path("code").asText());
      assertEquals(400, malformed.path("status").asInt());
      assertEquals("invalid-request", ws.call("a", "{\"op\":\"fly\",\"id\":\"a\"}").path("code").asText());
      assertEquals("invalid-request", ws.call("b", "{\"id\":\"b\"}").path("code").asText());
      assertEquals("invalid-request", ws.call("c", "{\"op\":\"get\",\"id\":\"c\",\"collection\":5}").path("code").asText());
      assertEquals("invalid-request", ws.call("d", "{\"op\":\"subscribe\",\"id\":\"d\",\"topic\":\"Not A Topic\"}")
          .path("code").asText());
      assertEquals("validation-failed", ws.call("e", "{\"op\":\"create\",\"id\":\"e\",\"collection\":\"" + c
          + "\",\"body\":[1]}").path("code").asText());
      ws.send("[1,2,3]");
      assertEquals("invalid-request", ws.next(m -> "error".equals(m.path("op").asText())).path("code").asText());
      assertTrue(ws.isOpen());
      assertEquals(200, ws.call("p", "{\"op\":\"ping\",\"id\":\"p\"}").path("status").asInt());
      String cursor = http.post("/api/" + c, "{}").header("Switchboard-Cursor");
      assertEquals(cursor, ws.event("s").path("cursor").asText(), "the subscription survived the bad frames");
    }
  }

  @Test
  void a_message_over_the_size_limit_closes_with_1009() throws Exception {
    try (WsClient ws = connect()) {
      try {
        ws.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(TestServer.MAX_WS_MESSAGE_BYTES) + "\"}");
      } catch (RuntimeException closedWhileSending) {
        // The server may close the connection before the client has finished sending; the close
        // code below is what counts.
      }
      CloseReason reason = ws.awaitClose(WAIT);
      assertEquals(1009, reason.getCloseCode().getCode());
    }
  }

  @Test
  void a_connection_has_a_subscription_limit() throws Exception {
    try (WsClient ws = connect()) {
      for (int i = 0; i < TestServer.MAX_WS_SUBSCRIPTIONS; i++) {
        assertEquals(200, ws.call("s" + i, "{\"op\":\"subscribe\",\"id\":\"s" + i + "\",\"topic\":\"" + c + "\"}")
            .path("status").asInt());
      }
      JsonNode refused = ws.call("x", "{\"op\":\"subscribe\",\"id\":\"x\",\"topic\":\"" + c + "\"}");
      assertEquals(429, refused.path("status").asInt());
      assertEquals("limit-exceeded", refused.path("code").asText());
      assertEquals("conflict", ws.call("s0", "{\"op\":\"subscribe\",\"id\":\"s0\",\"topic\":\"" + c + "\"}")
          .path("code").asText());
    }
  }

  @Test
  void a_client_without_the_subprotocol_is_closed_with_1002() throws Exception {
    WsClient ws = WsClient.connect(server.base());
    assertEquals(1002, ws.awaitClose(WAIT).getCloseCode().getCode());
  }

  @Test
  void an_operator_kick_closes_with_4003() throws Exception {
    try (WsClient ws = connect()) {
      ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"kick:" + c + "\"}");
      JsonNode sessions = http.get("/admin/sessions?transport=websocket&topic=kick:" + c).json().path("sessions");
      assertEquals(1, sessions.size(), sessions::toString);
      assertEquals(204, http.delete("/admin/sessions/" + sessions.get(0).path("id").asText()).status());
      assertEquals(4003, ws.awaitClose(WAIT).getCloseCode().getCode());
    }
  }
}

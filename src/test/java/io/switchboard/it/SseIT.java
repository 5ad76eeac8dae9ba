package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class SseIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  SseIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  private SseClient stream(String query, String... headers) throws Exception {
    return SseClient.open(server.base().resolve("realtime/sse?" + query), headers);
  }

  /** Subscriptions go live asynchronously; a marker message on a private channel proves this one is. */
  private void awaitLive(SseClient client, String channel) throws Exception {
    String cursor = http.post("/realtime/channels/" + channel, "{\"marker\":true}").json().path("cursor").asText();
    SseClient.Event marker = client.next(WAIT);
    assertEquals(cursor, marker.id());
  }

  @Test
  void a_change_arrives_as_an_event_with_the_cursor_as_id_and_the_type_as_event() throws Exception {
    String marker = "m:" + c;
    try (SseClient client = stream("topic=" + c + "&topic=" + marker)) {
      assertEquals("text/event-stream", client.response().headers().firstValue("Content-Type").orElse("")
          .split(";")[0]);
      assertEquals("no-cache", client.response().headers().firstValue("Cache-Control").orElse(""));
      assertEquals("no", client.response().headers().firstValue("X-Accel-Buffering").orElse(""));
      assertEquals("2000", client.retry);
      assertTrue(client.welcome.contains("\"session\""), client.welcome);
      awaitLive(client, marker);
      Http.Reply created = http.post("/api/" + c, "{\"title\":\"milk\"}");
      SseClient.Event event = client.next(WAIT);
      assertEquals(created.header("Switchboard-Cursor"), event.id());
      assertEquals("created", event.event());
      JsonNode data = JSON.readTree(event.data());
      assertEquals(c, data.path("topic").asText());
      assertEquals(created.json(), data.path("data"));
      assertEquals(event.id(), data.path("cursor").asText());
    }
  }

  @Test
  void last_event_id_resumes_after_that_event_then_continues_live() throws Exception {
    List<String> cursors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cursors.add(http.post("/api/" + c, "{\"i\":" + i + "}").header("Switchboard-Cursor"));
    }
    try (SseClient client = stream("topic=" + c, "Last-Event-ID", cursors.get(0))) {
      assertEquals(cursors.get(1), client.next(WAIT).id());
      assertEquals(cursors.get(2), client.next(WAIT).id());
      String live = http.post("/api/" + c, "{\"i\":3}").header("Switchboard-Cursor");
      assertEquals(live, client.next(WAIT).id());
    }
  }

  @Test
  void a_snapshot_cursor_then_subscribe_misses_nothing_and_repeats_nothing() throws Exception {
    http.post("/api/" + c, "{\"before\":true}");
    String snapshot = http.get("/api/" + c).header("Switchboard-Cursor");
    List<String> after = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      after.add(http.post("/api/" + c, "{\"after\":" + i + "}").header("Switchboard-Cursor"));
    }
    try (SseClient client = stream("topic=" + c + "&cursor=" + snapshot)) {
      for (String expected : after) {
        assertEquals(expected, client.next(WAIT).id());
      }
      String live = http.post("/api/" + c, "{}").header("Switchboard-Cursor");
      assertEquals(live, client.next(WAIT).id(), "the next event is the live one, nothing repeated");
    }
  }

  @Test
  void channel_messages_with_newlines_and_any_unicode_are_framed_intact() throws Exception {
    String channel = "chat:" + c;
    try (SseClient client = stream("topic=" + channel)) {
      awaitLive(client, channel);
      String text = "line one\nline two\r\n\u2713 \uD83D\uDE00 \u00e9\u4e2d\u6587 \u2028 end";
      String body = JSON.createObjectNode().put("text", text).toString();
      Http.Reply published = http.post("/realtime/channels/" + channel, body);
      assertEquals(202, published.status(), published::toString);
      SseClient.Event event = client.next(WAIT);
      assertEquals("message", event.event());
      assertEquals(published.json().path("cursor").asText(), event.id());
      assertEquals(text, JSON.readTree(event.data()).path("data").path("text").asText());
    }
  }

  @Test
  void an_operator_can_list_and_disconnect_a_stream() throws Exception {
    String marker = "m:" + c;
    try (SseClient client = stream("topic=" + c + "&topic=" + marker)) {
      awaitLive(client, marker);
      // The client can read a frame before the server has booked its write as done.
      await().atMost(WAIT).until(() -> http.get("/admin/sessions?transport=sse&topic=" + c).json().path("sessions")
          .path(0).path("messagesSent").asLong() >= 2);
      JsonNode mine = http.get("/admin/sessions?transport=sse&topic=" + c).json().path("sessions").path(0);
      assertEquals("sse", mine.path("transport").asText(), "the stream is listed");
      assertEquals(204, http.delete("/admin/sessions/" + mine.path("id").asText()).status());
      SseClient.Event close = client.next(WAIT);
      assertEquals("close", close.event());
      assertEquals(4003, JSON.readTree(close.data()).path("code").asInt());
      assertTrue(client.awaitEnd(WAIT), "the server ended the stream");
      assertEquals(0, http.get("/admin/sessions?topic=" + c).json().path("sessions").size());
      assertProblem(http.delete("/admin/sessions/" + mine.path("id").asText()), 404, "not-found");
    }
  }

  @Test
  void idle_streams_get_heartbeat_comments() throws Exception {
    try (SseClient client = stream("topic=" + c)) {
      await().atMost(Duration.ofSeconds(3L * TestServer.HEARTBEAT_SECONDS))
          .until(() -> client.comments.contains("heartbeat"));
      assertTrue(client.events.isEmpty(), "a heartbeat is a comment, not an event: " + client.events);
    }
  }

  @Test
  void a_bad_topic_or_cursor_is_a_400_problem() {
    assertProblem(http.get("/realtime/sse", "Accept", "text/event-stream"), 400, "invalid-request");
    assertProblem(http.get("/realtime/sse?topic=Bad!", "Accept", "text/event-stream"), 400, "invalid-request");
    assertProblem(http.get("/realtime/sse?topic=" + c + "&cursor=abc", "Accept", "text/event-stream"), 400,
        "invalid-request");
    assertProblem(http.post("/realtime/channels/" + c, "{}"), 400, "invalid-request");
  }
}

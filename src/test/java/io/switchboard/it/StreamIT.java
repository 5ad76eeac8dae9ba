package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class StreamIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  StreamIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  private NdjsonClient stream(String query) throws Exception {
    return NdjsonClient.open(server.base().resolve("realtime/stream?" + query));
  }

  @Test
  void events_arrive_line_by_line_as_they_are_written() throws Exception {
    String start = http.get("/api/" + c).header("Switchboard-Cursor");
    try (NdjsonClient client = stream("topic=" + c + "&cursor=" + start)) {
      assertEquals("application/x-ndjson", client.response().headers().firstValue("Content-Type").orElse("")
          .split(";")[0]);
      assertEquals("no-cache", client.response().headers().firstValue("Cache-Control").orElse(""));
      assertEquals("no", client.response().headers().firstValue("X-Accel-Buffering").orElse(""));
      for (int i = 0; i < 3; i++) {
        Http.Reply created = http.post("/api/" + c, "{\"i\":" + i + "}");
        // Each line is read before the next change is even made: streamed, not buffered to the end.
        JsonNode event = client.next(WAIT);
        assertEquals(created.header("Switchboard-Cursor"), event.path("cursor").asText());
        assertEquals("created", event.path("type").asText());
        assertEquals(created.json(), event.path("data"));
      }
    }
  }

  @Test
  void a_stream_resumes_after_its_cursor_then_continues_live() throws Exception {
    List<String> cursors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cursors.add(http.post("/api/" + c, "{\"i\":" + i + "}").header("Switchboard-Cursor"));
    }
    try (NdjsonClient client = stream("topic=" + c + "&cursor=" + cursors.get(0))) {
      assertEquals(cursors.get(1), client.next(WAIT).path("cursor").asText());
      assertEquals(cursors.get(2), client.next(WAIT).path("cursor").asText());
      String live = http.post("/api/" + c, "{\"i\":3}").header("Switchboard-Cursor");
      assertEquals(live, client.next(WAIT).path("cursor").asText());
    }
  }

  @Test
  void idle_streams_get_heartbeat_lines() throws Exception {
    try (NdjsonClient client = stream("topic=" + c)) {
      await().atMost(Duration.ofSeconds(3L * TestServer.HEARTBEAT_SECONDS)).until(() -> client.heartbeats > 0);
    }
  }

  @Test
  void a_stream_is_listed_as_a_session_and_a_kick_ends_it_with_a_close_line() throws Exception {
    try (NdjsonClient client = stream("topic=" + c)) {
      String id = client.welcome.path("session").asText();
      // The welcome may be written before the subscription has registered its topics: wait for them.
      await().atMost(WAIT).until(() ->
          http.get("/admin/sessions?transport=stream&topic=" + c).json().path("sessions").size() == 1);
      JsonNode listed = http.get("/admin/sessions?transport=stream&topic=" + c).json().path("sessions");
      assertEquals(id, listed.get(0).path("id").asText());
      assertEquals(204, http.delete("/admin/sessions/" + id).status());
      JsonNode close = client.next(WAIT);
      assertEquals("close", close.path("type").asText());
      assertEquals(4003, close.path("code").asInt());
      assertTrue(close.path("reconnect").asBoolean());
      assertTrue(client.awaitEnd(WAIT), "the response ends");
    }
  }

  @Test
  void bad_parameters_are_400_problems() {
    assertProblem(http.get("/realtime/stream"), 400, "invalid-request");
    assertProblem(http.get("/realtime/stream?topic=" + c + "&cursor=x"), 400, "invalid-request");
  }
}

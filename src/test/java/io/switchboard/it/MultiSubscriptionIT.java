package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several subscriptions in one HTTP request ({@code sub.<name>.topic/filter/cursor}), every event
 * naming its subscription, and the welcome's cursor as an exact resume point, on SSE, the NDJSON
 * stream and long-poll.
 */
@ExtendWith(ServerExtension.class)
class MultiSubscriptionIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();
  private final String chat = "chat:" + c;

  MultiSubscriptionIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  private String twoSubscriptions() {
    return "sub.todo.topic=" + c + "&sub.todo.filter.done=false&sub.talk.topic=" + chat;
  }

  private static JsonNode data(SseClient.Event event) throws Exception {
    return JSON.readTree(event.data());
  }

  /** Publishes on the chat channel and returns its cursor. */
  private String say(String text) {
    return http.post("/realtime/channels/" + chat, "{\"text\":\"" + text + "\"}").json().path("cursor").asText();
  }

  /** Events go live asynchronously: a chat message that arrives proves both subscriptions are live. */
  private void awaitLive(SseClient client) throws Exception {
    String cursor = say("marker");
    SseClient.Event marker = client.next(WAIT);
    assertEquals(cursor, data(marker).path("cursor").asText());
  }

  @Test
  void one_sse_stream_carries_a_filtered_list_and_a_chat_each_event_naming_its_subscription() throws Exception {
    try (SseClient client = SseClient.open(server.base().resolve("realtime/sse?" + twoSubscriptions()))) {
      awaitLive(client);
      http.post("/api/" + c, "{\"title\":\"open\",\"done\":false}");
      http.post("/api/" + c, "{\"title\":\"closed\",\"done\":true}");
      String said = say("hello");
      // Each subscription delivers in log order; between subscriptions the order is not fixed.
      SseClient.Event first = client.next(WAIT);
      SseClient.Event second = client.next(WAIT);
      SseClient.Event created = data(first).path("sub").asText().equals("todo") ? first : second;
      SseClient.Event message = created == first ? second : first;
      assertEquals("created", created.event());
      assertEquals("open", data(created).path("data").path("title").asText());
      assertEquals("message", message.event(), "the done document is outside the filter: not delivered");
      assertEquals("talk", data(message).path("sub").asText());
      assertEquals("todo:" + data(created).path("cursor").asText() + ",talk:" + said, second.id(),
          "the id is the position of every subscription of the stream");
    }
  }

  @Test
  void an_sse_stream_of_several_subscriptions_resumes_each_from_its_own_position() throws Exception {
    String lastId;
    try (SseClient client = SseClient.open(server.base().resolve("realtime/sse?" + twoSubscriptions()))) {
      awaitLive(client);
      http.post("/api/" + c, "{\"title\":\"one\",\"done\":false}");
      lastId = client.next(WAIT).id();
    }
    String missedDoc = http.post("/api/" + c, "{\"title\":\"two\",\"done\":false}").header("Switchboard-Cursor");
    String missedChat = say("while away");
    try (SseClient resumed = SseClient.open(server.base().resolve("realtime/sse?" + twoSubscriptions()),
        "Last-Event-ID", lastId)) {
      Set<String> got = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        JsonNode event = data(resumed.next(WAIT));
        got.add(event.path("sub").asText() + "@" + event.path("cursor").asText());
      }
      assertEquals(Set.of("todo@" + missedDoc, "talk@" + missedChat), got,
          "each subscription resumes after its own last event: exactly the missed ones");
    }
  }

  @Test
  void an_sse_stream_opened_without_a_cursor_resumes_exactly_from_its_welcome() throws Exception {
    String welcomeId;
    try (SseClient client = SseClient.open(server.base().resolve("realtime/sse?topic=" + c))) {
      welcomeId = client.welcomeId;
      assertTrue(welcomeId != null && welcomeId.matches("\\d+"), "the welcome's id is the starting cursor: " + welcomeId);
      assertEquals(welcomeId, JSON.readTree(client.welcome).path("cursor").asText());
    }
    String created = http.post("/api/" + c, "{\"title\":\"after the drop\"}").header("Switchboard-Cursor");
    try (SseClient resumed = SseClient.open(server.base().resolve("realtime/sse?topic=" + c), "Last-Event-ID",
        welcomeId)) {
      SseClient.Event event = resumed.next(WAIT);
      assertEquals(created, event.id(), "the change made between the streams is not lost");
      assertEquals("default", data(event).path("sub").asText(), "the single-subscription form is named default");
    }
  }

  @Test
  void an_ndjson_stream_of_several_subscriptions_names_each_event_and_resumes_from_its_welcome() throws Exception {
    String welcomeCursor;
    try (NdjsonClient client = NdjsonClient.open(server.base().resolve("realtime/stream?" + twoSubscriptions()))) {
      welcomeCursor = client.welcome.path("cursor").asText();
      assertTrue(welcomeCursor.matches("\\d+"), client.welcome.toString());
    }
    String doc = http.post("/api/" + c, "{\"title\":\"a\",\"done\":false}").header("Switchboard-Cursor");
    String said = say("b");
    try (NdjsonClient client = NdjsonClient.open(server.base().resolve("realtime/stream?sub.todo.topic=" + c
        + "&sub.todo.cursor=" + welcomeCursor + "&sub.talk.topic=" + chat + "&sub.talk.cursor=" + welcomeCursor))) {
      Set<String> got = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        JsonNode event = client.next(WAIT);
        got.add(event.path("sub").asText() + "@" + event.path("cursor").asText());
      }
      assertEquals(Set.of("todo@" + doc, "talk@" + said), got,
          "resuming from the welcome's cursor, the changes made while away arrive, each naming its subscription");
    }
  }

  @Test
  void a_long_poll_of_several_subscriptions_answers_each_ones_next_cursor() throws Exception {
    String start = http.get("/api/" + c).header("Switchboard-Cursor");
    String doc = http.post("/api/" + c, "{\"title\":\"a\",\"done\":false}").header("Switchboard-Cursor");
    String said = say("b");
    Http.Reply reply = http.get("/realtime/poll?sub.todo.topic=" + c + "&sub.todo.cursor=" + start + "&sub.talk.topic="
        + chat + "&sub.talk.cursor=" + start + "&wait=0");
    assertEquals(200, reply.status());
    JsonNode body = reply.json();
    assertEquals(doc, body.path("cursors").path("todo").asText());
    assertEquals(said, body.path("cursors").path("talk").asText());
    assertEquals(2, body.path("events").size());
    assertEquals("todo", body.path("events").get(0).path("sub").asText());
    assertEquals("talk", body.path("events").get(1).path("sub").asText());
    JsonNode again = http.get("/realtime/poll?sub.todo.topic=" + c + "&sub.todo.cursor=" + doc + "&sub.talk.topic="
        + chat + "&sub.talk.cursor=" + said + "&wait=0").json();
    assertEquals(0, again.path("events").size(), "polling from the answered cursors: nothing twice");
  }

  @Test
  void malformed_subscription_parameters_are_refused_before_the_stream_opens() {
    assertProblem(http.get("/realtime/sse?sub.a.colour=red&sub.a.topic=" + c), 400, "invalid-request");
    assertProblem(http.get("/realtime/stream?sub.a.topic=" + chat + "&sub.a.filter.done=false"), 400,
        "invalid-request");
    assertProblem(http.get("/realtime/poll?sub.a.topic=" + c + "&sub.a.cursor=nope"), 400, "invalid-request");
    assertProblem(http.get("/realtime/sse?sub.a.topic=" + c + "&sub.a.cursor=1&sub.a.cursor=2"), 400,
        "invalid-request");
  }
}

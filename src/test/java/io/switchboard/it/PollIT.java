package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class PollIT {
  private final Http http;
  private final String c = freshCollection();

  PollIT(Http http) {
    this.http = http;
  }

  private String cursorNow() {
    return http.get("/api/" + c).header("Switchboard-Cursor");
  }

  private static List<String> cursors(JsonNode body) {
    List<String> cursors = new ArrayList<>();
    body.path("events").forEach(e -> cursors.add(e.path("cursor").asText()));
    return cursors;
  }

  private CompletableFuture<Http.Reply> pollAsync(String query) {
    return CompletableFuture.supplyAsync(() -> http.get("/realtime/poll?" + query));
  }

  private void awaitWaiters(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() ->
        http.get("/admin/sessions?transport=poll&topic=" + c).json().path("sessions").size() == count);
  }

  @Test
  void events_after_the_cursor_come_back_at_once_in_order_with_the_next_cursor() {
    String start = cursorNow();
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      written.add(http.post("/api/" + c, "{\"i\":" + i + "}").header("Switchboard-Cursor"));
    }
    long began = System.nanoTime();
    Http.Reply reply = http.get("/realtime/poll?topic=" + c + "&cursor=" + start);
    assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(5), "answered at once");
    assertEquals(200, reply.status(), reply::toString);
    assertEquals(written, cursors(reply.json()));
    assertEquals(written.get(2), reply.json().path("cursor").asText());
    assertEquals(written.get(2), reply.header("Switchboard-Cursor"));
    assertEquals("no-store", reply.header("Cache-Control"));
    JsonNode first = reply.json().path("events").get(0);
    assertEquals("created", first.path("type").asText());
    assertEquals(c, first.path("topic").asText());
    assertEquals(0, first.path("data").path("i").asInt());
  }

  @Test
  void a_batch_is_bounded_by_limit_and_the_next_poll_continues_after_it() {
    String start = cursorNow();
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(http.post("/api/" + c, "{}").header("Switchboard-Cursor"));
    }
    JsonNode first = http.get("/realtime/poll?topic=" + c + "&limit=2&cursor=" + start).json();
    assertEquals(written.subList(0, 2), cursors(first));
    JsonNode second = http.get("/realtime/poll?topic=" + c + "&limit=2&cursor=" + first.path("cursor").asText()).json();
    assertEquals(written.subList(2, 4), cursors(second));
  }

  @Test
  void a_poll_with_nothing_new_is_held_listed_as_a_session_and_answered_by_the_next_event() throws Exception {
    String start = cursorNow();
    CompletableFuture<Http.Reply> poll = pollAsync("topic=" + c + "&wait=20&cursor=" + start);
    awaitWaiters(1);
    assertFalse(poll.isDone(), "held while nothing happens");
    long began = System.nanoTime();
    String written = http.post("/api/" + c, "{\"late\":true}").header("Switchboard-Cursor");
    Http.Reply reply = poll.get(10, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(5), "answered when the event came, not at the timeout");
    assertEquals(List.of(written), cursors(reply.json()));
    assertEquals(written, reply.json().path("cursor").asText());
    awaitWaiters(0);
  }

  @Test
  void a_poll_that_times_out_answers_no_events_and_the_same_cursor() {
    String start = cursorNow();
    long began = System.nanoTime();
    Http.Reply reply = http.get("/realtime/poll?topic=" + c + "&wait=1&cursor=" + start);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals(0, reply.json().path("events").size());
    assertEquals(start, reply.json().path("cursor").asText());
    assertTrue(took >= 900 && took < 10_000, "held for the wait: " + took + " ms");
  }

  @Test
  void a_lost_response_costs_nothing_polling_again_with_the_old_cursor_returns_the_same_events() {
    String start = cursorNow();
    http.post("/api/" + c, "{\"n\":1}");
    http.post("/api/" + c, "{\"n\":2}");
    JsonNode lost = http.get("/realtime/poll?topic=" + c + "&cursor=" + start).json();
    JsonNode again = http.get("/realtime/poll?topic=" + c + "&cursor=" + start).json();
    assertEquals(2, lost.path("events").size());
    assertEquals(lost, again);
  }

  @Test
  void a_cursor_outside_the_retained_log_is_410_gone() {
    assertProblem(http.get("/realtime/poll?topic=" + c + "&wait=0&cursor=999999999999"), 410, "cursor-expired");
  }

  @Test
  void bad_parameters_are_400_and_nothing_waits() {
    assertProblem(http.get("/realtime/poll"), 400, "invalid-request");
    assertProblem(http.get("/realtime/poll?topic=" + c + "&wait=abc"), 400, "invalid-request");
    assertProblem(http.get("/realtime/poll?topic=" + c + "&wait=3600"), 400, "invalid-request");
    assertProblem(http.get("/realtime/poll?topic=" + c + "&limit=0"), 400, "invalid-request");
    assertProblem(http.get("/realtime/poll?topic=" + c + "&cursor=yesterday"), 400, "invalid-request");
    assertProblem(http.get("/realtime/poll?topic=" + c + "/x/y"), 400, "invalid-request");
    assertEquals(0, http.get("/admin/sessions?transport=poll&topic=" + c).json().path("sessions").size());
  }

  @Test
  void many_concurrent_waiters_are_all_answered_by_one_event() throws Exception {
    String start = cursorNow();
    int waiters = 100;
    List<CompletableFuture<Http.Reply>> polls = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      polls.add(pollAsync("topic=" + c + "&wait=30&cursor=" + start));
    }
    awaitWaiters(waiters);
    String written = http.post("/api/" + c, "{}").header("Switchboard-Cursor");
    for (CompletableFuture<Http.Reply> poll : polls) {
      assertEquals(List.of(written), cursors(poll.get(20, TimeUnit.SECONDS).json()));
    }
  }

  @Test
  void a_filtered_poll_sees_the_live_query_view() {
    String start = cursorNow();
    http.put("/api/" + c + "/a", "{\"done\":true}");
    http.put("/api/" + c + "/b", "{\"done\":false}");
    String leave = http.patch("/api/" + c + "/b", "application/merge-patch+json", "{\"done\":true}")
        .header("Switchboard-Cursor");
    JsonNode body = http.get("/realtime/poll?topic=" + c + "&filter.done=false&cursor=" + start).json();
    List<String> types = new ArrayList<>();
    body.path("events").forEach(e -> types.add(e.path("id").asText() + ":" + e.path("type").asText()));
    assertEquals(List.of("b:created", "b:leave"), types);
    assertEquals(leave, body.path("cursor").asText());
  }
}

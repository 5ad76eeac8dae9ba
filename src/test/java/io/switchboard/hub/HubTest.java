package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Peer;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.session.Connection;
import io.switchboard.session.Interest;
import io.switchboard.session.Realtime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub behind the realtime door, with an in-memory log and recording transports: no container, no sockets. */
class HubTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int QUEUE = 256;
  private final MemoryLog log = new MemoryLog();
  /** Four lanes on any machine, so fan-out runs on several threads even on two cores. */
  private final Hub hub = new Hub(log, 4);
  private final Realtime realtime = new Realtime(hub, Access.of(AccessRules.defaults()), params -> List.of(), QUEUE, 10);

  @AfterEach
  void stop() {
    realtime.closeAll(Disconnect.GOING_AWAY);
    hub.close();
  }

  private static Interest interest(String sub, String topic, Cursor from, boolean presence) {
    return new Interest(sub, List.of(topic), Map.of(), from == null ? null : from.toString(), presence);
  }

  private Connection connect(RecordingOutbound out) {
    return realtime.connect(out, new Peer("127.0.0.1", new Identity("alice", Set.of(), "basic", null, null)));
  }

  private RecordingOutbound from(String topic, Cursor cursor) {
    RecordingOutbound out = new RecordingOutbound(false);
    connect(out).subscribe(interest("s1", topic, cursor, false));
    return out;
  }

  private void append(String topic, String id) {
    log.append(topic, id);
    hub.wake();
  }

  @Test
  void withdrawn_access_ends_the_subscription_with_an_unsubscribed_frame_and_keeps_the_connection() throws Exception {
    Access access = Access.of(AccessRules.defaults());
    Realtime guarded = new Realtime(hub, access, params -> List.of(), QUEUE, 10);
    RecordingOutbound out = new RecordingOutbound(false);
    Connection connection = guarded.connect(out, new Peer("127.0.0.1", new Identity("bob", Set.of(), "basic", null,
        null)));
    connection.subscribe(interest("docs", "todos", null, false));
    connection.subscribe(interest("chat", "chat:x", null, false));
    access.replace(AccessRules.parse(Json.parse("{\"collections\":{\"todos\":{\"subscribe\":\"role:x\"}}}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    Frame ended = out.take(1, WAIT).get(0);
    assertEquals(List.of("unsubscribed", "docs"), List.of(ended.type(), ended.sub()), ended::json);
    assertTrue(connection.isOpen());
    assertEquals(Set.of("chat"), connection.info().subscriptions().keySet());
    append("chat:x", "m1");
    assertEquals("chat", out.take(1, WAIT).get(0).sub(), "the other subscription still delivers");
    guarded.closeAll(Disconnect.GOING_AWAY);
  }

  private static List<Long> cursors(List<Frame> frames) {
    return frames.stream().map(f -> Long.parseLong(f.cursor())).toList();
  }

  private static JsonNode json(Frame frame) {
    return Json.parse(frame.json().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void live_events_reach_matching_subscribers_in_log_order_each_naming_its_subscription() throws Exception {
    RecordingOutbound todos = from("todos", new Cursor(0));
    RecordingOutbound one = from("todos/b", new Cursor(0));
    RecordingOutbound chat = from("chat:lobby", new Cursor(0));
    append("todos", "a");
    append("todos", "b");
    append("chat:lobby", null);
    append("todos", "c");
    List<Frame> got = todos.take(3, WAIT);
    assertEquals(List.of(1L, 2L, 4L), cursors(got));
    assertEquals("s1", json(got.get(0)).path("sub").asText(), "the event names its subscription");
    assertEquals("1", json(got.get(0)).path("cursor").asText());
    assertEquals(List.of(2L), cursors(one.take(1, WAIT)));
    assertEquals(List.of(3L), cursors(chat.take(1, WAIT)));
    assertNull(chat.frames.poll(200, TimeUnit.MILLISECONDS), "nothing else for the channel");
  }

  @Test
  void fan_out_over_several_lanes_keeps_every_connections_events_in_log_order() throws Exception {
    List<RecordingOutbound> outs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      outs.add(from("todos", new Cursor(0)));
    }
    int events = QUEUE - 16; // a burst the queues hold even if no writer ran meanwhile
    for (int i = 0; i < events; i++) {
      append("todos", "d" + i);
    }
    for (RecordingOutbound out : outs) {
      List<Long> got = cursors(out.take(events, WAIT));
      for (int i = 0; i < got.size(); i++) {
        assertEquals(i + 1L, got.get(i));
      }
    }
  }

  @Test
  void a_subscription_from_a_cursor_replays_then_goes_live_without_gap_or_duplicate() throws Exception {
    for (int i = 0; i < 1000; i++) {
      log.append("todos", "d" + i);
    }
    ExecutorService writer = Executors.newSingleThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    Future<?> writes = writer.submit(() -> {
      started.countDown();
      for (int i = 0; i < 2000; i++) {
        append("todos", "w" + i);
      }
    });
    started.await();
    RecordingOutbound out = from("todos", new Cursor(250));
    writes.get(30, TimeUnit.SECONDS);
    writer.shutdown();
    List<Long> got = cursors(out.take(3000 - 250, WAIT));
    for (int i = 0; i < got.size(); i++) {
      assertEquals(251L + i, got.get(i));
    }
    assertNull(out.frames.poll(200, TimeUnit.MILLISECONDS), "nothing twice after the end");
  }

  @Test
  void a_cursor_older_than_the_log_gets_a_reset_then_live_events() throws Exception {
    for (int i = 0; i < 10; i++) {
      log.append("todos", "x");
    }
    log.prune(5);
    RecordingOutbound out = from("todos", new Cursor(2));
    Frame reset = out.take(1, WAIT).get(0);
    assertEquals("reset", reset.type());
    assertEquals("10", reset.cursor());
    assertEquals("s1", json(reset).path("sub").asText());
    append("todos", "y");
    assertEquals(List.of(11L), cursors(out.take(1, WAIT)));
  }

  @Test
  void a_cursor_the_log_never_reached_is_reset_too() throws Exception {
    log.append("todos", "x");
    RecordingOutbound out = from("todos", new Cursor(99));
    assertEquals("reset", out.take(1, WAIT).get(0).type());
  }

  @Test
  void a_consumer_that_stops_reading_is_cut_off_while_others_keep_receiving() throws Exception {
    RecordingOutbound slow = new RecordingOutbound(true);
    Connection stalled = connect(slow);
    stalled.subscribe(interest("s", "todos", new Cursor(0), false));
    RecordingOutbound fast = from("todos", new Cursor(0));
    int rounds = 3;
    int perRound = QUEUE / 2;
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < perRound; i++) {
        append("todos", "e" + i);
      }
      assertEquals(perRound, fast.take(perRound, WAIT).size(), "a reader that keeps up keeps receiving");
    }
    assertTrue(slow.awaitClose(WAIT));
    assertEquals(Disconnect.SLOW_CONSUMER, slow.closedWith.get());
    assertFalse(stalled.isOpen());
    assertTrue(realtime.list(null, null).stream().noneMatch(info -> info.id().equals(stalled.id())));
  }

  @Test
  void unsubscribing_one_of_two_subscriptions_to_a_topic_keeps_the_connection_under_it() throws Exception {
    RecordingOutbound watcherOut = new RecordingOutbound(false);
    Connection watcher = connect(watcherOut);
    watcher.subscribe(interest("w", "chat:lobby", null, true));
    RecordingOutbound out = new RecordingOutbound(false);
    Connection connection = connect(out);
    connection.subscribe(interest("a", "chat:lobby", null, false));
    connection.subscribe(interest("b", "chat:lobby", null, false));
    Frame join = watcherOut.take(1, WAIT).get(0);
    assertEquals("presence", join.type());
    assertEquals("join", json(join).path("action").asText());
    assertNull(watcherOut.frames.poll(300, TimeUnit.MILLISECONDS), "one join for two subscriptions");

    connection.unsubscribe("a");
    assertEquals(1, realtime.list(null, "chat:lobby").stream().filter(i -> i.id().equals(connection.id())).count(),
        "still listed under the topic");
    assertEquals(Set.of(connection.id(), watcher.id()), hub.presence(Topic.parse("chat:lobby")).get("alice"), "still a member, by session id");
    append("chat:lobby", null);
    Frame event = out.take(1, WAIT).get(0);
    assertEquals("b", event.sub(), "events still arrive for the remaining subscription");
    assertTrue(watcherOut.frames.stream().noneMatch(f -> "leave".equals(json(f).path("action").asText())),
        "no leave announced");

    connection.unsubscribe("b");
    Frame leave;
    do {
      leave = watcherOut.take(1, WAIT).get(0); // skipping the channel's message, which the watcher gets too
    } while (!"presence".equals(leave.type()));
    assertEquals("leave", json(leave).path("action").asText(), "the last subscription's end is a leave");
    assertTrue(realtime.list(null, "chat:lobby").stream().noneMatch(i -> i.id().equals(connection.id())));
  }

  @Test
  void every_transport_gets_the_same_validation_and_error_codes() {
    Connection connection = connect(new RecordingOutbound(false));
    assertEquals(Problem.INVALID_REQUEST, refused(() -> connection.subscribe(
        new Interest("a", List.of(), Map.of(), null, false))));
    assertEquals(Problem.INVALID_REQUEST, refused(() -> connection.subscribe(interest("a", "not a topic", null, false))));
    assertEquals(Problem.INVALID_REQUEST, refused(() -> connection.subscribe(
        new Interest("a", List.of("todos"), Map.of(), "x1", false))));
    assertEquals(Problem.INVALID_REQUEST, refused(() -> connection.subscribe(interest("", "todos", null, false))));
    connection.subscribe(interest("a", "todos", null, false));
    assertEquals(Problem.CONFLICT, refused(() -> connection.subscribe(interest("a", "todos", null, false))));
    for (int i = 1; i < 10; i++) {
      connection.subscribe(interest("s" + i, "todos", null, false));
    }
    assertEquals(Problem.LIMIT_EXCEEDED, refused(() -> connection.subscribe(interest("more", "todos", null, false))));
    assertEquals(Problem.NOT_FOUND, refused(() -> connection.unsubscribe("nope")));
  }

  private static Problem refused(Runnable action) {
    return assertThrows(SwitchboardException.class, action::run).problem();
  }

  @Test
  void a_stateless_read_returns_a_bounded_batch_in_order_and_the_cursor_to_continue_from() {
    for (int i = 0; i < 5; i++) {
      log.append(i % 2 == 0 ? "todos" : "other", "x" + i);
    }
    Hub.Batch first = hub.read(new Cursor(0), List.of(Topic.parse("todos")), List.of(), Visibility.ALL, 2);
    assertEquals(List.of(1L, 3L), first.items().stream().map(Hub.Item::seq).toList());
    assertEquals(3, first.next().seq());
    Hub.Batch rest = hub.read(first.next(), List.of(Topic.parse("todos")), List.of(), Visibility.ALL, 2);
    assertEquals(List.of(5L), rest.items().stream().map(Hub.Item::seq).toList());
    Hub.Batch none = hub.read(rest.next(), List.of(Topic.parse("todos")), List.of(), Visibility.ALL, 2);
    assertTrue(none.items().isEmpty());
    assertEquals(5, none.next().seq(), "nothing new: the same cursor");
  }

  @Test
  void a_stateless_read_from_a_pruned_or_foreign_cursor_is_cursor_expired() {
    for (int i = 0; i < 10; i++) {
      log.append("todos", "x");
    }
    log.prune(5);
    for (Cursor stale : List.of(new Cursor(2), new Cursor(99))) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> hub.read(stale, List.of(Topic.parse("todos")), List.of(), Visibility.ALL, 10));
      assertEquals(Problem.CURSOR_EXPIRED, e.problem());
    }
    assertEquals(List.of(6L, 7L), hub.read(new Cursor(5), List.of(Topic.parse("todos")), List.of(), Visibility.ALL, 2).items()
        .stream().map(Hub.Item::seq).toList());
  }
}

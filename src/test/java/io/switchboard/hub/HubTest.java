package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.model.Cursor;
import io.switchboard.model.Topic;
import io.switchboard.session.Disconnect;
import io.switchboard.session.Frame;
import io.switchboard.session.Session;
import io.switchboard.session.SessionRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub with an in-memory log and recording transports: no container, no sockets. */
class HubTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final MemoryLog log = new MemoryLog();
  private final Hub hub = new Hub(log);
  private static final int QUEUE = 256;
  private final SessionRegistry sessions = new SessionRegistry(QUEUE);

  @AfterEach
  void stop() {
    hub.close();
  }

  /** Subscribes a recording session and waits until the subscription is live. */
  private RecordingOutbound live(String topic) throws Exception {
    RecordingOutbound out = new RecordingOutbound(false);
    Session session = sessions.open("test", "anonymous", "127.0.0.1", out);
    hub.subscribe(session, "s1", List.of(Topic.parse(topic)), hub.now(), List.of(), false).whenLive().toCompletableFuture()
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return out;
  }

  private RecordingOutbound from(String topic, Cursor cursor) {
    RecordingOutbound out = new RecordingOutbound(false);
    hub.subscribe(sessions.open("test", "anonymous", "127.0.0.1", out), "s1", List.of(Topic.parse(topic)), cursor,
        List.of(), false);
    return out;
  }

  private void append(String topic, String id) {
    log.append(topic, id);
    hub.wake();
  }

  private static List<Long> cursors(List<Frame> frames) {
    return frames.stream().map(f -> Long.parseLong(f.cursor())).toList();
  }

  @Test
  void live_events_reach_matching_subscribers_in_log_order() throws Exception {
    RecordingOutbound todos = live("todos");
    RecordingOutbound one = live("todos/b");
    RecordingOutbound chat = live("chat:lobby");
    append("todos", "a");
    append("todos", "b");
    append("chat:lobby", null);
    append("todos", "c");
    assertEquals(List.of(1L, 2L, 4L), cursors(todos.take(3, WAIT)));
    assertEquals(List.of(2L), cursors(one.take(1, WAIT)));
    assertEquals(List.of(3L), cursors(chat.take(1, WAIT)));
    assertNull(chat.frames.poll(200, TimeUnit.MILLISECONDS), "nothing else for the channel");
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
    Session stalled = sessions.open("test", "anonymous", "127.0.0.1", slow);
    hub.subscribe(stalled, "s", List.of(Topic.parse("todos")), hub.now(), List.of(), false).whenLive().toCompletableFuture()
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    RecordingOutbound fast = live("todos");
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
    assertTrue(sessions.list(null, null).stream().noneMatch(info -> info.id().equals(stalled.id())));
  }

  @Test
  void a_stateless_read_returns_a_bounded_batch_in_order_and_the_cursor_to_continue_from() {
    for (int i = 0; i < 5; i++) {
      log.append(i % 2 == 0 ? "todos" : "other", "x" + i);
    }
    Hub.Batch first = hub.read(new Cursor(0), List.of(Topic.parse("todos")), List.of(), 2);
    assertEquals(List.of(1L, 3L), first.items().stream().map(Hub.Item::seq).toList());
    assertEquals(3, first.next().seq());
    Hub.Batch rest = hub.read(first.next(), List.of(Topic.parse("todos")), List.of(), 2);
    assertEquals(List.of(5L), rest.items().stream().map(Hub.Item::seq).toList());
    Hub.Batch none = hub.read(rest.next(), List.of(Topic.parse("todos")), List.of(), 2);
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
      io.switchboard.model.SwitchboardException e = org.junit.jupiter.api.Assertions.assertThrows(
          io.switchboard.model.SwitchboardException.class, () -> hub.read(stale, List.of(Topic.parse("todos")),
              List.of(), 10));
      assertEquals(io.switchboard.model.Problem.CURSOR_EXPIRED, e.problem());
    }
    assertEquals(List.of(6L, 7L), hub.read(new Cursor(5), List.of(Topic.parse("todos")), List.of(), 2).items()
        .stream().map(Hub.Item::seq).toList());
  }
}

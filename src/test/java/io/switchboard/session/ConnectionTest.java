package io.switchboard.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.hub.Hub;
import io.switchboard.hub.MemoryLog;
import io.switchboard.model.Identity;
import io.switchboard.model.Peer;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One writer per connection, close ordering and back-pressure, with a transport whose writes the test completes. */
class ConnectionTest {
  private final Hub hub = new Hub(new MemoryLog(), 2);
  private final Realtime registry = new Realtime(hub, Access.of(AccessRules.defaults()), params -> List.of(), 8, 10);

  private Connection open(Outbound outbound) {
    return registry.connect(outbound, new Peer("127.0.0.1", new Identity("alice", Set.of(), "basic", null, null)));
  }

  @AfterEach
  void stop() {
    registry.closeAll(Disconnect.GOING_AWAY);
    hub.close();
  }

  /** A transport whose writes stay pending until the test completes them, and that checks it has one writer. */
  private static final class ManualOutbound implements Outbound {
    final BlockingQueue<CompletableFuture<Void>> pending = new LinkedBlockingQueue<>();
    final List<String> written = new ArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int writesWhenClosed = -1;
    volatile boolean overlapped;

    @Override
    public String transport() {
      return "test";
    }

    @Override
    public synchronized CompletionStage<Void> write(Frame frame) {
      if (inFlight.incrementAndGet() > 1) {
        overlapped = true;
      }
      written.add(frame.json());
      CompletableFuture<Void> done = new CompletableFuture<>();
      pending.add(done);
      return done.whenComplete((ok, error) -> inFlight.decrementAndGet());
    }

    @Override
    public void close(Disconnect reason) {
      writesWhenClosed = inFlight.get();
      closed.countDown();
    }

    void completeNext() throws InterruptedException {
      CompletableFuture<Void> next = pending.poll(5, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("no write was started");
      }
      next.complete(null);
    }
  }

  private static Frame frame(String text) {
    return new Frame(Frame.Kind.EVENT, "1", "t", text, "s");
  }

  /** A transport whose writes run {@code write} on the writer thread and complete before they return. */
  private static Outbound blockingOutbound(java.util.function.Consumer<Frame> write) {
    return new Outbound() {
      @Override
      public String transport() {
        return "test";
      }

      @Override
      public CompletionStage<Void> write(Frame frame) {
        write.accept(frame);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close(Disconnect reason) {}
    };
  }

  @Test
  void writers_blocked_on_peers_that_stopped_reading_do_not_hold_up_other_sessions() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger stuck = new AtomicInteger();
    int stuckSessions = Writers.BASE + 2;
    for (int i = 0; i < stuckSessions; i++) {
      // Each welcome frame blocks a writer thread, as a servlet stream does when the peer's window is full.
      open(blockingOutbound(frame -> {
        stuck.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
    open(blockingOutbound(frame -> written.add(frame.json())));
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1 && stuck.get() == stuckSessions);
      assertTrue(written.get(0).contains("welcome"));
      assertTrue(registry.writerThreads() > Writers.BASE, "the pool grew past its base size");
    } finally {
      release.countDown();
    }
  }

  @Test
  void frames_offered_from_many_threads_are_written_one_at_a_time_in_queue_order() throws Exception {
    ManualOutbound out = new ManualOutbound();
    Connection session = open(out);
    out.completeNext();
    ExecutorService offerers = Executors.newFixedThreadPool(4);
    List<Future<?>> offers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      offers.add(offerers.submit(() -> session.offer(frame("x"))));
    }
    for (Future<?> offer : offers) {
      offer.get(5, TimeUnit.SECONDS);
    }
    for (int i = 0; i < 4; i++) {
      out.completeNext();
    }
    offerers.shutdown();
    assertFalse(out.overlapped, "two writes were in flight at once");
    assertEquals(5, out.written.size());
    await().atMost(Duration.ofSeconds(5)).until(() -> session.info().messagesSent() == 5);
  }

  @Test
  void a_close_waits_for_the_write_in_flight_then_closes_the_transport() throws Exception {
    ManualOutbound out = new ManualOutbound();
    Connection session = open(out);
    CompletableFuture<Void> welcome = out.pending.poll(5, TimeUnit.SECONDS);
    session.close(Disconnect.KICKED);
    assertFalse(out.closed.await(200, TimeUnit.MILLISECONDS), "closed while the welcome was still being written");
    welcome.complete(null);
    assertTrue(out.closed.await(5, TimeUnit.SECONDS));
    assertEquals(0, out.writesWhenClosed);
    assertFalse(session.offer(frame("late")), "a closed session takes nothing");
  }

  @Test
  void a_replay_waits_for_room_and_a_close_releases_it() throws Exception {
    ManualOutbound out = new ManualOutbound();
    Connection session = open(out);
    for (int i = 0; i < 7; i++) {
      assertTrue(session.offer(frame("f" + i)));
    }
    assertEquals(8, session.info().queueDepth(), "the welcome and seven frames fill the queue of 8");
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
        () -> session.offerWaiting(frame("replayed"), Duration.ofSeconds(30)));
    assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS), "waits while full");
    out.completeNext();
    assertTrue(waiting.get(5, TimeUnit.SECONDS), "a written frame makes room");
    CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(
        () -> session.offerWaiting(frame("replayed"), Duration.ofSeconds(30)));
    assertThrows(TimeoutException.class, () -> blocked.get(200, TimeUnit.MILLISECONDS));
    session.close(Disconnect.NORMAL);
    assertFalse(blocked.get(5, TimeUnit.SECONDS), "a close releases the wait without queueing");
  }

  @Test
  void a_live_frame_into_a_full_queue_cuts_the_consumer_off() throws Exception {
    ManualOutbound out = new ManualOutbound();
    Connection session = open(out);
    for (int i = 0; i < 7; i++) {
      session.offer(frame("f" + i));
    }
    assertFalse(session.offer(frame("one too many")));
    assertTrue(out.closed.await(5, TimeUnit.SECONDS), "a slow consumer's transport is closed without waiting");
    assertTrue(registry.list(null, null).isEmpty());
  }
}

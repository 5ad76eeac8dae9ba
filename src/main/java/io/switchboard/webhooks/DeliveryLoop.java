package io.switchboard.webhooks;

import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.model.Peer;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Webhook;
import io.switchboard.protocol.Disconnect;
import io.switchboard.session.Connection;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import java.time.Clock;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery loop of one webhook endpoint: reads the log from the endpoint's stored cursor
 * through the realtime door (a stateless read, as long-poll's), delivers each event in order
 * ({@link Delivery}), and moves the cursor with each accepted attempt.
 *
 * <p>Thread rules. The loop runs on its own thread (one per active endpoint, from the
 * {@link WebhookDispatcher}'s pool) and is the only writer of a running endpoint's cursor. Other
 * threads reach it in three ways only: {@link #offerReplay} and {@link #offerOneOff} (request
 * threads) hand it work under this object's lock and wake it; {@link #stop} ends it; and its
 * connection through the door ({@link Wakeup}) wakes it when the hub has an event for its topics.
 * Changes to the endpoint itself (url, topics, status) reach it through the database, which it
 * re-reads before every delivery. Between events it sleeps on its wake-up queue, at most a second.
 */
final class DeliveryLoop implements Runnable {
  private static final Logger LOG = Logger.getLogger(DeliveryLoop.class.getName());
  private static final int BATCH = 100;

  /** What every loop needs, built once by the service. */
  record Context(Database db, Realtime realtime, Sender sender, RetryPolicy retry, Clock clock,
                 Function<Webhook, Identity> rights) {}

  private final String id;
  private final Context context;
  private final Delivery delivery;
  private final Consumer<DeliveryLoop> onExit;
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  private final Queue<Long> oneOffs = new ConcurrentLinkedQueue<>();
  /** Guarded by this: a cursor to deliver from again, set by a replay. */
  private Long replayTo;
  /** Guarded by this. */
  private boolean exited;
  private volatile boolean running = true;
  private volatile Thread thread;
  /** The loop thread's alone. */
  private Connection listening;

  DeliveryLoop(String id, Context context, Consumer<DeliveryLoop> onExit) {
    this.id = id;
    this.context = context;
    this.delivery = new Delivery(context, id);
    this.onExit = onExit;
  }

  synchronized boolean isAlive() {
    return running && !exited;
  }

  void stop() {
    running = false;
    Thread current = thread;
    if (current != null) {
      current.interrupt();
    }
  }

  /** Delivers everything after {@code cursor} again; false if the loop has ended (the caller then starts one). */
  synchronized boolean offerReplay(long cursor) {
    if (exited || !running) {
      return false;
    }
    replayTo = cursor;
    wake();
    return true;
  }

  /** Delivers the event at {@code seq} once more, out of band; false if the loop has ended. */
  synchronized boolean offerOneOff(long seq) {
    if (exited || !running) {
      return false;
    }
    oneOffs.add(seq);
    wake();
    return true;
  }

  private void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  private boolean running() {
    return running && !Thread.currentThread().isInterrupted();
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      while (running()) {
        try {
          if (!step()) {
            return;
          }
        } catch (RuntimeException e) {
          // E.g. the database is briefly unavailable: nothing was acknowledged, so nothing is lost.
          LOG.log(Level.WARNING, "Webhook delivery loop " + id + " failed; retrying in a second", e);
          awaitWake();
        }
      }
    } finally {
      if (listening != null) {
        listening.close(Disconnect.NORMAL);
      }
      onExit.accept(this);
    }
  }

  /** One round; false when the loop should end (the endpoint is gone or not active). */
  private boolean step() {
    Long replay = takeReplay();
    if (replay != null) {
      context.db().write(tx -> tx.webhooks().find(id)
          .map(w -> tx.webhooks().update(w.activated(replay, context.clock().instant()))).orElse(false));
    }
    Optional<Webhook> current = context.db().read(tx -> tx.webhooks().find(id));
    if (current.isEmpty() || current.get().status() != Webhook.Status.ACTIVE) {
      return !exit();
    }
    Webhook w = current.get();
    try {
      deliver(w);
    } catch (SwitchboardException refused) {
      if (refused.problem() != Problem.FORBIDDEN && refused.problem() != Problem.UNAUTHORIZED) {
        throw refused;
      }
      context.db().write(tx -> tx.webhooks().update(w.withStatus(Webhook.Status.DISABLED, "Its owner may no longer"
          + " subscribe to its topics (" + refused.getMessage() + "); re-enable it once allowed.", context.clock().instant())));
      return !exit();
    }
    return true;
  }

  /** Delivers what is due to the active endpoint {@code w}; refused (403) when its owner may no longer read its topics. */
  private void deliver(Webhook w) {
    listen(w);
    Long oneOff = oneOffs.poll();
    if (oneOff != null) {
      context.realtime().read(context.rights().apply(w), WebhookInterest.of(w, new Cursor(oneOff - 1)), 1).items().stream()
          .filter(item -> item.seq() == oneOff).findFirst()
          .ifPresent(item -> delivery.deliver(w, item, false, this::running, () -> false));
      return;
    }
    Hub.Batch batch = read(w);
    if (batch != null) {
      deliverAll(w, batch);
    }
  }

  /** Connected through the door, so the hub wakes this loop for its topics (again after a close). */
  private void listen(Webhook w) {
    if (listening == null || !listening.isOpen()) {
      listening = context.realtime().connect(new Wakeup(this::wake), new Peer(w.url(), context.rights().apply(w)));
      listening.subscribe(WebhookInterest.of(w, null));
    }
  }

  /** The next batch after the stored cursor; null (and the cursor moved to now, logged) if the log no longer holds it. */
  private Hub.Batch read(Webhook w) {
    try {
      return context.realtime().read(context.rights().apply(w), WebhookInterest.of(w, new Cursor(w.cursor())), BATCH);
    } catch (SwitchboardException e) {
      if (e.problem() != Problem.CURSOR_EXPIRED) {
        throw e;
      }
      long now = context.realtime().now().seq();
      delivery.log(now, 0, null, "skipped", "cursor " + w.cursor() + " is older than the retained log; continued from "
          + now, null);
      advance(now);
      return null;
    }
  }

  private void deliverAll(Webhook w, Hub.Batch batch) {
    long done = w.cursor();
    for (Hub.Item item : batch.items()) {
      if (!running() || hasReplay()) {
        return;
      }
      Optional<Webhook> fresh = context.db().read(tx -> tx.webhooks().find(id));
      if (fresh.isEmpty() || fresh.get().status() != Webhook.Status.ACTIVE
          || !delivery.deliver(fresh.get(), item, true, this::running, this::hasReplay)) {
        return;
      }
      done = item.seq();
    }
    // Events after the last delivered one that are outside the endpoint's view: passed over.
    if (batch.next().seq() > done) {
      advance(batch.next().seq());
    }
    if (batch.items().isEmpty()) {
      awaitWake();
    }
  }

  private void advance(long seq) {
    if (!hasReplay()) {
      context.db().write(tx -> {
        tx.webhooks().advance(id, seq);
        return null;
      });
    }
  }

  private synchronized Long takeReplay() {
    Long cursor = replayTo;
    replayTo = null;
    return cursor;
  }

  private synchronized boolean hasReplay() {
    return replayTo != null;
  }

  /** Marks the loop exited unless a replay arrived meanwhile (which makes it go on). */
  private synchronized boolean exit() {
    if (replayTo != null && running) {
      return false;
    }
    exited = true;
    return true;
  }

  private void awaitWake() {
    try {
      wakeups.poll(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      running = false;
    }
  }
}

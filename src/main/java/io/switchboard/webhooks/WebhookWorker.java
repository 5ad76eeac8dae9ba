package io.switchboard.webhooks;

import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import io.switchboard.model.Peer;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import io.switchboard.session.Connection;
import io.switchboard.session.Interest;
import io.switchboard.session.Outbound;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery loop of one webhook endpoint, on its own thread (see {@link WebhookDispatcher}): reads
 * the log from the endpoint's stored cursor, posts each event until it is accepted, and moves the
 * cursor in the same transaction as the attempt's log entry. A hub subscription on its topics only
 * wakes it (and lists it in the session registry). It alone moves a running endpoint's cursor, so
 * a replay is handed to it ({@link #offerReplay}) rather than written past it.
 */
final class WebhookWorker implements Runnable, Outbound {
  private static final Logger LOG = Logger.getLogger(WebhookWorker.class.getName());
  private static final int BATCH = 100;

  /** What every worker needs, built once by the dispatcher. */
  record Context(Database db, Hub hub, Realtime realtime, Sender sender, RetryPolicy retry, Clock clock,
                 Function<Map<String, List<String>>, List<Query.Filter>> liveQuery) {}

  private final Database db;
  private final Hub hub;
  private final Realtime realtime;
  private final String quotedId;
  private final Sender sender;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Function<Map<String, List<String>>, List<Query.Filter>> liveQuery;
  private final Consumer<WebhookWorker> onExit;

  private final String id;
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  private final Queue<Long> oneOffs = new ConcurrentLinkedQueue<>();
  private Long replayTo;
  private boolean exited;
  private volatile boolean running = true;
  private volatile Thread thread;
  private Connection session;

  WebhookWorker(String id, Context context, Consumer<WebhookWorker> onExit) {
    this.id = id;
    this.db = context.db();
    this.hub = context.hub();
    this.realtime = context.realtime();
    this.quotedId = Wire.quote(id);
    this.sender = context.sender();
    this.retry = context.retry();
    this.clock = context.clock();
    this.liveQuery = context.liveQuery();
    this.onExit = onExit;
  }

  boolean isAlive() {
    synchronized (this) {
      return running && !exited;
    }
  }

  void stop() {
    running = false;
    Thread current = thread;
    if (current != null) {
      current.interrupt();
    }
  }

  synchronized boolean offerReplay(long cursor) {
    if (exited || !running) {
      return false;
    }
    replayTo = cursor;
    wake();
    return true;
  }

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

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      while (running) {
        try {
          if (!step()) {
            return;
          }
        } catch (RuntimeException e) {
          // E.g. the database is briefly unavailable: nothing was acknowledged, so nothing is lost.
          LOG.log(Level.WARNING, "Webhook worker " + id + " failed; retrying in a second", e);
          awaitWake();
        }
      }
    } finally {
      if (session != null) {
        session.close(Disconnect.NORMAL);
      }
      onExit.accept(this);
    }
  }

  /** One round; false when the worker should end (endpoint gone or not active, or stopped). */
  private boolean step() {
    Long replay = takeReplay();
    if (replay != null) {
      db.write(tx -> tx.webhooks().find(id).map(w -> tx.webhooks().update(w.activated(replay, clock.instant()))).orElse(false));
    }
    Optional<Webhook> current = db.read(tx -> tx.webhooks().find(id));
    if (current.isEmpty() || current.get().status() != Webhook.Status.ACTIVE) {
      return !exit();
    }
    Webhook w = current.get();
    List<Topic> topics = w.topics().stream().map(Topic::parse).toList();
    List<Query.Filter> filter = filterOf(w);
    if (session == null || !session.isOpen()) {
      session = realtime.connect(this, new Peer(w.url(), "webhook:" + id));
      session.subscribe(new Interest(id, w.topics(), filterParams(w), null, false));
    }
    Long oneOff = oneOffs.poll();
    if (oneOff != null) {
      Hub.Batch single = hub.read(new Cursor(oneOff - 1), topics, filter, 1);
      single.items().stream().filter(item -> item.seq() == oneOff).findFirst()
          .ifPresent(item -> deliver(w, item, false));
      return true;
    }
    Hub.Batch batch;
    try {
      batch = hub.read(new Cursor(w.cursor()), topics, filter, BATCH);
    } catch (SwitchboardException e) {
      if (e.problem() != Problem.CURSOR_EXPIRED) {
        throw e;
      }
      long now = hub.now().seq();
      log(w, now, 0, null, "skipped", "cursor " + w.cursor() + " is older than the retained log; continued from "
          + now, null);
      db.write(tx -> {
        tx.webhooks().advance(id, now);
        return null;
      });
      return true;
    }
    long done = w.cursor();
    for (Hub.Item item : batch.items()) {
      if (!running || hasReplay()) {
        return true;
      }
      Optional<Webhook> fresh = db.read(tx -> tx.webhooks().find(id));
      if (fresh.isEmpty() || fresh.get().status() != Webhook.Status.ACTIVE || !deliver(fresh.get(), item, true)) {
        return true;
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
    return true;
  }

  private void advance(long seq) {
    if (!hasReplay()) {
      db.write(tx -> {
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

  /** Marks the worker exited unless a replay arrived meanwhile (which makes it go on). */
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

  /**
   * Delivers one event, retrying until it is accepted; false if it ended otherwise (the endpoint
   * is now failing or disabled, or the worker was stopped). On success the attempt is logged and,
   * if {@code advance}, the cursor moved past the event, in one transaction.
   */
  private boolean deliver(Webhook w, Hub.Item item, boolean advance) {
    String messageId = "msg_" + item.seq();
    URI target = URI.create(w.url());
    Instant firstFailure = w.failingSince();
    for (int attempt = 1; running; attempt++) {
      Instant now = clock.instant();
      long timestamp = now.getEpochSecond();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("webhook-id", messageId);
      headers.put("webhook-timestamp", Long.toString(timestamp));
      headers.put("webhook-signature", Signer.signature(w.signingSecrets(now), messageId, timestamp, item.json(quotedId)));
      Sender.Result result = sender.post(target, headers, item.json(quotedId));
      if (result.delivered()) {
        WebhookAttempt delivered = attempt(w, item.seq(), attempt, result, "delivered", null, messageId);
        boolean move = advance && !hasReplay();
        db.write(tx -> {
          tx.webhooks().log(delivered);
          if (move) {
            tx.webhooks().advance(id, item.seq());
          }
          return null;
        });
        return true;
      }
      if (result.status() != null && result.status() == 410) {
        log(w, item.seq(), attempt, result, "gone", "HTTP 410 Gone", messageId);
        stopAs(Webhook.Status.DISABLED, "The receiver answered 410 Gone at " + clock.instant() + ".");
        return false;
      }
      Instant failed = clock.instant();
      if (firstFailure == null) {
        firstFailure = failed;
        Instant since = failed;
        db.write(tx -> {
          tx.webhooks().failingSince(id, since);
          return null;
        });
      }
      Duration delay = result.retryAfter() != null ? result.retryAfter() : retry.backoff(attempt);
      if (Duration.between(firstFailure, failed.plus(delay)).compareTo(retry.horizon()) > 0) {
        log(w, item.seq(), attempt, result, "failing", result.error(), messageId);
        stopAs(Webhook.Status.FAILING, "Event " + item.seq() + " could not be delivered within the retry horizon"
            + " (" + retry.horizon() + "); last error: " + result.error());
        return false;
      }
      log(w, item.seq(), attempt, result, "retry", result.error(), messageId);
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        running = false;
      }
    }
    return false;
  }

  private void stopAs(Webhook.Status status, String reason) {
    db.write(tx -> {
      tx.webhooks().stop(id, status, reason, clock.instant());
      return null;
    });
  }

  private WebhookAttempt attempt(Webhook w, long seq, int attempt, Sender.Result result, String outcome, String error,
                                 String messageId) {
    return new WebhookAttempt(0, w.id(), seq, messageId == null ? "" : messageId, attempt,
        result == null ? null : result.status(), outcome, error, result == null ? 0 : result.latencyMillis(),
        result == null ? null : result.excerpt(), clock.instant());
  }

  private void log(Webhook w, long seq, int attempt, Sender.Result result, String outcome, String error,
                   String messageId) {
    WebhookAttempt entry = attempt(w, seq, attempt, result, outcome, error, messageId);
    db.write(tx -> {
      tx.webhooks().log(entry);
      return null;
    });
  }

  private List<Query.Filter> filterOf(Webhook w) {
    return liveQuery.apply(filterParams(w));
  }

  private static Map<String, List<String>> filterParams(Webhook w) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (w.filter() != null) {
      w.filter().fields().forEachRemaining(e -> params.put(e.getKey(), List.of(e.getValue().asText())));
    }
    return params;
  }

  @Override
  public String transport() {
    return "webhook";
  }

  /** The hub's events only wake the worker: it reads the log itself, from its stored cursor. */
  @Override
  public CompletionStage<Void> write(Frame frame) {
    if (frame.kind() == Frame.Kind.EVENT) {
      wake();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close(Disconnect reason) {
    wake();
  }
}

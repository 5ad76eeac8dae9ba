package io.switchboard.webhooks;

import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import io.switchboard.session.DaemonThreads;
import io.switchboard.session.Disconnect;
import io.switchboard.session.Frame;
import io.switchboard.session.Outbound;
import io.switchboard.session.Session;
import io.switchboard.session.SessionRegistry;
import io.switchboard.store.Database;
import io.switchboard.store.WebhookTable;
import java.io.IOException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers events to webhook endpoints: one worker per active endpoint, on its own thread, so a
 * slow receiver delays only itself, and neither the hub nor request threads ever wait for one.
 *
 * <p>A worker reads the log from the endpoint's stored cursor ({@link Hub#read}, the stateless read
 * long-polls use), posts each event in order, and stores the cursor after each delivery, so a
 * restart or crash resumes at the first undelivered event: at least once, never skipped. A failed
 * attempt (error, timeout, non-2xx, redirect) is retried with {@link RetryPolicy}; {@code 410 Gone}
 * disables the endpoint at once. Between events the worker is woken by a hub subscription on its
 * topics, which also lists it in the session registry (transport {@code webhook}).
 *
 * <p>Changes to an endpoint reach its worker through the database (it re-reads the endpoint
 * before every delivery) and, for a replay, through the worker itself, which alone moves a running
 * endpoint's cursor.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
  private static final int BATCH = 100;

  private final Database db;
  private final Hub hub;
  private final SessionRegistry sessions;
  private final Sender sender;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Function<Map<String, List<String>>, List<Query.Filter>> liveQuery;
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("switchboard-webhook"));

  WebhookDispatcher(Database db, Hub hub, SessionRegistry sessions, Sender sender, RetryPolicy retry, Clock clock,
                    Function<Map<String, List<String>>, List<Query.Filter>> liveQuery) {
    this.db = db;
    this.hub = hub;
    this.sessions = sessions;
    this.sender = sender;
    this.retry = retry;
    this.clock = clock;
    this.liveQuery = liveQuery;
  }

  /** Starts a worker for every active endpoint (at boot). */
  void startAll() {
    db.read(WebhookTable::list).stream().filter(w -> w.status() == Webhook.Status.ACTIVE)
        .forEach(w -> ensureRunning(w.id()));
  }

  /** Starts the endpoint's worker unless one runs; it stops by itself unless the endpoint is active. */
  void ensureRunning(String id) {
    workers.compute(id, (key, running) -> {
      if (running != null && running.isAlive()) {
        return running;
      }
      Worker worker = new Worker(id);
      threads.execute(worker);
      return worker;
    });
  }

  /** Stops the endpoint's worker (deleted or disabled); an attempt in flight ends within the timeout. */
  void stop(String id) {
    Worker worker = workers.remove(id);
    if (worker != null) {
      worker.stop();
    }
  }

  /**
   * Sets the endpoint's cursor: done by its worker if one runs (between deliveries), else here,
   * marking the endpoint active and starting a worker.
   */
  void replay(String id, long cursor) {
    Worker worker = workers.get(id);
    if (worker != null && worker.offerReplay(cursor)) {
      return;
    }
    db.write(tx -> WebhookTable.find(tx, id).map(w -> WebhookTable.update(tx, activated(w, cursor))).orElse(false));
    ensureRunning(id);
  }

  /** Queues one more delivery of the event at {@code seq}; false if the endpoint has no running worker. */
  boolean redeliver(String id, long seq) {
    Worker worker = workers.get(id);
    return worker != null && worker.offerOneOff(seq);
  }

  private Webhook activated(Webhook w, long cursor) {
    return new Webhook(w.id(), w.url(), w.description(), w.topics(), w.filter(), w.secret(), w.previousSecret(),
        w.previousUntil(), Webhook.Status.ACTIVE, null, cursor, null, w.createdAt(), clock.instant());
  }

  @Override
  public void close() {
    workers.values().forEach(Worker::stop);
    threads.shutdownNow();
    try {
      sender.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "Closing the webhook HTTP client failed", e);
    }
  }

  /** The delivery loop of one endpoint. */
  private final class Worker implements Runnable, Outbound {
    private final String id;
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private final Queue<Long> oneOffs = new ConcurrentLinkedQueue<>();
    private Long replayTo;
    private boolean exited;
    private volatile boolean running = true;
    private volatile Thread thread;
    private Session session;

    Worker(String id) {
      this.id = id;
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
        workers.remove(id, this);
      }
    }

    /** One round; false when the worker should end (endpoint gone or not active, or stopped). */
    private boolean step() {
      Long replay = takeReplay();
      if (replay != null) {
        db.write(tx -> WebhookTable.find(tx, id).map(w -> WebhookTable.update(tx, activated(w, replay))).orElse(false));
      }
      Optional<Webhook> current = db.read(tx -> WebhookTable.find(tx, id));
      if (current.isEmpty() || current.get().status() != Webhook.Status.ACTIVE) {
        return !exit();
      }
      Webhook w = current.get();
      List<Topic> topics = w.topics().stream().map(Topic::parse).toList();
      List<Query.Filter> filter = filterOf(w);
      if (session == null || !session.isOpen()) {
        session = sessions.open("webhook", "webhook:" + id, w.url(), this);
        hub.subscribe(session, session.id(), topics, hub.now(), filter, false);
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
          WebhookTable.advance(tx, id, now);
          return null;
        });
        return true;
      }
      long done = w.cursor();
      for (Hub.Item item : batch.items()) {
        if (!running || hasReplay()) {
          return true;
        }
        Optional<Webhook> fresh = db.read(tx -> WebhookTable.find(tx, id));
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
          WebhookTable.advance(tx, id, seq);
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
        headers.put("webhook-signature", Signer.signature(w.signingSecrets(now), messageId, timestamp, item.json()));
        Sender.Result result = sender.post(target, headers, item.json());
        if (result.delivered()) {
          WebhookAttempt delivered = attempt(w, item.seq(), attempt, result, "delivered", null, messageId);
          boolean move = advance && !hasReplay();
          db.write(tx -> {
            WebhookTable.log(tx, delivered);
            if (move) {
              WebhookTable.advance(tx, id, item.seq());
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
            WebhookTable.failingSince(tx, id, since);
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
        WebhookTable.stop(tx, id, status, reason, clock.instant());
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
        WebhookTable.log(tx, entry);
        return null;
      });
    }

    private List<Query.Filter> filterOf(Webhook w) {
      if (w.filter() == null) {
        return List.of();
      }
      Map<String, List<String>> params = new LinkedHashMap<>();
      w.filter().fields().forEachRemaining(e -> params.put(e.getKey(), List.of(e.getValue().asText())));
      return liveQuery.apply(params);
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
}

package io.switchboard.webhooks;

import io.switchboard.hub.Hub;
import io.switchboard.model.Query;
import io.switchboard.model.Webhook;
import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  private final WebhookWorker.Context context;
  private final Database db;
  private final Clock clock;
  private final Map<String, WebhookWorker> workers = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("switchboard-webhook"));

  WebhookDispatcher(Database db, Hub hub, Realtime sessions, Sender sender, RetryPolicy retry, Clock clock,
                    Function<Map<String, List<String>>, List<Query.Filter>> liveQuery) {
    this.context = new WebhookWorker.Context(db, hub, sessions, sender, retry, clock, liveQuery);
    this.db = db;
    this.clock = clock;
  }

  /** Starts a worker for every active endpoint (at boot). */
  void startAll() {
    db.read(tx -> tx.webhooks().list()).stream().filter(w -> w.status() == Webhook.Status.ACTIVE)
        .forEach(w -> ensureRunning(w.id()));
  }

  /** Starts the endpoint's worker unless one runs; it stops by itself unless the endpoint is active. */
  void ensureRunning(String id) {
    workers.compute(id, (key, running) -> {
      if (running != null && running.isAlive()) {
        return running;
      }
      WebhookWorker worker = new WebhookWorker(id, context, exited -> workers.remove(id, exited));
      threads.execute(worker);
      return worker;
    });
  }

  /** Stops the endpoint's worker (deleted or disabled); an attempt in flight ends within the timeout. */
  void stop(String id) {
    WebhookWorker worker = workers.remove(id);
    if (worker != null) {
      worker.stop();
    }
  }

  /**
   * Sets the endpoint's cursor: done by its worker if one runs (between deliveries), else here,
   * marking the endpoint active and starting a worker.
   */
  void replay(String id, long cursor) {
    WebhookWorker worker = workers.get(id);
    if (worker != null && worker.offerReplay(cursor)) {
      return;
    }
    db.write(tx -> tx.webhooks().find(id).map(w -> tx.webhooks().update(w.activated(cursor, clock.instant())))
        .orElse(false));
    ensureRunning(id);
  }

  /** Queues one more delivery of the event at {@code seq}; false if the endpoint has no running worker. */
  boolean redeliver(String id, long seq) {
    WebhookWorker worker = workers.get(id);
    return worker != null && worker.offerOneOff(seq);
  }

  @Override
  public void close() {
    workers.values().forEach(WebhookWorker::stop);
    threads.shutdownNow();
    try {
      context.sender().close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "Closing the webhook HTTP client failed", e);
    }
  }
}

package io.switchboard.webhooks;

import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.model.Webhook;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the delivery loops: one {@link DeliveryLoop} per active endpoint, on its own thread, so a
 * slow receiver delays only itself, and neither the hub nor request threads ever wait for one.
 * A loop stores the cursor after each delivery, so a restart or crash resumes at the first
 * undelivered event: at least once, never skipped.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

  private final DeliveryLoop.Context context;
  private final Map<String, DeliveryLoop> loops = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("switchboard-webhook"));

  WebhookDispatcher(DeliveryLoop.Context context) {
    this.context = context;
  }

  /** Starts a loop for every active endpoint (at boot). */
  void startAll() {
    context.db().read(tx -> tx.webhooks().list()).stream().filter(w -> w.status() == Webhook.Status.ACTIVE)
        .forEach(w -> ensureRunning(w.id()));
  }

  /** Starts the endpoint's loop unless one runs; it stops by itself unless the endpoint is active. */
  void ensureRunning(String id) {
    loops.compute(id, (key, running) -> {
      if (running != null && running.isAlive()) {
        return running;
      }
      DeliveryLoop loop = new DeliveryLoop(id, context, exited -> loops.remove(id, exited));
      threads.execute(loop);
      return loop;
    });
  }

  /** Stops the endpoint's loop (deleted or disabled); an attempt in flight ends within the timeout. */
  void stop(String id) {
    DeliveryLoop loop = loops.remove(id);
    if (loop != null) {
      loop.stop();
    }
  }

  /**
   * Sets the endpoint's cursor: done by its loop if one runs (between deliveries), else here,
   * marking the endpoint active and starting a loop.
   */
  void replay(String id, long cursor) {
    DeliveryLoop loop = loops.get(id);
    if (loop != null && loop.offerReplay(cursor)) {
      return;
    }
    context.db().write(tx -> tx.webhooks().find(id)
        .map(w -> tx.webhooks().update(w.activated(cursor, context.clock().instant()))).orElse(false));
    ensureRunning(id);
  }

  /** Queues one more delivery of the event at {@code seq}; false if the endpoint has no running loop. */
  boolean redeliver(String id, long seq) {
    DeliveryLoop loop = loops.get(id);
    return loop != null && loop.offerOneOff(seq);
  }

  @Override
  public void close() {
    loops.values().forEach(DeliveryLoop::stop);
    threads.shutdownNow();
    try {
      context.sender().close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "Closing the webhook HTTP client failed", e);
    }
  }
}

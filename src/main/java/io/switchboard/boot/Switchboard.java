package io.switchboard.boot;

import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.Disconnect;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import io.switchboard.store.LogReader;
import io.switchboard.web.rest.RestApplication;
import io.switchboard.web.ws.WsConfigurator;
import io.switchboard.webhooks.WebhookService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running server's object graph: settings, then the database, then the services that use it
 * (documents, the hub, the realtime door, webhooks), then the transports. Built once per
 * deployment; {@link #close()} releases it in reverse order.
 */
public final class Switchboard implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Switchboard.class.getName());
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private final Settings settings;
  private final Database database;
  private final Hub hub;
  private final Realtime realtime;
  private final DocumentService documents;
  private final WebhookService webhooks;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("switchboard-housekeeping"));

  private Switchboard(Settings settings, Database database, Hub hub, Realtime realtime, DocumentService documents,
                      WebhookService webhooks) {
    this.settings = settings;
    this.database = database;
    this.hub = hub;
    this.realtime = realtime;
    this.documents = documents;
    this.webhooks = webhooks;
    realtime.startHeartbeats(Duration.ofSeconds(settings.realtime().heartbeatSeconds()));
    Duration retention = Duration.ofSeconds(settings.realtime().channelRetentionSeconds());
    housekeeping.scheduleWithFixedDelay(() -> prune(retention), 0, PRUNE_EVERY.toSeconds(), TimeUnit.SECONDS);
  }

  public static Switchboard start(Settings settings) {
    Database database = Database.open(settings);
    Hub hub = new Hub(new LogReader(database), settings.realtime().lanes());
    DocumentService documents = new DocumentService(database, Clock.systemUTC(), settings.limits().defaultPageSize(),
        settings.limits().maxPageSize(), event -> hub.wake());
    Realtime realtime = new Realtime(hub, documents::liveQuery, settings.realtime().maxQueuedFrames(),
        settings.realtime().maxSubscriptions());
    WebhookService webhooks = WebhookService.start(database, realtime, settings.webhooks(), Clock.systemUTC());
    return new Switchboard(settings, database, hub, realtime, documents, webhooks);
  }

  /** The Jakarta REST application serving this graph. */
  public RestApplication restApplication() {
    return new RestApplication(documents, hub, realtime, webhooks, settings);
  }

  /** The WebSocket endpoint deployment serving this graph. */
  public WsConfigurator webSocket() {
    return new WsConfigurator(documents, realtime, settings);
  }

  public Settings settings() {
    return settings;
  }

  private void prune(Duration retention) {
    try {
      documents.pruneMessages(retention);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Pruning channel messages failed; retrying at the next interval", e);
    }
  }

  /**
   * Tells every realtime client to reconnect elsewhere ({@link Disconnect#GOING_AWAY}), waiting up to
   * two seconds for the goodbyes to be written: on a JVM shutdown, before the container closes its
   * connections. Idempotent; {@link #close()} does it too.
   */
  public void goingAway() {
    realtime.closeAll(Disconnect.GOING_AWAY);
  }

  /**
   * Stops in reverse order: webhook deliveries (each resumes from its stored cursor at the next
   * start), clients told to reconnect (elsewhere), the hub, then the database.
   */
  @Override
  public void close() {
    housekeeping.shutdownNow();
    webhooks.close();
    realtime.closeAll(Disconnect.GOING_AWAY);
    hub.close();
    database.close();
  }
}

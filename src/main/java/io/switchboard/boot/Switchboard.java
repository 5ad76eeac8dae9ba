package io.switchboard.boot;

import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.Disconnect;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import io.switchboard.security.Authenticator;
import io.switchboard.security.RateLimits;
import io.switchboard.store.LogReader;
import io.switchboard.web.AuthFilter;
import io.switchboard.web.ClientAddress;
import io.switchboard.web.RateLimitFilter;
import io.switchboard.web.rest.RestApplication;
import io.switchboard.web.ws.WsUpgradeServlet;
import io.switchboard.webhooks.WebhookService;
import jakarta.websocket.server.ServerContainer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running server's object graph: settings, then the database, then the services that use it
 * (documents, the hub, the realtime door, authentication, webhooks), then the transports. Built once per
 * deployment; {@link #close()} releases it in reverse order.
 */
public final class Switchboard implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Switchboard.class.getName());
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
  /** How often live sessions are checked for an expired credential: they close at most this late. */
  private static final Duration EXPIRY_CHECK = Duration.ofMillis(500);

  private final Settings settings;
  private final Database database;
  private final Hub hub;
  private final Realtime realtime;
  private final DocumentService documents;
  private final WebhookService webhooks;
  private final Authenticator authenticator;
  private final RateLimits limits;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("switchboard-housekeeping"));

  private Switchboard(Settings settings, Database database, Hub hub, Realtime realtime, DocumentService documents,
                      WebhookService webhooks, Authenticator authenticator, RateLimits limits) {
    this.settings = settings;
    this.database = database;
    this.hub = hub;
    this.realtime = realtime;
    this.documents = documents;
    this.webhooks = webhooks;
    this.authenticator = authenticator;
    this.limits = limits;
    realtime.startHeartbeats(Duration.ofSeconds(settings.realtime().heartbeatSeconds()));
    realtime.startExpiry(EXPIRY_CHECK, Clock.systemUTC());
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
    RateLimits limits = new RateLimits(settings.rates(), realtime::countWhere);
    Authenticator authenticator = Authenticator.start(database, realtime, settings.auth(), Clock.systemUTC(),
        limits.logins());
    WebhookService webhooks = WebhookService.start(database, realtime, settings.webhooks(), Clock.systemUTC());
    return new Switchboard(settings, database, hub, realtime, documents, webhooks, authenticator, limits);
  }

  /** The Jakarta REST application serving this graph. */
  public RestApplication restApplication() {
    return new RestApplication(documents, hub, realtime, webhooks, authenticator, settings);
  }

  /** The authentication filter in front of every route of this graph. */
  public AuthFilter authFilter() {
    return new AuthFilter(authenticator, settings.auth().origins());
  }

  /** The first filter: resolves each request's client address (trusted proxies' X-Forwarded-For). */
  public ClientAddress clientAddress() {
    return new ClientAddress(settings.rates().trustedProxies());
  }

  /** The rate limits of every HTTP request and realtime connect, after authentication. */
  public RateLimitFilter rateLimitFilter() {
    return new RateLimitFilter(limits);
  }

  /** The servlet upgrading {@link WsUpgradeServlet#PATH} to this graph's WebSocket endpoint. */
  public WsUpgradeServlet webSocket(ServerContainer container) {
    return new WsUpgradeServlet(container, documents, authenticator, realtime, settings, limits);
  }

  public Settings settings() {
    return settings;
  }

  private void prune(Duration retention) {
    try {
      documents.pruneMessages(retention);
      authenticator.prune();
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

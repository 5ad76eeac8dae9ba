package io.switchboard.boot;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.access.Access;
import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.User;
import io.switchboard.model.Webhook;
import io.switchboard.protocol.Disconnect;
import io.switchboard.security.Authenticator;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import io.switchboard.store.LogReader;
import io.switchboard.web.AuthFilter;
import io.switchboard.web.OriginFilter;
import io.switchboard.web.Origins;
import io.switchboard.security.RateLimits;
import io.switchboard.web.ClientAddress;
import io.switchboard.web.RateLimitFilter;
import io.switchboard.web.rest.RestApplication;
import io.switchboard.web.ws.WsUpgradeServlet;
import io.switchboard.webhooks.WebhookService;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
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
  private final Access access;
  private final Origins origins;
  private final RateLimits limits;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("switchboard-housekeeping"));

  private Switchboard(Settings settings, Database database, Hub hub, Realtime realtime, DocumentService documents,
                      WebhookService webhooks, Authenticator authenticator, Access access, Origins origins,
                      RateLimits limits) {
    this.access = access;
    this.origins = origins;
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
    Origins origins = Origins.of(settings.http().origins());
    Database database = Database.open(settings);
    Hub hub = new Hub(new LogReader(database), settings.realtime().lanes());
    Access access = Access.start(database, Clock.systemUTC(), rulesFile(settings.access().rulesFile()));
    DocumentService documents = new DocumentService(database, access, Clock.systemUTC(),
        settings.limits().defaultPageSize(), settings.limits().maxPageSize(), event -> hub.wake());
    Realtime realtime = new Realtime(hub, access, documents::liveQuery, settings.realtime().maxQueuedFrames(),
        settings.realtime().maxSubscriptions(), settings.realtime().maxTopics());
    RateLimits limits = new RateLimits(settings.rates(), realtime::countWhere);
    Authenticator authenticator = Authenticator.start(database, realtime, settings.auth(), Clock.systemUTC(),
        limits.logins());
    WebhookService webhooks = WebhookService.start(database, realtime, settings.webhooks(), Clock.systemUTC(),
        webhook -> rights(authenticator, webhook));
    return new Switchboard(settings, database, hub, realtime, documents, webhooks, authenticator, access, origins,
        limits);
  }

  /** The rules file's JSON, or null when none is configured; an unreadable file stops the start. */
  private static JsonNode rulesFile(String file) {
    if (file.isBlank()) {
      return null;
    }
    try {
      return Json.parse(Files.readAllBytes(Path.of(file)));
    } catch (IOException | SwitchboardException e) {
      throw new IllegalStateException("The rules file " + file + " (switchboard.rules.file) cannot be read: "
          + e.getMessage(), e);
    }
  }

  /**
   * What a webhook endpoint is delivered with: its owner's rights, a local user's current roles
   * (the roles it registered with for an API key or an external token's principal).
   */
  private static Identity rights(Authenticator authenticator, Webhook webhook) {
    if (webhook.owner() == null) {
      return Identity.internal("webhook:" + webhook.id());
    }
    Set<String> roles = authenticator.accounts().active(webhook.owner()).map(User::roles).orElse(webhook.ownerRoles());
    return new Identity(webhook.owner(), roles, "internal", null, null);
  }

  /** The Jakarta REST application serving this graph. */
  public RestApplication restApplication() {
    return new RestApplication(documents, realtime, webhooks, authenticator, access, settings);
  }

  /** The authentication filter in front of every route of this graph. */
  public AuthFilter authFilter() {
    return new AuthFilter(authenticator, access, origins);
  }

  /** CORS and the WebSocket handshake's origin check, in front of the authentication filter. */
  public OriginFilter originFilter() {
    return new OriginFilter(origins);
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

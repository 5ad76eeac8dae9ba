package io.switchboard.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Builds {@link Settings} from layered sources, lowest first: built-in defaults, the properties
 * file ({@code switchboard.config}, default {@code ./switchboard.properties} if present),
 * environment variables ({@code SWITCHBOARD_DB_URL} for {@code switchboard.db.url}), system
 * properties, and finally the deployment's own overrides (servlet context init parameters), so a
 * launcher or test that embeds the WAR always gets the values it passed.
 */
public final class SettingsLoader {
  private final Properties file;
  private final Map<String, String> env;
  private final Properties system;
  private final UnaryOperator<String> deployment;

  SettingsLoader(Properties file, Map<String, String> env, Properties system, UnaryOperator<String> deployment) {
    this.file = file;
    this.env = env;
    this.system = system;
    this.deployment = deployment;
  }

  /** Settings of this process, with {@code deployment} (may return null) as the top layer. */
  public static Settings load(UnaryOperator<String> deployment) {
    Properties system = System.getProperties();
    Map<String, String> env = System.getenv();
    String path = firstNonNull(deployment.apply("switchboard.config"), system.getProperty("switchboard.config"),
        env.get("SWITCHBOARD_CONFIG"), "switchboard.properties");
    return new SettingsLoader(readFile(Path.of(path)), env, system, deployment).settings();
  }

  Settings settings() {
    Settings d = Settings.defaults();
    Path dataDir = Path.of(get("switchboard.data.dir", d.server().dataDir().toString()));
    String dbUrl = get("switchboard.db.url", "jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
    return new Settings(
        new Settings.Server(intValue("switchboard.port", d.server().port()), dataDir),
        new Settings.Db(dbUrl, get("switchboard.db.user", d.db().user()), get("switchboard.db.password", d.db().password()),
            intValue("switchboard.db.pool.size", d.db().poolSize()),
            choice("switchboard.db.sqlite.synchronous", d.db().sqliteSynchronous(), "NORMAL", "FULL")),
        new Settings.Limits(longValue("switchboard.limits.body.bytes", d.limits().bodyBytes()),
            intValue("switchboard.limits.page.default", d.limits().defaultPageSize()),
            intValue("switchboard.limits.page.max", d.limits().maxPageSize()),
            intValue("switchboard.limits.json.depth", d.limits().jsonDepth()),
            intValue("switchboard.limits.json.string", d.limits().jsonString())),
        new Settings.Realtime(intValue("switchboard.realtime.queue.max", d.realtime().maxQueuedFrames()),
            intValue("switchboard.realtime.heartbeat.seconds", d.realtime().heartbeatSeconds()),
            intValue("switchboard.realtime.ws.message.bytes", d.realtime().maxMessageBytes()),
            intValue("switchboard.realtime.ws.subscriptions", d.realtime().maxSubscriptions()),
            longValue("switchboard.realtime.channel.retention.seconds", d.realtime().channelRetentionSeconds()),
            intValue("switchboard.realtime.lanes", d.realtime().lanes()),
            intValue("switchboard.realtime.topics.max", d.realtime().maxTopics())),
        new Settings.Webhooks(get("switchboard.webhooks.allow", d.webhooks().allow()),
            intValue("switchboard.webhooks.timeout.seconds", d.webhooks().timeoutSeconds()),
            longValue("switchboard.webhooks.retry.initial.millis", d.webhooks().retryInitialMillis()),
            longValue("switchboard.webhooks.retry.max.seconds", d.webhooks().retryMaxSeconds()),
            longValue("switchboard.webhooks.retry.horizon.seconds", d.webhooks().retryHorizonSeconds()),
            intValue("switchboard.webhooks.per.user", d.webhooks().perUser())),
        auth(d.auth()),
        new Settings.Access(get("switchboard.rules.file", d.access().rulesFile())),
        new Settings.Http(get("switchboard.http.origins", d.http().origins())), rates(d.rates()));
  }

  private Settings.Rates rates(Settings.Rates d) {
    return new Settings.Rates(get("switchboard.http.trusted.proxies", d.trustedProxies()),
        get("switchboard.rate.exempt.role", d.exemptRole()).trim(),
        intValue("switchboard.rate.tracked", d.trackedKeys()),
        (int) orOff("switchboard.rate.requests.principal.per.second", d.principalRequestsPerSecond()),
        (int) orOff("switchboard.rate.requests.principal.burst", d.principalRequestBurst()),
        (int) orOff("switchboard.rate.requests.address.per.second", d.addressRequestsPerSecond()),
        (int) orOff("switchboard.rate.requests.address.burst", d.addressRequestBurst()),
        (int) orOff("switchboard.rate.connects.address.per.second", d.addressConnectsPerSecond()),
        (int) orOff("switchboard.rate.connects.address.burst", d.addressConnectBurst()),
        (int) orOff("switchboard.rate.connections.principal", d.principalConnections()),
        (int) orOff("switchboard.rate.ws.messages.per.second", d.messagesPerSecond()),
        (int) orOff("switchboard.rate.ws.messages.burst", d.messageBurst()),
        (int) orOff("switchboard.rate.ws.refusals", d.messageRefusals()),
        (int) orOff("switchboard.rate.logins.account.failures", d.accountLoginFailures()),
        (int) orOff("switchboard.rate.logins.address.failures", d.addressLoginFailures()),
        longValue("switchboard.rate.logins.window.seconds", d.loginWindowSeconds()));
  }

  private Settings.Auth auth(Settings.Auth d) {
    if (get("switchboard.auth.origins", null) != null) {
      throw new IllegalArgumentException("Setting switchboard.auth.origins is now switchboard.http.origins");
    }
    Settings.Oidc o = d.oidc();
    return new Settings.Auth(get("switchboard.admin.password", d.adminPassword()),
        get("switchboard.auth.issuer", d.issuer()), get("switchboard.auth.audience", d.audience()),
        longValue("switchboard.auth.token.seconds", d.tokenSeconds()),
        longValue("switchboard.auth.refresh.seconds", d.refreshSeconds()),
        longValue("switchboard.auth.session.seconds", d.sessionSeconds()),
        longValue("switchboard.auth.ticket.seconds", d.ticketSeconds()),
        longValue("switchboard.auth.skew.seconds", d.skewSeconds()),
        Boolean.parseBoolean(choice("switchboard.auth.query.token", Boolean.toString(d.queryToken()), "TRUE", "FALSE")),
        intValue("switchboard.auth.hash.concurrency", d.hashConcurrency()),
        new Settings.Oidc(get("switchboard.auth.oidc.issuer", o.issuer()), get("switchboard.auth.oidc.jwks.url", o.jwksUrl()),
            get("switchboard.auth.oidc.audience", o.audience()), get("switchboard.auth.oidc.algorithms", o.algorithms()),
            get("switchboard.auth.oidc.roles.claim", o.rolesClaim()),
            get("switchboard.auth.oidc.principal.claim", o.principalClaim()),
            longValue("switchboard.auth.oidc.refetch.seconds", o.refetchSeconds())));
  }

  String get(String key, String fallback) {
    String envKey = key.toUpperCase(Locale.ROOT).replace('.', '_');
    return firstNonNull(deployment.apply(key), system.getProperty(key), env.get(envKey), file.getProperty(key),
        fallback);
  }

  private String choice(String key, String fallback, String... allowed) {
    String value = get(key, fallback).trim().toUpperCase(Locale.ROOT);
    if (!java.util.Arrays.asList(allowed).contains(value)) {
      throw new IllegalArgumentException("Setting " + key + " must be one of " + String.join(", ", allowed)
          + ", got '" + value + "'");
    }
    return value;
  }

  private int intValue(String key, int fallback) {
    return (int) longValue(key, fallback);
  }

  private long longValue(String key, long fallback) {
    String value = get(key, Long.toString(fallback)).trim();
    try {
      long parsed = Long.parseLong(value);
      if (parsed <= 0) {
        throw new IllegalArgumentException("Setting " + key + " must be positive, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Setting " + key + " must be a number, got '" + value + "'", e);
    }
  }

  /** A limit: a whole number, 0 for off. */
  private long orOff(String key, long fallback) {
    String value = get(key, Long.toString(fallback)).trim();
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 0 || parsed > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Setting " + key + " must be 0 (off) or a positive number, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Setting " + key + " must be a number, got '" + value + "'", e);
    }
  }

  private static Properties readFile(Path path) {
    Properties properties = new Properties();
    if (Files.isRegularFile(path)) {
      try (InputStream in = Files.newInputStream(path)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read settings file " + path, e);
      }
    }
    return properties;
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}

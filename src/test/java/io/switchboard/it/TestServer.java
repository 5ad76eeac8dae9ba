package io.switchboard.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The built WAR running in a real container on a free port, with its own database: a SQLite file
 * in a temporary directory, or a fresh PostgreSQL schema that is dropped afterwards. Chosen by the
 * system properties {@code it.container} (jetty, tomcat, jetty-standalone) and {@code it.db} (sqlite, postgresql),
 * which the Failsafe executions set (each container runs with only its own jars on the class path,
 * so neither picks up the other's ServletContainerInitializers); the WAR is {@code it.war}.
 */
public final class TestServer implements AutoCloseable {
  /** Limits the suite runs with, small so that limit tests stay fast. */
  public static final int MAX_BODY_BYTES = 65_536;
  public static final int MAX_PAGE = 100;
  public static final int MAX_WS_MESSAGE_BYTES = 16_384;
  public static final int MAX_WS_SUBSCRIPTIONS = 5;
  public static final int MAX_QUEUED_FRAMES = 1024;
  /** Webhook endpoints a principal other than an admin may register. */
  public static final int WEBHOOKS_PER_USER = 3;
  /** The one origin besides the server's own that browsers may use it from. */
  public static final String ALLOWED_ORIGIN = "http://app.example.test:5173";
  /** JSON limits, small enough that a WebSocket message can exceed them. */
  public static final int MAX_JSON_DEPTH = 16;
  public static final int MAX_JSON_STRING = 8192;
  public static final int MAX_TOPICS = 4;
  /** Short, so heartbeat tests stay fast. */
  public static final int HEARTBEAT_SECONDS = 3;
  /**
   * Rate limits: the suite runs as admin (exempt) from 127.0.0.1, a trusted proxy here, so
   * {@link RateLimitIT} can be many clients through {@code X-Forwarded-For}. Only the limits that
   * test would otherwise wait minutes for, or need hundreds of open connections for, are small; the
   * failed-login ones still leave room for every wrong password the rest of the suite tries.
   */
  public static final int LOGIN_WINDOW_SECONDS = 10;
  public static final int ACCOUNT_LOGIN_FAILURES = 5;
  public static final int ADDRESS_LOGIN_FAILURES = 40;
  public static final int CONNECTIONS_PER_PRINCIPAL = 10;
  public static final int WS_MESSAGES_PER_SECOND = 5;
  public static final int WS_MESSAGE_BURST = 50;
  public static final int WS_REFUSALS = 3;
  /** How long a webhook event is retried before its endpoint is marked failing. */
  public static final java.time.Duration WEBHOOK_HORIZON = java.time.Duration.ofSeconds(6);

  /** The password of {@code admin}, provisioned from configuration, new for every run. */
  public static final String ADMIN_PASSWORD = randomSecret();
  /** The {@code Authorization} value every suite client sends unless told otherwise. */
  public static final String ADMIN = Http.basic("admin", ADMIN_PASSWORD);

  /** The OIDC issuer the server trusts for the run (configured at start). */
  static final JwksStub OIDC = startIssuer();
  private static final java.util.Set<String> SECRETS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final URI base;
  private final Path dir;
  private final String container;
  private final AutoCloseable stop;
  private final Restart restart;
  private final Runnable cleanup;

  private TestServer(URI base, Path dir, String container, Running running, Runnable cleanup) {
    this.base = base;
    this.dir = dir;
    this.container = container;
    this.stop = running.stop();
    this.restart = running.restart();
    this.cleanup = cleanup;
  }

  /**
   * Restarts the application on the same address and database, as a redeploy or a process restart
   * would: every in-memory state (sessions, workers) is gone, only what is stored remains.
   */
  public void restart() throws Exception {
    restart.run();
  }

  public URI base() {
    return base;
  }

  public String container() {
    return container;
  }

  static TestServer start() throws Exception {
    String container = System.getProperty("it.container", "jetty");
    String db = System.getProperty("it.db", "sqlite");
    Path war = Path.of(System.getProperty("it.war", "target/switchboard.war"));
    Path tmp = Files.createTempDirectory("switchboard-it-");
    LogCapture.install();
    secret(ADMIN_PASSWORD);
    secret(ADMIN.substring("Basic ".length()));
    String jdbcUrl;
    Runnable cleanup;
    if ("postgresql".equals(db)) {
      String schema = "sb_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      String server = System.getProperty("it.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
      execute(server, "CREATE SCHEMA " + schema);
      jdbcUrl = server + "?currentSchema=" + schema;
      cleanup = () -> execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } else {
      jdbcUrl = "jdbc:sqlite:" + tmp.resolve("it.db");
      cleanup = () -> { };
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("switchboard.db.url", jdbcUrl);
    params.put("switchboard.db.user", "postgresql".equals(db) ? "postgres" : "");
    params.put("switchboard.data.dir", tmp.toString());
    params.put("switchboard.admin.password", ADMIN_PASSWORD);
    params.put("switchboard.auth.oidc.issuer", JwksStub.ISSUER);
    params.put("switchboard.auth.oidc.jwks.url", OIDC.uri().toString());
    params.put("switchboard.auth.oidc.audience", JwksStub.AUDIENCE);
    params.put("switchboard.auth.oidc.roles.claim", "realm_access.roles");
    params.put("switchboard.auth.oidc.refetch.seconds", "2");
    params.put("switchboard.limits.body.bytes", Integer.toString(MAX_BODY_BYTES));
    params.put("switchboard.limits.page.max", Integer.toString(MAX_PAGE));
    params.put("switchboard.realtime.ws.message.bytes", Integer.toString(MAX_WS_MESSAGE_BYTES));
    params.put("switchboard.realtime.ws.subscriptions", Integer.toString(MAX_WS_SUBSCRIPTIONS));
    params.put("switchboard.realtime.queue.max", Integer.toString(MAX_QUEUED_FRAMES));
    params.put("switchboard.realtime.heartbeat.seconds", Integer.toString(HEARTBEAT_SECONDS));
    params.put("switchboard.http.origins", ALLOWED_ORIGIN);
    params.put("switchboard.limits.json.depth", Integer.toString(MAX_JSON_DEPTH));
    params.put("switchboard.limits.json.string", Integer.toString(MAX_JSON_STRING));
    params.put("switchboard.realtime.topics.max", Integer.toString(MAX_TOPICS));
    params.put("switchboard.http.trusted.proxies", "127.0.0.1/32,::1/128");
    params.put("switchboard.rate.logins.window.seconds", Integer.toString(LOGIN_WINDOW_SECONDS));
    params.put("switchboard.rate.logins.account.failures", Integer.toString(ACCOUNT_LOGIN_FAILURES));
    params.put("switchboard.rate.logins.address.failures", Integer.toString(ADDRESS_LOGIN_FAILURES));
    params.put("switchboard.rate.connections.principal", Integer.toString(CONNECTIONS_PER_PRINCIPAL));
    params.put("switchboard.rate.ws.messages.per.second", Integer.toString(WS_MESSAGES_PER_SECOND));
    params.put("switchboard.rate.ws.messages.burst", Integer.toString(WS_MESSAGE_BURST));
    params.put("switchboard.rate.ws.refusals", Integer.toString(WS_REFUSALS));
    // Webhooks: the test receiver's address only (127.0.0.1 stays refused), and short retries.
    params.put("switchboard.webhooks.allow", WebhookReceiver.HOST + "/32");
    params.put("switchboard.webhooks.timeout.seconds", "1");
    params.put("switchboard.webhooks.per.user", Integer.toString(WEBHOOKS_PER_USER));
    params.put("switchboard.webhooks.retry.initial.millis", "100");
    params.put("switchboard.webhooks.retry.max.seconds", "1");
    params.put("switchboard.webhooks.retry.horizon.seconds", Long.toString(WEBHOOK_HORIZON.toSeconds()));
    Running running = switch (container) {
      case "tomcat" -> TomcatContainer.start(war, params, tmp);
      case "jetty-standalone" -> StandaloneJettyContainer.start(params, tmp);
      default -> JettyContainer.start(war, params);
    };
    return new TestServer(running.base(), tmp, container + "/" + db, running, cleanup);
  }

  /** A started container: where it listens, how to stop it and how to restart the application. */
  record Running(URI base, AutoCloseable stop, Restart restart) {}

  /** Restarts the application in place. */
  @FunctionalInterface
  interface Restart {
    void run() throws Exception;
  }

  /** Records a secret the suite used, so the log check can look for it; returns it. */
  static String secret(String value) {
    SECRETS.add(value);
    return value;
  }

  static java.util.Set<String> secrets() {
    return java.util.Set.copyOf(SECRETS);
  }

  /** Everything the server logged so far (see {@link LogCapture}). */
  String logs() {
    return LogCapture.text(dir);
  }

  private static JwksStub startIssuer() {
    try {
      return new JwksStub();
    } catch (Exception e) {
      throw new IllegalStateException("The OIDC stub did not start", e);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[18];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void execute(String url, String sql) {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + " is needed for this suite: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stop.close();
    } finally {
      cleanup.run();
    }
  }

}

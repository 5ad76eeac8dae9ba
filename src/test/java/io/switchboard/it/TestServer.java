package io.switchboard.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
  /** Short, so heartbeat tests stay fast. */
  public static final int HEARTBEAT_SECONDS = 3;

  private final URI base;
  private final String container;
  private final AutoCloseable stop;
  private final Runnable cleanup;

  private TestServer(URI base, String container, AutoCloseable stop, Runnable cleanup) {
    this.base = base;
    this.container = container;
    this.stop = stop;
    this.cleanup = cleanup;
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
    Map<String, String> params = Map.of(
        "switchboard.db.url", jdbcUrl,
        "switchboard.db.user", "postgresql".equals(db) ? "postgres" : "",
        "switchboard.data.dir", tmp.toString(),
        "switchboard.limits.body.bytes", Integer.toString(MAX_BODY_BYTES),
        "switchboard.limits.page.max", Integer.toString(MAX_PAGE),
        "switchboard.realtime.ws.message.bytes", Integer.toString(MAX_WS_MESSAGE_BYTES),
        "switchboard.realtime.ws.subscriptions", Integer.toString(MAX_WS_SUBSCRIPTIONS),
        "switchboard.realtime.queue.max", Integer.toString(MAX_QUEUED_FRAMES),
        "switchboard.realtime.heartbeat.seconds", Integer.toString(HEARTBEAT_SECONDS));
    Running running = switch (container) {
      case "tomcat" -> TomcatContainer.start(war, params, tmp);
      case "jetty-standalone" -> StandaloneJettyContainer.start(params, tmp);
      default -> JettyContainer.start(war, params);
    };
    return new TestServer(running.base(), container + "/" + db, running.stop(), cleanup);
  }

  /** A started container: where it listens and how to stop it. */
  record Running(URI base, AutoCloseable stop) {}

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

package io.switchboard.boot;

import io.switchboard.config.Settings;
import io.switchboard.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded launcher: deploys the built WAR ({@code target/switchboard.war}, or the path given
 * as the first argument) in an embedded Jetty 12 ee11 at context {@code /} and prints the URL.
 * The WAR reads its own settings (same sources); the launcher only needs the port.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Settings settings = SettingsLoader.load(key -> null);
    Path war = Path.of(args.length > 0 ? args[0] : "target/switchboard.war");
    if (!Files.exists(war)) {
      throw new IllegalStateException("No WAR at " + war.toAbsolutePath() + "; build it with 'mvn package'.");
    }
    Server server = newServer(settings.server().port(), war, Map.of());
    server.start();
    System.out.println("Switchboard is ready at http://localhost:" + port(server) + "/ (database "
        + settings.db().url() + ")");
    server.join();
  }

  /**
   * A Jetty server (not started) with the WAR at {@code /}, annotations and Jakarta WebSocket
   * enabled, listening on {@code port} (0 picks a free one). Its thread pool holds 8 threads per
   * core (at least 16) instead of Jetty's 200: realtime connections hold no thread, and REST
   * requests are CPU-bound on SQLite, so extra threads only queue for the cores. Measured on 2
   * cores (wrk, 64 connections, GET of one document): about 15% more requests/s than with 200
   * threads, and the JIT, whose compiler threads then compete with fewer runnable threads,
   * reaches steady state sooner. {@code initParams} become the
   * context's init parameters, the top layer of the WAR's settings. Tests use this too.
   */
  public static Server newServer(int port, Path war, Map<String, String> initParams) {
    Server server = new Server(new QueuedThreadPool(Math.max(16, 8 * Runtime.getRuntime().availableProcessors())));
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);
    WebAppContext context = new WebAppContext();
    context.setContextPath("/");
    context.setWar(war.toAbsolutePath().toString());
    context.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
    // Jetty loads every jakarta.* class from the server class path first. A standalone Jetty has no
    // Jakarta REST there, but this launcher's class path does; let the WAR use its own copies, as
    // it does on a standalone server, so Jersey and its API come from one class loader.
    context.addProtectedClassMatcher(new ClassMatcher("-jakarta.ws.rs.", "-jakarta.inject.", "-jakarta.xml.bind.",
        "-jakarta.validation.", "-jakarta.activation."));
    initParams.forEach(context::setInitParameter);
    context.setThrowUnavailableOnStartupException(true);
    server.setHandler(context);
    server.setErrorHandler(new ProblemErrorHandler());
    server.setStopAtShutdown(true);
    return server;
  }

  /** The port the server actually listens on. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}

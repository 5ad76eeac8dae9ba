package io.switchboard.boot;

import io.switchboard.config.Settings;
import io.switchboard.config.SettingsLoader;
import io.switchboard.web.ErrorServlet;
import io.switchboard.web.SecurityHeaders;
import io.switchboard.web.ws.WsUpgradeServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.util.EnumSet;
import java.util.logging.Logger;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Starts the graph when the WAR deploys (declared in {@code WEB-INF/web.xml}) and stops it on
 * undeploy. Settings come from {@link SettingsLoader}, with the context's init parameters
 * ({@code switchboard.*}) on top. Registers the client-address filter, the security headers, the
 * origin (CORS) filter, the authentication and rate-limit filters, then Jersey, as filters over
 * {@code /*}, the WebSocket upgrade servlet, and the servlet that renders container errors
 * as problem documents. On a JVM shutdown (SIGTERM) a shutdown hook
 * tells realtime clients the server is going away before the container closes its connections,
 * which it does before it undeploys the WAR.
 */
public final class SwitchboardListener implements ServletContextListener {
  private static final Logger LOG = Logger.getLogger(SwitchboardListener.class.getName());
  private static final String ATTRIBUTE = Switchboard.class.getName();
  private static final String HOOK = ATTRIBUTE + ".goingAway";

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Settings settings = SettingsLoader.load(context::getInitParameter);
    Switchboard switchboard = Switchboard.start(settings);
    context.setAttribute(ATTRIBUTE, switchboard);
    // In this order, before Jersey and the WebSocket upgrade servlet: the client address (trusted
    // proxies), headers every response carries, what other origins may do (CORS preflights are
    // answered without credentials), authentication, then the rate limits (which need both).
    FilterRegistration.Dynamic address = context.addFilter("switchboard-client-address", switchboard.clientAddress());
    address.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    address.setAsyncSupported(true);
    FilterRegistration.Dynamic headers = context.addFilter("switchboard-headers", new SecurityHeaders());
    headers.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
    headers.setAsyncSupported(true);
    FilterRegistration.Dynamic origins = context.addFilter("switchboard-origins", switchboard.originFilter());
    origins.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
    origins.setAsyncSupported(true);
    FilterRegistration.Dynamic auth = context.addFilter("switchboard-auth", switchboard.authFilter());
    auth.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    auth.setAsyncSupported(true);
    FilterRegistration.Dynamic rates = context.addFilter("switchboard-rate-limits", switchboard.rateLimitFilter());
    rates.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    rates.setAsyncSupported(true);
    FilterRegistration.Dynamic rest = context.addFilter("switchboard-rest",
        new ServletContainer(switchboard.restApplication()));
    rest.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    rest.setAsyncSupported(true);
    context.addServlet("switchboard-errors", new ErrorServlet()).addMapping(ErrorServlet.PATH);
    deployWebSocket(context, switchboard);
    Thread goingAway = new Thread(switchboard::goingAway, "switchboard-going-away");
    Runtime.getRuntime().addShutdownHook(goingAway);
    context.setAttribute(HOOK, goingAway);
    LOG.info(() -> "Switchboard started with database " + settings.db().url().replaceAll("password=[^&;]*", "password=***"));
  }

  /** The container's Jakarta WebSocket support (Jetty's module, Tomcat's WsSci) must be enabled. */
  private static void deployWebSocket(ServletContext context, Switchboard switchboard) {
    ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
    if (container == null) {
      throw new IllegalStateException("This container has no Jakarta WebSocket support enabled; "
          + WsUpgradeServlet.PATH + " needs it (Jetty: the ee11-websocket-jakarta module).");
    }
    context.addServlet("switchboard-websocket", switchboard.webSocket(container)).addMapping(WsUpgradeServlet.PATH);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (event.getServletContext().getAttribute(HOOK) instanceof Thread hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is stopping: the hook has run or is running; nothing to unregister.
      }
    }
    Object switchboard = event.getServletContext().getAttribute(ATTRIBUTE);
    if (switchboard instanceof Switchboard running) {
      running.close();
    }
  }
}

package io.switchboard.web.ws;

import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.model.JsonInput;
import io.switchboard.model.Peer;
import io.switchboard.security.Authenticator;
import io.switchboard.security.RateLimits;
import io.switchboard.session.Realtime;
import io.switchboard.web.Callers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket deployment: a servlet at {@link #PATH} that upgrades each request itself with
 * {@link ServerContainer#upgradeHttpToWebSocket} (Jakarta WebSocket 2.1), so the upgrade happens
 * only after the authentication filter has let the request through: a refused handshake is a
 * 401/403, never a 101 then a close, on Jetty and Tomcat alike (an endpoint registered with
 * {@code addEndpoint} would be upgraded by Jetty before any filter runs). Each upgrade gets its own
 * endpoint configuration, whose configurator hands the new {@link WsEndpoint} the authenticated
 * peer and the services it needs, with no static state.
 */
public final class WsUpgradeServlet extends HttpServlet {
  public static final String PATH = "/realtime/ws";
  public static final String SUBPROTOCOL = "switchboard.v1";
  private static final Logger LOG = Logger.getLogger(WsUpgradeServlet.class.getName());

  private final transient ServerContainer container;
  private final transient WsCommands commands;
  private final transient Realtime realtime;
  private final transient Settings settings;
  private final transient RateLimits limits;

  public WsUpgradeServlet(ServerContainer container, DocumentService documents, Authenticator authenticator,
                        Realtime realtime, Settings settings, RateLimits limits) {
    this.container = container;
    // One level more than a REST body: a command's body sits inside the command, and may nest as deep.
    this.commands = new WsCommands(documents, authenticator,
        new JsonInput(settings.limits().jsonDepth() + 1, settings.limits().jsonString()));
    this.realtime = realtime;
    this.settings = settings;
    this.limits = limits;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Peer peer = Callers.peer(request);
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(WsEndpoint.class, PATH)
        .subprotocols(List.of(SUBPROTOCOL))
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new WsEndpoint(commands, realtime, peer, settings.realtime().maxMessageBytes(),
                Duration.ofSeconds(settings.realtime().heartbeatSeconds()), limits.messages(peer.identity())));
          }
        })
        .build();
    try {
      container.upgradeHttpToWebSocket(request, response, config, Map.of());
    } catch (DeploymentException e) {
      LOG.log(Level.WARNING, "WebSocket upgrade failed", e);
      response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    }
  }
}

package io.switchboard.web.ws;

import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.session.Realtime;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.List;

/**
 * Builds the WebSocket deployment from the composition root's objects: each connection gets a new
 * {@link WsEndpoint} holding the services it needs. Deploying programmatically (rather than by
 * scanning an annotated class whose configurator the container would instantiate itself) is what
 * lets dependencies arrive without any static state.
 */
public final class WsConfigurator extends ServerEndpointConfig.Configurator {
  public static final String PATH = "/realtime/ws";
  public static final String SUBPROTOCOL = "switchboard.v1";

  private final DocumentService documents;
  private final Realtime realtime;
  private final Settings settings;

  public WsConfigurator(DocumentService documents, Realtime realtime, Settings settings) {
    this.documents = documents;
    this.realtime = realtime;
    this.settings = settings;
  }

  /** The endpoint configuration to pass to {@code ServerContainer.addEndpoint}. */
  public ServerEndpointConfig config() {
    return ServerEndpointConfig.Builder.create(WsEndpoint.class, PATH)
        .subprotocols(List.of(SUBPROTOCOL))
        .configurator(this)
        .build();
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new WsEndpoint(new WsCommands(documents), realtime,
        settings.realtime().maxMessageBytes(), Duration.ofSeconds(settings.realtime().heartbeatSeconds())));
  }
}

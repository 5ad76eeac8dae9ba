package io.switchboard.web.ws;

import io.switchboard.model.Peer;
import io.switchboard.model.RateLimited;
import io.switchboard.protocol.Disconnect;
import io.switchboard.security.MessageLimit;
import io.switchboard.session.Connection;
import io.switchboard.session.Realtime;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket connection of an authenticated peer. Thin: checks the subprotocol, connects through the door, hands each
 * text message to {@link WsCommands}, which queues the reply on the connection's single writer. Messages over the
 * connection's {@link MessageLimit} are answered with a {@code rate-limited} error carrying {@code retryAfter}; a
 * client that keeps sending regardless is closed with {@link Disconnect#POLICY_VIOLATION} (1008).
 */
public final class WsEndpoint extends Endpoint {
  private static final Logger LOG = Logger.getLogger(WsEndpoint.class.getName());

  private final WsCommands commands;
  private final Realtime realtime;
  private final int maxMessageBytes;
  private final Duration heartbeat;
  private final Peer peer;
  private final MessageLimit messages;
  private Connection connection;

  WsEndpoint(WsCommands commands, Realtime realtime, Peer peer, int maxMessageBytes, Duration heartbeat,
             MessageLimit messages) {
    this.commands = commands;
    this.messages = messages;
    this.realtime = realtime;
    this.peer = peer;
    this.maxMessageBytes = maxMessageBytes;
    this.heartbeat = heartbeat;
  }

  @Override
  public void onOpen(Session ws, EndpointConfig config) {
    if (!WsUpgradeServlet.SUBPROTOCOL.equals(ws.getNegotiatedSubprotocol())) {
      closeNow(ws, Disconnect.PROTOCOL_ERROR, "use the " + WsUpgradeServlet.SUBPROTOCOL + " subprotocol");
      return;
    }
    ws.setMaxTextMessageBufferSize(maxMessageBytes);
    ws.setMaxBinaryMessageBufferSize(maxMessageBytes);
    WsOutbound outbound = new WsOutbound(ws, heartbeat);
    connection = realtime.connect(outbound, peer);
    outbound.owner(connection);
    ws.addMessageHandler(PongMessage.class, pong -> outbound.heard());
    ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
      outbound.heard();
      Optional<RateLimited> refused = messages.admit();
      if (refused.isEmpty()) {
        commands.handle(connection, text);
      } else if (messages.persistent()) {
        connection.close(Disconnect.POLICY_VIOLATION);
      } else {
        commands.refuse(connection, text, refused.get());
      }
    });
  }

  @Override
  public void onClose(Session ws, CloseReason reason) {
    if (connection != null) {
      connection.close(Disconnect.NORMAL);
    }
  }

  /**
   * Transport errors only (commands catch their own). The container closes the connection and
   * calls {@link #onClose}; an oversized message is closed as {@link Disconnect#TOO_BIG} (1009)
   * here, so every container uses the same code.
   */
  @Override
  public void onError(Session ws, Throwable error) {
    LOG.log(Level.FINE, "WebSocket error", error);
    String name = error.getClass().getSimpleName();
    if (name.contains("TooLarge") || name.contains("TooBig")) {
      closeNow(ws, Disconnect.TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
    }
  }

  private static void closeNow(Session ws, Disconnect reason, String detail) {
    try {
      ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(reason.code), detail));
    } catch (IOException ignored) {
      // The peer left before hearing why.
    }
  }
}

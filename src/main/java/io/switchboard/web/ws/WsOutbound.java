package io.switchboard.web.ws;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import io.switchboard.session.Connection;
import io.switchboard.session.Outbound;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Frames as WebSocket text messages ({@link Wire#webSocketText}: an event is
 * {@code {"op":"event","sub":…,"event":{…}}}, replies go as they are); a heartbeat is a ping,
 * and a peer heard from neither by a pong nor by a message for three heartbeats is closed as
 * {@link Disconnect#IDLE}.
 */
final class WsOutbound implements Outbound {
  private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'s', 'b'});
  private final Session session;
  private final long idleNanos;
  private volatile long lastHeard = System.nanoTime();
  private Connection owner;

  WsOutbound(Session session, Duration heartbeat) {
    this.session = session;
    this.idleNanos = heartbeat.multipliedBy(3).toNanos();
  }

  void owner(Connection owner) {
    this.owner = owner;
  }

  /** Anything from the peer (a message or a pong) proves it is alive. */
  void heard() {
    lastHeard = System.nanoTime();
  }

  @Override
  public String transport() {
    return "websocket";
  }

  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    if (frame.kind() == Frame.Kind.HEARTBEAT) {
      return ping();
    }
    String text = Wire.webSocketText(frame);
    CompletableFuture<Void> sent = new CompletableFuture<>();
    session.getAsyncRemote().sendText(text, result -> {
      if (result.isOK()) {
        sent.complete(null);
      } else {
        sent.completeExceptionally(result.getException());
      }
    });
    return sent;
  }

  private CompletionStage<Void> ping() {
    if (System.nanoTime() - lastHeard > idleNanos && owner != null) {
      owner.close(Disconnect.IDLE);
      return CompletableFuture.completedFuture(null);
    }
    try {
      session.getAsyncRemote().sendPing(PING.duplicate());
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close(Disconnect reason) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(reason.code), reason.reason));
    } catch (IOException ignored) {
      // The peer is already gone; nothing more to tell it.
    }
  }
}

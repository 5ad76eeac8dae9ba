package io.switchboard.web.sse;

import io.switchboard.model.Json;
import io.switchboard.session.Disconnect;
import io.switchboard.session.Frame;
import io.switchboard.session.Outbound;
import io.switchboard.web.ResponseFence;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Frames as SSE: an event is {@code id: <cursor>}, {@code event: <type>}, {@code data: <one JSON
 * line>}; a heartbeat is a comment line. Sends block (Jersey writes the stream synchronously);
 * the session runs them on its writer pool, each inside the {@link ResponseFence}, so none lands on
 * a response the container has ended and recycled. The stream opens with {@code event: welcome}
 * (the session id, no {@code id:} so it does not move the client's Last-Event-ID) and the
 * {@code retry:} hint. A server-side close first sends {@code event: close} with the
 * {@link Disconnect} code, reason and whether to reconnect.
 */
final class SseOutbound implements Outbound {
  private final SseEventSink sink;
  private final Sse sse;
  private final ResponseFence fence;

  SseOutbound(SseEventSink sink, Sse sse, ResponseFence fence) {
    this.sink = sink;
    this.sse = sse;
    this.fence = fence;
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    OutboundSseEvent event = switch (frame.kind()) {
      case OPEN -> sse.newEventBuilder().name("welcome").data(String.class, frame.json())
          .reconnectDelay(SseResource.RETRY_MILLIS).build();
      case HEARTBEAT -> sse.newEventBuilder().comment("heartbeat").build();
      default -> sse.newEventBuilder().id(frame.cursor()).name(frame.type()).data(String.class, frame.json())
          .mediaType(MediaType.TEXT_PLAIN_TYPE).build();
    };
    if (!fence.enter()) {
      return CompletableFuture.failedFuture(new IllegalStateException("the client went away"));
    }
    try {
      if (sink.isClosed()) {
        return CompletableFuture.failedFuture(new IllegalStateException("the client went away"));
      }
      // Jersey's send writes and flushes before it returns, so the fence covers the whole write.
      return sink.send(event).thenApply(ignored -> null);
    } finally {
      fence.exit();
    }
  }

  @Override
  public void close(Disconnect reason) {
    if (!fence.enter()) {
      return;
    }
    try {
      if (sink.isClosed()) {
        return;
      }
      if (reason != Disconnect.NORMAL && reason != Disconnect.SLOW_CONSUMER) {
        String data = Json.write(Json.MAPPER.createObjectNode().put("code", reason.code).put("reason", reason.reason)
            .put("reconnect", reason.reconnect));
        sink.send(sse.newEventBuilder().name("close").data(String.class, data).build());
      }
      sink.close();
    } catch (IOException | RuntimeException ignored) {
      // The connection is already gone; there is no one left to tell.
    } finally {
      fence.exit();
    }
  }
}

package io.switchboard.web.sse;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import io.switchboard.session.Outbound;
import io.switchboard.web.Interests;
import io.switchboard.web.ResponseFence;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Frames as SSE: an event is {@code id: <stream position>}, {@code event: <type>}, {@code data: <one
 * JSON line>}; a heartbeat is a comment line. The {@code id} is the stream's position, so that
 * {@code EventSource}'s {@code Last-Event-ID} resumes it exactly: the event's cursor when the
 * stream has one subscription, {@code name:cursor,…} of every subscription when it has several
 * (see {@link Interests#eventId}). The stream opens with {@code event: welcome} carrying the
 * starting position as its {@code id} and the {@code retry:} hint. A server-side close first sends
 * {@code event: close} with the {@link Disconnect} code, reason and whether to reconnect.
 *
 * <p>Sends block (Jersey writes the stream synchronously); the connection runs them on its writer
 * pool, one at a time, each inside the {@link ResponseFence}, so none lands on a response the
 * container has ended and recycled. The positions are the writer's alone.
 */
final class SseOutbound implements Outbound {
  private final SseEventSink sink;
  private final Sse sse;
  private final ResponseFence fence;
  /** Subscription name to the cursor of the last event written for it (null: not known before the welcome). */
  private final Map<String, String> positions;

  SseOutbound(SseEventSink sink, Sse sse, ResponseFence fence, Map<String, String> startCursors) {
    this.sink = sink;
    this.sse = sse;
    this.fence = fence;
    this.positions = new LinkedHashMap<>(startCursors);
  }

  @Override
  public String transport() {
    return "sse";
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    OutboundSseEvent event = switch (frame.kind()) {
      case WELCOME -> {
        positions.replaceAll((sub, cursor) -> cursor == null ? frame.cursor() : cursor);
        yield sse.newEventBuilder().id(Interests.eventId(positions)).name("welcome").data(String.class, frame.json())
            .reconnectDelay(SseResource.RETRY_MILLIS).build();
      }
      case HEARTBEAT -> sse.newEventBuilder().comment("heartbeat").build();
      default -> {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().name(frame.type()).data(String.class, frame.json())
            .mediaType(MediaType.TEXT_PLAIN_TYPE);
        if (frame.cursor() != null && frame.sub() != null) {
          positions.put(frame.sub(), frame.cursor());
          builder.id(Interests.eventId(positions));
        }
        yield builder.build();
      }
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
        sink.send(sse.newEventBuilder().name("close").data(String.class, Wire.close(reason)).build());
      }
      sink.close();
    } catch (IOException | RuntimeException ignored) {
      // The connection is already gone; there is no one left to tell.
    } finally {
      fence.exit();
    }
  }
}

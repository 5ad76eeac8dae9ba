package io.switchboard.web.stream;

import io.switchboard.model.Json;
import io.switchboard.session.Disconnect;
import io.switchboard.session.Frame;
import io.switchboard.session.Outbound;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * Frames as NDJSON lines on a Jersey {@link ChunkedOutput}, which appends the newline and flushes
 * each chunk. Writes block (like SSE's); the session runs them on its writer pool.
 */
final class NdjsonOutbound implements Outbound {
  static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

  private final ChunkedOutput<String> output;

  NdjsonOutbound(ChunkedOutput<String> output) {
    this.output = output;
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    try {
      if (output.isClosed()) {
        throw new IOException("the client went away");
      }
      output.write(frame.kind() == Frame.Kind.HEARTBEAT ? HEARTBEAT : frame.json());
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close(Disconnect reason) {
    try {
      if (output.isClosed()) {
        return;
      }
      if (reason != Disconnect.NORMAL && reason != Disconnect.SLOW_CONSUMER) {
        output.write(Json.write(Json.MAPPER.createObjectNode().put("type", "close").put("code", reason.code)
            .put("reason", reason.reason).put("reconnect", reason.reconnect)));
      }
      output.close();
    } catch (IOException ignored) {
      // The connection is already gone; there is no one left to tell.
    }
  }
}

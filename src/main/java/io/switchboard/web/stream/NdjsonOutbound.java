package io.switchboard.web.stream;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import io.switchboard.session.Outbound;
import io.switchboard.web.ResponseFence;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * Frames as NDJSON lines on a Jersey {@link ChunkedOutput}, which appends the newline and flushes
 * each chunk. Writes block (like SSE's); the connection runs them on its writer pool, each inside
 * the {@link ResponseFence}.
 */
final class NdjsonOutbound implements Outbound {
  private final ChunkedOutput<String> output;
  private final ResponseFence fence;

  NdjsonOutbound(ChunkedOutput<String> output, ResponseFence fence) {
    this.output = output;
    this.fence = fence;
  }

  @Override
  public String transport() {
    return "stream";
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    if (!fence.enter()) {
      return CompletableFuture.failedFuture(new IOException("the client went away"));
    }
    try {
      if (output.isClosed()) {
        throw new IOException("the client went away");
      }
      output.write(frame.kind() == Frame.Kind.HEARTBEAT ? Wire.HEARTBEAT_LINE : frame.json());
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
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
      if (output.isClosed()) {
        return;
      }
      if (reason != Disconnect.NORMAL && reason != Disconnect.SLOW_CONSUMER) {
        output.write(Wire.closeLine(reason));
      }
      output.close();
    } catch (IOException | RuntimeException ignored) {
      // The connection is already gone; there is no one left to tell.
    } finally {
      fence.exit();
    }
  }
}

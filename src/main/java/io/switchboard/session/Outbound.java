package io.switchboard.session;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import java.util.concurrent.CompletionStage;

/**
 * The one thing a transport implements to receive frames: WebSocket, SSE, the NDJSON stream,
 * long-poll and webhooks. It only frames what {@code protocol.Wire} encoded.
 *
 * <p>Contract: {@link #write} is never called again before the stage it returned completed (one
 * writer per connection), so an implementation needs no locking of its own. {@link #close} may be
 * called from any thread, at any time, more than once; only the first call has an effect.
 */
public interface Outbound {
  /** The transport's name, as {@code /admin/sessions} lists it: websocket, sse, stream, poll, webhook. */
  String transport();

  /** Writes one frame; the stage completes when the transport accepted it, or fails. */
  CompletionStage<Void> write(Frame frame);

  /**
   * Whether {@link #write} only hands the frame to the transport and never blocks the calling
   * thread (Jakarta WebSocket's async send does this). A connection then writes on the thread that
   * offers the frame when nothing else is being written, instead of waking a writer thread: the
   * hand-over costs more than the write. Transports whose writes can block (Jersey's SSE sink, a
   * servlet output stream) keep the default, false.
   */
  default boolean nonBlocking() {
    return false;
  }

  /** Ends the connection, telling the peer why where the transport can. */
  void close(Disconnect reason);
}

package io.switchboard.hub;

import io.switchboard.model.Peer;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import java.time.Duration;

/**
 * The connection end of a {@link Subscription}: where its frames go. Implemented by the session
 * package's connection; tests use a recording fake.
 *
 * <p>Contract: every method is thread-safe. {@link #offer} never blocks and never holds a lock a
 * hub thread needs while it writes; {@link #offerWaiting} may block, so hub lanes never call it.
 */
public interface Receiver {
  /** The connection id shown in presence and {@code /admin/sessions}. */
  String id();

  Peer peer();

  /**
   * A number unique to this receiver and fixed for its life: the hub spreads receivers over its
   * lanes by it, so every live event of one receiver is delivered by the same lane, in log order.
   */
  long serial();

  boolean isOpen();

  /** Queues a frame; false if the receiver is closed, or has just been cut off because its queue is full. */
  boolean offer(Frame frame);

  /** Like {@link #offer}, but waits up to {@code patience} for room (replays from the log). */
  boolean offerWaiting(Frame frame, Duration patience);

  /** Ends the connection with a reason the peer is told where the transport can. */
  void close(Disconnect reason);
}

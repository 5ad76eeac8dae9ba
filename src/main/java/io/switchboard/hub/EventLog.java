package io.switchboard.hub;

import io.switchboard.model.Event;
import java.util.List;
import java.util.Set;

/**
 * Read access to the durable event log, as the hub needs it. Implementations are thread-safe and
 * may block on I/O; the hub calls them from its own threads only.
 */
public interface EventLog {
  /** Events with a sequence number above {@code seq}, oldest first, at most {@code limit}. */
  List<Event> after(long seq, int limit);

  /** Like {@link #after(long, int)}, only events logged under one of {@code topics}. */
  List<Event> after(long seq, Set<String> topics, int limit);

  /** The newest committed sequence number (0 when the log is empty). */
  long lastSeq();

  /**
   * The oldest position a subscription to {@code topics} can resume from without loss: every event
   * of theirs above it is still in the log. A cursor below it gets a {@code reset}.
   */
  long horizon(Set<String> topics);
}

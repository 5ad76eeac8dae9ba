package io.switchboard.hub;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An in-memory event log for hub tests: appends get gapless sequence numbers; the head can be pruned. */
public final class MemoryLog implements EventLog {
  private final List<Event> events = new ArrayList<>();
  private long last;
  private long horizon;

  public synchronized Event append(String topic, String id) {
    last++;
    Event event = new Event(last, topic, EventType.UPDATED, id, last, JsonNodeFactory.instance.objectNode().put("n", last),
        null, Instant.now());
    events.add(event);
    return event;
  }

  /** Forgets every event up to and including {@code seq}. */
  public synchronized void prune(long seq) {
    events.removeIf(e -> e.seq() <= seq);
    horizon = Math.max(horizon, seq);
  }

  @Override
  public synchronized List<Event> after(long seq, int limit) {
    return events.stream().filter(e -> e.seq() > seq).limit(limit).toList();
  }

  @Override
  public synchronized List<Event> after(long seq, Set<String> topics, int limit) {
    return events.stream().filter(e -> e.seq() > seq && topics.contains(e.topic())).limit(limit).toList();
  }

  @Override
  public synchronized long lastSeq() {
    return last;
  }

  @Override
  public synchronized long horizon(Set<String> topics) {
    return horizon;
  }
}

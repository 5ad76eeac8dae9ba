package io.switchboard.hub;

import io.switchboard.model.Event;
import io.switchboard.model.Topic;
import io.switchboard.session.Frame;
import io.switchboard.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * One subscription of one session to one or more topics. It starts "catching up": live events
 * from the hub are parked while the log is replayed from the start cursor; then the parked events
 * are flushed and it goes live. Every delivery goes through {@link #deliver}, which drops anything
 * at or below the last delivered sequence number, so the overlap between the replay and the live
 * feed is never delivered twice, and order is the log's.
 */
public final class Subscription {
  /** Live events parked while catching up; past this many the replay re-reads them from the log. */
  static final int MAX_PARKED = 4096;

  private final String id;
  private final Session session;
  private final List<Topic> topics;
  private long delivered;
  private List<Event> parked = new ArrayList<>();
  private boolean overflowed;
  private final CompletableFuture<Void> live = new CompletableFuture<>();

  Subscription(String id, Session session, List<Topic> topics, long start) {
    this.id = id;
    this.session = session;
    this.topics = List.copyOf(topics);
    this.delivered = start;
  }

  public String id() {
    return id;
  }

  public List<Topic> topics() {
    return topics;
  }

  Session session() {
    return session;
  }

  Set<String> logTopics() {
    return topics.stream().map(Topic::logTopic).collect(Collectors.toSet());
  }

  boolean matches(Event event) {
    for (Topic topic : topics) {
      if (topic.matches(event)) {
        return true;
      }
    }
    return false;
  }

  /** An event from the hub, in log order; {@code json} is its encoding shared by all subscribers. */
  synchronized void live(Event event, String json) {
    if (parked == null) {
      deliver(event, json);
    } else if (parked.size() < MAX_PARKED) {
      parked.add(event);
    } else {
      overflowed = true;
    }
  }

  /** An event read back from the log while catching up, in log order. */
  synchronized void replayed(Event event) {
    deliver(event, event.toJson().toString());
  }

  /** The position to replay from next. */
  synchronized long position() {
    return delivered;
  }

  /**
   * Ends the catch-up if nothing was lost while parking: flushes the parked events and goes live.
   * Returns false if parking overflowed; the caller then reads the log again from {@link #position}.
   */
  synchronized boolean goLive() {
    if (overflowed) {
      overflowed = false;
      parked.clear();
      return false;
    }
    List<Event> flush = parked;
    parked = null;
    flush.forEach(event -> deliver(event, event.toJson().toString()));
    live.complete(null);
    return true;
  }

  /** Completes when the catch-up is over and events flow live. */
  public CompletionStage<Void> whenLive() {
    return live;
  }

  /** Sets where delivery starts; called once, before the catch-up. */
  synchronized void startAt(long seq) {
    delivered = seq;
  }

  /**
   * Tells the subscriber its cursor is not in the retained log (older than its horizon, or from
   * a different log), then continues from {@code now}.
   */
  synchronized void reset(long now, String json) {
    delivered = now;
    session.offer(new Frame(Frame.Kind.EVENT, Long.toString(now), "reset", json, id));
  }

  private void deliver(Event event, String json) {
    if (event.seq() <= delivered) {
      return;
    }
    delivered = event.seq();
    session.offer(new Frame(Frame.Kind.EVENT, Long.toString(event.seq()), event.type(), json, id));
  }
}

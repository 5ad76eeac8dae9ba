package io.switchboard.hub;

import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Query;
import io.switchboard.model.Topic;
import io.switchboard.protocol.EncodedEvent;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One named subscription of one receiver to one or more topics. It starts "catching up": live
 * events from its hub lane are parked while the log is replayed from the start cursor; then the
 * parked events are flushed and it goes live. Every delivery goes through {@link #frameFor},
 * which drops anything at or below the last delivered sequence number, so the overlap between the
 * replay and the live feed is never delivered twice, and order is the log's.
 *
 * <p>Threads: live events come from one hub lane only; replays from one catch-up thread; the two
 * hand over under this object's lock, which only guards the bookkeeping: frames are offered to the
 * receiver after the lock is released, so no sender ever waits for another's write. Replays wait
 * for room in the receiver's queue (back-pressure); live events never wait: a full queue cuts the
 * receiver off.
 */
public final class Subscription {
  /** Live events parked while catching up; past this many the replay re-reads them from the log. */
  static final int MAX_PARKED = 4096;
  /** How long a replay waits for a client to make room in its queue before cutting it off. */
  static final Duration REPLAY_PATIENCE = Duration.ofSeconds(30);

  private final String name;
  private final String quotedName;
  private final Receiver receiver;
  private final List<Topic> topics;
  private final Set<String> logTopics;
  private final List<Query.Filter> filter;
  private final Visibility visibility;
  private final boolean presence;
  private volatile boolean active = true;
  /** Guarded by this: the last sequence number delivered or passed over. */
  private long delivered;
  /** Guarded by this: live events waiting for the catch-up to end; null once live. */
  private List<EncodedEvent> parked = new ArrayList<>();
  private boolean overflowed;

  /**
   * @param name     the subscription's name on its connection; every event it delivers carries it as {@code sub}
   * @param filter   a live query over collection topics, or empty
   * @param visibility which events the subscriber may see, asked per event
   * @param presence whether it also receives joins and leaves on its topics
   */
  public Subscription(String name, Receiver receiver, List<Topic> topics, List<Query.Filter> filter,
                      Visibility visibility, boolean presence) {
    this.name = name;
    this.quotedName = Wire.quote(name);
    this.receiver = receiver;
    this.topics = List.copyOf(topics);
    this.logTopics = this.topics.stream().map(Topic::logTopic).collect(Collectors.toUnmodifiableSet());
    this.filter = List.copyOf(filter);
    this.visibility = visibility;
    this.presence = presence;
  }

  public String name() {
    return name;
  }

  public List<Topic> topics() {
    return topics;
  }

  public Receiver receiver() {
    return receiver;
  }

  /** The quoted name, appended to shared event encodings. */
  String quotedName() {
    return quotedName;
  }

  public boolean wantsPresence() {
    return presence;
  }

  Set<String> logTopics() {
    return logTopics;
  }

  boolean matches(Event event) {
    for (Topic topic : topics) {
      if (topic.matches(event)) {
        return true;
      }
    }
    return false;
  }

  /** A join or leave of {@code who} on {@code topic}. */
  void presence(Topic topic, String action, Receiver who) {
    if (active) {
      receiver.offer(Wire.presence(topic.name(), action, who.peer().principal(), who.id(), name));
    }
  }

  /** An event from this subscription's hub lane, in log order. Never blocks. */
  void live(EncodedEvent event) {
    Frame frame;
    synchronized (this) {
      if (parked != null) {
        if (parked.size() < MAX_PARKED) {
          parked.add(event);
        } else {
          overflowed = true;
        }
        return;
      }
      frame = frameFor(event);
    }
    if (frame != null) {
      receiver.offer(frame);
    }
  }

  /** An event read back from the log while catching up, in log order; the catch-up thread's alone. */
  void replayed(EncodedEvent event) {
    Frame frame;
    synchronized (this) {
      frame = frameFor(event);
    }
    if (frame != null) {
      receiver.offerWaiting(frame, REPLAY_PATIENCE);
    }
  }

  /** The position to replay from next. */
  synchronized long position() {
    return delivered;
  }

  /**
   * Ends the catch-up: flushes the parked live events (with back-pressure) until none are left,
   * then goes live. Returns false if parking overflowed meanwhile; the caller then reads the log
   * again from {@link #position}.
   */
  boolean goLive() {
    while (true) {
      List<EncodedEvent> batch;
      synchronized (this) {
        if (overflowed) {
          overflowed = false;
          parked.clear();
          return false;
        }
        if (parked.isEmpty()) {
          parked = null;
          return true;
        }
        batch = parked;
        parked = new ArrayList<>();
      }
      batch.forEach(this::replayed);
    }
  }

  /** Sets where delivery starts; called once, before the catch-up. */
  synchronized void startAt(long seq) {
    delivered = seq;
  }

  /**
   * Tells the subscriber its cursor is not in the retained log (older than its horizon, or from
   * a different log), then continues from {@code now}.
   */
  void reset(long now) {
    synchronized (this) {
      delivered = now;
    }
    receiver.offer(Wire.reset(now, topics.get(0).name(), name));
  }

  /**
   * Tells the subscriber the server ended this subscription (its access was withdrawn); the
   * caller then ends it.
   */
  public void revoked(String detail) {
    receiver.offer(Wire.unsubscribed(topics.get(0).name(), name, "forbidden", detail));
  }

  /** Ended by an unsubscribe or the connection's close: delivers nothing more, and a catch-up stops. */
  void end() {
    active = false;
  }

  boolean isActive() {
    return active && receiver.isOpen();
  }

  /** The frame to deliver for an event, or null (seen already, or not in a live query's view). */
  private Frame frameFor(EncodedEvent encoded) {
    Event event = encoded.event();
    if (!active || event.seq() <= delivered) {
      return null;
    }
    delivered = event.seq();
    EventType type = view(filter, visibility, event);
    return type == null ? null : Wire.event(encoded, type, name, quotedName);
  }

  /**
   * The type of the event as a subscriber with {@code filter} and {@code visibility} sees it, or
   * null if it does not concern it. A document is in the subscriber's view when it may see it and
   * it matches the filter (a live query): one that enters the view by an update arrives as
   * {@code enter}, one that leaves it as {@code leave} (without its new body, which the subscriber
   * may not be allowed to see), and changes outside the view are not delivered at all. A delete is
   * judged on the document before it.
   */
  static EventType view(List<Query.Filter> filter, Visibility visibility, Event event) {
    if (event.type() == EventType.MESSAGE) {
      return visibility.sees(event.topic(), null) ? EventType.MESSAGE : null;
    }
    if (filter.isEmpty() && visibility == Visibility.ALL) {
      return event.type();
    }
    boolean before = event.previous() != null && visibility.sees(event.topic(), event.previous())
        && DocumentFilter.matches(filter, event.previous());
    boolean after = event.data() != null && visibility.sees(event.topic(), event.data())
        && DocumentFilter.matches(filter, event.data());
    if (before && after) {
      return event.type();
    }
    if (after) {
      return event.type() == EventType.CREATED ? EventType.CREATED : EventType.ENTER;
    }
    if (before) {
      return event.type() == EventType.DELETED ? EventType.DELETED : EventType.LEAVE;
    }
    return null;
  }
}

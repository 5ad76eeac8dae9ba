package io.switchboard.hub;

import io.switchboard.model.Event;
import io.switchboard.model.Matcher;
import io.switchboard.model.Query;
import io.switchboard.model.Topic;
import io.switchboard.session.Frame;
import io.switchboard.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * One subscription of one session to one or more topics. It starts "catching up": live events
 * from the hub are parked while the log is replayed from the start cursor; then the parked events
 * are flushed and it goes live. Every delivery goes through {@link #frameFor}, which drops anything
 * at or below the last delivered sequence number, so the overlap between the replay and the live
 * feed is never delivered twice, and order is the log's. Replays wait for room in the session's
 * queue (back-pressure); live events never wait: a full queue cuts the client off.
 */
public final class Subscription {
  /** Live events parked while catching up; past this many the replay re-reads them from the log. */
  static final int MAX_PARKED = 4096;
  /** How long a replay waits for a client to make room in its queue before cutting it off. */
  static final Duration REPLAY_PATIENCE = Duration.ofSeconds(30);

  private final String id;
  private final Session session;
  private final List<Topic> topics;
  private final List<Query.Filter> filter;
  private final boolean presence;
  private long delivered;
  private List<Event> parked = new ArrayList<>();
  private boolean overflowed;
  private volatile boolean active = true;
  private final CompletableFuture<Void> live = new CompletableFuture<>();

  Subscription(String id, Session session, List<Topic> topics, List<Query.Filter> filter, boolean presence) {
    this.id = id;
    this.session = session;
    this.topics = List.copyOf(topics);
    this.filter = List.copyOf(filter);
    this.presence = presence;
  }

  boolean wantsPresence() {
    return presence;
  }

  /** A join or leave on one of its topics: ephemeral (not in the log), so it carries no cursor. */
  void presence(String json) {
    session.offer(new Frame(Frame.Kind.EVENT, null, "presence", json, id));
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
      Frame frame = frameFor(event, json);
      if (frame != null) {
        session.offer(frame);
      }
    } else if (parked.size() < MAX_PARKED) {
      parked.add(event);
    } else {
      overflowed = true;
    }
  }

  /**
   * An event read back from the log while catching up, in log order. Only the catch-up thread
   * calls it; it waits for room in the session's queue without holding this subscription's lock, so
   * the hub is never held up by a replay.
   */
  void replayed(Event event) {
    Frame frame;
    synchronized (this) {
      frame = frameFor(event, event.toJson().toString());
    }
    if (frame != null) {
      session.offerWaiting(frame, REPLAY_PATIENCE);
    }
  }

  /** The position to replay from next. */
  synchronized long position() {
    return delivered;
  }

  /**
   * Ends the catch-up: flushes the parked live events (outside the lock, with back-pressure) until
   * none are left, then goes live. Returns false if parking overflowed meanwhile; the caller then
   * reads the log again from {@link #position}.
   */
  boolean goLive() {
    while (true) {
      List<Event> batch;
      synchronized (this) {
        if (overflowed) {
          overflowed = false;
          parked.clear();
          return false;
        }
        if (parked.isEmpty()) {
          parked = null;
          live.complete(null);
          return true;
        }
        batch = parked;
        parked = new ArrayList<>();
      }
      batch.forEach(this::replayed);
    }
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

  /** Ended by an unsubscribe or the session's close: delivers nothing more, and a catch-up stops. */
  void end() {
    active = false;
  }

  boolean isActive() {
    return active && session.isOpen();
  }

  /** The frame to deliver for an event, or null (seen already, or not in a live query's view). */
  private Frame frameFor(Event event, String json) {
    if (!active || event.seq() <= delivered) {
      return null;
    }
    delivered = event.seq();
    String type = view(filter, event);
    if (type == null) {
      return null;
    }
    String encoded = type.equals(event.type()) ? json : event.toJson(type).toString();
    return new Frame(Frame.Kind.EVENT, Long.toString(event.seq()), type, encoded, id);
  }

  /**
   * The type of the event as a subscriber with {@code filter} sees it, or null if it does not
   * concern it. With a filter (a live query), a document that starts matching after an update
   * arrives as {@code enter}, one that stops matching as {@code leave}, and changes outside the
   * result are not delivered at all.
   */
  static String view(List<Query.Filter> filter, Event event) {
    if (filter.isEmpty() || "message".equals(event.type())) {
      return event.type();
    }
    boolean before = event.previous() != null && Matcher.matches(filter, event.previous());
    boolean after = event.data() != null && Matcher.matches(filter, event.data());
    if (before && after) {
      return event.type();
    }
    if (after) {
      return "created".equals(event.type()) ? "created" : "enter";
    }
    if (before) {
      return "deleted".equals(event.type()) ? "deleted" : "leave";
    }
    return null;
  }
}

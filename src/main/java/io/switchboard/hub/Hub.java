package io.switchboard.hub;

import io.switchboard.model.Cursor;
import io.switchboard.model.EventType;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.protocol.EncodedEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Matches committed events to subscriptions and delivers them, built from four parts, each one
 * concept: the {@link Dispatcher} (the log tail and one fan-out lane per core), the
 * {@link SubscriptionIndex}, {@link Presence}, and the {@link LogView} (stateless pages and
 * catch-ups). Thread-safe. Connections own their subscriptions and tell the hub when one starts
 * or ends; the hub only indexes and feeds them.
 */
public final class Hub implements AutoCloseable {
  private final SubscriptionIndex index;
  private final Dispatcher dispatcher;
  private final Presence presence;
  private final LogView view;

  /** A hub with {@code lanes} fan-out threads. */
  public Hub(EventLog log, int lanes) {
    this.index = new SubscriptionIndex(lanes);
    this.view = new LogView(log);
    this.presence = new Presence(index);
    this.dispatcher = new Dispatcher(log, index);
  }

  /** Called after a commit, from any thread: the dispatcher reads the log now. Never blocks. */
  public void wake() {
    dispatcher.wake();
  }

  /**
   * The log's current position. A transport resolves "from now" with it <em>before</em> it
   * acknowledges a subscription, so anything the client does after the acknowledgment is delivered.
   */
  public Cursor now() {
    return view.now();
  }

  /**
   * Starts a subscription: indexes it (so live events from now on reach it), runs
   * {@code beforeFirstEvent} (a transport's acknowledgment, which thus precedes every event),
   * announces {@code joined} (the topics its receiver did not hold before) to presence watchers,
   * then replays the log after {@code from} before going live.
   */
  public void start(Subscription subscription, Cursor from, Runnable beforeFirstEvent, Collection<Topic> joined) {
    index.add(subscription);
    if (!subscription.isActive()) {
      index.remove(subscription); // its connection closed meanwhile, and found nothing to remove
      return;
    }
    beforeFirstEvent.run();
    presence.announce(subscription.receiver(), joined, "join");
    view.catchUp(subscription, from);
  }

  /** Ends a subscription (idempotent) and announces {@code left}: the topics its receiver no longer holds. */
  public void end(Subscription subscription, Collection<Topic> left) {
    subscription.end();
    if (index.remove(subscription)) {
      presence.announce(subscription.receiver(), left, "leave");
    }
  }

  /** Who is subscribed to {@code topic}: the ids of the live connections per principal (this node's). */
  public Map<String, SortedSet<String>> presence(Topic topic) {
    return presence.members(topic);
  }

  /** One event as a stateless reader sees it: its sequence number, its type in the reader's view, its encoding. */
  public record Item(long seq, EventType type, EncodedEvent event) {
    /** The event's JSON naming subscription {@code quotedSub} (quoted; null for none). */
    public String json(String quotedSub) {
      return event.json(type, quotedSub);
    }
  }

  /** The result of {@link #read}: events in log order, and the cursor to read from next. */
  public record Batch(List<Item> items, Cursor next) {}

  /**
   * A stateless read of the log for consumers that keep their own cursor (long-poll, webhooks): at
   * most {@code limit} events after {@code from} on {@code topics}, as a subscriber with
   * {@code filter} and {@code visibility} sees them. The next cursor is the last event examined, so events outside the
   * view are skipped once and for all; if nothing matched, the next cursor may still move on.
   *
   * @throws SwitchboardException {@code CURSOR_EXPIRED} if {@code from} is older than the retained
   *         log of these topics or beyond its end
   */
  public Batch read(Cursor from, List<Topic> topics, List<Query.Filter> filter, Visibility visibility, int limit) {
    return view.read(from, topics, filter, visibility, limit);
  }

  @Override
  public void close() {
    dispatcher.close();
    view.close();
  }
}

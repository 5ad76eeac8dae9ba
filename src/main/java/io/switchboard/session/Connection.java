package io.switchboard.session;

import io.switchboard.hub.Receiver;
import io.switchboard.hub.Subscription;
import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.model.Peer;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One live connection of any transport, opened through the door ({@link Realtime#connect}). It
 * owns its subscriptions: the hub indexes them, and the topics {@code /admin/sessions} and presence
 * report are derived from them. Its frames go through one {@link OutboundQueue}: bounded, with a
 * single writer. A connection whose queue overflows is closed as a {@link Disconnect#SLOW_CONSUMER};
 * since every event is in the log, the client resumes from its cursor and loses nothing.
 */
public final class Connection implements Receiver {
  private final String id;
  private final long serial;
  private final Peer peer;
  private final Outbound outbound;
  private final Realtime realtime;
  private final Instant connectedAt = Instant.now();
  private final Cursor openedAt;
  private final OutboundQueue queue;
  private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
  /** Guarded by itself. Emptied for good when the connection closes. */
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private boolean ended;
  /** The credential the session runs on: the peer's, until a WebSocket client refreshes it in-band. */
  private volatile Identity identity;

  Connection(String id, long serial, Peer peer, Outbound outbound, Realtime realtime, Writers writers, int maxQueue,
             Cursor openedAt) {
    this.openedAt = openedAt;
    this.id = id;
    this.serial = serial;
    this.peer = peer;
    this.identity = peer.identity();
    this.outbound = outbound;
    this.realtime = realtime;
    this.queue = new OutboundQueue(id, outbound, writers, maxQueue, this::close);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public long serial() {
    return serial;
  }

  @Override
  public Peer peer() {
    return peer;
  }

  /** The credential this session currently runs on. */
  public Identity identity() {
    return identity;
  }

  /**
   * Replaces the session's credential with a fresh one of the same principal (an in-band token
   * refresh), moving its expiry. A credential of anyone else closes the session as
   * {@link Disconnect#WRONG_PRINCIPAL} and returns false.
   */
  public boolean reauthenticate(Identity fresh) {
    if (!fresh.user().equals(identity.user())) {
      close(Disconnect.WRONG_PRINCIPAL);
      return false;
    }
    identity = fresh;
    return true;
  }

  public String transport() {
    return outbound.transport();
  }

  /** The log's position when the connection opened: the cursor of its welcome. */
  public Cursor openedAt() {
    return openedAt;
  }

  /**
   * Subscribes this connection to {@code interest}, validated the same way for every transport:
   * 1 to the configured number of topics (default {@value Realtime#MAX_TOPICS}), a filter only on collection topics, a parseable cursor
   * (absent: from now), a unique name, at most the configured number of subscriptions.
   * {@code acknowledge} runs before the subscription's first event is queued (a WebSocket reply).
   *
   * @throws SwitchboardException if the interest is refused; nothing changed then
   */
  public Subscribed subscribe(Interest interest, Consumer<Subscribed> acknowledge) {
    return realtime.subscribe(this, interest, acknowledge);
  }

  public Subscribed subscribe(Interest interest) {
    return subscribe(interest, subscribed -> { });
  }

  /** Ends the subscription named {@code sub}; {@link Problem#NOT_FOUND} if there is none. */
  public void unsubscribe(String sub) {
    Subscription subscription;
    List<Topic> left;
    synchronized (subscriptions) {
      subscription = subscriptions.remove(sub);
      if (subscription == null) {
        throw new SwitchboardException(Problem.NOT_FOUND, "No subscription '" + sub + "' on this connection.");
      }
      left = notHeld(subscription.topics());
    }
    realtime.hub().end(subscription, left);
  }

  /**
   * Adds a subscription; returns the topics this connection did not hold before (it joins them),
   * or null if the connection has closed meanwhile (nothing was added).
   */
  List<Topic> add(Subscription subscription, int max) {
    synchronized (subscriptions) {
      if (ended) {
        return null;
      }
      if (subscriptions.containsKey(subscription.name())) {
        throw new SwitchboardException(Problem.CONFLICT,
            "Subscription '" + subscription.name() + "' already exists on this connection.");
      }
      if (subscriptions.size() >= max) {
        throw new SwitchboardException(Problem.LIMIT_EXCEEDED,
            "This connection already has the maximum of " + max + " subscriptions.");
      }
      List<Topic> joined = notHeld(subscription.topics());
      subscriptions.put(subscription.name(), subscription);
      return joined;
    }
  }

  /**
   * Ends, each with an {@code unsubscribed} frame, the subscriptions for which {@code refusal}
   * gives a reason (it returns null for those still allowed).
   */
  void endRefused(Function<Subscription, String> refusal) {
    List<Subscription> held;
    synchronized (subscriptions) {
      held = new ArrayList<>(subscriptions.values());
    }
    for (Subscription s : held) {
      String reason = refusal.apply(s);
      if (reason != null) {
        s.revoked(reason);
        try {
          unsubscribe(s.name());
        } catch (SwitchboardException ignored) {
          // the client unsubscribed (or the connection closed) meanwhile: it is gone either way
        }
      }
    }
  }

  /** Ends every subscription, for good, announcing each topic's leave once. */
  private void endAll() {
    List<Map.Entry<Subscription, List<Topic>>> ended = new ArrayList<>();
    synchronized (subscriptions) {
      this.ended = true;
      for (Subscription s : new ArrayList<>(subscriptions.values())) {
        subscriptions.remove(s.name());
        ended.add(Map.entry(s, notHeld(s.topics())));
      }
    }
    ended.forEach(e -> realtime.hub().end(e.getKey(), e.getValue()));
  }

  /** Of {@code topics}, those no subscription of this connection holds. Call with the lock held. */
  private List<Topic> notHeld(Collection<Topic> topics) {
    Set<Topic> held = new LinkedHashSet<>();
    subscriptions.values().forEach(s -> held.addAll(s.topics()));
    return topics.stream().filter(t -> !held.contains(t)).distinct().toList();
  }

  @Override
  public boolean isOpen() {
    return queue.isOpen();
  }

  /**
   * Queues a frame for the writer; never blocks (for a non-blocking transport it may write on the
   * caller's thread). Returns false if the connection is closed, or has just been closed because
   * its queue is full.
   */
  @Override
  public boolean offer(Frame frame) {
    return queue.offer(frame);
  }

  /**
   * Like {@link #offer}, but waits up to {@code patience} for room in the queue: for replays from
   * the log, which may produce events faster than any client reads them. Never call it from the hub's lanes.
   */
  @Override
  public boolean offerWaiting(Frame frame, Duration patience) {
    return queue.offerWaiting(frame, patience);
  }

  /**
   * Closes once: wakes any replay waiting for room, ends every subscription, runs the close hooks,
   * then has the transport tell the peer (see {@link OutboundQueue#closeTransport}).
   */
  @Override
  public void close(Disconnect reason) {
    if (queue.shut(reason)) {
      endAll();
      onClose.forEach(Runnable::run);
      queue.closeTransport(reason);
    }
  }

  /** Runs {@code hook} when the connection closes (at once if it already has). */
  public void onClose(Runnable hook) {
    onClose.add(hook);
    if (!isOpen() && onClose.remove(hook)) {
      hook.run();
    }
  }

  /** A snapshot for the admin API; topics and subscriptions are derived from the subscriptions it holds. */
  public Info info() {
    Map<String, List<String>> subs = new TreeMap<>();
    Set<String> topics = new TreeSet<>();
    synchronized (subscriptions) {
      subscriptions.values().forEach(s -> {
        List<String> names = s.topics().stream().map(Topic::name).toList();
        subs.put(s.name(), names);
        topics.addAll(names);
      });
    }
    Identity current = identity;
    return new Info(id, transport(), current.user(), current.scheme(), current.expiresAt(), peer.remoteAddress(),
        Set.copyOf(topics), subs, connectedAt, queue.messagesSent(), queue.bytesSent(), queue.depth());
  }

  /** What {@code GET /admin/sessions} shows of a connection. */
  public record Info(String id, String transport, String principal, String scheme, Instant expiresAt,
                     String remoteAddress, Set<String> topics,
                     Map<String, List<String>> subscriptions, Instant connectedAt, long messagesSent, long bytesSent,
                     int queueDepth) {}
}

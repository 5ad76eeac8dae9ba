package io.switchboard.session;

import io.switchboard.access.Access;
import io.switchboard.access.Action;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Subscription;
import io.switchboard.hub.Visibility;
import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.model.Peer;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one door into the realtime core, and the registry of every live connection of every
 * transport. A transport {@linkplain #connect connects} (its outbound side and who the peer is),
 * then subscribes the connection with {@link Interest}s, which are validated here once for every
 * transport, with one set of error codes, and authorized by the {@link Access} rules: a topic the
 * caller may not subscribe to (or watch the presence of) is refused, and every event a subscription
 * is sent is checked against its connection's current identity ({@link Visibility}). When the rules
 * or a user's roles change, subscriptions no longer allowed end with an {@code unsubscribed} frame
 * (reason {@code forbidden}); their connections stay. Thread-safe; no lock is held while a
 * connection sends or closes.
 */
public final class Realtime {
  /** Topics one subscription may name unless configured otherwise. */
  public static final int MAX_TOPICS = 32;
  private static final int MAX_NAME = 64;

  private final Hub hub;
  private final Access access;
  private final Function<Map<String, List<String>>, List<Query.Filter>> liveQuery;
  private final int maxQueue;
  private final int maxSubscriptions;
  private final int maxTopics;
  private final Writers writers = new Writers();
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final AtomicLong serials = new AtomicLong();

  /**
   * @param liveQuery        parses live-query parameters in the list-query syntax (the document service's)
   * @param maxQueue         the outbound queue bound of each connection, in frames
   * @param maxSubscriptions subscriptions one connection may hold
   */
  public Realtime(Hub hub, Access access, Function<Map<String, List<String>>, List<Query.Filter>> liveQuery,
                  int maxQueue, int maxSubscriptions) {
    this(hub, access, liveQuery, maxQueue, maxSubscriptions, MAX_TOPICS);
  }

  /** @param maxTopics topics one subscription may name */
  public Realtime(Hub hub, Access access, Function<Map<String, List<String>>, List<Query.Filter>> liveQuery,
                  int maxQueue, int maxSubscriptions, int maxTopics) {
    this.hub = hub;
    this.access = access;
    access.onChange(this::recheck);
    this.liveQuery = liveQuery;
    this.maxQueue = maxQueue;
    this.maxSubscriptions = maxSubscriptions;
    this.maxTopics = maxTopics;
  }

  Hub hub() {
    return hub;
  }

  /**
   * Opens a connection and queues its welcome frame ({@code {"op":"welcome","session","cursor"}},
   * with the log's current position, {@link Connection#openedAt}: an HTTP stream's subscriptions
   * without a cursor start there, so the stream misses nothing from its welcome on, and resuming
   * from the welcome's cursor loses nothing). It leaves the registry when it closes.
   */
  public Connection connect(Outbound outbound, Peer peer) {
    String id = UUID.randomUUID().toString();
    Cursor now = hub.now();
    Connection connection = new Connection(id, serials.incrementAndGet(), peer, outbound, this, writers, maxQueue,
        now);
    connections.put(id, connection);
    connection.onClose(() -> connections.remove(id));
    connection.offer(Wire.welcome(id, now));
    return connection;
  }

  /**
   * Checks interests a transport is about to subscribe one connection to, all at once and before it
   * connects (an HTTP stream must refuse a bad request before its status line is sent): each must
   * be valid and allowed to {@code caller}, names unique, and no more than a connection may hold.
   */
  public void check(Identity caller, List<Interest> interests) {
    Set<String> names = new HashSet<>();
    for (Interest interest : interests) {
      authorize(caller, validate(interest).topics(), interest.presence());
      if (!names.add(interest.sub())) {
        throw new SwitchboardException(Problem.CONFLICT, "Subscription '" + interest.sub() + "' is given twice.");
      }
    }
    if (interests.isEmpty()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "Give at least one topic to subscribe to.");
    }
    if (interests.size() > maxSubscriptions) {
      throw new SwitchboardException(Problem.LIMIT_EXCEEDED,
          "At most " + maxSubscriptions + " subscriptions per connection.");
    }
  }

  Subscribed subscribe(Connection connection, Interest interest, Consumer<Subscribed> acknowledge) {
    Valid valid = validate(interest);
    authorize(connection.identity(), valid.topics(), interest.presence());
    Cursor from = valid.from() == null ? hub.now() : valid.from();
    Subscription subscription = new Subscription(interest.sub(), connection, valid.topics(), valid.filter(),
        visibility(connection::identity), interest.presence());
    Subscribed subscribed = new Subscribed(interest.sub(), valid.topics(), from);
    List<Topic> joined = connection.add(subscription, maxSubscriptions);
    if (joined != null) {
      hub.start(subscription, from, () -> acknowledge.accept(subscribed), joined);
    }
    return subscribed;
  }

  private record Valid(List<Topic> topics, List<Query.Filter> filter, Cursor from) {}

  private Valid validate(Interest interest) {
    String sub = interest.sub();
    if (sub == null || sub.isBlank() || sub.length() > MAX_NAME) {
      throw invalid("A subscription needs a name (\"sub\") of 1 to " + MAX_NAME + " characters to tag its events.");
    }
    if (interest.topics().isEmpty() || interest.topics().size() > maxTopics) {
      throw invalid("Give 1 to " + maxTopics + " topics per subscription.");
    }
    List<Topic> topics = interest.topics().stream().map(Topic::parse).toList();
    List<Query.Filter> filter = liveQuery.apply(interest.filter());
    if (!filter.isEmpty() && topics.stream().anyMatch(t -> t.isChannel() || t.documentId() != null)) {
      throw invalid("A filter applies to collection topics only.");
    }
    Cursor from = interest.cursor() == null || interest.cursor().isBlank() ? null : Cursor.parse(interest.cursor());
    return new Valid(topics, filter, from);
  }

  /**
   * Refuses topics {@code caller} may not subscribe to: a channel namespace's {@code subscribe}
   * (and {@code presence}, to watch it) rule, a collection's {@code subscribe} and {@code read}
   * rules (whose {@code owner} grants are then applied per event). 401 anonymous, 403 otherwise.
   */
  private void authorize(Identity caller, List<Topic> topics, boolean presence) {
    for (Topic topic : topics) {
      if (topic.isChannel()) {
        access.requireChannel(caller, topic.namespace(), Action.SUBSCRIBE);
        if (presence) {
          access.requireChannel(caller, topic.namespace(), Action.PRESENCE);
        }
      } else {
        access.require(caller, topic.collection(), Action.SUBSCRIBE);
        access.require(caller, topic.collection(), Action.READ);
      }
    }
  }

  /** What a subscriber whose identity {@code who} gives may see, decided anew for every event. */
  private Visibility visibility(Supplier<Identity> who) {
    return (topic, document) -> document == null
        ? access.channelAllows(who.get(), topic.substring(0, topic.indexOf(':')), Action.SUBSCRIBE)
        : access.sees(who.get(), topic, document);
  }

  /** Ends, on every connection, the subscriptions its identity no longer allows. */
  private void recheck() {
    connections.values().forEach(this::recheck);
  }

  private void recheck(Connection connection) {
    connection.endRefused(s -> {
      try {
        authorize(connection.identity(), s.topics(), s.wantsPresence());
        return null;
      } catch (SwitchboardException refused) {
        return refused.getMessage();
      }
    });
  }

  /**
   * The rights behind some credentials changed (a user's roles): every connection whose identity
   * matches {@code which} runs with {@code fresh}'s from now on, and ends the subscriptions that
   * no longer allows.
   */
  public void reauthorize(Predicate<Identity> which, UnaryOperator<Identity> fresh) {
    for (Connection c : connections.values()) {
      Identity current = c.identity();
      if (which.test(current)) {
        c.reauthenticate(fresh.apply(current));
        recheck(c);
      }
    }
  }

  /** Who is subscribed to {@code topic} (see {@link Hub#presence}), for a caller allowed to watch it. */
  public Map<String, SortedSet<String>> presence(Identity caller, String topic) {
    Topic parsed = Topic.parse(topic);
    authorize(caller, List.of(parsed), true);
    return hub.presence(parsed);
  }

  private static SwitchboardException invalid(String detail) {
    return new SwitchboardException(Problem.INVALID_REQUEST, detail);
  }

  /**
   * A stateless read for a consumer that keeps its own cursor (long-poll, webhooks): up to
   * {@code limit} events after the interest's cursor (required), as its subscription would see them.
   * The interest is validated and authorized as a subscription of {@code caller}'s, and the
   * events are those it may see; see {@link Hub#read} for the rest.
   */
  public Hub.Batch read(Identity caller, Interest interest, int limit) {
    Valid valid = validate(interest);
    authorize(caller, valid.topics(), false);
    if (valid.from() == null) {
      throw invalid("A read needs a cursor.");
    }
    return hub.read(valid.from(), valid.topics(), valid.filter(), visibility(() -> caller), limit);
  }

  /** The log's current position (see {@link Hub#now}). */
  public Cursor now() {
    return hub.now();
  }

  public Optional<Connection> find(String id) {
    return Optional.ofNullable(connections.get(id));
  }

  /** Connections, oldest first, optionally only of one transport and/or holding one topic. */
  public List<Connection.Info> list(String transport, String topic) {
    return connections.values().stream().map(Connection::info)
        .filter(info -> transport == null || info.transport().equals(transport))
        .filter(info -> topic == null || info.topics().contains(topic))
        .sorted(Comparator.comparing(Connection.Info::connectedAt).thenComparing(Connection.Info::id))
        .toList();
  }

  /**
   * Offers a heartbeat frame to every connection every {@code interval} (an SSE comment, a WebSocket
   * ping): keeps idle connections alive through proxies and finds dead peers by failed writes.
   */
  public void startHeartbeats(Duration interval) {
    writers.timer.scheduleAtFixedRate(() -> connections.values().forEach(c -> c.offer(Frame.HEARTBEAT)),
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Closes, as {@code reason}, every connection whose current credential matches {@code which}
   * (a revoked user, key, session or token family); returns how many.
   */
  public int closeWhere(Predicate<Identity> which, Disconnect reason) {
    int closed = 0;
    for (Connection c : connections.values()) {
      if (which.test(c.identity())) {
        c.close(reason);
        closed++;
      }
    }
    return closed;
  }

  /** How many open connections have a current credential matching {@code which} (for connection limits). */
  public int countWhere(Predicate<Identity> which) {
    int count = 0;
    for (Connection c : connections.values()) {
      if (which.test(c.identity())) {
        count++;
      }
    }
    return count;
  }

  /**
   * Every {@code interval}, closes the connections whose credential has expired as
   * {@link Disconnect#EXPIRED}: the client reconnects with a fresh credential and its cursor.
   */
  public void startExpiry(Duration interval, Clock clock) {
    writers.timer.scheduleAtFixedRate(() -> closeWhere(identity -> identity.expired(clock.instant()), Disconnect.EXPIRED),
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes every connection (e.g. on shutdown), lets the writers finish their goodbyes, stops the threads. */
  public void closeAll(Disconnect reason) {
    connections.values().forEach(c -> c.close(reason));
    writers.shutdown();
  }

  /** The writer threads there are now: for tests. */
  int writerThreads() {
    return writers.threads();
  }
}

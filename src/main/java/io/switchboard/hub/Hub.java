package io.switchboard.hub;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Cursor;
import io.switchboard.model.Event;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Query;
import io.switchboard.model.Topic;
import io.switchboard.session.DaemonThreads;
import io.switchboard.session.Disconnect;
import io.switchboard.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans committed events out to subscriptions. One dispatcher thread tails the log in sequence
 * order (woken by {@link #wake()} after every local commit, and at least once a second, which also
 * picks up other nodes' commits) and hands each event, encoded once, to the matching
 * subscriptions; sessions queue it without blocking (an idle WebSocket session writes it at once,
 * on this thread: see {@link Session}). Catch-ups from a cursor run on a separate
 * small pool so a long replay never delays live delivery.
 *
 * <p>Thread-safe. The dispatcher holds no lock while a session sends.
 */
public final class Hub implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Hub.class.getName());
  private static final int PAGE = 512;
  /** How many pages a stateless read scans for an event in its view before it answers with none. */
  private static final int MAX_SCAN_PAGES = 8;

  private final EventLog log;
  private final Map<String, Set<Subscription>> byLogTopic = new ConcurrentHashMap<>();
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  /** Catch-ups wait for slow clients (back-pressure), so one stuck client must not hold up the others. */
  private final ExecutorService catchUps = Executors.newCachedThreadPool(DaemonThreads.named("switchboard-catch-up"));
  private final Thread dispatcher;
  private volatile boolean running = true;
  /** The last sequence number dispatched; the dispatcher thread's alone. */
  private long position;

  public Hub(EventLog log) {
    this.log = log;
    this.position = log.lastSeq();
    this.dispatcher = DaemonThreads.named("switchboard-hub").newThread(this::run);
    dispatcher.start();
  }

  /** Called after a commit, from any thread: the dispatcher reads the log now. Never blocks. */
  public void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  /**
   * The log's current position. A transport resolves "from now" with it <em>before</em> it
   * acknowledges a subscription, so anything the client does after the acknowledgment is delivered.
   */
  public Cursor now() {
    return new Cursor(log.lastSeq());
  }

  /**
   * Subscribes {@code session} to {@code topics} after {@code from}, replaying the log from there
   * before live events. A cursor older than the log's horizon (or beyond its end) gets a
   * {@code reset} event, then live events from now. A non-empty {@code filter} makes it a live
   * query over collection topics (see {@link Subscription}). The subscription ends when the session closes
   * or on {@link #unsubscribe}.
   */
  public Subscription subscribe(Session session, String id, List<Topic> topics, Cursor from,
                                List<Query.Filter> filter, boolean presence) {
    Objects.requireNonNull(from, "from: use now() for a subscription that starts now");
    Subscription subscription = new Subscription(id, session, topics, filter, presence);
    subscription.logTopics().forEach(topic ->
        byLogTopic.computeIfAbsent(topic, k -> ConcurrentHashMap.newKeySet()).add(subscription));
    topics.forEach(topic -> session.addTopic(topic.name()));
    session.onClose(() -> unsubscribe(subscription));
    catchUps.execute(() -> catchUp(subscription, from));
    announce(subscription, "join");
    return subscription;
  }

  /** Ends a subscription; idempotent. */
  public void unsubscribe(Subscription subscription) {
    subscription.end();
    boolean removed = false;
    for (String topic : subscription.logTopics()) {
      Set<Subscription> subscriptions = byLogTopic.get(topic);
      removed |= subscriptions != null && subscriptions.remove(subscription);
    }
    if (removed) {
      subscription.topics().forEach(topic -> subscription.session().removeTopic(topic.name()));
      announce(subscription, "leave");
    }
  }

  /**
   * Who is subscribed to {@code topic}: live sessions per principal. Presence is this node's; the
   * multi-node view arrives with the cluster bridge.
   */
  public Map<String, Long> presence(Topic topic) {
    return subscriptionsOf(topic).stream().map(Subscription::session).filter(Session::isOpen).distinct()
        .collect(Collectors.groupingBy(session -> session.info().principal(), TreeMap::new, Collectors.counting()));
  }

  private List<Subscription> subscriptionsOf(Topic topic) {
    Set<Subscription> candidates = byLogTopic.getOrDefault(topic.logTopic(), Set.of());
    return candidates.stream().filter(s -> s.topics().contains(topic)).toList();
  }

  /**
   * Tells the topic's presence-watching subscribers that {@code changed} joined or left. Cheap
   * when nobody watches: a thousand clients leaving a topic must not cost a million topic compares.
   */
  private void announce(Subscription changed, String action) {
    for (Topic topic : changed.topics()) {
      String text = null;
      for (Subscription s : byLogTopic.getOrDefault(topic.logTopic(), Set.of())) {
        if (s != changed && s.wantsPresence() && s.topics().contains(topic)) {
          if (text == null) {
            text = JsonNodeFactory.instance.objectNode().put("topic", topic.name()).put("type", "presence")
                .put("action", action).put("principal", changed.session().info().principal())
                .put("session", changed.session().id()).toString();
          }
          s.presence(text);
        }
      }
    }
  }

  /** One event as a stateless reader sees it: its sequence number, its type in the reader's view, its wire JSON. */
  public record Item(long seq, String type, String json) {}

  /** The result of {@link #read}: events in log order, and the cursor to read from next. */
  public record Batch(List<Item> items, Cursor next) {}

  /**
   * A stateless read of the log for consumers that keep their own cursor (long-poll, webhooks): at
   * most {@code limit} events after {@code from} on {@code topics}, as a subscriber with
   * {@code filter} sees them. The next cursor is the last event examined, so events outside the
   * view are skipped once and for all; if nothing matched, the next cursor may still move on.
   *
   * @throws SwitchboardException {@link Problem#CURSOR_EXPIRED} if {@code from} is older than the
   *         retained log of these topics or beyond its end
   */
  public Batch read(Cursor from, List<Topic> topics, List<Query.Filter> filter, int limit) {
    Set<String> logTopics = topics.stream().map(Topic::logTopic).collect(Collectors.toSet());
    if (from.seq() > log.lastSeq()) {
      throw expired(from);
    }
    List<Item> items = new ArrayList<>();
    long after = from.seq();
    for (int pages = 0; pages < MAX_SCAN_PAGES && items.isEmpty(); pages++) {
      List<Event> page = log.after(after, logTopics, limit);
      for (Event event : page) {
        after = event.seq();
        String type = topics.stream().anyMatch(t -> t.matches(event)) ? Subscription.view(filter, event) : null;
        if (type != null) {
          items.add(new Item(event.seq(), type, event.toJson(type).toString()));
        }
      }
      if (page.size() < limit) {
        break;
      }
    }
    // Checked after reading: the horizon only moves up, so a prune racing the read is caught here.
    if (from.seq() < log.horizon(logTopics)) {
      throw expired(from);
    }
    return new Batch(items, new Cursor(after));
  }

  private static SwitchboardException expired(Cursor from) {
    return new SwitchboardException(Problem.CURSOR_EXPIRED, "Cursor " + from
        + " is older than the retained log (or not from this log): fetch a new snapshot and continue from its cursor.");
  }

  /** Replays the log after the start (registered before reading, so nothing falls between). */
  private void catchUp(Subscription subscription, Cursor from) {
    try {
      long now = log.lastSeq();
      if (from.seq() < log.horizon(subscription.logTopics()) || from.seq() > now) {
        subscription.reset(now, resetJson(now, subscription));
      } else {
        subscription.startAt(from.seq());
      }
      do {
        replayFrom(subscription, subscription.position());
      } while (subscription.isActive() && !subscription.goLive());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Catch-up of subscription " + subscription.id() + " failed", e);
      subscription.session().close(Disconnect.SERVER_ERROR);
    }
  }

  private void replayFrom(Subscription subscription, long after) {
    List<Event> page;
    do {
      page = log.after(after, subscription.logTopics(), PAGE);
      for (Event event : page) {
        if (!subscription.isActive()) {
          return;
        }
        if (subscription.matches(event)) {
          subscription.replayed(event);
        }
        after = event.seq();
      }
    } while (page.size() == PAGE);
  }

  private static String resetJson(long now, Subscription subscription) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("cursor", Long.toString(now));
    json.put("topic", subscription.topics().get(0).name());
    json.put("type", "reset");
    json.put("detail", "The cursor is older than the retained log: fetch a new snapshot, then continue.");
    return json.toString();
  }

  private void run() {
    while (running) {
      try {
        wakeups.poll(1, TimeUnit.SECONDS);
        List<Event> batch;
        do {
          batch = log.after(position, PAGE);
          batch.forEach(this::dispatch);
        } while (batch.size() == PAGE && running);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "The hub could not read the event log; retrying", e);
      }
    }
  }

  private void dispatch(Event event) {
    position = event.seq();
    Set<Subscription> subscriptions = byLogTopic.get(event.topic());
    if (subscriptions == null || subscriptions.isEmpty()) {
      return;
    }
    String json = event.toJson().toString();
    for (Subscription subscription : subscriptions) {
      if (subscription.matches(event)) {
        subscription.live(event, json);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    catchUps.shutdownNow();
  }
}

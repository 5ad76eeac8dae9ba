package io.switchboard.session;

import io.switchboard.hub.Receiver;
import io.switchboard.hub.Subscription;
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
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One live connection of any transport, opened through the door ({@link Realtime#connect}). It
 * owns its subscriptions: the hub indexes them, and the topics {@code /admin/sessions} and presence
 * report are derived from them.
 *
 * <p>Frames are offered from any thread (hub lanes, replays, request handlers) into a bounded queue
 * that exactly one writer at a time drains into the transport, so the hub never blocks on a socket.
 * A transport whose writes block (Jersey's SSE sink) is written by the writer pool; a
 * {@linkplain Outbound#nonBlocking non-blocking} one (WebSocket) is written on the offering thread
 * when it is idle, and by the pool only to resume after a write the socket could not take at once.
 * No lock is held while writing. A connection whose queue overflows is closed as a
 * {@link Disconnect#SLOW_CONSUMER}; since every event is in the log, the client resumes from its
 * cursor and loses nothing.
 */
public final class Connection implements Receiver {
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final String id;
  private final long serial;
  private final Peer peer;
  private final Outbound outbound;
  private final Realtime realtime;
  private final Writers writers;
  private final int maxQueue;
  private final Instant connectedAt = Instant.now();
  private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore capacity;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicReference<Disconnect> closed = new AtomicReference<>();
  private final AtomicBoolean transportClosed = new AtomicBoolean();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
  /** Guarded by itself. Emptied for good when the connection closes. */
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private boolean ended;

  Connection(String id, long serial, Peer peer, Outbound outbound, Realtime realtime, Writers writers, int maxQueue) {
    this.id = id;
    this.serial = serial;
    this.peer = peer;
    this.outbound = outbound;
    this.realtime = realtime;
    this.writers = writers;
    this.maxQueue = maxQueue;
    this.capacity = new Semaphore(maxQueue);
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

  public String transport() {
    return outbound.transport();
  }

  /**
   * Subscribes this connection to {@code interest}, validated the same way for every transport:
   * 1 to {@value Realtime#MAX_TOPICS} topics, a filter only on collection topics, a parseable cursor
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
    return closed.get() == null;
  }

  /**
   * Queues a frame for the writer; never blocks (for a non-blocking transport it may write on the
   * caller's thread). Returns false if the connection is closed, or has just been closed because
   * its queue is full.
   */
  @Override
  public boolean offer(Frame frame) {
    if (!isOpen()) {
      return false;
    }
    if (!capacity.tryAcquire()) {
      close(Disconnect.SLOW_CONSUMER);
      return false;
    }
    queue.add(frame);
    schedule();
    return true;
  }

  /**
   * Like {@link #offer}, but waits up to {@code patience} for room in the queue: for replays from
   * the log, which may produce events faster than any client reads them. Never call it from the hub's lanes.
   */
  @Override
  public boolean offerWaiting(Frame frame, Duration patience) {
    try {
      if (!isOpen() || !capacity.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        close(Disconnect.SLOW_CONSUMER);
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (!isOpen()) {
      return false;
    }
    queue.add(frame);
    schedule();
    return true;
  }

  private void schedule() {
    if (writing.compareAndSet(false, true)) {
      if (outbound.nonBlocking()) {
        drain();
      } else {
        writers.pool().execute(this::drain);
      }
    }
  }

  /**
   * The single writer (it holds the {@code writing} flag): writes until the queue is empty or a
   * write is pending, whose completion resumes it on the writer pool. It also carries out a close,
   * so the transport never sees a close racing a write.
   */
  private void drain() {
    while (true) {
      if (!isOpen()) {
        closeOnWriter(closed.get()); // not on an offering thread: a close may wait for the peer
        return;
      }
      Frame frame = queue.poll();
      if (frame == null) {
        writing.set(false);
        if (queue.isEmpty() && isOpen() || !writing.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      CompletableFuture<Void> written;
      try {
        written = outbound.write(frame).toCompletableFuture();
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
      if (written.isDone() && !written.isCompletedExceptionally()) {
        sent(frame);
        continue;
      }
      written.whenComplete((ok, error) -> {
        if (error != null) {
          failed(error);
        } else {
          sent(frame);
          writers.pool().execute(this::drain);
        }
      });
      return;
    }
  }

  private void sent(Frame frame) {
    capacity.release();
    messagesSent.increment();
    bytesSent.add(utf8Length(frame.json()));
  }

  /** The UTF-8 size of a frame, counted without encoding it again (this runs once per delivery). */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private void failed(Throwable error) {
    LOG.log(Level.FINE, "Write to connection " + id + " failed; closing it", error);
    writing.set(false);
    close(Disconnect.NORMAL);
  }

  /**
   * Closes once: wakes any replay waiting for room, ends every subscription, runs the close hooks,
   * then has the transport tell the peer. If a write is in flight, the writer closes after it; a
   * slow consumer's stuck write is not waited for, and no write is waited for longer than
   * {@link #CLOSE_GRACE}. The transport is never closed on the caller's thread (a lane's, for a
   * slow consumer).
   */
  @Override
  public void close(Disconnect reason) {
    if (!closed.compareAndSet(null, reason)) {
      return;
    }
    queue.clear();
    capacity.release(maxQueue);
    endAll();
    onClose.forEach(Runnable::run);
    if (reason == Disconnect.SLOW_CONSUMER || writing.compareAndSet(false, true)) {
      closeOnWriter(reason);
    } else {
      try {
        writers.timer.schedule(() -> closeOnWriter(reason), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        closeTransport(reason);
      }
    }
  }

  private void closeOnWriter(Disconnect reason) {
    try {
      writers.pool().execute(() -> closeTransport(reason));
    } catch (RejectedExecutionException shuttingDown) {
      // The server is shutting down: close here; the container is closing connections too.
      closeTransport(reason);
    }
  }

  private void closeTransport(Disconnect reason) {
    if (!transportClosed.compareAndSet(false, true)) {
      return;
    }
    try {
      outbound.close(reason);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Closing connection " + id + " failed", e);
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
    return new Info(id, transport(), peer.principal(), peer.remoteAddress(), Set.copyOf(topics), subs, connectedAt,
        messagesSent.sum(), bytesSent.sum(), maxQueue - capacity.availablePermits());
  }

  /** What {@code GET /admin/sessions} shows of a connection. */
  public record Info(String id, String transport, String principal, String remoteAddress, Set<String> topics,
                     Map<String, List<String>> subscriptions, Instant connectedAt, long messagesSent, long bytesSent,
                     int queueDepth) {}
}

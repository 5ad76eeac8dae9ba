package io.switchboard.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One live connection of any transport. Frames are offered from any thread (the hub, replays,
 * request handlers) into a bounded queue that exactly one writer at a time drains into the
 * transport, so the hub never blocks on a socket, even for a transport whose writes block (Jersey's
 * SSE sink): such a transport is written by the registry's writer pool. A {@linkplain
 * Outbound#nonBlocking non-blocking} transport (WebSocket) is written on the offering thread when
 * it is idle, and by the pool only to resume after a write the socket could not take at once. A
 * session whose queue overflows is closed as a {@link Disconnect#SLOW_CONSUMER}; since every event
 * is in the log, the client resumes from its cursor and loses nothing.
 */
public final class Session {
  private static final Logger LOG = Logger.getLogger(Session.class.getName());
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final String id;
  private final String transport;
  private final String principal;
  private final String remoteAddress;
  private final Instant connectedAt = Instant.now();
  private final Outbound outbound;
  private final int maxQueue;
  private final Executor writers;
  private final ScheduledExecutorService timer;
  private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore capacity;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicReference<Disconnect> closed = new AtomicReference<>();
  private final AtomicBoolean transportClosed = new AtomicBoolean();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final List<Runnable> onClose = new CopyOnWriteArrayList<>();

  Session(String id, String transport, String principal, String remoteAddress, Outbound outbound, int maxQueue,
          Executor writers, ScheduledExecutorService timer) {
    this.writers = writers;
    this.timer = timer;
    this.capacity = new Semaphore(maxQueue);
    this.id = id;
    this.transport = transport;
    this.principal = principal;
    this.remoteAddress = remoteAddress;
    this.outbound = outbound;
    this.maxQueue = maxQueue;
  }

  public String id() {
    return id;
  }

  public boolean isOpen() {
    return closed.get() == null;
  }

  /**
   * Queues a frame for the writer; never blocks and never writes on the caller's thread. Returns
   * false if the session is closed, or has just been closed because its queue is full.
   */
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
   * the log, which may produce events faster than any client reads them. Never call it from the hub.
   */
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
        writers.execute(this::drain);
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
          writers.execute(this::drain);
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
    LOG.log(Level.FINE, "Write to session " + id + " failed; closing it", error);
    writing.set(false);
    close(Disconnect.NORMAL);
  }

  /**
   * Closes once: wakes any replay waiting for room, runs the close hooks (unsubscribe everywhere), then has the transport tell the
   * peer. If a write is in flight, the writer closes after it; a slow consumer's stuck write is not
   * waited for, and no write is waited for longer than {@link #CLOSE_GRACE}. The transport is never
   * closed on the caller's thread (the hub's, for a slow consumer).
   */
  public void close(Disconnect reason) {
    if (!closed.compareAndSet(null, reason)) {
      return;
    }
    queue.clear();
    capacity.release(maxQueue);
    onClose.forEach(Runnable::run);
    if (reason == Disconnect.SLOW_CONSUMER || writing.compareAndSet(false, true)) {
      closeOnWriter(reason);
    } else {
      try {
        timer.schedule(() -> closeOnWriter(reason), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        closeTransport(reason);
      }
    }
  }

  private void closeOnWriter(Disconnect reason) {
    try {
      writers.execute(() -> closeTransport(reason));
    } catch (RejectedExecutionException shuttingDown) {
      // The registry is shutting down: close here; the container is closing connections too.
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
      LOG.log(Level.FINE, "Closing session " + id + " failed", e);
    }
  }

  /** Runs {@code hook} when the session closes (at once if it already has). */
  public void onClose(Runnable hook) {
    onClose.add(hook);
    if (!isOpen() && onClose.remove(hook)) {
      hook.run();
    }
  }

  public void addTopic(String topic) {
    topics.add(topic);
  }

  public void removeTopic(String topic) {
    topics.remove(topic);
  }

  /** A snapshot for the admin API. */
  public Info info() {
    return new Info(id, transport, principal, remoteAddress, Set.copyOf(topics), connectedAt, messagesSent.sum(),
        bytesSent.sum(), maxQueue - capacity.availablePermits());
  }

  /** What {@code GET /admin/sessions} shows of a session. */
  public record Info(String id, String transport, String principal, String remoteAddress, Set<String> topics,
                     Instant connectedAt, long messagesSent, long bytesSent, int queueDepth) {}
}

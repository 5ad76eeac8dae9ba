package io.switchboard.session;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * A connection's bounded outbound queue and its single writer. Frames are offered from any thread
 * (hub lanes, replays, request handlers); exactly one writer at a time drains them into the
 * transport, so the hub never blocks on a socket. A transport whose writes block (Jersey's SSE
 * sink) is written by the writer pool; a {@linkplain Outbound#nonBlocking non-blocking} one
 * (WebSocket) is written on the offering thread when it is idle, and by the pool only to resume
 * after a write the socket could not take at once. No lock is held while writing. A full queue, or
 * a failed write, ends the connection through {@code end} (a slow consumer, or a normal close).
 */
final class OutboundQueue {
  private static final Logger LOG = Logger.getLogger(OutboundQueue.class.getName());
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final String id;
  private final Outbound outbound;
  private final Writers writers;
  private final int maxQueue;
  private final Consumer<Disconnect> end;
  private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore capacity;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicReference<Disconnect> closed = new AtomicReference<>();
  private final AtomicBoolean transportClosed = new AtomicBoolean();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();

  /** @param end how the owning connection is closed when the queue overflows or a write fails */
  OutboundQueue(String id, Outbound outbound, Writers writers, int maxQueue, Consumer<Disconnect> end) {
    this.id = id;
    this.outbound = outbound;
    this.writers = writers;
    this.maxQueue = maxQueue;
    this.end = end;
    this.capacity = new Semaphore(maxQueue);
  }

  boolean isOpen() {
    return closed.get() == null;
  }

  /** See {@link Connection#offer}. */
  boolean offer(Frame frame) {
    if (!isOpen()) {
      return false;
    }
    if (!capacity.tryAcquire()) {
      end.accept(Disconnect.SLOW_CONSUMER);
      return false;
    }
    queue.add(frame);
    schedule();
    return true;
  }

  /** See {@link Connection#offerWaiting}. */
  boolean offerWaiting(Frame frame, Duration patience) {
    try {
      if (!isOpen() || !capacity.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        end.accept(Disconnect.SLOW_CONSUMER);
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
    end.accept(Disconnect.NORMAL);
  }

  /**
   * Stops taking frames, once: drops what is queued and wakes any replay waiting for room. True on
   * the first call only; the caller then runs its close hooks and {@link #closeTransport}.
   */
  boolean shut(Disconnect reason) {
    if (!closed.compareAndSet(null, reason)) {
      return false;
    }
    queue.clear();
    capacity.release(maxQueue);
    return true;
  }

  /**
   * Has the transport tell the peer, after {@link #shut}. If a write is in flight, the writer closes
   * after it; a slow consumer's stuck write is not waited for, and no write is waited for longer
   * than {@link #CLOSE_GRACE}. Never on the caller's thread (a lane's, for a slow consumer).
   */
  void closeTransport(Disconnect reason) {
    if (reason == Disconnect.SLOW_CONSUMER || writing.compareAndSet(false, true)) {
      closeOnWriter(reason);
    } else {
      try {
        writers.timer.schedule(() -> closeOnWriter(reason), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        closeNow(reason);
      }
    }
  }

  private void closeOnWriter(Disconnect reason) {
    try {
      writers.pool().execute(() -> closeNow(reason));
    } catch (RejectedExecutionException shuttingDown) {
      // The server is shutting down: close here; the container is closing connections too.
      closeNow(reason);
    }
  }

  private void closeNow(Disconnect reason) {
    if (!transportClosed.compareAndSet(false, true)) {
      return;
    }
    try {
      outbound.close(reason);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Closing connection " + id + " failed", e);
    }
  }

  long messagesSent() {
    return messagesSent.sum();
  }

  long bytesSent() {
    return bytesSent.sum();
  }

  int depth() {
    return maxQueue - capacity.availablePermits();
  }
}

package io.switchboard.session;

import io.switchboard.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads connections write and keep time with. The writer pool runs the writers of
 * transports whose writes block (SSE, HTTP stream, long-poll answers): a few threads share one
 * queue, so a fan-out to thousands of connections is written by {@link #BASE} threads instead of a
 * thread per connection (what a cached pool starts: hundreds of threads taking turns on the cores).
 * A writer blocked on a peer that stopped reading holds its thread until that connection's queue
 * overflows and it is cut off; so that such writers never hold up the others, {@link #growIfStalled}
 * adds a thread whenever the queue made no progress for {@link #STALL_CHECK}, and the pool shrinks
 * back once the queue is empty. The queue needs no bound of its own: it holds at most one drain and
 * one close per connection. The timer runs heartbeats, close deadlines and the stall check.
 */
final class Writers {
  /** The writer threads there are when none is stuck: two per core. */
  static final int BASE = 2 * Runtime.getRuntime().availableProcessors();
  /** How often the pool checks that writes make progress, growing if not. */
  static final Duration STALL_CHECK = Duration.ofMillis(20);

  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(BASE, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), DaemonThreads.named("switchboard-writer"));
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      DaemonThreads.named("switchboard-timer"));
  /** Writer tasks completed at the last stall check; the timer thread's alone. */
  private long writesDone;

  Writers() {
    timer.scheduleWithFixedDelay(this::growIfStalled, STALL_CHECK.toMillis(), STALL_CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  Executor pool() {
    return pool;
  }

  /**
   * One more writer thread if tasks wait and none finished since the last check; back to the base
   * size once nothing waits (threads above it end when idle for a minute).
   */
  private void growIfStalled() {
    long done = pool.getCompletedTaskCount();
    boolean waiting = !pool.getQueue().isEmpty();
    if (waiting && done == writesDone) {
      pool.setCorePoolSize(pool.getCorePoolSize() + 1);
    } else if (!waiting && pool.getCorePoolSize() > BASE) {
      pool.setCorePoolSize(BASE);
    }
    writesDone = done;
  }

  /** The writer threads there are now: for tests. */
  int threads() {
    return pool.getPoolSize();
  }

  /** Stops the timer, lets queued writes (goodbyes) finish for up to two seconds, stops the pool. */
  void shutdown() {
    timer.shutdownNow();
    pool.shutdown();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

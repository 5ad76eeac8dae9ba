package io.switchboard.session;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every live session of every transport, in one place. Thread-safe; no lock is held while a
 * session sends or closes.
 */
public final class SessionRegistry {
  /** The writer threads there are when none is stuck: two per core. */
  static final int WRITERS = 2 * Runtime.getRuntime().availableProcessors();
  /** How often the registry checks that writes make progress, growing the pool if not. */
  static final Duration STALL_CHECK = Duration.ofMillis(20);

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final int maxQueue;
  /**
   * Runs the writers of transports whose writes block (SSE, HTTP stream, long-poll answers). A few
   * threads share one queue, so a fan-out to thousands of sessions is written by {@link #WRITERS}
   * threads instead of a thread per session (what a cached pool starts: hundreds of threads taking
   * turns on the cores). A writer blocked on a peer that stopped reading holds its thread until
   * that session's queue overflows and it is cut off; so that such writers never hold up the
   * others, {@link #growIfStalled} adds a thread whenever the queue made no progress for
   * {@link #STALL_CHECK}, and the pool shrinks back once the queue is empty. The queue needs no
   * bound of its own: it holds at most one drain and one close per session.
   */
  private final ThreadPoolExecutor writers = new ThreadPoolExecutor(WRITERS, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), DaemonThreads.named("switchboard-writer"));
  /** Heartbeats, close deadlines and stall checks. */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("switchboard-timer"));
  /** Writer tasks completed at the last stall check; the timer thread's alone. */
  private long writesDone;

  /** @param maxQueue the outbound queue bound of each session, in frames */
  public SessionRegistry(int maxQueue) {
    this.maxQueue = maxQueue;
    timer.scheduleWithFixedDelay(this::growIfStalled, STALL_CHECK.toMillis(), STALL_CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * One more writer thread if tasks wait and none finished since the last check; back to the base
   * size once nothing waits (threads above it end when idle for a minute).
   */
  private void growIfStalled() {
    long done = writers.getCompletedTaskCount();
    boolean waiting = !writers.getQueue().isEmpty();
    if (waiting && done == writesDone) {
      writers.setCorePoolSize(writers.getCorePoolSize() + 1);
    } else if (!waiting && writers.getCorePoolSize() > WRITERS) {
      writers.setCorePoolSize(WRITERS);
    }
    writesDone = done;
  }

  /** The writer threads there are now: for tests. */
  int writerThreads() {
    return writers.getPoolSize();
  }

  /**
   * Registers a new session and queues its {@link Frame.Kind#OPEN} frame (carrying
   * {@code {"op":"welcome","session":id}}); it leaves the registry when it closes.
   */
  public Session open(String transport, String principal, String remoteAddress, Outbound outbound) {
    String id = UUID.randomUUID().toString();
    Session session = new Session(id, transport, principal, remoteAddress, outbound, maxQueue, writers, timer);
    sessions.put(id, session);
    session.onClose(() -> sessions.remove(id));
    session.offer(new Frame(Frame.Kind.OPEN, null, null, "{\"op\":\"welcome\",\"session\":\"" + id + "\"}", null));
    return session;
  }

  public Optional<Session> find(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Sessions, oldest first, optionally only of one transport and/or with one topic. */
  public List<Session.Info> list(String transport, String topic) {
    return sessions.values().stream().map(Session::info)
        .filter(info -> transport == null || info.transport().equals(transport))
        .filter(info -> topic == null || info.topics().contains(topic))
        .sorted(Comparator.comparing(Session.Info::connectedAt).thenComparing(Session.Info::id))
        .toList();
  }

  /**
   * Offers a heartbeat frame to every session every {@code interval} (an SSE comment, a WebSocket
   * ping): keeps idle connections alive through proxies and finds dead peers by failed writes.
   */
  public void startHeartbeats(Duration interval) {
    timer.scheduleAtFixedRate(() -> sessions.values().forEach(session -> session.offer(Frame.HEARTBEAT)),
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes every session (e.g. on shutdown), lets the writers finish their goodbyes, stops the threads. */
  public void closeAll(Disconnect reason) {
    sessions.values().forEach(session -> session.close(reason));
    timer.shutdownNow();
    writers.shutdown();
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

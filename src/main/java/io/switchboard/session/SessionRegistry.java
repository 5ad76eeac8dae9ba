package io.switchboard.session;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every live session of every transport, in one place. Thread-safe; no lock is held while a
 * session sends or closes.
 */
public final class SessionRegistry {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final int maxQueue;
  /**
   * Runs session writers. Unbounded on purpose: a writer blocked on a peer that stopped reading
   * holds its thread only until that session's queue overflows and it is cut off.
   */
  private final ExecutorService writers = Executors.newCachedThreadPool(DaemonThreads.named("switchboard-writer"));
  /** Heartbeats and close deadlines. */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("switchboard-timer"));

  /** @param maxQueue the outbound queue bound of each session, in frames */
  public SessionRegistry(int maxQueue) {
    this.maxQueue = maxQueue;
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

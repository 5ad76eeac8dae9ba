package io.switchboard.session;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
    Session session = new Session(id, transport, principal, remoteAddress, outbound, maxQueue);
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
  public ScheduledExecutorService startHeartbeats(Duration interval) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "switchboard-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(() -> sessions.values().forEach(session -> session.offer(Frame.HEARTBEAT)),
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return timer;
  }

  /** Closes every session, e.g. on shutdown. */
  public void closeAll(Disconnect reason) {
    sessions.values().forEach(session -> session.close(reason));
  }
}

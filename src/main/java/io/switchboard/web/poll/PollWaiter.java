package io.switchboard.web.poll;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.session.Connection;
import io.switchboard.session.Outbound;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A suspended poll, connected through the door so that the hub wakes it and the registry lists it.
 * The first event (or a {@code reset}) the hub hands it, the timeout, or a close answers the poll
 * exactly once, with a fresh stateless read of the log from the poll's cursors, so what the client
 * gets never depends on which wake-up came first.
 */
final class PollWaiter implements Outbound {
  private final AsyncResponse response;
  private final Supplier<Response> read;
  private final AtomicBoolean answered = new AtomicBoolean();
  private volatile Connection connection;

  PollWaiter(AsyncResponse response, Supplier<Response> read) {
    this.response = response;
    this.read = read;
  }

  void attach(Connection connection) {
    this.connection = connection;
  }

  @Override
  public String transport() {
    return "poll";
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    if (frame.kind() == Frame.Kind.EVENT && frame.cursor() != null) {
      answer();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close(Disconnect reason) {
    answer();
  }

  /** Answers the poll, once; later calls do nothing. */
  void answer() {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    Connection own = connection;
    if (own != null) {
      own.close(Disconnect.NORMAL);
    }
    try {
      response.resume(read.get());
    } catch (RuntimeException e) {
      response.resume(e);
    }
  }
}

package io.switchboard.web.poll;

import io.switchboard.hub.Hub;
import io.switchboard.session.Disconnect;
import io.switchboard.session.Frame;
import io.switchboard.session.Outbound;
import io.switchboard.session.Session;
import io.switchboard.web.rest.Representations;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A suspended poll, registered as a session so that the hub wakes it and the registry lists it.
 * The first event (or a {@code reset}) the hub hands it, the timeout, or a close answers the poll
 * exactly once, with a fresh stateless read of the log from the poll's cursor, so what the client
 * gets never depends on which wake-up came first.
 */
final class PollWaiter implements Outbound {
  private final AsyncResponse response;
  private final Supplier<Hub.Batch> read;
  private final AtomicBoolean answered = new AtomicBoolean();
  private volatile Session session;

  PollWaiter(AsyncResponse response, Supplier<Hub.Batch> read) {
    this.response = response;
    this.read = read;
  }

  void attach(Session session) {
    this.session = session;
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
    Session own = session;
    if (own != null) {
      own.close(Disconnect.NORMAL);
    }
    try {
      response.resume(answer(read.get()));
    } catch (RuntimeException e) {
      response.resume(e);
    }
  }

  /** The poll response for a batch: {@code {"cursor", "events"}}, the events' JSON as encoded once. */
  static Response answer(Hub.Batch batch) {
    String body = batch.items().stream().map(Hub.Item::json)
        .collect(Collectors.joining(",", "{\"cursor\":\"" + batch.next() + "\",\"events\":[", "]}"));
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header(Representations.CURSOR, batch.next().toString())
        .header("Cache-Control", "no-store").build();
  }
}

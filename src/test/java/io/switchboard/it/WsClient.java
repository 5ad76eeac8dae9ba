package io.switchboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A recording Tyrus WebSocket client: every text message is parsed and queued; waits take a
 * timeout. Messages that a wait skips stay queued for later waits.
 */
final class WsClient extends Endpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
  private final java.util.List<JsonNode> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile CloseReason closeReason;
  private volatile Session session;

  /** Connects with the switchboard.v1 subprotocol and waits for the welcome. */
  static WsClient open(URI base) throws Exception {
    WsClient client = connect(base, "switchboard.v1");
    client.next(m -> "welcome".equals(m.path("op").asText()));
    return client;
  }

  static WsClient connect(URI base, String... subprotocols) throws Exception {
    return connect(base, "", List.of(), subprotocols);
  }

  /**
   * Connects to {@code realtime/ws} + {@code query} sending {@code headers} (name/value pairs) on
   * the handshake: admin's credential unless they bring one or the query a ticket.
   */
  static WsClient connect(URI base, String query, List<String> headers, String... subprotocols) throws Exception {
    WsClient client = new WsClient();
    URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "realtime/ws" + query);
    String[] all = Http.authenticated(uri, headers.toArray(String[]::new));
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of(subprotocols))
        .configurator(new ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(java.util.Map<String, List<String>> request) {
            for (int i = 0; i < all.length; i += 2) {
              request.put(all[i], List.of(all[i + 1]));
            }
          }
        })
        .build();
    // A client manager per connection: Tyrus shuts a shared one's executors down once all its
    // sessions have closed, which would break the next connection of the suite.
    ClientManager.createClient().connectToServer(client, config, uri);
    return client;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    this.session = session;
    session.setMaxTextMessageBufferSize(4 * 1024 * 1024);
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
      try {
        inbox.add(JSON.readTree(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    closeReason = reason;
    closed.countDown();
  }

  void send(String text) {
    if (closed.getCount() == 0) {
      throw new AssertionError("the connection is closed: " + closeReason);
    }
    try {
      session.getBasicRemote().sendText(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.util.concurrent.RejectedExecutionException closedDuringSend) {
      // Sent: Tyrus restarts its idle timer after a send, and a server that closed the connection
      // in answer (before sendText returned) has already had that timer's executor shut down.
      if (closed.getCount() != 0) {
        throw closedDuringSend;
      }
    }
  }

  /** Sends a command and returns its reply or error (matched by id). */
  JsonNode call(String id, String command) throws InterruptedException {
    send(command);
    return next(m -> id.equals(m.path("id").asText()) && m.path("op").asText().matches("reply|error"));
  }

  /** The next queued message matching {@code wanted}, within 10 s. */
  JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
    for (JsonNode earlier : skipped) {
      if (wanted.test(earlier)) {
        skipped.remove(earlier);
        return earlier;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode message = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message == null) {
        throw new AssertionError("no matching WebSocket message within 10 s; skipped: " + skipped);
      }
      if (wanted.test(message)) {
        return message;
      }
      skipped.add(message);
    }
  }

  /** The next message, or null after {@code timeout}. */
  JsonNode poll(Duration timeout) throws InterruptedException {
    return skipped.isEmpty() ? inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) : skipped.remove(0);
  }

  /** The next event frame of subscription {@code sub}. */
  JsonNode event(String sub) throws InterruptedException {
    return next(m -> "event".equals(m.path("op").asText()) && sub.equals(m.path("sub").asText())).path("event");
  }

  CloseReason awaitClose(Duration timeout) throws InterruptedException {
    if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the server did not close the connection within " + timeout);
    }
    return closeReason;
  }

  boolean isOpen() {
    return session != null && session.isOpen();
  }

  @Override
  public void close() throws IOException {
    if (session != null && session.isOpen()) {
      session.close();
    }
  }
}

package io.switchboard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A recording Server-Sent Events client over the JDK HTTP client: parses the stream per the
 * WHATWG rules it needs (id, event, data, retry, comments), queues each event, and waits with
 * timeouts. Closing it drops the connection.
 */
final class SseClient implements AutoCloseable {
  record Event(String id, String event, String data) {}

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  /** Comment lines' text, as the reader thread saw them; safe to read from the test's thread. */
  final List<String> comments = new CopyOnWriteArrayList<>();
  volatile String retry;
  volatile String welcome;
  /** The welcome event's id: the stream's starting position. */
  volatile String welcomeId;
  private final CountDownLatch opened = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile HttpResponse<Stream<String>> response;

  private SseClient() {}

  /**
   * Connects and waits until the stream is open (its welcome event arrived). Authenticates as
   * admin unless {@code headers} bring a credential or the URI a ticket.
   */
  static SseClient open(URI uri, String... headers) throws Exception {
    SseClient client = new SseClient();
    headers = Http.authenticated(uri, headers);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    CLIENT.sendAsync(request.build(), BodyHandlers.ofLines()).thenAccept(r -> {
      client.response = r;
      Thread reader = new Thread(() -> client.read(r.body()), "sse-client");
      reader.setDaemon(true);
      reader.start();
    }).exceptionally(error -> {
      client.ended.countDown();
      client.opened.countDown();
      return null;
    });
    if (!client.opened.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the SSE stream did not open");
    }
    return client;
  }

  private void read(Stream<String> lines) {
    String id = null;
    String event = null;
    StringBuilder data = null;
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data != null && "welcome".equals(event)) {
            welcome = data.toString();
            welcomeId = id;
            opened.countDown();
          } else if (data != null) {
            events.add(new Event(id, event == null ? "message" : event, data.toString()));
          }
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "retry" -> retry = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { }
          }
        }
      }
    } catch (RuntimeException streamClosed) {
      // close() cancels the stream; nothing more to read.
    } finally {
      opened.countDown();
      ended.countDown();
    }
  }

  HttpResponse<Stream<String>> response() {
    return response;
  }

  /** The next event, or an assertion error after {@code timeout}. */
  Event next(Duration timeout) throws InterruptedException {
    Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no SSE event within " + timeout);
    }
    return event;
  }

  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (response != null) {
      response.body().close();
    }
  }
}

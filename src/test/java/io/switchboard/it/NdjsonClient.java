package io.switchboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A recording client of the NDJSON stream over the JDK HTTP client: parses each line as it
 * arrives, queues events, keeps the welcome line apart and counts heartbeat lines. Closing it
 * drops the connection.
 */
final class NdjsonClient implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  volatile JsonNode welcome;
  volatile int heartbeats;
  private final CountDownLatch opened = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile HttpResponse<Stream<String>> response;

  private NdjsonClient() {}

  /**
   * Connects and waits until the stream is open (its welcome line arrived). Authenticates as admin
   * unless {@code headers} bring a credential or the URI a ticket.
   */
  static NdjsonClient open(URI uri, String... headers) throws Exception {
    NdjsonClient client = new NdjsonClient();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    String[] all = Http.authenticated(uri, headers);
    for (int i = 0; i < all.length; i += 2) {
      request.header(all[i], all[i + 1]);
    }
    CLIENT.sendAsync(request.build(), BodyHandlers.ofLines()).thenAccept(r -> {
      client.response = r;
      Thread reader = new Thread(() -> client.read(r.body()), "ndjson-client");
      reader.setDaemon(true);
      reader.start();
    }).exceptionally(error -> {
      client.ended.countDown();
      client.opened.countDown();
      return null;
    });
    if (!client.opened.await(10, TimeUnit.SECONDS) || client.welcome == null) {
      throw new AssertionError("the stream did not open");
    }
    return client;
  }

  private void read(Stream<String> body) {
    try {
      for (String line : (Iterable<String>) body::iterator) {
        JsonNode json = Http.JSON.readTree(line);
        if ("welcome".equals(json.path("op").asText())) {
          welcome = json;
          opened.countDown();
        } else if ("heartbeat".equals(json.path("type").asText())) {
          heartbeats++;
        } else {
          lines.add(json);
        }
      }
    } catch (IOException | RuntimeException streamClosed) {
      // close() cancels the stream; nothing more to read.
    } finally {
      opened.countDown();
      ended.countDown();
    }
  }

  HttpResponse<Stream<String>> response() {
    return response;
  }

  /** The next line other than a heartbeat, or an assertion error after {@code timeout}. */
  JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no line within " + timeout);
    }
    return line;
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

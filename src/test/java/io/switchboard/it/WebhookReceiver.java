package io.switchboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver for webhook tests, on 127.0.0.2 (loopback, but an address the suite's
 * SSRF allow-list lets through while 127.0.0.1 stays refused). Each path has a script of replies
 * (status, headers, delay), then answers 204; every request is recorded with its arrival time.
 * {@link #verify} checks signatures with the reference Standard Webhooks library (Node).
 */
final class WebhookReceiver implements AutoCloseable {
  static final String HOST = "127.0.0.2";

  record Reply(int status, Map<String, String> headers, Duration delay) {
    static Reply status(int status) {
      return new Reply(status, Map.of(), Duration.ZERO);
    }
  }

  record Request(String path, String id, String timestamp, String signature, String body, long arrivedNanos) {
    JsonNode json() {
      try {
        return Http.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Queue<Reply>> scripts = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of a fresh path on this receiver. */
  String url(String path) {
    return "http://" + HOST + ":" + server.getAddress().getPort() + "/" + path;
  }

  /** Replies to give on {@code path}, in order, before the default 204s. */
  void script(String path, Reply... replies) {
    scripts.computeIfAbsent("/" + path, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
  }

  /** Drops what is left of the script of {@code path}. */
  void clear(String path) {
    scripts.remove("/" + path);
  }

  List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals("/" + path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      requests.add(new Request(path, exchange.getRequestHeaders().getFirst("webhook-id"),
          exchange.getRequestHeaders().getFirst("webhook-timestamp"),
          exchange.getRequestHeaders().getFirst("webhook-signature"), body, System.nanoTime()));
      Queue<Reply> script = scripts.get(path);
      Reply reply = script == null || script.isEmpty() ? Reply.status(204) : script.poll();
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The sender timed out and closed the connection: nothing to answer.
    }
  }

  /**
   * Verifies each request's signature with {@code secret}, using the npm package
   * {@code standardwebhooks} (installed by the build), and returns the library's verdicts.
   */
  static List<JsonNode> verify(List<Request> requests, String secret) throws Exception {
    ArrayNode input = Http.JSON.createArrayNode();
    for (Request r : requests) {
      input.addObject().put("secret", secret).put("body", r.body()).putObject("headers")
          .put("webhook-id", r.id()).put("webhook-timestamp", r.timestamp()).put("webhook-signature", r.signature());
    }
    Path dir = Path.of(System.getProperty("it.node.dir", "src/test/node"));
    Process node = new ProcessBuilder("node", dir.resolve("verify-webhooks.mjs").toString()).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    node.getOutputStream().write(Http.JSON.writeValueAsBytes(input));
    node.getOutputStream().close();
    byte[] output = node.getInputStream().readAllBytes();
    if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
      throw new AssertionError("the Standard Webhooks verifier failed: " + new String(output, StandardCharsets.UTF_8));
    }
    List<JsonNode> verdicts = new ArrayList<>();
    Http.JSON.readTree(output).forEach(verdicts::add);
    return verdicts;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

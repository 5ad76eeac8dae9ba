package io.switchboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A small JDK HTTP client for the suite: every call has a timeout and returns a {@link Reply}. */
public final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key", "cookie");
  private final URI base;
  private final String[] defaults;

  /** A client that authenticates as {@code admin} (HTTP Basic) unless a request brings its own credential. */
  Http(URI base) {
    this(base, "Authorization", TestServer.ADMIN);
  }

  private Http(URI base, String... defaults) {
    this.base = base;
    this.defaults = defaults;
  }

  /** A client sending no credential at all. */
  public Http anonymous() {
    return new Http(base, new String[0]);
  }

  /** A client sending {@code headers} (name/value pairs, e.g. a bearer token) on every request instead. */
  public Http with(String... headers) {
    return new Http(base, headers);
  }

  /** The {@code Authorization} value of HTTP Basic for {@code user} and {@code password}. */
  public static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code headers} plus the admin credential, unless they bring one or {@code uri} carries a ticket. */
  static String[] authenticated(URI uri, String... headers) {
    return withCredential(uri, headers, "Authorization", TestServer.ADMIN);
  }

  private static String[] withCredential(URI uri, String[] headers, String... defaults) {
    for (int i = 0; i < headers.length; i += 2) {
      if (CREDENTIAL_HEADERS.contains(headers[i].toLowerCase(java.util.Locale.ROOT))) {
        return headers;
      }
    }
    if (uri.getRawQuery() != null && uri.getRawQuery().contains("ticket=")) {
      return headers;
    }
    String[] all = java.util.Arrays.copyOf(headers, headers.length + defaults.length);
    System.arraycopy(defaults, 0, all, headers.length, defaults.length);
    return all;
  }

  public Reply get(String path, String... headers) {
    return send("GET", path, BodyPublishers.noBody(), headers);
  }

  public Reply post(String path, String json, String... headers) {
    return send("POST", path, BodyPublishers.ofString(json), with(headers, "Content-Type", "application/json"));
  }

  public Reply put(String path, String json, String... headers) {
    return send("PUT", path, BodyPublishers.ofString(json), with(headers, "Content-Type", "application/json"));
  }

  public Reply patch(String path, String contentType, String body, String... headers) {
    return send("PATCH", path, BodyPublishers.ofString(body), with(headers, "Content-Type", contentType));
  }

  public Reply delete(String path, String... headers) {
    return send("DELETE", path, BodyPublishers.noBody(), headers);
  }

  /** Any method, any body; {@code headers} are name/value pairs. */
  public Reply send(String method, String path, BodyPublisher body, String... headers) {
    URI uri = base.resolve(path.startsWith("/") ? path.substring(1) : path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .method(method, body);
    headers = withCredential(uri, headers, defaults);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return checked(new Reply(CLIENT.send(request.build(), BodyHandlers.ofString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every problem document the suite sees has the one RFC 9457 shape Switchboard promises: an
   * object with a {@code type} URI, a {@code title}, the response's {@code status}, a
   * {@code detail} and a stable {@code code}, and no stack trace. A reply that breaks it fails the
   * test that received it, whatever that test asserts itself.
   */
  static Reply checked(Reply reply) {
    String type = reply.response().headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json") || reply.body().isEmpty()) {
      return reply;
    }
    JsonNode problem = reply.json();
    boolean shaped = problem.isObject() && problem.path("type").asText().startsWith("urn:switchboard:problem:")
        && !problem.path("title").asText().isEmpty() && problem.path("status").asInt() == reply.status()
        && problem.path("detail").isTextual() && problem.path("code").isTextual()
        && problem.path("type").asText().endsWith(":" + problem.path("code").asText())
        && !reply.body().contains("\tat ") && !reply.body().contains("Exception");
    if (!shaped) {
      throw new AssertionError("not an RFC 9457 problem document of the promised shape: " + reply);
    }
    return reply;
  }

  /** Every event after {@code after}, read page by page from {@code GET /admin/events}. */
  public List<JsonNode> eventsAfter(long after) {
    List<JsonNode> events = new ArrayList<>();
    for (List<JsonNode> page = eventsPage(after); !page.isEmpty(); page = eventsPage(after)) {
      events.addAll(page);
      after = Long.parseLong(page.get(page.size() - 1).path("cursor").asText());
    }
    return events;
  }

  /** One page (up to 100) of the events after {@code after}. */
  public List<JsonNode> eventsPage(long after) {
    Reply page = get("/admin/events?after=" + after + "&limit=100");
    if (page.status() != 200) {
      throw new AssertionError("event log not readable: " + page);
    }
    List<JsonNode> events = new ArrayList<>();
    page.json().path("events").forEach(events::add);
    return events;
  }

  private static String[] with(String[] headers, String name, String value) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return headers;
      }
    }
    String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = name;
    all[headers.length + 1] = value;
    return all;
  }

  /** A response: status, headers, body text and the body as JSON. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body();
    }

    public JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError("Not JSON (status " + status() + "): " + response.body(), e);
      }
    }

    public String header(String name) {
      Optional<String> value = response.headers().firstValue(name);
      return value.orElse(null);
    }

    @Override
    public String toString() {
      return status() + " " + response.headers().map() + " " + response.body();
    }
  }
}

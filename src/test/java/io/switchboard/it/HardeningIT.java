package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transport hardening against the real container: the origin allow-list on WebSocket handshakes
 * and cookie sessions, CORS (preflights and actual requests), the security headers of every
 * response, and the JSON, topic and page limits on REST and WebSocket.
 */
@ExtendWith(ServerExtension.class)
class HardeningIT {
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final String ALLOWED = TestServer.ALLOWED_ORIGIN;
  private final TestServer server;
  private final Http http;
  private final Http anonymous;
  private final String c = freshCollection();

  HardeningIT(TestServer server, Http http) {
    this.server = server;
    this.http = http;
    this.anonymous = http.anonymous();
  }

  /** The server's own origin, as a browser on its console sends it. */
  private String own() {
    return server.base().toString().replaceAll("/$", "");
  }

  /** Every token of every header {@code name}, lower case ({@code Vary: Origin, Accept} is two). */
  private static List<String> tokens(Http.Reply reply, String name) {
    return reply.response().headers().allValues(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
        .map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
  }

  private static void assertListed(Http.Reply reply, String header, String... expected) {
    for (String value : expected) {
      assertTrue(tokens(reply, header).contains(value.toLowerCase(Locale.ROOT)), () -> header + " lacks " + value + ": " + reply);
    }
  }

  private static void assertNoCors(Http.Reply reply) {
    for (String header : List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers")) {
      assertNull(reply.header(header), () -> header + " on " + reply);
    }
  }

  // WebSocket handshakes

  /** Origins a page could have that are not the server's own nor the configured one, by what makes them so. */
  private Map<String, String> foreignOrigins() {
    String host = server.base().getHost();
    int port = server.base().getPort();
    Map<String, String> origins = new LinkedHashMap<>();
    origins.put("another host", "http://evil.example");
    origins.put("a look-alike suffix", "http://" + host + ".evil.com");
    origins.put("a look-alike suffix on the same port", "http://" + host + ".evil.com:" + port);
    origins.put("a look-alike prefix", "http://evil" + host + ":" + port);
    origins.put("the opaque origin", "null");
    origins.put("another scheme", "https://" + host + ":" + port);
    origins.put("another port", "http://" + host + ":" + (port == 65_535 ? port - 1 : port + 1));
    origins.put("the configured origin on another port", "http://app.example.test:5174");
    origins.put("a subdomain of the configured origin", "http://www.app.example.test:5173");
    origins.put("the configured origin over https", "https://app.example.test:5173");
    return origins;
  }

  @Test
  void websocket_handshakes_from_other_origins_are_refused_with_403_before_any_upgrade() throws Exception {
    for (Map.Entry<String, String> foreign : foreignOrigins().entrySet()) {
      for (String[] credential : List.of(new String[] {"Authorization", TestServer.ADMIN}, new String[0])) {
        String[] headers = new String[credential.length + 2];
        headers[0] = "Origin";
        headers[1] = foreign.getValue();
        System.arraycopy(credential, 0, headers, 2, credential.length);
        RawWebSocket.Handshake handshake = RawWebSocket.handshake(server.base(), "", headers);
        String what = foreign.getKey() + " (" + foreign.getValue() + (credential.length == 0 ? ", anonymous" : "") + ")";
        assertEquals(403, handshake.status(), () -> what + ":\n" + handshake.head());
        assertFalse(handshake.accepted(), what);
        assertTrue(handshake.head().toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
            () -> what + ":\n" + handshake.head());
      }
    }
  }

  @Test
  void websocket_handshakes_from_the_servers_own_or_the_configured_origin_or_without_an_origin_are_upgraded()
      throws Exception {
    for (String origin : List.of(own(), ALLOWED, ALLOWED.toUpperCase(Locale.ROOT))) {
      try (RawWebSocket ws = RawWebSocket.open(server.base(), "", "Origin", origin, "Authorization", TestServer.ADMIN)) {
        assertNotNull(ws, origin);
      }
    }
    try (RawWebSocket ws = RawWebSocket.open(server.base())) {
      assertNotNull(ws, "a client that is no browser sends no Origin");
    }
    try (WsClient tyrus = WsClient.open(server.base())) {
      assertTrue(tyrus.isOpen(), "Tyrus sends its target's origin, the server's own");
    }
  }

  @Test
  void a_cookie_session_may_open_a_websocket_from_the_configured_origin_but_not_without_an_origin() throws Exception {
    Http.Reply login = anonymous.post("/auth/login", "{\"username\":\"admin\",\"password\":\"" + TestServer.ADMIN_PASSWORD
        + "\"}", "Origin", ALLOWED);
    assertEquals(200, login.status(), login::toString);
    String cookie = login.header("Set-Cookie").substring(0, login.header("Set-Cookie").indexOf(';'));
    TestServer.secret(cookie.substring(cookie.indexOf('=') + 1));
    TestServer.secret(login.json().path("csrf").asText());
    try (RawWebSocket ws = RawWebSocket.open(server.base(), "", "Cookie", cookie, "Origin", ALLOWED)) {
      assertNotNull(ws);
    }
    assertEquals(403, RawWebSocket.handshake(server.base(), "", "Cookie", cookie).status(),
        "a cookie is a browser's credential, and a browser always sends an Origin");
    Http.Reply write = http.with("Cookie", cookie).post("/api/" + c, "{}", "Origin", ALLOWED,
        "X-CSRF-Token", login.json().path("csrf").asText());
    assertEquals(201, write.status(), () -> "a cookie write from the configured origin, with its CSRF token: " + write);
    assertEquals(ALLOWED, write.header("Access-Control-Allow-Origin"));
  }

  // CORS

  @Test
  void a_preflight_from_an_allowed_origin_is_204_with_the_cors_headers_and_needs_no_credential() {
    for (String path : List.of("/api/" + c + "/x", "/admin/users", "/realtime/sse", "/realtime/poll", "/auth/token")) {
      Http.Reply reply = anonymous.send("OPTIONS", path, BodyPublishers.noBody(), "Origin", ALLOWED,
          "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type, if-match, x-csrf-token");
      assertEquals(204, reply.status(), () -> path + ": " + reply);
      assertEquals(ALLOWED, reply.header("Access-Control-Allow-Origin"), path);
      assertEquals("true", reply.header("Access-Control-Allow-Credentials"), path);
      assertListed(reply, "Access-Control-Allow-Methods", "GET", "POST", "PUT", "PATCH", "DELETE");
      assertListed(reply, "Access-Control-Allow-Headers", "Authorization", "Content-Type", "If-Match", "If-None-Match",
          "X-API-Key", "X-CSRF-Token", "Last-Event-ID");
      assertTrue(Integer.parseInt(reply.header("Access-Control-Max-Age")) > 0, path);
      assertListed(reply, "Vary", "Origin");
      assertNull(reply.header("WWW-Authenticate"), path);
      assertEquals("", reply.body(), path);
    }
  }

  @Test
  void a_preflight_from_another_origin_is_403_without_cors_headers() {
    for (String origin : foreignOrigins().values()) {
      Http.Reply reply = anonymous.send("OPTIONS", "/api/" + c, BodyPublishers.noBody(), "Origin", origin,
          "Access-Control-Request-Method", "POST");
      assertProblem(reply, 403, "forbidden");
      assertNoCors(reply);
    }
  }

  @Test
  void answers_to_an_allowed_origin_name_it_exactly_with_credentials_and_the_exposed_headers() {
    Http.Reply created = http.post("/api/" + c, "{\"title\":\"x\"}", "Origin", ALLOWED);
    assertEquals(201, created.status(), created::toString);
    assertEquals(ALLOWED, created.header("Access-Control-Allow-Origin"));
    assertEquals("true", created.header("Access-Control-Allow-Credentials"));
    assertListed(created, "Access-Control-Expose-Headers", "ETag", "Location", "Switchboard-Cursor", "Link",
        "Retry-After", "WWW-Authenticate");
    assertListed(created, "Vary", "Origin");
    Http.Reply refused = anonymous.get("/api", "Origin", ALLOWED);
    assertEquals(401, refused.status());
    assertEquals(ALLOWED, refused.header("Access-Control-Allow-Origin"), "the page may read why it was refused");
    assertEquals(own(), http.get("/api", "Origin", own()).header("Access-Control-Allow-Origin"));
    Http.Reply options = http.send("OPTIONS", created.header("Location"), BodyPublishers.noBody(), "Origin", ALLOWED);
    assertEquals(200, options.status(), () -> "a plain OPTIONS is no preflight: " + options);
    assertListed(options, "Allow", "PATCH");
    assertNotNull(options.header("Accept-Patch"));
    assertEquals(ALLOWED, options.header("Access-Control-Allow-Origin"));
  }

  @Test
  void answers_to_other_origins_or_without_an_origin_carry_no_cors_headers_and_vary_by_origin() {
    for (String origin : foreignOrigins().values()) {
      Http.Reply reply = http.get("/api", "Origin", origin);
      assertEquals(200, reply.status(), origin);
      assertNoCors(reply);
      assertListed(reply, "Vary", "Origin");
    }
    Http.Reply plain = http.get("/api");
    assertNoCors(plain);
    assertListed(plain, "Vary", "Origin");
  }

  // Security headers

  @Test
  void every_response_carries_the_security_headers() {
    Map<String, Http.Reply> api = new LinkedHashMap<>();
    api.put("a read", http.get("/api"));
    api.put("a refusal", anonymous.get("/api"));
    api.put("a problem", http.get("/api/" + c + "/missing"));
    api.put("an auth answer", anonymous.get("/auth/session"));
    api.put("a preflight", anonymous.send("OPTIONS", "/api", BodyPublishers.noBody(), "Origin", ALLOWED,
        "Access-Control-Request-Method", "GET"));
    api.put("a poll", http.get("/realtime/poll?topic=" + c + "&wait=0"));
    Map<String, Http.Reply> console = new LinkedHashMap<>();
    for (String path : List.of("/", "/index.html", "/console.js", "/console.css", "/docs/protocol.md", "/nothing-here.css")) {
      console.put(path, http.get(path));
    }
    assertEquals(404, console.get("/nothing-here.css").status());
    for (Map<String, Http.Reply> replies : List.of(api, console)) {
      replies.forEach((what, reply) -> {
        assertEquals("nosniff", reply.header("X-Content-Type-Options"), what);
        assertEquals("no-referrer", reply.header("Referrer-Policy"), what);
        assertEquals("DENY", reply.header("X-Frame-Options"), what);
        assertTrue(String.valueOf(reply.header("Content-Security-Policy")).contains("frame-ancestors 'none'"),
            () -> what + ": " + reply);
      });
    }
    api.forEach((what, reply) ->
        assertTrue(reply.header("Content-Security-Policy").startsWith("default-src 'none'"), what));
    console.forEach((what, reply) -> {
      String policy = reply.header("Content-Security-Policy");
      assertTrue(policy.contains("script-src 'self'") && policy.contains("style-src 'self'"), () -> what + ": " + policy);
      assertFalse(policy.contains("unsafe"), () -> what + ": " + policy);
    });
  }

  @Test
  void requests_the_embedded_jetty_rejects_itself_carry_the_security_headers_too() throws Exception {
    assumeTrue(server.container().startsWith("jetty/"), "the launcher's own server only");
    try (java.net.Socket socket = new java.net.Socket(server.base().getHost(), server.base().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
      for (String header : List.of("X-Content-Type-Options: nosniff", "X-Frame-Options: DENY",
          "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'")) {
        assertTrue(reply.contains(header), () -> header + " missing:\n" + reply);
      }
    }
  }

  @Test
  void the_console_needs_nothing_its_policy_forbids() {
    String html = http.get("/").body();
    assertFalse(html.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
    assertFalse(html.matches("(?is).*(<style|\\sstyle=|\\son[a-z]+=|javascript:).*"), "no inline style or handler");
    String script = http.get("/console.js").body();
    for (String forbidden : List.of("eval(", "new Function", "setTimeout(\"", ".style", "innerHTML", "javascript:")) {
      assertFalse(script.contains(forbidden), forbidden);
    }
  }

  @Test
  void auth_answers_are_never_stored_but_the_public_signing_keys_may_be_cached() {
    Map<String, Http.Reply> replies = new LinkedHashMap<>();
    replies.put("no session", anonymous.get("/auth/session"));
    replies.put("a failed login", anonymous.post("/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\"}"));
    replies.put("a malformed login", anonymous.post("/auth/login", "{"));
    replies.put("an unknown path", anonymous.get("/auth/nothing-here"));
    Http.Reply ticket = http.post("/auth/tickets", "");
    TestServer.secret(ticket.json().path("ticket").asText());
    replies.put("a ticket", ticket);
    replies.forEach((what, reply) -> assertEquals("no-store", reply.header("Cache-Control"), () -> what + ": " + reply));
    assertTrue(anonymous.get("/auth/jwks.json").header("Cache-Control").contains("max-age"));
  }

  @Test
  void event_streams_still_deliver_at_once_with_the_new_headers() throws Exception {
    URI sse = server.base().resolve("realtime/sse?topic=" + c);
    try (SseClient client = SseClient.open(sse, "Origin", ALLOWED)) {
      assertEquals(ALLOWED, client.response().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
      assertEquals("nosniff", client.response().headers().firstValue("X-Content-Type-Options").orElse(null));
      assertEquals(201, http.post("/api/" + c, "{\"n\":1}").status());
      assertEquals("created", client.next(WITHIN).event());
    }
    try (NdjsonClient client = NdjsonClient.open(server.base().resolve("realtime/stream?topic=" + c), "Origin", ALLOWED)) {
      assertEquals(ALLOWED, client.response().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
      assertEquals(201, http.post("/api/" + c, "{\"n\":2}").status());
      JsonNode line = client.next(WITHIN);
      while ("heartbeat".equals(line.path("type").asText())) {
        line = client.next(WITHIN);
      }
      assertEquals("created", line.path("type").asText(), line::toString);
    }
  }

  // JSON, topic and page limits

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /** The log's position now; nothing may be appended after it by a refused request. */
  private long cursor() {
    return Long.parseLong(http.get("/api/" + c).header("Switchboard-Cursor"));
  }

  private int documents() {
    return http.get("/api/" + c).json().path("items").size();
  }

  @Test
  void rest_bodies_nested_deeper_than_the_limit_are_413_and_change_nothing() {
    int depth = TestServer.MAX_JSON_DEPTH;
    assertEquals(201, http.post("/api/" + c, "{\"a\":" + nested(depth - 1) + "}").status(), "at the limit");
    long before = cursor();
    String deep = "{\"a\":" + nested(depth) + "}";
    assertProblem(http.post("/api/" + c, deep), 413, "json-limit-exceeded");
    assertProblem(http.put("/api/" + c + "/deep", deep), 413, "json-limit-exceeded");
    assertProblem(http.patch("/api/" + c + "/deep", "application/merge-patch+json", deep), 413, "json-limit-exceeded");
    assertProblem(http.post("/realtime/channels/chat:" + c, deep), 413, "json-limit-exceeded");
    JsonNode problem = assertProblem(http.post("/api/" + c, nested(30_000)), 413, "json-limit-exceeded");
    assertTrue(problem.path("detail").asText().contains(Integer.toString(depth)), problem::toString);
    assertEquals(1, documents());
    assertTrue(http.eventsAfter(before).isEmpty(), "nothing was appended to the log");
  }

  @Test
  void rest_strings_longer_than_the_limit_are_413_and_change_nothing() {
    int max = TestServer.MAX_JSON_STRING;
    assertEquals(201, http.post("/api/" + c, "{\"s\":\"" + "x".repeat(max) + "\"}").status(), "at the limit");
    long before = cursor();
    String value = "{\"s\":\"" + "x".repeat(max + 1) + "\"}";
    String name = "{\"" + "k".repeat(max + 1) + "\":1}";
    for (String body : List.of(value, name)) {
      assertProblem(http.post("/api/" + c, body), 413, "json-limit-exceeded");
      assertProblem(http.put("/api/" + c + "/long", body), 413, "json-limit-exceeded");
      assertProblem(http.post("/realtime/channels/chat:" + c, body), 413, "json-limit-exceeded");
    }
    JsonNode problem = assertProblem(http.post("/api/" + c, value), 413, "json-limit-exceeded");
    assertTrue(problem.path("detail").asText().contains(Integer.toString(max)), problem::toString);
    assertFalse(problem.toString().contains("xxxxxxxx"), "the detail never quotes the input");
    assertEquals(1, documents());
    assertTrue(http.eventsAfter(before).isEmpty(), "nothing was appended to the log");
  }

  @Test
  void websocket_commands_beyond_the_json_limits_get_an_error_reply_and_change_nothing() throws Exception {
    int depth = TestServer.MAX_JSON_DEPTH;
    try (WsClient ws = WsClient.open(server.base())) {
      JsonNode atLimit = ws.call("ok", "{\"op\":\"create\",\"id\":\"ok\",\"collection\":\"" + c + "\",\"body\":{\"a\":"
          + nested(depth - 1) + "}}");
      assertEquals(201, atLimit.path("status").asInt(), () -> "a body as deep as REST allows: " + atLimit);
      long before = cursor();
      for (String command : List.of(
          "{\"op\":\"create\",\"id\":\"deep\",\"collection\":\"" + c + "\",\"body\":{\"a\":" + nested(depth) + "}}",
          "{\"op\":\"publish\",\"id\":\"long\",\"channel\":\"chat:" + c + "\",\"data\":{\"s\":\""
              + "x".repeat(TestServer.MAX_JSON_STRING + 1) + "\"}}")) {
        ws.send(command);
        JsonNode error = ws.next(m -> "error".equals(m.path("op").asText()));
        assertEquals("json-limit-exceeded", error.path("code").asText(), error::toString);
        assertEquals(413, error.path("status").asInt(), error::toString);
      }
      JsonNode pong = ws.call("p", "{\"op\":\"ping\",\"id\":\"p\"}");
      assertTrue(pong.path("pong").asBoolean(), () -> "the connection still answers: " + pong);
      assertTrue(ws.isOpen(), "a refused command never closes the connection");
      assertEquals(1, documents());
      assertTrue(http.eventsAfter(before).isEmpty(), "nothing was appended to the log");
    }
  }

  @Test
  void a_subscription_with_more_topics_than_the_limit_is_400_on_every_http_transport() {
    int max = TestServer.MAX_TOPICS;
    String tooMany = IntStream.rangeClosed(0, max).mapToObj(i -> "topic=" + c + i).collect(Collectors.joining("&"));
    String atLimit = IntStream.range(0, max).mapToObj(i -> "topic=" + c + i).collect(Collectors.joining("&"));
    for (String transport : List.of("sse", "stream", "poll")) {
      JsonNode problem = assertProblem(http.get("/realtime/" + transport + "?" + tooMany + "&wait=0"), 400,
          "invalid-request");
      assertTrue(problem.path("detail").asText().contains(Integer.toString(max)), problem::toString);
    }
    assertEquals(200, http.get("/realtime/poll?" + atLimit + "&wait=0").status());
  }

  @Test
  void a_page_larger_than_the_limit_is_400_naming_the_limit() {
    for (String path : List.of("/api/" + c + "?limit=", "/admin/events?after=0&limit=")) {
      JsonNode problem = assertProblem(http.get(path + (TestServer.MAX_PAGE + 1)), 400, "invalid-request");
      assertTrue(problem.path("detail").asText().contains(Integer.toString(TestServer.MAX_PAGE)), problem::toString);
      assertEquals(200, http.get(path + TestServer.MAX_PAGE).status());
    }
  }
}

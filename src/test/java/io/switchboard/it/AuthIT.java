package io.switchboard.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Authentication on every transport, against the real container: each scheme's acceptance and
 * refusal, JWT forgeries made by hand ({@link Jwts}, no JWT library), an OIDC issuer stub
 * ({@link JwksStub}), refresh rotation and reuse, tickets, CSRF, WebSocket handshakes refused
 * before any 101, and expiry and revocation closing live WebSocket, SSE and NDJSON sessions. Every
 * secret it uses is recorded for {@link SecretsInLogsIT}.
 */
@ExtendWith(ServerExtension.class)
class AuthIT {
  private static final Duration WITHIN = Duration.ofSeconds(5);
  private final TestServer server;
  private final Http http;
  private final Http anonymous;
  private String user;
  private String password;

  AuthIT(TestServer server, Http http) {
    this.server = server;
    this.http = http;
    this.anonymous = http.anonymous();
  }

  @BeforeEach
  void aUser() {
    user = "u" + UUID.randomUUID().toString().substring(0, 8);
    password = TestServer.secret("pw-" + UUID.randomUUID());
    Http.Reply created = http.post("/admin/users", "{\"name\":\"" + user + "\",\"password\":\"" + password
        + "\",\"roles\":[\"editor\"]}");
    assertEquals(201, created.status(), created::toString);
    assertFalse(created.body().contains(password), "no password in the answer");
  }

  private Http as(String authorization) {
    return http.with("Authorization", authorization);
  }

  private static void assertUnauthorized(Http.Reply reply) {
    assertEquals(401, reply.status(), reply::toString);
    assertEquals("{\"type\":\"urn:switchboard:problem:unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
        + "\"detail\":\"Authentication is required.\",\"code\":\"unauthorized\"}", reply.body(), "one body for every reason");
    assertTrue(reply.response().headers().allValues("WWW-Authenticate").contains(
        reply.response().headers().allValues("WWW-Authenticate").stream().filter(v -> v.startsWith("Bearer realm=\"switchboard\""))
            .findFirst().orElse("missing Bearer challenge")), reply::toString);
  }

  private static boolean invalidTokenChallenge(Http.Reply reply) {
    return reply.response().headers().allValues("WWW-Authenticate").contains(
        "Bearer realm=\"switchboard\", error=\"invalid_token\"");
  }

  private Http.Reply form(String path, String... pairs) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      body.append(body.length() == 0 ? "" : "&").append(pairs[i]).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return anonymous.send("POST", path, BodyPublishers.ofString(body.toString()),
        "Content-Type", "application/x-www-form-urlencoded");
  }

  private JsonNode tokens(String name, String pass) {
    Http.Reply reply = form("/auth/token", "grant_type", "password", "username", name, "password", pass);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("no-store", reply.header("Cache-Control"));
    TestServer.secret(reply.json().path("access_token").asText());
    TestServer.secret(reply.json().path("refresh_token").asText());
    return reply.json();
  }

  // Policy

  @Test
  void public_routes_need_nothing_and_everything_else_needs_a_credential() {
    assertEquals(200, anonymous.get("/").status());
    assertEquals(200, anonymous.get("/docs/openapi.json").status());
    JsonNode jwks = anonymous.get("/auth/jwks.json").json();
    assertEquals("EC", jwks.path("keys").path(0).path("kty").asText());
    assertTrue(jwks.path("keys").path(0).path("d").isMissingNode(), "no private part");
    for (String path : List.of("/api", "/api/todos", "/admin/sessions", "/admin/users", "/realtime/poll?topic=todos&wait=0",
        "/realtime/webhooks", "/nowhere")) {
      Http.Reply reply = anonymous.get(path);
      assertUnauthorized(reply);
      assertEquals(List.of("Bearer realm=\"switchboard\""), reply.response().headers().allValues("WWW-Authenticate"),
          "no Basic challenge unless Basic was tried: " + path);
    }
  }

  @Test
  void a_protected_path_dressed_as_a_public_one_is_still_protected() {
    for (String path : List.of("/docs/..;/admin/users", "/docs/%2e%2e/admin/users", "/auth/%2E%2E/admin/users",
        "/js/../admin/users", "/admin;x=y/users", "/docs/..%2fadmin/users", "//admin/users")) {
      Http.Reply reply = anonymous.get(path);
      assertTrue(reply.status() >= 400 && reply.status() < 500, path + ": " + reply);
      assertFalse(reply.body().contains("\"items\""), path + " leaked the user list: " + reply);
    }
  }

  @Test
  void only_the_admin_role_may_use_admin() {
    Http editor = as(Http.basic(user, password));
    assertEquals(200, editor.get("/api").status());
    Http.Reply admin = editor.get("/admin/users");
    assertEquals(403, admin.status(), admin::toString);
    assertEquals("forbidden", admin.json().path("code").asText());
  }

  // Basic

  @Test
  void basic_refuses_wrong_password_unknown_user_and_malformed_headers_alike() {
    assertEquals(200, as(Http.basic(user, password)).get("/api").status());
    for (String header : List.of(Http.basic(user, "wrong-password"), Http.basic("nobody-" + user, password),
        "Basic %%%", "Basic " + Jwts.b64("no-colon".getBytes(StandardCharsets.UTF_8)), "Basic", "Digest abc")) {
      Http.Reply reply = as(header).get("/api");
      assertUnauthorized(reply);
      if (header.startsWith("Basic")) {
        assertTrue(reply.response().headers().allValues("WWW-Authenticate")
            .contains("Basic realm=\"switchboard\", charset=\"UTF-8\""), reply::toString);
      }
    }
  }

  // Our tokens

  @Test
  void the_password_grant_gives_a_bearer_token_that_works_on_rest() throws Exception {
    JsonNode t = tokens(user, password);
    assertEquals("Bearer", t.path("token_type").asText());
    assertEquals(600, t.path("expires_in").asInt());
    String access = t.path("access_token").asText();
    ObjectNode header = (ObjectNode) Jwts.JSON.readTree(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[0]));
    assertEquals("at+jwt", header.path("typ").asText());
    assertEquals("ES256", header.path("alg").asText());
    assertEquals(user, Jwts.payload(access).path("sub").asText());
    assertEquals(200, as("Bearer " + access).get("/api").status());
    Http.Reply json = anonymous.post("/auth/token", "{\"grant_type\":\"password\",\"username\":\"" + user
        + "\",\"password\":\"" + password + "\"}");
    assertEquals(200, json.status(), json::toString);
    TestServer.secret(json.json().path("refresh_token").asText());
    Http.Reply wrong = form("/auth/token", "grant_type", "password", "username", user, "password", "nope-nope");
    assertEquals(400, wrong.status());
    assertEquals("invalid_grant", wrong.json().path("error").asText());
    assertEquals("unsupported_grant_type",
        form("/auth/token", "grant_type", "client_credentials").json().path("error").asText());
    assertEquals("invalid_request", form("/auth/token", "grant_type", "password").json().path("error").asText());
  }

  @Test
  void forged_tampered_and_confused_tokens_are_refused_with_invalid_token() throws Exception {
    String real = tokens(user, password).path("access_token").asText();
    ObjectNode claims = Jwts.payload(real);
    JsonNode ourKey = anonymous.get("/auth/jwks.json").json().path("keys").path(0);
    String kid = ourKey.path("kid").asText();
    KeyPair attacker = Jwts.ec();
    ObjectNode elevated = claims.deepCopy();
    elevated.putArray("roles").add("admin");
    ObjectNode embedded = Jwts.header("ES256", "at+jwt", kid);
    embedded.set("jwk", Jwts.ecJwk((ECPublicKey) attacker.getPublic(), kid));
    ObjectNode jku = Jwts.header("ES256", "at+jwt", "attacker");
    jku.put("jku", "http://127.0.0.1:9/jwks.json");
    List<String> forgeries = List.of(
        Jwts.unsigned(claims),
        Jwts.hs256(Jwts.header("HS256", "at+jwt", kid), claims, ourKey.toString().getBytes(StandardCharsets.UTF_8)),
        Jwts.es256(Jwts.header("ES256", "at+jwt", kid), claims, attacker.getPrivate()),
        Jwts.es256(embedded, claims, attacker.getPrivate()),
        Jwts.es256(jku, claims, attacker.getPrivate()),
        Jwts.tampered(real, elevated),
        real.substring(0, real.length() - 4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA"),
        "not.a.jwt", "garbage");
    for (String forged : forgeries) {
      Http.Reply reply = as("Bearer " + forged).get("/api");
      assertUnauthorized(reply);
      assertTrue(invalidTokenChallenge(reply), forged);
    }
    Http.Reply inQuery = anonymous.get("/api?access_token=" + real);
    assertUnauthorized(inQuery);
  }

  @Test
  void refresh_tokens_rotate_and_reuse_revokes_the_family() {
    JsonNode first = tokens(user, password);
    Http.Reply next = form("/auth/token", "grant_type", "refresh_token", "refresh_token",
        first.path("refresh_token").asText());
    assertEquals(200, next.status(), next::toString);
    String secondRefresh = TestServer.secret(next.json().path("refresh_token").asText());
    String secondAccess = TestServer.secret(next.json().path("access_token").asText());
    assertNotEquals(first.path("refresh_token").asText(), secondRefresh);
    assertEquals(200, as("Bearer " + secondAccess).get("/api").status());

    Http.Reply reused = form("/auth/token", "grant_type", "refresh_token", "refresh_token",
        first.path("refresh_token").asText());
    assertEquals("invalid_grant", reused.json().path("error").asText());
    assertEquals("invalid_grant", form("/auth/token", "grant_type", "refresh_token", "refresh_token", secondRefresh)
        .json().path("error").asText(), "the whole family is revoked");
    assertUnauthorized(as("Bearer " + secondAccess).get("/api"));
    assertUnauthorized(as("Bearer " + first.path("access_token").asText()).get("/api"));
  }

  // OIDC

  @Test
  void tokens_of_the_configured_oidc_issuer_are_accepted_with_their_roles_and_checked() throws Exception {
    JwksStub issuer = TestServer.OIDC;
    String sub = "oidc-" + user;
    String good = TestServer.secret(issuer.sign(JwksStub.claims(sub, 60, "admin")));
    assertEquals(200, as("Bearer " + good).get("/admin/sessions").status(), "roles from realm_access.roles");
    String plain = issuer.sign(JwksStub.claims(sub, 60));
    assertEquals(403, as("Bearer " + plain).get("/admin/sessions").status());

    ObjectNode expired = JwksStub.claims(sub, -120);
    ObjectNode early = JwksStub.claims(sub, 600);
    early.put("nbf", System.currentTimeMillis() / 1000 + 300);
    ObjectNode audience = JwksStub.claims(sub, 60);
    audience.put("aud", "someone-else");
    ObjectNode foreign = JwksStub.claims(sub, 60);
    foreign.put("iss", "https://evil.test");
    for (String bad : List.of(issuer.sign(expired), issuer.sign(early), issuer.sign(audience), issuer.sign(foreign),
        Jwts.unsigned(JwksStub.claims(sub, 60)))) {
      Http.Reply reply = as("Bearer " + bad).get("/api");
      assertUnauthorized(reply);
      assertTrue(invalidTokenChallenge(reply));
    }

    // A flood of unknown kids refetches at most twice per interval (2 s here), not once per token.
    int before = issuer.fetches();
    long start = System.nanoTime();
    int flood = 20;
    for (int i = 0; i < flood; i++) {
      assertUnauthorized(as("Bearer " + issuer.sign(JwksStub.claims(sub, 60), issuer.unpublished())).get("/api"));
    }
    long intervals = Duration.ofNanos(System.nanoTime() - start).toSeconds() / 2 + 2;
    int fetched = issuer.fetches() - before;
    assertTrue(fetched <= 2 * intervals && fetched < flood, "refetches are rate limited: " + fetched + " for " + flood
        + " tokens over " + intervals + " intervals");
    // A key the issuer rotated in is fetched because a token names its kid (within the rate limit).
    String rotated = issuer.rotate();
    String next = issuer.sign(JwksStub.claims(sub, 60), rotated);
    await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> as("Bearer " + next).get("/api").status() == 200);
  }

  // API keys

  @Test
  void api_keys_work_until_revoked_and_close_their_live_sessions() throws Exception {
    Http.Reply created = http.post("/admin/keys", "{\"name\":\"ci-" + user + "\",\"roles\":[]}");
    assertEquals(201, created.status(), created::toString);
    String key = TestServer.secret(created.json().path("key").asText());
    assertTrue(key.startsWith("sbk_") && key.length() >= 47, "256 random bits after the prefix");
    String id = created.json().path("id").asText();
    JsonNode listed = http.get("/admin/keys").json();
    assertFalse(listed.toString().contains(key), "the key is shown once only");
    assertTrue(listed.toString().contains(key.substring(0, 12)), "listed by prefix");
    Http withKey = http.with("X-API-Key", key);
    assertEquals(200, withKey.get("/api").status());
    try (WsClient ws = WsClient.connect(server.base(), "", List.of("X-API-Key", key), "switchboard.v1")) {
      ws.next(m -> "welcome".equals(m.path("op").asText()));
      assertEquals(204, http.delete("/admin/keys/" + id).status());
      assertEquals(4005, ws.awaitClose(WITHIN).getCloseCode().getCode());
    }
    assertUnauthorized(withKey.get("/api"));
  }

  // Browser sessions and CSRF

  private record Browser(String cookie, String csrf) {}

  private Browser login() {
    Http.Reply reply = anonymous.post("/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    assertEquals(200, reply.status(), reply::toString);
    String setCookie = reply.header("Set-Cookie");
    assertTrue(setCookie.contains("HttpOnly") && setCookie.toLowerCase().contains("samesite=lax"), setCookie);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    TestServer.secret(cookie.substring(cookie.indexOf('=') + 1));
    return new Browser(cookie, TestServer.secret(reply.json().path("csrf").asText()));
  }

  @Test
  void cookie_sessions_need_the_csrf_token_and_the_same_origin_for_writes() {
    Browser b = login();
    assertNotEquals(b.cookie(), login().cookie(), "a new session id at every login");
    Http cookie = http.with("Cookie", b.cookie());
    assertEquals(user, cookie.get("/auth/session").json().path("user").asText());
    assertEquals(200, cookie.get("/api").status());
    String body = "{\"title\":\"x\"}";
    assertEquals(403, cookie.post("/api/todos", body).status(), "no CSRF token");
    assertEquals(403, cookie.post("/api/todos", body, "X-CSRF-Token", "wrong").status());
    assertEquals(403, cookie.post("/api/todos", body, "X-CSRF-Token", b.csrf(), "Origin", "http://evil.example").status());
    assertEquals(403, cookie.post("/api/todos", body, "X-CSRF-Token", b.csrf(), "Sec-Fetch-Site", "cross-site").status());
    assertEquals(201, cookie.post("/api/todos", body, "X-CSRF-Token", b.csrf(),
        "Origin", server.base().toString().replaceAll("/$", "")).status());
    assertEquals(201, as(Http.basic(user, password)).post("/api/todos", body).status(), "Authorization needs no CSRF");
    assertEquals(403, cookie.send("POST", "/auth/logout", BodyPublishers.noBody()).status());
    assertEquals(204, cookie.send("POST", "/auth/logout", BodyPublishers.noBody(), "X-CSRF-Token", b.csrf()).status());
    assertUnauthorized(cookie.get("/api"));
    assertUnauthorized(anonymous.post("/auth/login", "{\"username\":\"" + user + "\",\"password\":\"wrong-one\"}"));
    Http.Reply malformed = anonymous.post("/auth/login", "{\"username\":\"" + user + "\",\"password\":hunter2secret}");
    assertEquals(400, malformed.status(), malformed::toString);
    assertFalse(malformed.body().contains("hunter2secret"), "an error detail never quotes a secret back");
  }

  // WebSocket handshakes

  @Test
  void websocket_handshakes_are_refused_before_the_upgrade() throws Exception {
    URI base = server.base();
    assertEquals(401, RawWebSocket.handshake(base, "").status());
    assertEquals(401, RawWebSocket.handshake(base, "", "Authorization", Http.basic(user, "wrong-password")).status());
    assertEquals(401, RawWebSocket.handshake(base, "", "Authorization", "Bearer forged.token.here").status());
    Browser b = login();
    String own = base.toString().replaceAll("/$", "");
    assertEquals(403, RawWebSocket.handshake(base, "", "Cookie", b.cookie(), "Origin", "http://evil.example").status(),
        "cross-site WebSocket hijacking");
    assertEquals(403, RawWebSocket.handshake(base, "", "Cookie", b.cookie()).status(), "a cookie needs an Origin");
    try (RawWebSocket ok = RawWebSocket.open(base, "", "Cookie", b.cookie(), "Origin", own)) {
      assertNotNull(ok);
    }
    for (int status : List.of(RawWebSocket.handshake(base, "?ticket=sbt_forged").status(),
        RawWebSocket.handshake(base, "?access_token=" + tokens(user, password).path("access_token").asText()).status())) {
      assertEquals(401, status);
    }
  }

  // Tickets

  private String ticket(String transport) {
    Http.Reply reply = as(Http.basic(user, password)).post("/auth/tickets",
        transport == null ? "" : "{\"transport\":\"" + transport + "\"}");
    assertEquals(201, reply.status(), reply::toString);
    assertEquals(30, reply.json().path("expires_in").asInt());
    return TestServer.secret(reply.json().path("ticket").asText());
  }

  @Test
  void tickets_open_one_realtime_connection_on_their_transport_once() throws Exception {
    URI base = server.base();
    String ws = ticket("ws");
    try (WsClient client = WsClient.connect(base, "?ticket=" + ws, List.of(), "switchboard.v1")) {
      client.next(m -> "welcome".equals(m.path("op").asText()));
      JsonNode sessions = http.get("/admin/sessions?transport=websocket").json().path("sessions");
      boolean shown = false;
      for (JsonNode s : sessions) {
        shown |= user.equals(s.path("principal").asText()) && "basic".equals(s.path("scheme").asText());
      }
      assertTrue(shown, "the session shows the ticket's principal: " + sessions);
      assertFalse(sessions.toString().contains(ws), "no ticket in /admin/sessions");
    }
    assertEquals(401, RawWebSocket.handshake(base, "?ticket=" + ws).status(), "spent");
    String sseTicket = ticket("sse");
    assertEquals(401, RawWebSocket.handshake(base, "?ticket=" + sseTicket).status(), "wrong transport");
    try (SseClient sse = SseClient.open(base.resolve("realtime/sse?topic=todos&ticket=" + ticket(null)))) {
      assertNotNull(sse.welcome);
    }
    assertUnauthorized(anonymous.get("/api?ticket=" + ticket(null)));
    Browser b = login();
    Http.Reply fromTicket = http.with("Cookie", b.cookie()).post("/auth/tickets", "", "X-CSRF-Token", b.csrf());
    assertEquals(201, fromTicket.status(), "a cookie session buys tickets too");
  }

  // Live sessions follow their credential

  @Test
  void disabling_a_user_closes_its_websocket_sse_and_ndjson_sessions_with_4005_within_a_second() throws Exception {
    URI base = server.base();
    String access = tokens(user, password).path("access_token").asText();
    try (WsClient ws = WsClient.connect(base, "", List.of("Authorization", Http.basic(user, password)), "switchboard.v1");
         SseClient sse = SseClient.open(base.resolve("realtime/sse?topic=todos"), "Authorization", "Bearer " + access);
         NdjsonClient ndjson = NdjsonClient.open(base.resolve("realtime/stream?topic=todos"), "Cookie", login().cookie())) {
      ws.next(m -> "welcome".equals(m.path("op").asText()));
      long start = System.nanoTime();
      assertEquals(200, http.patch("/admin/users/" + user, "application/json", "{\"enabled\":false}").status());
      CloseReason closed = ws.awaitClose(WITHIN);
      assertEquals(4005, closed.getCloseCode().getCode());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000, "within a second");
      assertEquals("4005", closeCode(sse));
      assertEquals(4005, lastNdjson(ndjson).path("code").asInt());
    }
    assertUnauthorized(as(Http.basic(user, password)).get("/realtime/poll?topic=todos&wait=0"));
  }

  @Test
  void a_long_poll_waiter_of_a_deleted_user_ends_and_the_next_poll_is_401() throws Exception {
    String basic = Http.basic(user, password);
    String cursor = http.get("/api").header("Switchboard-Cursor");
    java.util.concurrent.CompletableFuture<Http.Reply> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> as(basic).get("/realtime/poll?topic=todos&wait=20&cursor=" + cursor));
    await().atMost(WITHIN).until(() -> http.get("/admin/sessions?transport=poll").body().contains(user));
    assertEquals(204, http.delete("/admin/users/" + user).status());
    Http.Reply answered = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertNotNull(answered);
    assertUnauthorized(as(basic).get("/realtime/poll?topic=todos&wait=0&cursor=" + cursor));
  }

  @Test
  void logout_and_password_change_close_the_sessions_they_opened() throws Exception {
    URI base = server.base();
    Browser b = login();
    String own = base.toString().replaceAll("/$", "");
    try (WsClient ws = WsClient.connect(base, "", List.of("Cookie", b.cookie(), "Origin", own), "switchboard.v1")) {
      ws.next(m -> "welcome".equals(m.path("op").asText()));
      http.with("Cookie", b.cookie()).send("POST", "/auth/logout", BodyPublishers.noBody(), "X-CSRF-Token", b.csrf());
      assertEquals(4005, ws.awaitClose(WITHIN).getCloseCode().getCode());
    }
    String access = tokens(user, password).path("access_token").asText();
    try (SseClient sse = SseClient.open(base.resolve("realtime/sse?topic=todos"), "Authorization", "Bearer " + access)) {
      String newPassword = TestServer.secret("new-" + UUID.randomUUID());
      assertEquals(200, http.patch("/admin/users/" + user, "application/json",
          "{\"password\":\"" + newPassword + "\"}").status());
      assertEquals("4005", closeCode(sse));
      assertUnauthorized(as("Bearer " + access).get("/api"));
      assertUnauthorized(as(Http.basic(user, password)).get("/api"));
      assertEquals(200, as(Http.basic(user, newPassword)).get("/api").status());
    }
  }

  @Test
  void expiring_credentials_close_sessions_with_4004_and_websockets_may_refresh_in_band() throws Exception {
    JwksStub issuer = TestServer.OIDC;
    URI base = server.base();
    String sub = "oidc-" + user;
    String shortLived = issuer.sign(JwksStub.claims(sub, 3));
    try (WsClient refreshed = WsClient.connect(base, "", List.of("Authorization", "Bearer " + shortLived), "switchboard.v1");
         WsClient expiring = WsClient.connect(base, "", List.of("Authorization", "Bearer " + shortLived), "switchboard.v1");
         WsClient hijacked = WsClient.connect(base, "", List.of("Authorization", "Bearer " + shortLived), "switchboard.v1");
         SseClient sse = SseClient.open(base.resolve("realtime/sse?topic=todos"), "Authorization", "Bearer " + shortLived);
         NdjsonClient ndjson = NdjsonClient.open(base.resolve("realtime/stream?topic=todos"), "Authorization",
             "Bearer " + shortLived)) {
      JsonNode bad = refreshed.call("a0", "{\"op\":\"auth\",\"id\":\"a0\",\"token\":\"forged\"}");
      assertEquals(401, bad.path("status").asInt(), bad::toString);
      JsonNode ok = refreshed.call("a1", "{\"op\":\"auth\",\"id\":\"a1\",\"token\":\"" + issuer.sign(JwksStub.claims(sub, 120))
          + "\"}");
      assertEquals(200, ok.path("status").asInt(), ok::toString);
      assertEquals(sub, ok.path("body").path("principal").asText());
      assertEquals(200, hijacked.call("p0", "{\"op\":\"ping\",\"id\":\"p0\"}").path("status").asInt());
      hijacked.send("{\"op\":\"auth\",\"id\":\"h\",\"token\":\"" + issuer.sign(JwksStub.claims("someone-else", 120)) + "\"}");
      assertEquals(4006, hijacked.awaitClose(WITHIN).getCloseCode().getCode());

      assertEquals(4004, expiring.awaitClose(Duration.ofSeconds(8)).getCloseCode().getCode());
      assertEquals("4004", closeCode(sse));
      assertEquals(4004, lastNdjson(ndjson).path("code").asInt());
      assertTrue(refreshed.isOpen(), "the refreshed session outlives its first token");
      assertEquals(200, refreshed.call("p", "{\"op\":\"ping\",\"id\":\"p\"}").path("status").asInt());
    }
  }

  /** The code of an SSE stream's final {@code close} event. */
  private static String closeCode(SseClient sse) throws InterruptedException {
    long end = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < end) {
      SseClient.Event event = sse.next(WITHIN);
      if ("close".equals(event.event())) {
        try {
          return Jwts.JSON.readTree(event.data()).path("code").asText();
        } catch (java.io.IOException e) {
          throw new AssertionError(event.data(), e);
        }
      }
    }
    throw new AssertionError("no close event");
  }

  /** The NDJSON stream's last line before it ended (its {@code close} line). */
  private static JsonNode lastNdjson(NdjsonClient ndjson) throws InterruptedException {
    long end = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < end) {
      JsonNode line = ndjson.next(WITHIN);
      if ("close".equals(line.path("type").asText()) || "close".equals(line.path("op").asText())) {
        return line;
      }
    }
    throw new AssertionError("no close line");
  }
}

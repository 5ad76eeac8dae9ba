package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rate limit against the real container, each with the defaults unless {@link TestServer}
 * says otherwise: a 429 {@code rate-limited} problem with an integer {@code Retry-After} (a
 * WebSocket error reply with {@code retryAfter}, then the 1008 close), and service again once the
 * wait has passed. The server trusts 127.0.0.1 as a proxy, so each test is its own clients through
 * fresh {@code X-Forwarded-For} addresses, and its own fresh users (admins are exempt).
 */
@ExtendWith(ServerExtension.class)
class RateLimitIT {
  private static final String XFF = "X-Forwarded-For";
  private static final Duration RECOVERY = Duration.ofSeconds(TestServer.LOGIN_WINDOW_SECONDS + 20);
  private final TestServer server;
  private final Http http;
  private final Http anonymous;

  RateLimitIT(TestServer server, Http http) {
    this.server = server;
    this.http = http;
    this.anonymous = http.anonymous();
  }

  /** A client address no other test uses (10/8 is not a trusted proxy of the suite). */
  private static String freshAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  private record User(String name, String password) {
    String basic() {
      return Http.basic(name, password);
    }
  }

  private User freshUser() {
    User user = new User("r" + UUID.randomUUID().toString().substring(0, 8), TestServer.secret("pw-" + UUID.randomUUID()));
    Http.Reply created = http.post("/admin/users", "{\"name\":\"" + user.name() + "\",\"password\":\"" + user.password()
        + "\",\"roles\":[\"editor\"]}");
    assertEquals(201, created.status(), created::toString);
    return user;
  }

  /** The reply is the rate limit's 429 with a whole number of seconds, at least one, in Retry-After; returns it. */
  private static int assertRateLimited(Http.Reply reply) {
    assertProblem(reply, 429, "rate-limited");
    String retryAfter = reply.header("Retry-After");
    assertNotNull(retryAfter, () -> "no Retry-After: " + reply);
    assertTrue(retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After is whole seconds >= 1: " + reply);
    return Integer.parseInt(retryAfter);
  }

  /**
   * Sends {@code request} from 16 threads until one is answered 429 (at most {@code max} in all);
   * every other answer must have status {@code admitted}. Returns the 429.
   */
  private static Http.Reply firstRefusal(int max, int admitted, Supplier<Http.Reply> request) throws Exception {
    AtomicReference<Http.Reply> refused = new AtomicReference<>();
    AtomicInteger sent = new AtomicInteger();
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        workers.add(pool.submit(() -> {
          while (refused.get() == null && sent.incrementAndGet() <= max) {
            Http.Reply reply = request.get();
            if (reply.status() == 429) {
              refused.compareAndSet(null, reply);
            } else if (reply.status() != admitted) {
              unexpected.add(reply.toString());
            }
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(unexpected.isEmpty(), () -> "unexpected answers: " + unexpected);
    assertNotNull(refused.get(), "no 429 within " + max + " requests");
    return refused.get();
  }

  /** Sends {@code request} one at a time until it is answered 429, each other answer {@code admitted}. */
  private static Http.Reply exhaust(int max, int admitted, Supplier<Http.Reply> request) {
    for (int i = 0; i < max; i++) {
      Http.Reply reply = request.get();
      if (reply.status() == 429) {
        return reply;
      }
      assertEquals(admitted, reply.status(), reply::toString);
    }
    throw new AssertionError("no 429 within " + max + " requests");
  }

  private Http.Reply token(String name, String password, String address) {
    String body = "grant_type=password&username=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return anonymous.send("POST", "/auth/token", BodyPublishers.ofString(body), "Content-Type",
        "application/x-www-form-urlencoded", XFF, address);
  }

  private Http.Reply login(String name, String password, String address) {
    return anonymous.post("/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}", XFF,
        address);
  }

  private Http.Reply basicGet(String authorization, String path, String address) {
    return http.with("Authorization", authorization).get(path, XFF, address);
  }

  // HTTP requests

  @Test
  void a_principal_over_its_request_rate_gets_429_with_retry_after_and_is_served_again_after_it() throws Exception {
    User user = freshUser();
    // One check first, so the parallel ones hit the remembered success instead of queueing to hash.
    assertEquals(200, basicGet(user.basic(), "/api", freshAddress()).status());
    // A new address per request: only the principal's bucket runs dry.
    Http.Reply refused = firstRefusal(20_000, 200, () -> basicGet(user.basic(), "/api", freshAddress()));
    assertRateLimited(refused);
    assertTrue(refused.json().path("detail").asText().contains("principal"), refused::toString);
    User other = freshUser();
    assertEquals(200, basicGet(other.basic(), "/api", freshAddress()).status(), "another principal is unaffected");
    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
        .until(() -> basicGet(user.basic(), "/api", freshAddress()).status() == 200);
  }

  @Test
  void an_address_over_its_request_rate_gets_429_and_other_addresses_are_served() throws Exception {
    String address = freshAddress();
    Http.Reply refused = firstRefusal(20_000, 200, () -> anonymous.get("/auth/jwks.json", XFF, address));
    assertRateLimited(refused);
    assertTrue(refused.json().path("detail").asText().contains("address"), refused::toString);
    assertEquals(200, anonymous.get("/auth/jwks.json", XFF, freshAddress()).status(),
        "X-Forwarded-For from the trusted proxy names the client: another address has its own bucket");
    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
        .until(() -> anonymous.get("/auth/jwks.json", XFF, address).status() == 200);
  }

  // Realtime connects

  @Test
  void every_http_realtime_transport_refuses_connects_over_the_address_rate_before_it_connects() {
    for (String path : List.of("/realtime/sse", "/realtime/stream", "/realtime/poll")) {
      User user = freshUser();
      String address = freshAddress();
      // Without a topic an admitted connect is a quick 400, so nothing stays open.
      Http.Reply refused = exhaust(1000, 400, () -> basicGet(user.basic(), path, address));
      assertRateLimited(refused);
      assertTrue(refused.json().path("detail").asText().contains("connects"), refused::toString);
      assertEquals(400, basicGet(user.basic(), path, freshAddress()).status(), "another address connects: " + path);
      await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
          .until(() -> basicGet(user.basic(), path, address).status() == 400);
    }
  }

  @Test
  void websocket_handshakes_over_the_address_rate_are_refused_with_429_never_101() throws Exception {
    User user = freshUser();
    String address = freshAddress();
    RawWebSocket.Handshake refused = null;
    for (int i = 0; i < 1000 && refused == null; i++) {
      RawWebSocket.Handshake handshake = RawWebSocket.handshake(server.base(), "", "Authorization", user.basic(),
          XFF, address);
      if (handshake.status() == 429) {
        refused = handshake;
      } else {
        assertEquals(101, handshake.status(), handshake::head);
      }
      handshake.socket().close();
    }
    assertNotNull(refused, "no handshake refused");
    assertTrue(refused.head().matches("(?s).*\r\n(?i:retry-after): [1-9][0-9]*\r\n.*"), refused.head());
    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).until(() -> {
      RawWebSocket.Handshake again = RawWebSocket.handshake(server.base(), "", "Authorization", user.basic(), XFF,
          address);
      again.socket().close();
      return again.accepted();
    });
  }

  @Test
  void a_principal_holding_its_connection_cap_is_refused_on_every_transport_until_one_closes() throws Exception {
    User user = freshUser();
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < TestServer.CONNECTIONS_PER_PRINCIPAL; i++) {
        open.add(SseClient.open(server.base().resolve("realtime/sse?topic=todos"), "Authorization", user.basic(),
            XFF, freshAddress()));
      }
      for (String path : List.of("/realtime/sse?topic=todos", "/realtime/stream?topic=todos",
          "/realtime/poll?topic=todos&wait=0")) {
        Http.Reply refused = basicGet(user.basic(), path, freshAddress());
        assertRateLimited(refused);
        assertTrue(refused.json().path("detail").asText().contains("open realtime connections"), refused::toString);
      }
      RawWebSocket.Handshake ws = RawWebSocket.handshake(server.base(), "", "Authorization", user.basic(), XFF,
          freshAddress());
      ws.socket().close();
      assertEquals(429, ws.status(), ws::head);
      User other = freshUser();
      assertEquals(200, basicGet(other.basic(), "/realtime/poll?topic=todos&wait=0", freshAddress()).status(),
          "another principal is unaffected");

      open.remove(0).close();
      // The server notices the dropped stream at its next heartbeat.
      await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
          .until(() -> basicGet(user.basic(), "/realtime/poll?topic=todos&wait=0", freshAddress()).status() == 200);
    } finally {
      open.forEach(SseClient::close);
    }
  }

  // WebSocket messages

  @Test
  void websocket_messages_over_the_rate_get_an_error_with_retry_after_and_persisting_gets_a_policy_close()
      throws Exception {
    User user = freshUser();
    try (WsClient ws = WsClient.connect(server.base(), "", List.of("Authorization", user.basic(), XFF, freshAddress()),
        "switchboard.v1")) {
      ws.next(m -> "welcome".equals(m.path("op").asText()));
      JsonNode error = null;
      for (int i = 0; i < 2000 && error == null; i++) {
        JsonNode answer = ws.call("p" + i, "{\"op\":\"ping\",\"id\":\"p" + i + "\"}");
        if ("error".equals(answer.path("op").asText())) {
          error = answer;
        }
      }
      assertNotNull(error, "no message refused");
      assertEquals(429, error.path("status").asInt(), error::toString);
      assertEquals("rate-limited", error.path("code").asText(), error::toString);
      assertTrue(error.path("id").asText().startsWith("p"), "the refused command's id: " + error);
      int retryAfter = error.path("retryAfter").asInt();
      assertTrue(retryAfter >= 1, error::toString);

      // Waiting as told works (and resets the count of refusals in a row).
      await().pollDelay(Duration.ofSeconds(retryAfter)).atMost(RECOVERY)
          .until(() -> "reply".equals(ws.call("again", "{\"op\":\"ping\",\"id\":\"again\"}").path("op").asText()));

      // A client that ignores it (sending on, one message per answer) is closed with 1008.
      for (int i = 0; i < 2000 && ws.isOpen(); i++) {
        ws.send("{\"op\":\"ping\",\"id\":\"flood" + i + "\"}");
        if (ws.poll(Duration.ofSeconds(2)) == null) {
          break; // no answer: the connection was closed instead
        }
      }
      CloseReason reason = ws.awaitClose(Duration.ofSeconds(10));
      assertEquals(1008, reason.getCloseCode().getCode(), reason::toString);
    }
  }

  // Failed logins

  @Test
  void a_throttled_account_refuses_even_the_right_password_on_every_door_while_another_account_logs_in() {
    User user = freshUser();
    User other = freshUser();
    String address = freshAddress();
    // Failures by every door count alike: Basic, the password grant, the browser login.
    for (int i = 0; i < TestServer.ACCOUNT_LOGIN_FAILURES; i++) {
      String wrong = "wrong-password-" + i;
      Http.Reply failed = switch (i % 3) {
        case 0 -> basicGet(Http.basic(user.name(), wrong), "/api", address);
        case 1 -> token(user.name(), wrong, address);
        default -> login(user.name(), wrong, address);
      };
      assertEquals(i % 3 == 1 ? 400 : 401, failed.status(), failed::toString);
    }

    int retryAfter = assertRateLimited(basicGet(user.basic(), "/api", freshAddress()));
    assertTrue(retryAfter <= TestServer.LOGIN_WINDOW_SECONDS, "at most the window: " + retryAfter);
    assertRateLimited(token(user.name(), user.password(), freshAddress()));
    assertRateLimited(login(user.name(), user.password(), freshAddress()));

    assertEquals(200, basicGet(other.basic(), "/api", address).status(), "another account, even from that address");
    assertEquals(200, token(other.name(), other.password(), address).status());

    await().pollDelay(Duration.ofSeconds(retryAfter)).atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
        .until(() -> basicGet(user.basic(), "/api", address).status() == 200);
    assertEquals(200, token(user.name(), user.password(), address).status());
  }

  @Test
  void an_address_that_failed_too_often_is_refused_for_every_account_while_other_addresses_log_in() {
    User user = freshUser();
    String address = freshAddress();
    Http.Reply refused = exhaust(10 * TestServer.ADDRESS_LOGIN_FAILURES, 400,
        () -> token("nobody-" + UUID.randomUUID().toString().substring(0, 8), "wrong-password", address));
    assertRateLimited(refused);
    assertTrue(refused.json().path("detail").asText().contains("address"), refused::toString);
    assertRateLimited(basicGet(user.basic(), "/api", address));
    assertEquals(200, basicGet(user.basic(), "/api", freshAddress()).status(), "the account itself is fine");
    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
        .until(() -> token(user.name(), user.password(), address).status() == 200);
  }

  // Client addresses

  @Test
  void sessions_show_the_client_the_trusted_proxy_forwarded_for() throws Exception {
    String client = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
    try (SseClient sse = SseClient.open(server.base().resolve("realtime/sse?topic=todos"),
        XFF, "198.51.100.200, " + client)) {
      JsonNode welcome = Http.JSON.readTree(sse.welcome);
      String session = welcome.path("session").asText();
      JsonNode sessions = http.get("/admin/sessions?transport=sse").json().path("sessions");
      boolean shown = false;
      for (JsonNode s : sessions) {
        if (s.path("id").asText().equals(session)) {
          assertEquals(client, s.path("remoteAddress").asText(), "the rightmost hop the proxy vouched for: " + s);
          shown = true;
        }
      }
      assertTrue(shown, "session listed: " + sessions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

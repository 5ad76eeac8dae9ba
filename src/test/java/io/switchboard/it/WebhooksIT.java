package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.it.WebhookReceiver.Reply;
import io.switchboard.it.WebhookReceiver.Request;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class WebhooksIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static WebhookReceiver receiver;
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  WebhooksIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  /** Registers an endpoint for this test's collection on a receiver path; returns the created body. */
  private JsonNode register(String path, String extra) {
    Http.Reply created = http.post("/realtime/webhooks", "{\"url\":\"" + receiver.url(path) + "\",\"topics\":[\"" + c
        + "\"],\"description\":\"test\"" + extra + "}");
    assertEquals(201, created.status(), created::toString);
    return created.json();
  }

  private List<Request> awaitRequests(String path, int count) {
    await().atMost(WAIT).until(() -> receiver.requests(path).size() >= count);
    return receiver.requests(path);
  }

  private JsonNode awaitStatus(String id, String status) {
    await().atMost(WAIT.plus(TestServer.WEBHOOK_HORIZON)).until(() ->
        status.equals(http.get("/realtime/webhooks/" + id).json().path("status").asText()));
    return http.get("/realtime/webhooks/" + id).json();
  }

  private List<String> write(int count) {
    List<String> cursors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      cursors.add(http.post("/api/" + c, "{\"i\":" + i + "}").header("Switchboard-Cursor"));
    }
    return cursors;
  }

  private static List<String> ids(List<Request> requests) {
    return requests.stream().map(Request::id).toList();
  }

  @Test
  void events_arrive_in_order_signed_as_the_reference_standard_webhooks_library_verifies() throws Exception {
    JsonNode endpoint = register("ordered", "");
    String secret = TestServer.secret(endpoint.path("secret").asText());
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals("active", endpoint.path("status").asText());
    List<String> cursors = write(5);
    List<Request> requests = awaitRequests("ordered", 5);
    assertEquals(cursors.stream().map(cursor -> "msg_" + cursor).toList(), ids(requests));
    for (int i = 0; i < 5; i++) {
      JsonNode event = requests.get(i).json();
      assertEquals(cursors.get(i), event.path("cursor").asText());
      assertEquals("created", event.path("type").asText());
      assertEquals(i, event.path("data").path("i").asInt());
    }
    for (JsonNode verdict : WebhookReceiver.verify(requests, secret)) {
      assertTrue(verdict.path("ok").asBoolean(), verdict::toString);
    }
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertFalse(WebhookReceiver.verify(requests.subList(0, 1), other).get(0).path("ok").asBoolean(),
        "a wrong secret does not verify");
    String id = endpoint.path("id").asText();
    await().atMost(WAIT).until(() -> http.get("/realtime/webhooks/" + id).json().path("cursor").asText()
        .equals(cursors.get(4)));
    JsonNode read = http.get("/realtime/webhooks/" + id).json();
    assertTrue(read.path("secret").isMissingNode(), "the secret is shown only once");
    JsonNode attempts = http.get("/realtime/webhooks/" + id + "/attempts").json().path("attempts");
    assertEquals(5, attempts.size());
    assertEquals("delivered", attempts.get(0).path("outcome").asText());
    assertEquals(204, attempts.get(0).path("status").asInt());
    assertEquals(cursors.get(4), attempts.get(0).path("event").asText());
    JsonNode sessions = http.get("/admin/sessions?transport=webhook&topic=" + c).json().path("sessions");
    assertEquals(1, sessions.size(), sessions::toString);
    assertEquals("admin", sessions.get(0).path("principal").asText(), "it runs with its owner's rights");
    assertEquals(read.path("url").asText(), sessions.get(0).path("remoteAddress").asText());
  }

  @Test
  void during_a_rotation_both_secrets_sign() throws Exception {
    JsonNode endpoint = register("rotation", "");
    String id = endpoint.path("id").asText();
    String old = TestServer.secret(endpoint.path("secret").asText());
    Http.Reply rotated = http.post("/realtime/webhooks/" + id + "/rotate", "{\"graceSeconds\":3600}");
    assertEquals(200, rotated.status(), rotated::toString);
    String fresh = TestServer.secret(rotated.json().path("secret").asText());
    assertFalse(fresh.equals(old));
    write(1);
    List<Request> requests = awaitRequests("rotation", 1);
    assertEquals(2, requests.get(0).signature().split(" ").length, requests.get(0).signature());
    assertTrue(WebhookReceiver.verify(requests, fresh).get(0).path("ok").asBoolean());
    assertTrue(WebhookReceiver.verify(requests, old).get(0).path("ok").asBoolean());
    String last = TestServer.secret(
        http.post("/realtime/webhooks/" + id + "/rotate", "{\"graceSeconds\":0}").json().path("secret").asText());
    write(1);
    List<Request> after = awaitRequests("rotation", 2).subList(1, 2);
    assertTrue(WebhookReceiver.verify(after, last).get(0).path("ok").asBoolean());
    assertFalse(WebhookReceiver.verify(after, fresh).get(0).path("ok").asBoolean(), "no grace: the old secret is out");
  }

  @Test
  void errors_timeouts_and_redirects_are_retried_with_the_same_webhook_id() {
    receiver.script("retry", Reply.status(500), new Reply(204, Map.of(), Duration.ofSeconds(3)),
        new Reply(302, Map.of("Location", "http://example.com/"), Duration.ZERO));
    String id = register("retry", "").path("id").asText();
    String cursor = write(1).get(0);
    List<Request> requests = awaitRequests("retry", 4);
    assertEquals(List.of("msg_" + cursor, "msg_" + cursor, "msg_" + cursor, "msg_" + cursor), ids(requests));
    await().atMost(WAIT).until(() -> http.get("/realtime/webhooks/" + id + "/attempts").json().path("attempts").size() == 4);
    JsonNode attempts = http.get("/realtime/webhooks/" + id + "/attempts").json().path("attempts");
    List<String> outcomes = new ArrayList<>();
    attempts.forEach(a -> outcomes.add(a.path("outcome").asText() + ":" + a.path("attempt").asInt()));
    assertEquals(List.of("delivered:4", "retry:3", "retry:2", "retry:1"), outcomes);
    assertEquals(500, attempts.get(3).path("status").asInt());
    assertTrue(attempts.get(2).path("status").isNull(), "a timeout has no status");
    assertTrue(attempts.get(2).path("error").asText().toLowerCase().contains("timeout"), attempts.get(2)::toString);
    assertTrue(attempts.get(1).path("error").asText().contains("redirect"), attempts.get(1)::toString);
    assertNull(http.get("/realtime/webhooks/" + id).json().path("failingSince").textValue(),
        "a delivery clears the failure clock");
  }

  @Test
  void retry_after_is_honoured() {
    receiver.script("retry-after", new Reply(503, Map.of("Retry-After", "2"), Duration.ZERO));
    register("retry-after", "");
    write(1);
    List<Request> requests = awaitRequests("retry-after", 2);
    long gap = TimeUnit.NANOSECONDS.toMillis(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
    assertTrue(gap >= 1900, "retried after " + gap + " ms despite Retry-After: 2");
    assertEquals(requests.get(0).id(), requests.get(1).id());
  }

  @Test
  void a_410_from_the_receiver_disables_the_endpoint_at_once() {
    receiver.script("gone", Reply.status(410));
    String id = register("gone", "").path("id").asText();
    write(1);
    JsonNode disabled = awaitStatus(id, "disabled");
    assertTrue(disabled.path("statusReason").asText().contains("410"), disabled::toString);
    write(1);
    // Nothing is sent to a disabled endpoint: the count stays at one for a while after a new event.
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
        .until(() -> receiver.requests("gone").size() == 1);
    assertEquals(0, http.get("/admin/sessions?transport=webhook&topic=" + c).json().path("sessions").size());
  }

  @Test
  void an_endpoint_failing_past_the_horizon_stops_and_resumes_when_re_enabled() {
    Reply[] failures = new Reply[200];
    java.util.Arrays.fill(failures, Reply.status(500));
    receiver.script("failing", failures);
    String id = register("failing", "").path("id").asText();
    String cursor = write(1).get(0);
    JsonNode failing = awaitStatus(id, "failing");
    assertTrue(failing.path("statusReason").asText().contains("horizon"), failing::toString);
    int attempts = receiver.requests("failing").size();
    assertTrue(attempts >= 3, "retried before giving up: " + attempts);
    receiver.clear("failing");
    Http.Reply enabled = http.patch("/realtime/webhooks/" + id, "application/json", "{\"status\":\"active\"}");
    assertEquals(200, enabled.status(), enabled::toString);
    await().atMost(WAIT).until(() -> receiver.requests("failing").size() > attempts
        && "msg_".concat(cursor).equals(receiver.requests("failing").get(receiver.requests("failing").size() - 1).id()));
    await().atMost(WAIT).until(() -> http.get("/realtime/webhooks/" + id).json().path("cursor").asText().equals(cursor));
  }

  @Test
  void replay_from_a_cursor_and_redelivery_of_one_event_send_the_same_messages_again() {
    String start = http.get("/api/" + c).header("Switchboard-Cursor");
    String id = register("replay", ",\"cursor\":\"" + start + "\"").path("id").asText();
    List<String> cursors = write(3);
    awaitRequests("replay", 3);
    assertEquals(202, http.post("/realtime/webhooks/" + id + "/replay", "{\"cursor\":\"" + start + "\"}").status());
    List<Request> replayed = awaitRequests("replay", 6);
    List<String> expected = cursors.stream().map(cursor -> "msg_" + cursor).toList();
    assertEquals(expected, ids(replayed.subList(3, 6)));
    assertEquals(202, http.post("/realtime/webhooks/" + id + "/redeliver", "{\"event\":\"" + cursors.get(1) + "\"}")
        .status());
    assertEquals(expected.get(1), awaitRequests("replay", 7).get(6).id());
    assertProblem(http.post("/realtime/webhooks/" + id + "/redeliver", "{\"event\":\"999999999\"}"), 404, "not-found");
    assertProblem(http.post("/realtime/webhooks/" + id + "/replay", "{\"cursor\":\"999999999\"}"), 410,
        "cursor-expired");
  }

  @Test
  void a_restart_mid_backlog_delivers_every_event_in_order() throws Exception {
    Reply[] slow = new Reply[40];
    java.util.Arrays.fill(slow, new Reply(204, Map.of(), Duration.ofMillis(100)));
    receiver.script("restart", slow);
    register("restart", "");
    List<String> expected = write(30).stream().map(cursor -> "msg_" + cursor).toList();
    awaitRequests("restart", 5);
    server.restart();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        new LinkedHashSet<>(ids(receiver.requests("restart"))).size() == expected.size());
    List<String> received = ids(receiver.requests("restart"));
    assertEquals(expected, List.copyOf(new LinkedHashSet<>(received)), "every event, in order");
    // At least once: the delivery in flight at the restart may come again, nothing else.
    assertTrue(received.size() - expected.size() <= 1, "repeated: " + received);
  }

  @Test
  void targets_resolving_to_internal_addresses_and_other_schemes_are_refused() throws Exception {
    List<String> refused = new ArrayList<>(List.of("http://127.0.0.1:9/hook", "http://localhost:9/hook",
        "http://[::1]/hook", "http://10.0.0.1/hook", "http://172.16.0.1/hook", "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/hook", "http://[fd00::1]/hook",
        "http://100.64.0.1/hook", "http://224.0.0.1/hook", "http://[::ffff:127.0.0.1]/hook",
        "ftp://example.com/hook", "file:///etc/passwd", "http://user:pw@" + WebhookReceiver.HOST + "/hook"));
    // This machine's own name resolves (through /etc/hosts, not DNS) to its own address, which is
    // loopback or private here; a name that resolves inward is refused like the literal.
    String hostname = InetAddress.getLocalHost().getHostName();
    InetAddress own = InetAddress.getByName(hostname);
    if (own.isLoopbackAddress() || own.isSiteLocalAddress() || own.isLinkLocalAddress()) {
      refused.add("http://" + hostname + ":9/hook");
    }
    for (String url : refused) {
      assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":[\"" + c + "\"]}"), 422,
          "validation-failed");
    }
    assertEquals(0, http.get("/realtime/webhooks").json().path("webhooks").findValuesAsText("url").stream()
        .filter(refused::contains).count(), "nothing refused was registered");
  }

  @Test
  void bad_registrations_are_refused_as_on_every_transport_and_unknown_endpoints_are_404() {
    String url = receiver.url("bad");
    assertProblem(http.post("/realtime/webhooks", "{\"topics\":[\"" + c + "\"]}"), 422, "validation-failed");
    // What the endpoint subscribes to is checked by the realtime door, with its error codes on every transport.
    assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":[]}"), 400, "invalid-request");
    assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":[\"not a topic\"]}"), 400,
        "invalid-request");
    assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":\"" + c + "\"}"), 422,
        "validation-failed");
    assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":[\"" + c + "\"],\"secret\":\"x\"}"),
        422, "validation-failed");
    assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":[\"chat:x\"],"
        + "\"filter\":{\"done\":\"false\"}}"), 400, "invalid-request");
    assertProblem(http.post("/realtime/webhooks", "{\"url\":\"" + url + "\",\"topics\":[\"" + c + "\"],"
        + "\"cursor\":\"999999999\"}"), 410, "cursor-expired");
    assertProblem(http.post("/realtime/webhooks", "not json"), 400, "malformed-json");
    assertProblem(http.get("/realtime/webhooks/nope"), 404, "not-found");
    assertProblem(http.delete("/realtime/webhooks/nope"), 404, "not-found");
    String id = register("bad", "").path("id").asText();
    assertProblem(http.patch("/realtime/webhooks/" + id, "application/json", "{\"status\":\"paused\"}"), 422,
        "validation-failed");
    assertProblem(http.post("/realtime/webhooks/" + id + "/rotate", "{\"graceSeconds\":-1}"), 422, "validation-failed");
    assertProblem(http.post("/realtime/webhooks/" + id + "/rotate", "{\"graceSeconds\":\"soon\"}"), 422,
        "validation-failed");
    assertProblem(http.post("/realtime/webhooks/" + id + "/replay", "{}"), 422, "validation-failed");
    assertProblem(http.get("/realtime/webhooks/" + id + "/attempts?limit=0"), 400, "invalid-request");
    assertEquals(204, http.delete("/realtime/webhooks/" + id).status());
    assertProblem(http.get("/realtime/webhooks/" + id), 404, "not-found");
  }
}

package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Authorization on every transport, with two users A and B and owner-only collections: B's
 * documents are invisible to A by REST and WebSocket CRUD, lists and counts; subscribers on
 * WebSocket, SSE, NDJSON and long-poll get only what they may read, live and replayed from cursor
 * 0 (deletes included); rule and role changes reach live subscriptions; webhooks deliver with
 * their owner's rights; presence is hidden; the owner field cannot be mass-assigned. Each test
 * adds rules for its own collections only and every rule set is restored afterwards.
 */
@ExtendWith(ServerExtension.class)
class AccessIT {
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final String MERGE = "application/merge-patch+json";
  private static final String OWNER_ONLY =
      "{\"list\":\"owner\",\"read\":\"owner\",\"update\":\"owner\",\"delete\":\"owner\"}";
  private static WebhookReceiver receiver;
  private final TestServer server;
  private final Http admin;
  private JsonNode original;
  private String a;
  private String b;
  private Http alice;
  private Http bob;
  private final java.util.Map<Http, String> credentials = new java.util.HashMap<>();

  AccessIT(TestServer server, Http http) {
    this.server = server;
    this.admin = http;
  }

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void twoUsers() {
    original = admin.get("/admin/rules").json();
    a = "a" + UUID.randomUUID().toString().substring(0, 8);
    b = "b" + UUID.randomUUID().toString().substring(0, 8);
    alice = user(a, "[\"readers\"]");
    bob = user(b, "[]");
  }

  @AfterEach
  void restoreRules() {
    assertEquals(200, admin.put("/admin/rules", original.toString()).status());
  }

  private Http user(String name, String roles) {
    String password = TestServer.secret("pw-" + UUID.randomUUID());
    assertEquals(201, admin.post("/admin/users", "{\"name\":\"" + name + "\",\"password\":\"" + password
        + "\",\"roles\":" + roles + "}").status());
    Http who = admin.with("Authorization", Http.basic(name, password));
    credentials.put(who, Http.basic(name, password));
    return who;
  }

  /** Adds (or replaces) the rules of one collection or namespace, keeping every other rule. */
  private void rule(String section, String name, String json) {
    ObjectNode rules = admin.get("/admin/rules").json().deepCopy();
    ((ObjectNode) rules.with(section)).set(name, parse(json));
    Http.Reply put = admin.put("/admin/rules", rules.toString());
    assertEquals(200, put.status(), put::toString);
  }

  private static JsonNode parse(String json) {
    try {
      return Http.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String create(Http who, String c, String body) {
    Http.Reply created = who.post("/api/" + c, body);
    assertEquals(201, created.status(), created::toString);
    return created.json().path("id").asText();
  }

  private long cursor() {
    return Long.parseLong(admin.get("/api").header("Switchboard-Cursor"));
  }

  private WsClient ws(Http who) throws Exception {
    WsClient client = WsClient.connect(server.base(), "", List.of("Authorization", credentials.get(who)),
        "switchboard.v1");
    client.next(m -> "welcome".equals(m.path("op").asText()));
    return client;
  }

  @Test
  void owner_only_documents_of_b_are_invisible_to_a_by_every_rest_method_list_and_count() {
    String c = freshCollection();
    rule("collections", c, OWNER_ONLY);
    String mine = create(alice, c, "{\"n\":0}");
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      theirs.add(create(bob, c, "{\"n\":" + i + "}"));
      create(alice, c, "{\"n\":" + (i + 1) + "}");
    }
    String id = theirs.get(0);
    String etag = bob.get("/api/" + c + "/" + id).header("ETag");
    assertEquals(b, bob.get("/api/" + c + "/" + id).json().path("owner").asText(), "the server sets the owner");
    JsonNode missing = assertProblem(alice.get("/api/" + c + "/nonexistent"), 404, "not-found");
    for (Http.Reply probe : List.of(alice.get("/api/" + c + "/" + id),
        alice.get("/api/" + c + "/" + id, "If-None-Match", etag),
        alice.get("/api/" + c + "/" + id, "If-Match", "\"999\""),
        alice.put("/api/" + c + "/" + id, "{\"n\":9}"),
        alice.put("/api/" + c + "/" + id, "{\"n\":9}", "If-Match", etag),
        alice.patch("/api/" + c + "/" + id, MERGE, "{\"n\":9}"),
        alice.patch("/api/" + c + "/" + id, MERGE, "{\"n\":9}", "If-Match", etag),
        alice.delete("/api/" + c + "/" + id),
        alice.delete("/api/" + c + "/" + id, "If-Match", etag))) {
      JsonNode problem = assertProblem(probe, 404, "not-found");
      assertEquals(missing.path("detail").asText().replace("nonexistent", id), problem.path("detail").asText(),
          "the same answer as for a missing id");
    }
    assertEquals(1, bob.get("/api/" + c + "/" + id).json().path("version").asInt(), "nothing changed");

    JsonNode counted = alice.get("/api/" + c + "?count=true&limit=100").json();
    assertEquals(6, counted.path("total").asInt());
    Set<String> seen = new HashSet<>();
    String next = "/api/" + c + "?limit=2&sort=-n";
    while (next != null) {
      Http.Reply page = alice.get(next);
      page.json().path("items").forEach(item -> {
        assertEquals(a, item.path("owner").asText());
        assertTrue(seen.add(item.path("id").asText()), "no document twice across keyset pages");
      });
      String link = page.header("Link");
      next = link == null ? null : URI.create(link.substring(1, link.indexOf('>'))).getRawPath() + "?"
          + URI.create(link.substring(1, link.indexOf('>'))).getRawQuery();
    }
    assertEquals(6, seen.size());
    assertTrue(seen.contains(mine));
    assertEquals(11, admin.get("/api/" + c + "?count=true").json().path("total").asInt(), "admins see everything");
    JsonNode index = null;
    for (JsonNode each : alice.get("/api").json().path("collections")) {
      index = each.path("name").asText().equals(c) ? each : index;
    }
    assertTrue(index != null && index.path("count").isNull(), "listed without the whole count: " + index);
    rule("collections", c, "{\"list\":\"role:auditors\",\"create\":\"role:auditors\"}");
    assertProblem(alice.post("/api/" + c, "{}"), 403, "forbidden");
    for (JsonNode each : alice.get("/api").json().path("collections")) {
      assertFalse(each.path("name").asText().equals(c), "a collection A may not list is not in its index");
    }
  }

  @Test
  void websocket_crud_goes_through_the_same_checks_as_rest() throws Exception {
    String c = freshCollection();
    rule("collections", c, OWNER_ONLY);
    String theirs = create(bob, c, "{\"n\":1}");
    String mine = create(alice, c, "{\"n\":2}");
    try (WsClient ws = ws(alice)) {
      for (String command : List.of(
          "{\"op\":\"get\",\"id\":\"1\",\"collection\":\"" + c + "\",\"docId\":\"" + theirs + "\"}",
          "{\"op\":\"put\",\"id\":\"1\",\"collection\":\"" + c + "\",\"docId\":\"" + theirs + "\",\"body\":{}}",
          "{\"op\":\"patch\",\"id\":\"1\",\"collection\":\"" + c + "\",\"docId\":\"" + theirs + "\",\"patch\":{}}",
          "{\"op\":\"delete\",\"id\":\"1\",\"collection\":\"" + c + "\",\"docId\":\"" + theirs + "\"}")) {
        JsonNode error = ws.call("1", command);
        assertEquals("error", error.path("op").asText(), error::toString);
        assertEquals(404, error.path("status").asInt(), error::toString);
      }
      JsonNode list = ws.call("2", "{\"op\":\"list\",\"id\":\"2\",\"collection\":\"" + c + "\",\"query\":{\"count\":\"true\"}}");
      assertEquals(1, list.path("body").path("total").asInt(), list::toString);
      assertEquals(mine, list.path("body").path("items").get(0).path("id").asText());
      JsonNode owned = ws.call("3", "{\"op\":\"create\",\"id\":\"3\",\"collection\":\"" + c
          + "\",\"body\":{\"owner\":\"" + b + "\"}}");
      assertEquals(422, owned.path("status").asInt(), owned::toString);
    }
    assertEquals(1, bob.get("/api/" + c + "/" + theirs).json().path("version").asInt(), "nothing changed");
  }

  @Test
  void subscribers_on_every_transport_receive_only_their_own_events_live_and_replayed_from_zero() throws Exception {
    String c = freshCollection();
    rule("collections", c, OWNER_ONLY);
    long start = cursor();
    URI base = server.base();
    String auth = credentials.get(alice);
    try (WsClient ws = ws(alice);
         SseClient sse = SseClient.open(base.resolve("realtime/sse?topic=" + c), "Authorization", auth);
         NdjsonClient ndjson = NdjsonClient.open(base.resolve("realtime/stream?topic=" + c), "Authorization", auth)) {
      ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"name\":\"s\",\"topic\":\"" + c + "\"}");
      for (int i = 0; i < 50; i++) { // B writes 100 times: 50 creates, 25 updates, 25 deletes
        String id = create(bob, c, "{\"n\":" + i + "}");
        assertEquals(i % 2 == 0 ? 204 : 200, i % 2 == 0 ? bob.delete("/api/" + c + "/" + id).status()
            : bob.patch("/api/" + c + "/" + id, MERGE, "{\"n\":-1}").status());
      }
      assertEquals(25, admin.get("/api/" + c + "?count=true").json().path("total").asInt());
      String mine = create(alice, c, "{\"mine\":true}");

      JsonNode live = ws.event("s");
      assertEquals(List.of("created", mine), List.of(live.path("type").asText(), live.path("id").asText()));
      JsonNode line = ndjson.next(WITHIN);
      assertEquals(mine, line.path("id").asText(), line::toString);
      SseClient.Event event = sse.next(WITHIN);
      assertEquals(mine, parse(event.data()).path("id").asText(), event::toString);
      JsonNode polled = alice.get("/realtime/poll?topic=" + c + "&cursor=" + start).json();
      assertEquals(1, polled.path("events").size(), polled::toString);
      assertEquals(mine, polled.path("events").get(0).path("id").asText());

      // Replays from cursor 0 show none of B's events either: creates and deletes.
      ws.call("r", "{\"op\":\"subscribe\",\"id\":\"r\",\"name\":\"r\",\"topic\":\"" + c + "\",\"cursor\":\"0\"}");
      assertEquals(mine, ws.event("r").path("id").asText());
      assertEquals(1, alice.get("/realtime/poll?topic=" + c + "&cursor=0").json().path("events").size());
      try (SseClient replay = SseClient.open(base.resolve("realtime/sse?topic=" + c), "Authorization", auth,
               "Last-Event-ID", "0");
           NdjsonClient replayed = NdjsonClient.open(base.resolve("realtime/stream?topic=" + c + "&cursor=0"),
               "Authorization", auth)) {
        assertEquals(mine, parse(replay.next(WITHIN).data()).path("id").asText());
        assertEquals(mine, replayed.next(WITHIN).path("id").asText());
        String marker = create(alice, c, "{\"marker\":true}");
        assertEquals(marker, parse(replay.next(WITHIN).data()).path("id").asText(), "nothing between");
        assertEquals(marker, replayed.next(WITHIN).path("id").asText(), "nothing between");
        assertEquals(marker, ws.event("r").path("id").asText(), "nothing between");
      }
    }
  }

  @Test
  void a_rule_change_mid_stream_stops_events_at_once_and_ends_subscriptions_no_longer_allowed() throws Exception {
    String c = freshCollection();
    String other = freshCollection();
    rule("collections", c, "{\"read\":\"authenticated\"}");
    try (WsClient ws = ws(alice)) {
      ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"name\":\"s\",\"topic\":\"" + c + "\"}");
      ws.call("o", "{\"op\":\"subscribe\",\"id\":\"o\",\"name\":\"o\",\"topic\":\"" + other + "\"}");
      String first = create(bob, c, "{}");
      assertEquals(first, ws.event("s").path("id").asText(), "readable: delivered");

      rule("collections", c, OWNER_ONLY);
      create(bob, c, "{}");
      String mine = create(alice, c, "{}");
      JsonNode next = ws.event("s");
      assertEquals(mine, next.path("id").asText(), "B's event after the change is not delivered: " + next);
      // B's document A saw before: an update hides nothing A may not read, and tells nothing new.
      bob.patch("/api/" + c + "/" + first, MERGE, "{\"secret\":1}");
      admin.patch("/api/" + c + "/" + mine, MERGE, "{\"owner\":\"" + b + "\"}");
      JsonNode leave = ws.event("s");
      assertEquals(List.of("leave", mine), List.of(leave.path("type").asText(), leave.path("id").asText()), leave::toString);
      assertTrue(leave.path("data").isNull(), "a leave carries no body: " + leave);

      rule("collections", c, "{\"subscribe\":\"nobody\"}");
      JsonNode ended = ws.event("s");
      assertEquals("unsubscribed", ended.path("type").asText(), ended::toString);
      assertEquals("forbidden", ended.path("reason").asText());
      String stillThere = create(alice, other, "{}");
      assertEquals(stillThere, ws.event("o").path("id").asText(), "the connection and its other subscription stay");
      JsonNode refused = ws.call("x", "{\"op\":\"subscribe\",\"id\":\"x\",\"name\":\"x\",\"topic\":\"" + c + "\"}");
      assertEquals(403, refused.path("status").asInt(), refused::toString);
    }
  }

  @Test
  void a_role_taken_away_ends_the_subscriptions_it_allowed() throws Exception {
    String ns = "n" + freshCollection();
    rule("channels", ns, "{\"subscribe\":\"role:readers\",\"publish\":\"authenticated\"}");
    try (WsClient ws = ws(alice)) {
      JsonNode ok = ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"name\":\"s\",\"topic\":\"" + ns + ":room\"}");
      assertEquals("reply", ok.path("op").asText(), ok::toString);
      bob.post("/realtime/channels/" + ns + ":room", "{\"hello\":1}");
      assertEquals("message", ws.event("s").path("type").asText());
      assertEquals(200, admin.patch("/admin/users/" + a, "application/json", "{\"roles\":[]}").status());
      JsonNode ended = ws.event("s");
      assertEquals(List.of("unsubscribed", "forbidden"), List.of(ended.path("type").asText(),
          ended.path("reason").asText()), ended::toString);
      assertTrue(ws.isOpen());
    }
  }

  @Test
  void webhooks_deliver_only_what_their_owner_may_read_and_belong_to_their_owner() {
    String c = freshCollection();
    rule("collections", c, OWNER_ONLY);
    String path = "access-" + c;
    Http.Reply registered = alice.post("/realtime/webhooks", "{\"url\":\"" + receiver.url(path) + "\",\"topics\":[\""
        + c + "\"]}");
    assertEquals(201, registered.status(), registered::toString);
    String id = registered.json().path("id").asText();
    assertEquals(a, registered.json().path("owner").asText());
    assertProblem(bob.get("/realtime/webhooks/" + id), 404, "not-found");
    assertProblem(bob.delete("/realtime/webhooks/" + id), 404, "not-found");
    assertEquals(0, bob.get("/realtime/webhooks").json().path("webhooks").size());
    assertEquals(200, admin.get("/realtime/webhooks/" + id).status(), "admins see every endpoint");

    for (int i = 0; i < 20; i++) {
      create(bob, c, "{}");
    }
    String mine = create(alice, c, "{}");
    String last = create(alice, c, "{}");
    await().atMost(WITHIN).until(() -> receiver.requests(path).size() >= 2);
    List<String> delivered = receiver.requests(path).stream().map(r -> r.json().path("id").asText()).toList();
    assertEquals(List.of(mine, last), delivered);

    rule("collections", c, "{\"subscribe\":\"role:auditors\"}");
    create(alice, c, "{}");
    await().atMost(WITHIN).until(() -> "disabled".equals(alice.get("/realtime/webhooks/" + id).json().path("status").asText()));
    assertTrue(alice.get("/realtime/webhooks/" + id).json().path("statusReason").asText().contains("may no longer"));
    assertEquals(2, receiver.requests(path).size(), "nothing delivered once its owner may not subscribe");
  }

  @Test
  void a_principal_registers_a_bounded_number_of_webhooks_and_anonymous_callers_none() {
    String c = freshCollection();
    for (int i = 0; i < TestServer.WEBHOOKS_PER_USER; i++) {
      assertEquals(201, bob.post("/realtime/webhooks", "{\"url\":\"" + receiver.url("cap") + "\",\"topics\":[\""
          + c + "\"]}").status());
    }
    assertProblem(bob.post("/realtime/webhooks", "{\"url\":\"" + receiver.url("cap") + "\",\"topics\":[\"" + c
        + "\"]}"), 429, "limit-exceeded");
    assertEquals(TestServer.WEBHOOKS_PER_USER, bob.get("/realtime/webhooks").json().path("webhooks").size());
    assertEquals(201, alice.post("/realtime/webhooks", "{\"url\":\"" + receiver.url("cap") + "\",\"topics\":[\""
        + c + "\"]}").status(), "another principal is unaffected");
    for (JsonNode w : bob.get("/realtime/webhooks").json().path("webhooks")) {
      assertEquals(204, bob.delete("/realtime/webhooks/" + w.path("id").asText()).status());
    }
  }

  @Test
  void presence_is_visible_only_to_those_who_may_watch_it() throws Exception {
    String ns = "n" + freshCollection();
    rule("channels", ns, "{\"subscribe\":\"authenticated\",\"presence\":\"role:readers\"}");
    try (WsClient watcher = ws(alice); WsClient hidden = ws(bob)) {
      JsonNode ok = watcher.call("w", "{\"op\":\"subscribe\",\"id\":\"w\",\"name\":\"w\",\"topic\":\"" + ns
          + ":room\",\"presence\":true}");
      assertEquals("reply", ok.path("op").asText(), ok::toString);
      JsonNode refused = hidden.call("w", "{\"op\":\"subscribe\",\"id\":\"w\",\"name\":\"w\",\"topic\":\"" + ns
          + ":room\",\"presence\":true}");
      assertEquals(403, refused.path("status").asInt(), refused::toString);
      JsonNode plain = hidden.call("p", "{\"op\":\"subscribe\",\"id\":\"p\",\"name\":\"p\",\"topic\":\"" + ns + ":room\"}");
      assertEquals("reply", plain.path("op").asText(), "subscribing without presence is allowed");
      JsonNode join = watcher.next(m -> "event".equals(m.path("op").asText())
          && b.equals(m.path("event").path("principal").asText()));
      assertEquals("join", join.path("event").path("action").asText(), "the watcher sees B join: " + join);
      assertProblem(bob.get("/realtime/presence/" + ns + ":room"), 403, "forbidden");
      assertEquals(200, alice.get("/realtime/presence/" + ns + ":room").status());
    }
  }

  @Test
  void the_owner_is_set_by_the_server_and_only_an_admin_transfers_it() {
    String c = freshCollection();
    rule("collections", c, OWNER_ONLY);
    assertProblem(bob.post("/api/" + c, "{\"owner\":\"" + a + "\"}"), 422, "validation-failed");
    String id = create(bob, c, "{\"n\":1,\"owner\":\"" + b + "\"}");
    assertProblem(bob.patch("/api/" + c + "/" + id, MERGE, "{\"owner\":\"" + a + "\"}"), 422, "validation-failed");
    assertProblem(bob.patch("/api/" + c + "/" + id, "application/json-patch+json",
        "[{\"op\":\"remove\",\"path\":\"/owner\"}]"), 422, "validation-failed");
    assertProblem(bob.put("/api/" + c + "/" + id, "{\"owner\":\"" + a + "\"}"), 422, "validation-failed");
    JsonNode kept = bob.put("/api/" + c + "/" + id, "{\"n\":2,\"owner\":\"" + b + "\"}").json();
    assertEquals(b, kept.path("owner").asText(), "repeating the owner is a no-op");
    JsonNode noOwnerField = bob.put("/api/" + c + "/" + id, "{\"n\":3}").json();
    assertEquals(b, noOwnerField.path("owner").asText(), "a replacement keeps the owner");
    assertProblem(alice.get("/api/" + c + "/" + id), 404, "not-found");

    JsonNode moved = admin.patch("/api/" + c + "/" + id, MERGE, "{\"owner\":\"" + a + "\"}").json();
    assertEquals(a, moved.path("owner").asText());
    assertEquals(200, alice.get("/api/" + c + "/" + id).status(), "the new owner reads it");
    assertProblem(bob.get("/api/" + c + "/" + id), 404, "not-found");
    assertEquals(1, alice.get("/api/" + c + "?owner=" + a + "&count=true").json().path("total").asInt(),
        "owner is a filterable server field");
  }

  @Test
  void refused_subscriptions_are_403_on_every_transport_and_401_without_a_credential() throws Exception {
    String c = freshCollection();
    String open = freshCollection();
    rule("collections", c, "{\"subscribe\":\"role:auditors\"}");
    rule("collections", open, "{\"list\":\"everyone\",\"read\":\"everyone\",\"subscribe\":\"everyone\"}");
    try (WsClient ws = ws(alice)) {
      JsonNode refused = ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"name\":\"s\",\"topic\":\"" + c + "\"}");
      assertEquals(403, refused.path("status").asInt(), refused::toString);
    }
    assertProblem(alice.get("/realtime/sse?topic=" + c), 403, "forbidden");
    assertProblem(alice.get("/realtime/stream?topic=" + c), 403, "forbidden");
    assertProblem(alice.get("/realtime/poll?topic=" + c + "&wait=0"), 403, "forbidden");

    Http nobody = admin.anonymous();
    assertEquals(200, nobody.get("/api/" + open).status(), "everyone may list it");
    Http.Reply anonymousCreate = nobody.post("/api/" + open, "{}");
    assertProblem(anonymousCreate, 401, "unauthorized");
    assertTrue(anonymousCreate.header("WWW-Authenticate").startsWith("Bearer"), anonymousCreate::toString);
    assertProblem(nobody.get("/realtime/poll?topic=" + c + "&wait=0"), 401, "unauthorized");
    assertEquals(200, nobody.get("/realtime/poll?topic=" + open + "&wait=0").status());
    assertProblem(nobody.get("/admin/rules"), 401, "unauthorized");
    assertProblem(nobody.get("/api/" + freshCollection()), 401, "unauthorized");
  }

  @Test
  void rules_are_validated_as_a_whole_and_only_admins_change_them() {
    JsonNode before = admin.get("/admin/rules").json();
    for (String bad : List.of("{\"collections\":{\"x\":{\"read\":\"owners\"}}}",
        "{\"collections\":{\"x\":{\"reed\":\"owner\"}}}",
        "{\"channels\":{\"x\":{\"publish\":\"owner\"}}}",
        "{\"collections\":{\"X Y\":{}}}",
        "{\"collections\":{\"x\":{\"create\":\"owner\"}}}",
        "{\"other\":{}}", "[]")) {
      JsonNode problem = assertProblem(admin.put("/admin/rules", bad), 422, "validation-failed");
      assertFalse(problem.path("errors").isEmpty(), problem::toString);
    }
    assertEquals(before, admin.get("/admin/rules").json(), "nothing changed");
    assertProblem(alice.put("/admin/rules", "{}"), 403, "forbidden");
    assertProblem(alice.get("/admin/rules"), 403, "forbidden");
    String c = freshCollection();
    rule("collections", c, "{\"read\":[\"owner\",\"role:readers\"],\"delete\":\"nobody\"}");
    JsonNode stored = admin.get("/admin/rules").json().path("collections").path(c);
    assertEquals(parse("{\"read\":[\"owner\",\"role:readers\"],\"delete\":\"nobody\"}"), stored);
    String id = create(bob, c, "{}");
    assertEquals(200, alice.get("/api/" + c + "/" + id).status(), "a role in the list admits A");
    assertProblem(bob.delete("/api/" + c + "/" + id), 403, "forbidden");
  }
}

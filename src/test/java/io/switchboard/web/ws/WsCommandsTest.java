package io.switchboard.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Peer;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.protocol.Wire;
import io.switchboard.security.Authenticator;
import io.switchboard.session.Connection;
import io.switchboard.session.Outbound;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import io.switchboard.store.LogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket command handling without a container: the real core on a SQLite file, a recording transport. */
class WsCommandsTest {
  @TempDir
  Path dir;
  private Database db;
  private Hub hub;
  private Realtime realtime;
  private WsCommands commands;
  private final BlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();
  private Connection connection;

  @BeforeEach
  void start() throws InterruptedException {
    Settings d = Settings.defaults();
    db = Database.open(new Settings(new Settings.Server(0, dir), new Settings.Db("jdbc:sqlite:" + dir.resolve("t.db"),
        "", "", 4, "NORMAL"), d.limits(), d.realtime(), d.webhooks(), d.auth(), d.access(), d.http(), d.rates()));
    hub = new Hub(new LogReader(db), 2);
    DocumentService documents = new DocumentService(db, Access.of(AccessRules.defaults()), Clock.systemUTC(), 50, 1000, event -> hub.wake());
    realtime = new Realtime(hub, Access.of(AccessRules.defaults()), documents::liveQuery, 64, 3);
    commands = new WsCommands(documents, Authenticator.start(db, realtime, d.auth(), Clock.systemUTC()),
        new io.switchboard.model.JsonInput(d.limits().jsonDepth(), d.limits().jsonString()));
    connection = realtime.connect(new Outbound() {
      @Override
      public String transport() {
        return "test";
      }

      @Override
      public boolean nonBlocking() {
        return true;
      }

      @Override
      public CompletionStage<Void> write(Frame frame) {
        sent.add(Json.parse(Wire.webSocketText(frame).getBytes(StandardCharsets.UTF_8)));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close(Disconnect reason) {}
    }, new Peer("127.0.0.1", new Identity("alice", Set.of(), "basic", null, null)));
    assertEquals("welcome", next().path("op").asText());
  }

  @AfterEach
  void stop() {
    realtime.closeAll(Disconnect.GOING_AWAY);
    hub.close();
    db.close();
  }

  private JsonNode next() throws InterruptedException {
    JsonNode message = sent.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("nothing was sent within 10 s");
    }
    return message;
  }

  private JsonNode call(String command) throws InterruptedException {
    commands.handle(connection, command);
    return next();
  }

  @Test
  void a_subscription_is_acknowledged_before_its_first_event_and_every_event_names_it() throws Exception {
    JsonNode created = call("{\"op\":\"create\",\"id\":\"c\",\"collection\":\"todos\",\"body\":{\"title\":\"a\"}}");
    assertEquals(201, created.path("status").asInt());
    JsonNode reply = call("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"todos\",\"cursor\":\"0\"}");
    assertEquals("reply", reply.path("op").asText());
    assertEquals("s", reply.path("sub").asText());
    assertEquals("0", reply.path("cursor").asText());
    JsonNode event = next();
    assertEquals("event", event.path("op").asText());
    assertEquals("s", event.path("event").path("sub").asText());
    assertEquals("created", event.path("event").path("type").asText());
    assertEquals(created.path("cursor").asText(), event.path("event").path("cursor").asText());
  }

  @Test
  void the_same_command_errors_as_rest_with_the_clients_id_and_nothing_changes() throws Exception {
    JsonNode missing = call("{\"op\":\"get\",\"id\":1,\"collection\":\"todos\",\"docId\":\"nope\"}");
    assertEquals(1, missing.path("id").asInt());
    assertEquals(404, missing.path("status").asInt());
    assertEquals("not-found", missing.path("code").asText());
    JsonNode notObject = call("{\"op\":\"create\",\"id\":2,\"collection\":\"todos\",\"body\":[1]}");
    assertEquals(422, notObject.path("status").asInt());
    JsonNode stale = call("{\"op\":\"put\",\"id\":3,\"collection\":\"todos\",\"docId\":\"x\",\"body\":{},"
        + "\"ifMatch\":\"\\\"9\\\"\"}");
    assertEquals(412, stale.path("status").asInt());
    JsonNode badJson = call("{oops");
    assertEquals("malformed-json", badJson.path("code").asText());
    JsonNode unknown = call("{\"op\":\"fly\",\"id\":\"u\"}");
    assertEquals("u", unknown.path("id").asText());
    assertEquals(400, unknown.path("status").asInt());
    JsonNode list = call("{\"op\":\"list\",\"id\":4,\"collection\":\"todos\"}");
    assertEquals(0, list.path("body").path("items").size(), "nothing was written by the refused commands");
    assertNull(sent.poll(100, TimeUnit.MILLISECONDS), "exactly one answer per command");
  }

  @Test
  void subscription_rules_are_the_doors_own() throws Exception {
    assertEquals(200, call("{\"op\":\"subscribe\",\"id\":\"a\",\"topic\":\"chat:x\"}").path("status").asInt());
    assertEquals(409, call("{\"op\":\"subscribe\",\"id\":\"a\",\"topic\":\"chat:x\"}").path("status").asInt());
    assertEquals(400, call("{\"op\":\"subscribe\",\"id\":\"f\",\"topic\":\"chat:x\",\"filter\":{\"done\":\"false\"}}")
        .path("status").asInt(), "a filter only on collection topics");
    assertEquals(400, call("{\"op\":\"subscribe\",\"id\":\"c\",\"topic\":\"todos\",\"cursor\":\"x\"}")
        .path("status").asInt());
    assertEquals(200, call("{\"op\":\"subscribe\",\"id\":\"b\",\"topic\":\"todos\"}").path("status").asInt());
    assertEquals(200, call("{\"op\":\"subscribe\",\"id\":\"c\",\"topic\":\"todos\"}").path("status").asInt());
    assertEquals(429, call("{\"op\":\"subscribe\",\"id\":\"d\",\"topic\":\"todos\"}").path("status").asInt());
    assertEquals(200, call("{\"op\":\"unsubscribe\",\"id\":\"u\",\"sub\":\"b\"}").path("status").asInt());
    assertEquals(404, call("{\"op\":\"unsubscribe\",\"id\":\"u\",\"sub\":\"b\"}").path("status").asInt());
    assertTrue(connection.info().subscriptions().keySet().containsAll(java.util.List.of("a", "c")));
  }
}

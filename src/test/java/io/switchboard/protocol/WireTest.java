package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Cursor;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException.FieldError;
import io.switchboard.model.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec without a container: every command decodes by its op, every frame encodes to the documented JSON. */
class WireTest {
  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Command decode(String text) {
    return Wire.command(Wire.commandTree(new io.switchboard.model.JsonInput(64, 65_536), text));
  }

  private static Problem refused(String text) {
    return assertThrows(SwitchboardException.class, () -> decode(text)).problem();
  }

  @Test
  void every_command_decodes_by_its_op_with_its_fields() {
    Command.Subscribe subscribe = assertInstanceOf(Command.Subscribe.class, decode(
        "{\"op\":\"subscribe\",\"id\":\"1\",\"topic\":\"todos\",\"cursor\":\"40\",\"filter\":{\"done\":\"false\"},"
            + "\"presence\":true}"));
    assertEquals(new TextNode("1"), subscribe.id());
    assertEquals("todos", subscribe.topic());
    assertEquals("40", subscribe.cursor());
    assertEquals("1", subscribe.name(), "the sub defaults to a string id");
    assertEquals("false", subscribe.filter().path("done").asText());
    assertTrue(subscribe.presence());
    assertEquals("mine", ((Command.Subscribe) decode("{\"op\":\"subscribe\",\"id\":7,\"sub\":\"mine\",\"topic\":\"t\"}"))
        .name());
    assertEquals(null, ((Command.Subscribe) decode("{\"op\":\"subscribe\",\"id\":7,\"topic\":\"t\"}")).name(),
        "a number id names no subscription");
    assertEquals("s", ((Command.Unsubscribe) decode("{\"op\":\"unsubscribe\",\"id\":\"2\",\"sub\":\"s\"}")).sub());
    Command.Publish publish = (Command.Publish) decode("{\"op\":\"publish\",\"channel\":\"chat:lobby\",\"data\":[1]}");
    assertEquals("chat:lobby", publish.channel());
    assertEquals(json("[1]"), publish.data());
    Command.Get get = (Command.Get) decode("{\"op\":\"get\",\"collection\":\"todos\",\"docId\":\"a\"}");
    assertEquals(List.of("todos", "a"), List.of(get.collection(), get.docId()));
    Command.ListCollection list = (Command.ListCollection) decode(
        "{\"op\":\"list\",\"collection\":\"todos\",\"query\":{\"limit\":\"2\"}}");
    assertEquals("2", list.query().path("limit").asText());
    assertEquals(json("{\"t\":1}"), ((Command.Create) decode("{\"op\":\"create\",\"collection\":\"c\",\"body\":{\"t\":1}}"))
        .body());
    Command.Put put = (Command.Put) decode(
        "{\"op\":\"put\",\"collection\":\"c\",\"docId\":\"d\",\"body\":{},\"ifMatch\":\"\\\"1\\\"\",\"ifNoneMatch\":\"*\"}");
    assertEquals(List.of("\"1\"", "*"), List.of(put.ifMatch(), put.ifNoneMatch()));
    Command.Patch patch = (Command.Patch) decode(
        "{\"op\":\"patch\",\"collection\":\"c\",\"docId\":\"d\",\"patch\":[],\"format\":\"json-patch\"}");
    assertEquals("json-patch", patch.format());
    assertEquals("\"2\"", ((Command.Delete) decode("{\"op\":\"delete\",\"collection\":\"c\",\"docId\":\"d\",\"ifMatch\":"
        + "\"\\\"2\\\"\"}")).ifMatch());
    assertEquals(new IntNode(9), decode("{\"op\":\"ping\",\"id\":9}").id());
    assertEquals("t", ((Command.Subscribe) decode("{\"op\":\"subscribe\",\"topic\":\"t\",\"future\":1}")).topic(),
        "a field the server does not know is ignored");
  }

  @Test
  void a_bad_command_is_a_clear_client_error() {
    assertEquals(Problem.MALFORMED_JSON, refused("{not json"));
    assertEquals(Problem.INVALID_REQUEST, refused("[1,2]"));
    assertEquals(Problem.INVALID_REQUEST, refused("{\"id\":\"1\"}"));
    SwitchboardException unknown = assertThrows(SwitchboardException.class, () -> decode("{\"op\":\"explode\"}"));
    assertTrue(unknown.getMessage().contains("explode"), unknown.getMessage());
    SwitchboardException mistyped = assertThrows(SwitchboardException.class,
        () -> decode("{\"op\":\"subscribe\",\"topic\":42}"));
    assertEquals(Problem.INVALID_REQUEST, mistyped.problem());
    assertEquals("\"topic\" must be a string.", mistyped.getMessage());
    assertEquals(Problem.INVALID_REQUEST, refused("{\"op\":\"subscribe\",\"topic\":\"t\",\"presence\":[1]}"));
    assertEquals(Problem.MALFORMED_JSON, refused("{\"op\":\"ping\",\"op\":\"ping\"}"), "duplicate keys are refused");
  }

  @Test
  void an_event_is_encoded_once_and_each_delivery_names_its_subscription() {
    Event event = new Event(42, "todos", EventType.UPDATED, "a1", 3, json("{\"id\":\"a1\",\"title\":\"Milk\"}"), null,
        Instant.parse("2026-11-22T21:00:00Z"));
    EncodedEvent encoded = new EncodedEvent(event);
    Frame frame = Wire.event(encoded, EventType.UPDATED, "s 1", Wire.quote("s 1"));
    assertEquals(json("{\"cursor\":\"42\",\"topic\":\"todos\",\"type\":\"updated\",\"id\":\"a1\",\"version\":3,"
        + "\"data\":{\"id\":\"a1\",\"title\":\"Milk\"},\"time\":\"2026-11-22T21:00:00Z\",\"sub\":\"s 1\"}"),
        json(frame.json()));
    assertEquals(List.of("42", "updated", "s 1"), List.of(frame.cursor(), frame.type(), frame.sub()));
    assertEquals("leave", json(encoded.json(EventType.LEAVE, null)).path("type").asText(), "a view's own type");
    assertFalse(json(encoded.json(EventType.UPDATED, null)).has("sub"), "no subscription, no sub");
    JsonNode ws = json(Wire.webSocketText(frame));
    assertEquals("event", ws.path("op").asText());
    assertEquals("s 1", ws.path("sub").asText());
    assertEquals(json(frame.json()), ws.path("event"));
  }

  @Test
  void a_subscription_name_is_quoted_as_json_whatever_it_holds() {
    for (String name : List.of("todo", "s 1", "quote\"d", "back\\slash", "new\nline", "caf\u00e9", "\u0001")) {
      assertEquals(name, json(Wire.quote(name)).textValue(), name);
      assertEquals(new TextNode(name).toString(), Wire.quote(name));
    }
  }

  @Test
  void every_other_frame_has_its_documented_shape() {
    Frame welcome = Wire.welcome("sess", new Cursor(12));
    assertEquals(json("{\"op\":\"welcome\",\"session\":\"sess\",\"cursor\":\"12\"}"), json(welcome.json()));
    assertEquals(Frame.Kind.WELCOME, welcome.kind());
    assertEquals(json(welcome.json()), json(Wire.webSocketText(welcome)), "a welcome goes to a WebSocket as it is");
    JsonNode reset = json(Wire.reset(10, "todos", "a").json());
    assertEquals(List.of("10", "todos", "reset", "a"), List.of(reset.path("cursor").asText(), reset.path("topic").asText(),
        reset.path("type").asText(), reset.path("sub").asText()));
    Frame presence = Wire.presence("chat:lobby", "join", "anonymous", "sess", "w");
    assertEquals(null, presence.cursor(), "presence is not in the log");
    assertEquals(json("{\"topic\":\"chat:lobby\",\"type\":\"presence\",\"action\":\"join\",\"principal\":\"anonymous\","
        + "\"session\":\"sess\",\"sub\":\"w\"}"), json(presence.json()));
    assertEquals(json("{\"code\":4000,\"reason\":\"slow consumer: outbound queue full\",\"reconnect\":true}"),
        json(Wire.close(Disconnect.SLOW_CONSUMER)));
    assertEquals(json("{\"type\":\"close\",\"code\":1001,\"reason\":\"server going away\",\"reconnect\":true}"),
        json(Wire.closeLine(Disconnect.GOING_AWAY)));
    assertEquals(json("{\"type\":\"heartbeat\"}"), json(Wire.HEARTBEAT_LINE));
    assertEquals(json("{\"cursor\":\"5\",\"events\":[{\"a\":1}]}"), json(Wire.pollBatch(new Cursor(5), List.of("{\"a\":1}"))));
    assertEquals(json("{\"cursors\":{\"a\":\"5\",\"b\":\"7\"},\"events\":[]}"),
        json(Wire.pollBatch(Map.of("a", new Cursor(5), "b", new Cursor(7)), List.of())));
  }

  @Test
  void replies_and_errors_round_trip_with_the_clients_id() {
    TextNode id = new TextNode("7");
    assertEquals(json("{\"op\":\"reply\",\"id\":\"7\",\"status\":200,\"sub\":\"s\",\"topic\":\"todos\",\"cursor\":\"3\"}"),
        json(Wire.reply(Reply.subscribed(id, "s", "todos", new Cursor(3))).json()));
    assertEquals(json("{\"op\":\"reply\",\"id\":null,\"status\":200,\"pong\":true}"),
        json(Wire.reply(Reply.pong(null)).json()), "an absent id is echoed as null");
    assertEquals(json("{\"op\":\"reply\",\"id\":\"7\",\"status\":202,\"cursor\":\"9\"}"),
        json(Wire.reply(Reply.published(id, new Cursor(9))).json()));
    assertEquals(json("{\"op\":\"reply\",\"id\":\"7\",\"status\":201,\"cursor\":\"9\",\"etag\":\"\\\"1\\\"\",\"body\":{}}"),
        json(Wire.reply(Reply.document(id, 201, "\"1\"", new Cursor(9), json("{}"))).json()));
    assertEquals(json("{\"op\":\"reply\",\"id\":\"7\",\"status\":204,\"cursor\":\"9\"}"),
        json(Wire.reply(Reply.deleted(id, new Cursor(9))).json()));
    JsonNode error = json(Wire.error(ErrorReply.of(id, new SwitchboardException(Problem.VALIDATION_FAILED, "Bad.",
        List.of(new FieldError("/title", "is required"))))).json());
    assertEquals(json("{\"op\":\"error\",\"id\":\"7\",\"status\":422,\"code\":\"validation-failed\",\"title\":"
        + "\"Validation failed\",\"detail\":\"Bad.\",\"type\":\"urn:switchboard:problem:validation-failed\","
        + "\"errors\":[{\"field\":\"/title\",\"message\":\"is required\"}]}"), error);
    JsonNode busy = json(Wire.error(ErrorReply.of(id, new SwitchboardException(Problem.UNAVAILABLE, "Busy."))).json());
    assertEquals(503, busy.path("status").asInt());
    assertEquals(1, busy.path("retryAfter").asInt(), "a retryable problem says when, as REST's Retry-After does");
  }

  @Test
  void every_problem_has_one_status_and_a_bare_status_finds_its_problem() {
    for (Problem p : Problem.values()) {
      assertTrue(p.status >= 400 && p.status < 600, p + " " + p.status);
      assertEquals(p.status, ProblemDetails.of(p, "d", List.of()).status());
    }
    assertEquals("invalid-request", ProblemDetails.forStatus(400, "Bad Request", "x").code());
    assertEquals("method-not-allowed", ProblemDetails.forStatus(405, "Method Not Allowed", "x").code());
    assertEquals("http-418", ProblemDetails.forStatus(418, "I'm a teapot", "x").code());
  }
}

package io.switchboard.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.switchboard.model.Cursor;
import io.switchboard.model.EventType;
import io.switchboard.model.Json;
import io.switchboard.model.JsonInput;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The codec of every transport: encodes each kind of frame (event, reset, presence, welcome,
 * heartbeat, close, reply, error) and decodes WebSocket commands. Stateless and thread-safe.
 */
public final class Wire {
  /** The HTTP header of the event-log position a response reflects; accepted as the start of any subscription. */
  public static final String CURSOR_HEADER = "Switchboard-Cursor";
  /** A heartbeat as an NDJSON line (SSE sends a comment, WebSocket a ping). */
  public static final String HEARTBEAT_LINE = "{\"type\":\"heartbeat\"}";

  /**
   * Commands bind strictly by type (a number where a string belongs is an error, not coerced) and
   * ignore fields they do not know, so a newer client's extra fields do not break an older server.
   */
  private static final ObjectMapper COMMANDS = Json.MAPPER.copy()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static {
    COMMANDS.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  private Wire() {}

  /**
   * A string as a JSON string literal, quotes included. Runs once per delivery (a WebSocket event
   * names its subscription), so names that need no escaping, the usual case, skip Jackson.
   */
  public static String quote(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return JsonNodeFactory.instance.textNode(text).toString();
      }
    }
    return '"' + text + '"';
  }

  /** {@code {"op":"welcome","session","cursor"}}: the first frame of every connection. */
  public static Frame welcome(String session, Cursor now) {
    String json = JsonNodeFactory.instance.objectNode().put("op", "welcome").put("session", session)
        .put("cursor", now.toString()).toString();
    return new Frame(Frame.Kind.WELCOME, now.toString(), "welcome", json, null);
  }

  /** A delivery of {@code event} as {@code type} for subscription {@code sub}. */
  public static Frame event(EncodedEvent event, EventType type, String sub, String quotedSub) {
    return new Frame(Frame.Kind.EVENT, Long.toString(event.event().seq()), type.wire(),
        event.json(type, quotedSub), sub);
  }

  /** The cursor is not in the retained log: refetch, then continue after {@code now}. */
  public static Frame reset(long now, String topic, String sub) {
    String json = JsonNodeFactory.instance.objectNode().put("cursor", Long.toString(now)).put("topic", topic)
        .put("type", EventType.RESET.wire())
        .put("detail", "The cursor is older than the retained log: fetch a new snapshot, then continue.")
        .put("sub", sub).toString();
    return new Frame(Frame.Kind.EVENT, Long.toString(now), EventType.RESET.wire(), json, sub);
  }

  /** A join or leave on a watched topic: ephemeral (not in the log), so it carries no cursor. */
  public static Frame presence(String topic, String action, String principal, String session, String sub) {
    String json = JsonNodeFactory.instance.objectNode().put("topic", topic).put("type", EventType.PRESENCE.wire())
        .put("action", action).put("principal", principal).put("session", session).put("sub", sub).toString();
    return new Frame(Frame.Kind.EVENT, null, EventType.PRESENCE.wire(), json, sub);
  }

  /**
   * The server ended subscription {@code sub} ({@code reason} {@code forbidden}: the caller may no
   * longer subscribe to its topics); ephemeral, so it carries no cursor. The connection stays.
   */
  public static Frame unsubscribed(String topic, String sub, String reason, String detail) {
    String json = JsonNodeFactory.instance.objectNode().put("topic", topic).put("type", EventType.UNSUBSCRIBED.wire())
        .put("reason", reason).put("detail", detail).put("sub", sub).toString();
    return new Frame(Frame.Kind.EVENT, null, EventType.UNSUBSCRIBED.wire(), json, sub);
  }

  /** {@code {"code","reason","reconnect"}}: why the server ends a stream (SSE {@code event: close}). */
  public static String close(Disconnect reason) {
    return closeNode(reason).toString();
  }

  /** The same as an NDJSON line, tagged {@code "type":"close"}. */
  public static String closeLine(Disconnect reason) {
    ObjectNode line = JsonNodeFactory.instance.objectNode().put("type", "close");
    line.setAll(closeNode(reason));
    return line.toString();
  }

  private static ObjectNode closeNode(Disconnect reason) {
    return JsonNodeFactory.instance.objectNode().put("code", reason.code).put("reason", reason.reason)
        .put("reconnect", reason.reconnect);
  }

  /** A frame as a WebSocket text message: events wrapped as {@code {"op":"event","sub","event"}}. */
  public static String webSocketText(Frame frame) {
    return frame.kind() == Frame.Kind.EVENT
        ? "{\"op\":\"event\",\"sub\":" + quote(frame.sub()) + ",\"event\":" + frame.json() + "}"
        : frame.json();
  }

  /** A long-poll answer of one subscription: {@code {"cursor", "events"}}. */
  public static String pollBatch(Cursor next, java.util.List<String> events) {
    return "{\"cursor\":\"" + next + "\",\"events\":[" + String.join(",", events) + "]}";
  }

  /** A long-poll answer of several subscriptions: {@code {"cursors": {sub: cursor}, "events"}}. */
  public static String pollBatch(Map<String, Cursor> next, java.util.List<String> events) {
    String cursors = next.entrySet().stream().map(e -> quote(e.getKey()) + ":\"" + e.getValue() + "\"")
        .collect(Collectors.joining(",", "{", "}"));
    return "{\"cursors\":" + cursors + ",\"events\":[" + String.join(",", events) + "]}";
  }

  public static Frame reply(Reply reply) {
    return Frame.reply(encode(reply));
  }

  public static Frame error(ErrorReply error) {
    return Frame.reply(encode(error));
  }

  /**
   * A command text as a tree, read within {@code json}'s limits; its {@code id} is read from it
   * first, so even a refused command's error echoes it.
   */
  public static JsonNode commandTree(JsonInput json, String text) {
    JsonNode tree = json.parse(text.getBytes(StandardCharsets.UTF_8));
    if (!tree.isObject()) {
      throw invalid("A command is a JSON object with an \"op\".");
    }
    return tree;
  }

  /** Decodes a command by its {@code op}; a missing or unknown op, or a mistyped field, is {@link Problem#INVALID_REQUEST}. */
  public static Command command(JsonNode tree) {
    try {
      return COMMANDS.treeToValue(tree, Command.class);
    } catch (InvalidTypeIdException e) {
      JsonNode op = tree.get("op");
      throw invalid(op == null ? "A command is a JSON object with an \"op\"."
          : "Unknown op " + op + "; see the protocol documentation.");
    } catch (MismatchedInputException e) {
      throw invalid(Json.mismatch(e, "command"));
    } catch (JsonProcessingException e) {
      throw invalid("The command could not be read: " + e.getOriginalMessage());
    }
  }

  private static String encode(Object record) {
    try {
      return COMMANDS.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A reply could not be encoded", e);
    }
  }

  private static SwitchboardException invalid(String detail) {
    return new SwitchboardException(Problem.INVALID_REQUEST, detail);
  }
}

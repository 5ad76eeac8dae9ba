package io.switchboard.web.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.documents.DocumentService.Write;
import io.switchboard.documents.DocumentService;
import io.switchboard.documents.Patches;
import io.switchboard.documents.Preconditions;
import io.switchboard.model.Cursor;
import io.switchboard.model.Document;
import io.switchboard.model.Identity;
import io.switchboard.model.JsonInput;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Wire;
import io.switchboard.security.Authenticator;
import io.switchboard.session.Connection;
import io.switchboard.session.Interest;
import io.switchboard.web.Failures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code switchboard.v1} commands of one connection: decodes a client message
 * ({@link Wire#command}), calls the same services as REST (same validation, same status codes)
 * or the connection's door, and queues exactly one {@link Reply} or {@link ErrorReply} on the
 * connection. A bad message never closes the connection or changes any state.
 */
final class WsCommands {
  private final DocumentService documents;
  private final Authenticator authenticator;
  private final JsonInput json;

  /** @param json the limits commands are read with */
  WsCommands(DocumentService documents, Authenticator authenticator, JsonInput json) {
    this.documents = documents;
    this.authenticator = authenticator;
    this.json = json;
  }

  void handle(Connection connection, String text) {
    JsonNode id = null;
    try {
      JsonNode tree = Wire.commandTree(json, text);
      id = tree.get("id");
      Command command = Wire.command(tree);
      if (command instanceof Command.Subscribe subscribe) {
        subscribe(connection, subscribe);
      } else {
        connection.offer(Wire.reply(execute(connection, command)));
      }
    } catch (RuntimeException e) {
      connection.offer(Wire.error(ErrorReply.of(id, Failures.describe(e))));
    }
  }

  /** Answers a message a rate limit refused: its error, with {@code retryAfter}; the message is not executed. */
  void refuse(Connection connection, String text, SwitchboardException refusal) {
    JsonNode id = null;
    try {
      id = Wire.commandTree(json, text).get("id");
    } catch (RuntimeException ignored) {
      // Not even JSON: the refusal goes out without an id, as a malformed message's error would.
    }
    connection.offer(Wire.error(ErrorReply.of(id, refusal)));
  }

  /** The reply is queued before the subscription's first event, so the client knows its name first. */
  private void subscribe(Connection connection, Command.Subscribe s) {
    String topic = Command.required(s.topic(), "topic");
    Interest interest = new Interest(s.name(), List.of(topic), params(s.filter(), "filter"), s.cursor(),
        Boolean.TRUE.equals(s.presence()));
    connection.subscribe(interest, ok -> connection.offer(Wire.reply(Reply.subscribed(s.id(), ok.sub(), topic,
        ok.from()))));
  }

  private Reply execute(Connection connection, Command command) {
    JsonNode id = command.id();
    if (command instanceof Command.Ping) {
      return Reply.pong(id);
    } else if (command instanceof Command.Auth c) {
      return reauthenticate(connection, c);
    } else if (command instanceof Command.Unsubscribe c) {
      connection.unsubscribe(Command.required(c.sub(), "sub"));
      return Reply.unsubscribed(id, c.sub());
    } else if (command instanceof Command.Publish c) {
      return Reply.published(id, documents.publish(connection.identity(), Command.required(c.channel(), "channel"),
          Command.required(c.data(), "data")));
    } else if (command instanceof Command.Get c) {
      DocumentService.Read<Document> read = documents.get(connection.identity(), Command.required(c.collection(), "collection"),
          Command.required(c.docId(), "docId"));
      return document(id, 200, read.value(), read.cursor());
    } else if (command instanceof Command.ListCollection c) {
      return list(connection, id, c);
    } else if (command instanceof Command.Create c) {
      return written(id, documents.create(connection.identity(), Command.required(c.collection(), "collection"), object(c.body(), "body")));
    } else if (command instanceof Command.Put c) {
      return written(id, documents.put(connection.identity(), Command.required(c.collection(), "collection"),
          Command.required(c.docId(), "docId"), object(c.body(), "body"),
          new Preconditions(c.ifMatch(), c.ifNoneMatch())));
    } else if (command instanceof Command.Patch c) {
      return written(id, documents.patch(connection.identity(), Command.required(c.collection(), "collection"),
          Command.required(c.docId(), "docId"), patchFormat(c.format()), Command.required(c.patch(), "patch"),
          new Preconditions(c.ifMatch(), c.ifNoneMatch())));
    } else if (command instanceof Command.Delete c) {
      return Reply.deleted(id, documents.delete(connection.identity(), Command.required(c.collection(), "collection"),
          Command.required(c.docId(), "docId"), new Preconditions(c.ifMatch(), c.ifNoneMatch())));
    }
    throw new IllegalStateException("Unhandled command " + command);
  }

  /**
   * An in-band credential refresh: a valid bearer token of the session's principal moves the
   * session's expiry; an invalid one is refused (401) and changes nothing; another principal's
   * closes the session ({@link io.switchboard.protocol.Disconnect#WRONG_PRINCIPAL}).
   */
  private Reply reauthenticate(Connection connection, Command.Auth c) {
    Identity fresh = authenticator.verifyBearer(c.token())
        .orElseThrow(() -> new SwitchboardException(Problem.UNAUTHORIZED, "The token is not valid."));
    if (!connection.reauthenticate(fresh)) {
      throw new SwitchboardException(Problem.FORBIDDEN, "The token is another principal's.");
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("principal", fresh.user());
    body.put("expiresAt", fresh.expiresAt() == null ? null : fresh.expiresAt().toString());
    return Reply.authenticated(c.id(), body);
  }

  private Reply list(Connection connection, JsonNode id, Command.ListCollection c) {
    DocumentService.Read<DocumentService.Listing> read = documents.list(connection.identity(), Command.required(c.collection(), "collection"),
        params(c.query(), "query"));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("items");
    read.value().items().forEach(doc -> items.add(doc.toJson()));
    body.put("next", read.value().next());
    if (read.value().total() != null) {
      body.put("total", read.value().total());
    }
    return Reply.listed(id, read.cursor(), body);
  }

  /** An object of query parameters, e.g. {@code {"done": "false", "tags:contains": ["a", "b"]}}. */
  private static Map<String, List<String>> params(JsonNode params, String field) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (params == null || params.isNull()) {
      return query;
    }
    if (!params.isObject()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST,
          "\"" + field + "\" is an object of query parameters, e.g. {\"done\": \"false\"}.");
    }
    params.fields().forEachRemaining(e -> {
      List<String> values = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> values.add(v.asText()));
      } else {
        values.add(e.getValue().asText());
      }
      query.put(e.getKey(), values);
    });
    return query;
  }

  private static Reply written(JsonNode id, Write write) {
    return document(id, write.created() ? 201 : 200, write.document(), write.cursor());
  }

  private static Reply document(JsonNode id, int status, Document doc, Cursor cursor) {
    return Reply.document(id, status, Preconditions.etag(doc.version()), cursor, doc.toJson());
  }

  private static Patches patchFormat(String format) {
    return switch (format == null ? "merge" : format) {
      case "merge" -> Patches.MERGE;
      case "json-patch" -> Patches.JSON_PATCH;
      default -> throw new SwitchboardException(Problem.INVALID_REQUEST,
          "\"format\" is \"merge\" (RFC 7396) or \"json-patch\" (RFC 6902).");
    };
  }

  private static ObjectNode object(JsonNode value, String field) {
    Command.required(value, field);
    if (!value.isObject()) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "\"" + field + "\" must be a JSON object.");
    }
    return (ObjectNode) value;
  }
}

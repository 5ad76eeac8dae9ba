package io.switchboard.web.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.documents.DocumentService;
import io.switchboard.documents.DocumentService.Write;
import io.switchboard.documents.Patches;
import io.switchboard.documents.Preconditions;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Subscription;
import io.switchboard.model.Cursor;
import io.switchboard.model.Document;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.session.Frame;
import io.switchboard.session.Session;
import io.switchboard.web.ProblemDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code switchboard.v1} command protocol of one connection: decodes a client message, calls
 * the same services as REST (same validation, same status codes), and queues exactly one reply
 * ({@code {"op":"reply","id":…,"status":…}}) or error ({@code {"op":"error","id":…,"status":…,
 * "code":…,"detail":…}}) on the session. A bad message never closes the connection or changes
 * any state.
 */
final class WsCommands {
  private static final Logger LOG = Logger.getLogger(WsCommands.class.getName());

  private final DocumentService documents;
  private final Hub hub;
  private final int maxSubscriptions;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  WsCommands(DocumentService documents, Hub hub, int maxSubscriptions) {
    this.documents = documents;
    this.hub = hub;
    this.maxSubscriptions = maxSubscriptions;
  }

  void handle(Session session, String text) {
    JsonNode id = null;
    try {
      JsonNode message = Json.parse(text.getBytes(StandardCharsets.UTF_8));
      if (!message.isObject()) {
        throw invalid("A command is a JSON object with an \"op\".");
      }
      id = message.get("id");
      String op = text(message, "op");
      if ("subscribe".equals(op)) {
        subscribe(session, id, message);
        return;
      }
      session.offer(reply(id, execute(op, message)));
    } catch (SwitchboardException e) {
      session.offer(error(id, ProblemDocument.of(e)));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "WebSocket command failed", e);
      session.offer(error(id, ProblemDocument.of(new SwitchboardException(Problem.INTERNAL,
          "The server failed to complete the command; it has been logged."))));
    }
  }

  private ObjectNode execute(String op, JsonNode m) {
    return switch (op) {
      case "ping" -> status(200).put("pong", true);
      case "unsubscribe" -> unsubscribe(text(m, "sub"));
      case "publish" -> status(202).put("cursor", documents.publish(text(m, "channel"), required(m, "data")).toString());
      case "get" -> {
        DocumentService.Read<Document> read = documents.get(text(m, "collection"), text(m, "docId"));
        yield document(200, read.value(), read.cursor());
      }
      case "list" -> list(m);
      case "create" -> written(documents.create(text(m, "collection"), object(m, "body")));
      case "put" -> written(documents.put(text(m, "collection"), text(m, "docId"), object(m, "body"),
          preconditions(m)));
      case "patch" -> written(documents.patch(text(m, "collection"), text(m, "docId"), patchFormat(m),
          required(m, "patch"), preconditions(m)));
      case "delete" -> status(204).put("cursor",
          documents.delete(text(m, "collection"), text(m, "docId"), preconditions(m)).toString());
      default -> throw invalid("Unknown op '" + op + "'; see the protocol documentation.");
    };
  }

  /** The reply goes out before the subscription's first event, so the client knows the sub id first. */
  private void subscribe(Session session, JsonNode id, JsonNode m) {
    Topic topic = Topic.parse(text(m, "topic"));
    Cursor from = m.hasNonNull("cursor") ? Cursor.parse(text(m, "cursor")) : hub.now();
    String sub = m.hasNonNull("sub") ? text(m, "sub") : id != null && id.isTextual() ? id.textValue() : null;
    if (sub == null || sub.isBlank() || sub.length() > 64) {
      throw invalid("A subscribe needs a \"sub\" (or a string \"id\") of 1-64 characters to tag its events.");
    }
    if (subscriptions.containsKey(sub)) {
      throw new SwitchboardException(Problem.CONFLICT, "Subscription '" + sub + "' already exists on this connection.");
    }
    if (subscriptions.size() >= maxSubscriptions) {
      throw new SwitchboardException(Problem.LIMIT_EXCEEDED,
          "This connection already has the maximum of " + maxSubscriptions + " subscriptions.");
    }
    List<Query.Filter> filter = documents.liveQuery(params(m, "filter"));
    if (!filter.isEmpty() && (topic.isChannel() || topic.documentId() != null)) {
      throw invalid("A filter applies to collection topics only.");
    }
    // The reply goes first so it precedes the subscription's events; the topic is booked on the
    // session before it, so whoever reads the reply finds the session under its topic.
    session.addTopic(topic.name());
    session.offer(reply(id, status(200).put("sub", sub).put("topic", topic.name()).put("cursor", from.toString())));
    boolean presence = m.path("presence").asBoolean(false);
    subscriptions.put(sub, hub.subscribe(session, sub, List.of(topic), from, filter, presence));
  }

  private ObjectNode unsubscribe(String sub) {
    Subscription subscription = subscriptions.remove(sub);
    if (subscription == null) {
      throw new SwitchboardException(Problem.NOT_FOUND, "No subscription '" + sub + "' on this connection.");
    }
    hub.unsubscribe(subscription);
    return status(200).put("sub", sub);
  }

  /** An object of query parameters, e.g. {@code {"done": "false", "tags:contains": ["a", "b"]}}. */
  private static Map<String, List<String>> params(JsonNode m, String field) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    JsonNode params = m.path(field);
    if (!params.isMissingNode() && !params.isObject()) {
      throw invalid("\"" + field + "\" is an object of query parameters, e.g. {\"done\": \"false\"}.");
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

  private ObjectNode list(JsonNode m) {
    DocumentService.Read<DocumentService.Listing> read = documents.list(text(m, "collection"), params(m, "query"));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("items");
    read.value().items().forEach(doc -> items.add(doc.toJson()));
    body.put("next", read.value().next());
    if (read.value().total() != null) {
      body.put("total", read.value().total());
    }
    ObjectNode reply = status(200).put("cursor", read.cursor().toString());
    reply.set("body", body);
    return reply;
  }

  private static ObjectNode written(Write write) {
    return document(write.created() ? 201 : 200, write.document(), write.cursor());
  }

  private static ObjectNode document(int status, Document doc, Cursor cursor) {
    ObjectNode reply = status(status).put("etag", Preconditions.etag(doc.version())).put("cursor", cursor.toString());
    reply.set("body", doc.toJson());
    return reply;
  }

  private static Preconditions preconditions(JsonNode m) {
    return new Preconditions(m.hasNonNull("ifMatch") ? text(m, "ifMatch") : null,
        m.hasNonNull("ifNoneMatch") ? text(m, "ifNoneMatch") : null);
  }

  private static Patches patchFormat(JsonNode m) {
    String format = m.hasNonNull("format") ? text(m, "format") : "merge";
    return switch (format) {
      case "merge" -> Patches.MERGE;
      case "json-patch" -> Patches.JSON_PATCH;
      default -> throw invalid("\"format\" is \"merge\" (RFC 7396) or \"json-patch\" (RFC 6902).");
    };
  }

  private static ObjectNode status(int status) {
    return JsonNodeFactory.instance.objectNode().put("status", status);
  }

  private static Frame reply(JsonNode id, ObjectNode fields) {
    ObjectNode reply = JsonNodeFactory.instance.objectNode().put("op", "reply");
    reply.set("id", id);
    reply.setAll(fields);
    return Frame.reply(reply.toString());
  }

  private static Frame error(JsonNode id, ObjectNode problem) {
    ObjectNode error = JsonNodeFactory.instance.objectNode().put("op", "error");
    error.set("id", id);
    error.setAll(problem);
    return Frame.reply(error.toString());
  }

  private static String text(JsonNode m, String field) {
    JsonNode value = m.get(field);
    if (value == null || !value.isTextual()) {
      throw invalid("\"" + field + "\" must be a string.");
    }
    return value.textValue();
  }

  private static JsonNode required(JsonNode m, String field) {
    JsonNode value = m.get(field);
    if (value == null) {
      throw invalid("\"" + field + "\" is required.");
    }
    return value;
  }

  private static ObjectNode object(JsonNode m, String field) {
    JsonNode value = required(m, field);
    if (!value.isObject()) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "\"" + field + "\" must be a JSON object.");
    }
    return (ObjectNode) value;
  }

  private static SwitchboardException invalid(String detail) {
    return new SwitchboardException(Problem.INVALID_REQUEST, detail);
  }
}

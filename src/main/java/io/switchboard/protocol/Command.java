package io.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;

/**
 * A client command of the {@code switchboard.v1} WebSocket protocol, decoded by {@link Wire#command}
 * by its {@code op}. {@code id} is the client's own and is echoed in the one reply or error every
 * command gets. Fields a command needs but did not get are null; {@link #required} names them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Command.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = Command.Unsubscribe.class, name = "unsubscribe"),
    @JsonSubTypes.Type(value = Command.Publish.class, name = "publish"),
    @JsonSubTypes.Type(value = Command.Get.class, name = "get"),
    @JsonSubTypes.Type(value = Command.ListCollection.class, name = "list"),
    @JsonSubTypes.Type(value = Command.Create.class, name = "create"),
    @JsonSubTypes.Type(value = Command.Put.class, name = "put"),
    @JsonSubTypes.Type(value = Command.Patch.class, name = "patch"),
    @JsonSubTypes.Type(value = Command.Delete.class, name = "delete"),
    @JsonSubTypes.Type(value = Command.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Command.Auth.class, name = "auth")})
public sealed interface Command {
  JsonNode id();

  /**
   * Subscribes to {@code topic} after {@code cursor} (default: now) as {@code sub} (default: the
   * {@code id}, if a string); {@code filter} is an object of list-query parameters.
   */
  record Subscribe(JsonNode id, String topic, String cursor, String sub, JsonNode filter, Boolean presence)
      implements Command {
    /** The subscription's name: {@code sub}, else a string {@code id}, else null. */
    public String name() {
      return sub != null ? sub : id != null && id.isTextual() ? id.textValue() : null;
    }
  }

  record Unsubscribe(JsonNode id, String sub) implements Command {}

  record Publish(JsonNode id, String channel, JsonNode data) implements Command {}

  record Get(JsonNode id, String collection, String docId) implements Command {}

  /** {@code query} is an object of list parameters ({@code {"done": "false", "limit": "10"}}). */
  record ListCollection(JsonNode id, String collection, JsonNode query) implements Command {}

  record Create(JsonNode id, String collection, JsonNode body) implements Command {}

  record Put(JsonNode id, String collection, String docId, JsonNode body, String ifMatch, String ifNoneMatch)
      implements Command {}

  /** {@code format} is {@code merge} (RFC 7396, the default) or {@code json-patch} (RFC 6902). */
  record Patch(JsonNode id, String collection, String docId, JsonNode patch, String format, String ifMatch,
               String ifNoneMatch) implements Command {}

  record Delete(JsonNode id, String collection, String docId, String ifMatch, String ifNoneMatch)
      implements Command {}

  record Ping(JsonNode id) implements Command {}

  /** Replaces the session's credential, before it expires, with a fresh bearer token of the same principal. */
  record Auth(JsonNode id, String token) implements Command {}

  /** {@code value}, or {@link Problem#INVALID_REQUEST} naming the missing field. */
  static <T> T required(T value, String field) {
    if (value == null || value instanceof JsonNode node && node.isNull()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "\"" + field + "\" is required.");
    }
    return value;
  }
}

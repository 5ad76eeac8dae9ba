package io.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Cursor;

/**
 * The success answer to a {@link Command}: {@code {"op":"reply","id",…,"status"}} plus the fields
 * of that command's answer (fields a reply does not have are left out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"op", "id", "status"})
public record Reply(String op, @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode id, int status, String sub,
                    String topic, String cursor, String etag, Boolean pong, JsonNode body) {

  private static Reply of(JsonNode id, int status) {
    return new Reply("reply", id, status, null, null, null, null, null, null);
  }

  public static Reply pong(JsonNode id) {
    return new Reply("reply", id, 200, null, null, null, null, true, null);
  }

  /** Sent before the subscription's first event, so the client knows {@code sub} first. */
  public static Reply subscribed(JsonNode id, String sub, String topic, Cursor from) {
    return new Reply("reply", id, 200, sub, topic, from.toString(), null, null, null);
  }

  public static Reply unsubscribed(JsonNode id, String sub) {
    return new Reply("reply", id, 200, sub, null, null, null, null, null);
  }

  /** 202: the message is committed to the log at {@code cursor}. */
  public static Reply published(JsonNode id, Cursor cursor) {
    return of(id, 202).withCursor(cursor);
  }

  /** A document read (200) or written (200, or 201 when created). */
  public static Reply document(JsonNode id, int status, String etag, Cursor cursor, JsonNode body) {
    return new Reply("reply", id, status, null, null, cursor.toString(), etag, null, body);
  }

  public static Reply listed(JsonNode id, Cursor cursor, JsonNode body) {
    return new Reply("reply", id, 200, null, null, cursor.toString(), null, null, body);
  }

  /** 204: deleted; {@code cursor} is the position of the deleted event. */
  public static Reply deleted(JsonNode id, Cursor cursor) {
    return of(id, 204).withCursor(cursor);
  }

  /** The session now runs on the new credential: {@code body} is {@code {"principal", "expiresAt"}}. */
  public static Reply authenticated(JsonNode id, JsonNode body) {
    return new Reply("reply", id, 200, null, null, null, null, null, body);
  }

  private Reply withCursor(Cursor cursor) {
    return new Reply(op, id, status, sub, topic, cursor.toString(), etag, pong, body);
  }
}

package io.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entry of the append-only event log.
 *
 * @param seq     position in the log: gapless, increasing in commit order
 * @param topic   the collection (or channel) the event belongs to
 * @param type    {@code created}, {@code updated} or {@code deleted} for document changes
 * @param id      the document id
 * @param version the document version after the change (a delete gets the next version too)
 * @param data    the document as clients see it after the change; {@code null} for a delete
 * @param previous the document before the change ({@code null} for a create or a message); kept in
 *                the log for live queries, never sent to clients
 */
public record Event(long seq, String topic, String type, String id, long version, JsonNode data, JsonNode previous,
                    Instant time) {

  /**
   * The wire shape shared by every transport:
   * {@code {"cursor", "topic", "type", "id", "version", "data", "time"}}.
   */
  public ObjectNode toJson() {
    return toJson(type);
  }

  /** The wire shape with another type, e.g. a live query's {@code enter} or {@code leave}. */
  public ObjectNode toJson(String type) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("cursor", cursor().toString());
    json.put("topic", topic);
    json.put("type", type);
    json.put("id", id);
    json.put("version", version);
    json.set("data", data);
    json.put("time", time.toString());
    return json;
  }

  /** The cursor clients use to resume right after this event. */
  public Cursor cursor() {
    return new Cursor(seq);
  }
}

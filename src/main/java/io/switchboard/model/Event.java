package io.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of the append-only event log. Its wire form is {@code protocol.EncodedEvent}'s.
 *
 * @param seq     position in the log: gapless, increasing in commit order
 * @param topic   the collection (or channel) the event belongs to
 * @param type    one of the stored types: created, updated, deleted (documents) or message (channels)
 * @param id      the document id (a fresh id for a message)
 * @param version the document version after the change (a delete gets the next version too; 0 for a message)
 * @param data    the document as clients see it after the change; {@code null} for a delete
 * @param previous the document before the change ({@code null} for a create or a message); kept in
 *                the log for live queries, never sent to clients
 */
public record Event(long seq, String topic, EventType type, String id, long version, JsonNode data, JsonNode previous,
                    Instant time) {

  /** The cursor clients use to resume right after this event. */
  public Cursor cursor() {
    return new Cursor(seq);
  }
}

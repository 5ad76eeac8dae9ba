package io.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** The event log inside one {@link StoreTx}: appends, reads, the retained horizon and pruning. */
public final class LogTable {
  private static final String EVENT_COLUMNS =
      "SELECT seq, topic, type, doc_id, version, data, previous, time FROM events";

  private final StoreTx tx;

  LogTable(StoreTx tx) {
    this.tx = tx;
  }

  /**
   * Appends an event with the next sequence number. Must be the last statement of a write
   * transaction: on PostgreSQL the counter row stays locked until commit, which is what makes
   * commit order equal sequence order (see the V1 migration).
   */
  public Event append(String topic, EventType type, String id, long version, JsonNode data, JsonNode previous,
                      Instant time) {
    long seq = tx.query("UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq", List.of(),
        rs -> rs.getLong(1)).get(0);
    List<Object> params = new ArrayList<>(List.of(seq, topic, type.wire(), id, version));
    params.add(data == null ? null : Json.write(data));
    params.add(previous == null ? null : Json.write(previous));
    params.add(time.toEpochMilli());
    tx.update("INSERT INTO events (seq, topic, type, doc_id, version, data, previous, time) VALUES (?, ?, ?, ?, ?, "
        + tx.dialect().jsonParam() + ", " + tx.dialect().jsonParam() + ", ?)", params);
    return new Event(seq, topic, type, id, version, data, previous, time);
  }

  /** The sequence number of the newest committed event visible to this transaction (0 if none). */
  public long lastSeq() {
    return tx.query("SELECT last_seq FROM event_counter WHERE id = 1", List.of(), rs -> rs.getLong(1)).get(0);
  }

  /** Events after {@code afterSeq}, oldest first, at most {@code limit}. */
  public List<Event> events(long afterSeq, int limit) {
    return tx.query(EVENT_COLUMNS + " WHERE seq > ? ORDER BY seq LIMIT ?", List.of(afterSeq, limit), LogTable::event);
  }

  /** Events after {@code afterSeq} logged under one of {@code topics}, oldest first. */
  public List<Event> events(long afterSeq, Set<String> topics, int limit) {
    List<Object> params = new ArrayList<>(List.of(afterSeq));
    params.addAll(topics);
    return tx.query(EVENT_COLUMNS + " WHERE seq > ? AND topic IN (" + String.join(", ", Collections.nCopies(topics.size(),
        "?")) + ") ORDER BY seq LIMIT ?", append(params, limit), LogTable::event);
  }

  /**
   * Every event of {@code topics} above this position is still in the log: the log's own start,
   * raised by the newest pruned message of any of these channels.
   */
  public long horizon(Set<String> topics) {
    List<Long> oldest = tx.query("SELECT MIN(seq) FROM events", List.of(), rs -> rs.getObject(1) == null ? null
        : rs.getLong(1));
    long horizon = oldest.get(0) == null ? lastSeq() : oldest.get(0) - 1;
    if (!topics.isEmpty()) {
      List<Object> params = new ArrayList<>(topics);
      List<Long> pruned = tx.query("SELECT MAX(through_seq) FROM pruned WHERE topic IN ("
          + String.join(", ", Collections.nCopies(topics.size(), "?")) + ")", params,
          rs -> rs.getObject(1) == null ? 0L : rs.getLong(1));
      horizon = Math.max(horizon, pruned.get(0));
    }
    return horizon;
  }

  /**
   * Deletes channel messages older than {@code before}, remembering per channel the newest one
   * deleted. Returns how many were deleted.
   */
  public int pruneMessages(Instant before) {
    long millis = before.toEpochMilli();
    tx.update("INSERT INTO pruned (topic, through_seq) SELECT topic, MAX(seq) FROM events WHERE type = 'message'"
        + " AND time < ? GROUP BY topic ON CONFLICT (topic) DO UPDATE SET through_seq = excluded.through_seq",
        List.of(millis));
    return tx.update("DELETE FROM events WHERE type = 'message' AND time < ?", List.of(millis));
  }

  private static List<Object> append(List<Object> params, Object last) {
    params.add(last);
    return params;
  }

  private static Event event(ResultSet rs) throws SQLException {
    return new Event(rs.getLong(1), rs.getString(2), EventType.stored(rs.getString(3)), rs.getString(4), rs.getLong(5),
        json(rs.getString(6)), json(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8)));
  }

  private static JsonNode json(String stored) {
    return stored == null ? null : Json.parseStored(stored);
  }
}

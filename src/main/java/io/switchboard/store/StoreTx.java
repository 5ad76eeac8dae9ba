package io.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Document;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Json;
import io.switchboard.model.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations available inside one transaction of {@link Database}. Confined to the thread
 * running the transaction; never kept after it ends.
 */
public final class StoreTx {
  static final String DOC_COLUMNS = "collection, id, version, created_at, updated_at, data";
  private static final int DOC_COLUMN_COUNT = 6;
  private static final String EVENT_COLUMNS =
      "SELECT seq, topic, type, doc_id, version, data, previous, time FROM events";

  private final Connection connection;
  private final Dialect dialect;
  private final boolean writable;

  StoreTx(Connection connection, Dialect dialect, boolean writable) {
    this.connection = connection;
    this.dialect = dialect;
    this.writable = writable;
  }

  /** The document, row-locked until commit when called in a write transaction. */
  public Optional<Document> find(String collection, String id) {
    String sql = "SELECT " + DOC_COLUMNS + " FROM documents WHERE collection = ? AND id = ?"
        + (writable ? dialect.forUpdate() : "");
    List<Document> found = query(sql, List.of(collection, id), StoreTx::document);
    return found.stream().findFirst();
  }

  /**
   * Inserts a new document and forgets its tombstone; returns false, changing nothing, if a
   * concurrent transaction created the same id first (the caller retries and then sees it).
   */
  public boolean insert(Document doc) {
    int inserted = update("INSERT INTO documents (" + DOC_COLUMNS + ") VALUES (?, ?, ?, ?, ?, " + dialect.jsonParam()
            + ") ON CONFLICT (collection, id) DO NOTHING",
        List.of(doc.collection(), doc.id(), doc.version(), doc.createdAt().toEpochMilli(),
            doc.updatedAt().toEpochMilli(), Json.write(doc.data())));
    if (inserted == 1) {
      update("DELETE FROM tombstones WHERE collection = ? AND id = ?", List.of(doc.collection(), doc.id()));
    }
    return inserted == 1;
  }

  /** The version of the deleted document last at this id, or 0 if there never was one. */
  public long deletedVersion(String collection, String id) {
    List<Long> found = query("SELECT version FROM tombstones WHERE collection = ? AND id = ?", List.of(collection, id),
        rs -> rs.getLong(1));
    return found.isEmpty() ? 0 : found.get(0);
  }

  /** Replaces data and version of an existing document; returns false if it is gone. */
  public boolean replace(Document doc) {
    return update("UPDATE documents SET version = ?, updated_at = ?, data = " + dialect.jsonParam()
            + " WHERE collection = ? AND id = ?",
        List.of(doc.version(), doc.updatedAt().toEpochMilli(), Json.write(doc.data()), doc.collection(),
            doc.id())) == 1;
  }

  /** Deletes the document and keeps {@code version} (the delete's own) as its tombstone. */
  public boolean delete(String collection, String id, long version) {
    update("INSERT INTO tombstones (collection, id, version) VALUES (?, ?, ?) ON CONFLICT (collection, id)"
        + " DO UPDATE SET version = excluded.version", List.of(collection, id, version));
    return update("DELETE FROM documents WHERE collection = ? AND id = ?", List.of(collection, id)) == 1;
  }

  /** Records the collection if this is its first write. */
  public void ensureCollection(String collection, Instant now) {
    update("INSERT INTO collections (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        List.of(collection, now.toEpochMilli()));
  }

  /** The collection's JSON Schema, if one is set. */
  public Optional<JsonNode> schema(String collection) {
    List<String> found = query("SELECT json_schema FROM collections WHERE name = ? AND json_schema IS NOT NULL",
        List.of(collection), rs -> rs.getString(1));
    return found.stream().findFirst().map(Json::parseStored);
  }

  /** Sets ({@code schema} non-null) or clears the collection's schema, creating the collection. */
  public void setSchema(String collection, JsonNode schema, Instant now) {
    ensureCollection(collection, now);
    List<Object> params = new ArrayList<>();
    params.add(schema == null ? null : Json.write(schema));
    params.add(collection);
    update("UPDATE collections SET json_schema = " + dialect.jsonParam() + " WHERE name = ?", params);
  }

  /** Every known collection with its document count, by name. */
  public Map<String, Long> collections() {
    Map<String, Long> counts = new LinkedHashMap<>();
    query("SELECT c.name, (SELECT COUNT(*) FROM documents d WHERE d.collection = c.name) FROM collections c"
        + " ORDER BY c.name", List.of(), rs -> counts.put(rs.getString(1), rs.getLong(2)));
    return counts;
  }

  /**
   * Appends an event with the next sequence number. Must be the last statement of a write
   * transaction: on PostgreSQL the counter row stays locked until commit, which is what makes
   * commit order equal sequence order (see the V1 migration).
   */
  public Event append(String topic, EventType type, String id, long version, JsonNode data, JsonNode previous,
                      Instant time) {
    long seq = query("UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq", List.of(),
        rs -> rs.getLong(1)).get(0);
    List<Object> params = new ArrayList<>(List.of(seq, topic, type.wire(), id, version));
    params.add(data == null ? null : Json.write(data));
    params.add(previous == null ? null : Json.write(previous));
    params.add(time.toEpochMilli());
    update("INSERT INTO events (seq, topic, type, doc_id, version, data, previous, time) VALUES (?, ?, ?, ?, ?, "
        + dialect.jsonParam() + ", " + dialect.jsonParam() + ", ?)", params);
    return new Event(seq, topic, type, id, version, data, previous, time);
  }

  /** The sequence number of the newest committed event visible to this transaction (0 if none). */
  public long lastSeq() {
    return query("SELECT last_seq FROM event_counter WHERE id = 1", List.of(), rs -> rs.getLong(1)).get(0);
  }

  /** Events after {@code afterSeq}, oldest first, at most {@code limit}. */
  public List<Event> events(long afterSeq, int limit) {
    return query(EVENT_COLUMNS + " WHERE seq > ? ORDER BY seq LIMIT ?", List.of(afterSeq, limit), StoreTx::event);
  }

  /** Events after {@code afterSeq} logged under one of {@code topics}, oldest first. */
  public List<Event> events(long afterSeq, Set<String> topics, int limit) {
    List<Object> params = new ArrayList<>(List.of(afterSeq));
    params.addAll(topics);
    return query(EVENT_COLUMNS + " WHERE seq > ? AND topic IN (" + String.join(", ", Collections.nCopies(topics.size(),
        "?")) + ") ORDER BY seq LIMIT ?", append(params, limit), StoreTx::event);
  }

  /**
   * Every event of {@code topics} above this position is still in the log: the log's own start,
   * raised by the newest pruned message of any of these channels.
   */
  public long horizon(Set<String> topics) {
    List<Long> oldest = query("SELECT MIN(seq) FROM events", List.of(), rs -> rs.getObject(1) == null ? null
        : rs.getLong(1));
    long horizon = oldest.get(0) == null ? lastSeq() : oldest.get(0) - 1;
    if (!topics.isEmpty()) {
      List<Object> params = new ArrayList<>(topics);
      List<Long> pruned = query("SELECT MAX(through_seq) FROM pruned WHERE topic IN ("
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
    update("INSERT INTO pruned (topic, through_seq) SELECT topic, MAX(seq) FROM events WHERE type = 'message'"
        + " AND time < ? GROUP BY topic ON CONFLICT (topic) DO UPDATE SET through_seq = excluded.through_seq",
        List.of(millis));
    return update("DELETE FROM events WHERE type = 'message' AND time < ?", List.of(millis));
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

  /** One page of a collection, filtered and sorted in SQL. */
  public Query.Page list(String collection, Query query) {
    ListSql sql = new ListSql(dialect, collection, query);
    List<List<JsonNode>> keysPerRow = new ArrayList<>();
    List<Document> items = query(sql.select(), sql.selectParams(), rs -> {
      keysPerRow.add(sql.sortValues(rs, DOC_COLUMN_COUNT + 1));
      return document(rs);
    });
    List<JsonNode> next = null;
    if (items.size() > query.limit()) {
      items = items.subList(0, query.limit());
      next = new ArrayList<>(keysPerRow.get(query.limit() - 1));
      next.add(TextNode.valueOf(items.get(query.limit() - 1).id()));
    }
    Long total = query.count() ? query(sql.count(), sql.countParams(), rs -> rs.getLong(1)).get(0) : null;
    return new Query.Page(List.copyOf(items), next, total);
  }

  private static Document document(ResultSet rs) throws SQLException {
    return new Document(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)),
        Instant.ofEpochMilli(rs.getLong(5)), (ObjectNode) Json.parseStored(rs.getString(6)));
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  <T> List<T> query(String sql, List<?> params, Row<T> row) {
    try (PreparedStatement statement = prepare(sql, params); ResultSet rs = statement.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.map(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  int update(String sql, List<?> params) {
    try (PreparedStatement statement = prepare(sql, params)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private PreparedStatement prepare(String sql, List<?> params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
    }
    return statement;
  }
}

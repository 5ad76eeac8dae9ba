package io.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Document;
import io.switchboard.model.Json;
import io.switchboard.model.Query;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Documents, their tombstones, collections and their schemas, inside one {@link StoreTx}. */
public final class DocumentsTable {
  static final String DOC_COLUMNS = "collection, id, version, created_at, updated_at, owner, data";
  private static final int DOC_COLUMN_COUNT = 7;

  private final StoreTx tx;

  DocumentsTable(StoreTx tx) {
    this.tx = tx;
  }

  /** The document, row-locked until commit when called in a write transaction. */
  public Optional<Document> find(String collection, String id) {
    String sql = "SELECT " + DOC_COLUMNS + " FROM documents WHERE collection = ? AND id = ?"
        + (tx.writable() ? tx.dialect().forUpdate() : "");
    List<Document> found = tx.query(sql, List.of(collection, id), DocumentsTable::document);
    return found.stream().findFirst();
  }

  /**
   * Inserts a new document and forgets its tombstone; returns false, changing nothing, if a
   * concurrent transaction created the same id first (the caller retries and then sees it).
   */
  public boolean insert(Document doc) {
    int inserted = tx.update("INSERT INTO documents (" + DOC_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, " + tx.dialect().jsonParam()
            + ") ON CONFLICT (collection, id) DO NOTHING",
        Arrays.asList(doc.collection(), doc.id(), doc.version(), doc.createdAt().toEpochMilli(),
            doc.updatedAt().toEpochMilli(), doc.owner(), Json.write(doc.data())));
    if (inserted == 1) {
      tx.update("DELETE FROM tombstones WHERE collection = ? AND id = ?", List.of(doc.collection(), doc.id()));
    }
    return inserted == 1;
  }

  /** The version of the deleted document last at this id, or 0 if there never was one. */
  public long deletedVersion(String collection, String id) {
    List<Long> found = tx.query("SELECT version FROM tombstones WHERE collection = ? AND id = ?", List.of(collection, id),
        rs -> rs.getLong(1));
    return found.isEmpty() ? 0 : found.get(0);
  }

  /** Replaces data, owner and version of an existing document; returns false if it is gone. */
  public boolean replace(Document doc) {
    return tx.update("UPDATE documents SET version = ?, updated_at = ?, owner = ?, data = " + tx.dialect().jsonParam()
            + " WHERE collection = ? AND id = ?",
        Arrays.asList(doc.version(), doc.updatedAt().toEpochMilli(), doc.owner(), Json.write(doc.data()),
            doc.collection(), doc.id())) == 1;
  }

  /** Deletes the document and keeps {@code version} (the delete's own) as its tombstone. */
  public boolean delete(String collection, String id, long version) {
    tx.update("INSERT INTO tombstones (collection, id, version) VALUES (?, ?, ?) ON CONFLICT (collection, id)"
        + " DO UPDATE SET version = excluded.version", List.of(collection, id, version));
    return tx.update("DELETE FROM documents WHERE collection = ? AND id = ?", List.of(collection, id)) == 1;
  }

  /** Records the collection if this is its first write. */
  public void ensureCollection(String collection, Instant now) {
    tx.update("INSERT INTO collections (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        List.of(collection, now.toEpochMilli()));
  }

  /** The collection's JSON Schema, if one is set. */
  public Optional<JsonNode> schema(String collection) {
    List<String> found = tx.query("SELECT json_schema FROM collections WHERE name = ? AND json_schema IS NOT NULL",
        List.of(collection), rs -> rs.getString(1));
    return found.stream().findFirst().map(Json::parseStored);
  }

  /** Sets ({@code schema} non-null) or clears the collection's schema, creating the collection. */
  public void setSchema(String collection, JsonNode schema, Instant now) {
    ensureCollection(collection, now);
    List<Object> params = new ArrayList<>();
    params.add(schema == null ? null : Json.write(schema));
    params.add(collection);
    tx.update("UPDATE collections SET json_schema = " + tx.dialect().jsonParam() + " WHERE name = ?", params);
  }

  /** Every known collection with its document count, by name. */
  public Map<String, Long> collections() {
    Map<String, Long> counts = new LinkedHashMap<>();
    tx.query("SELECT c.name, (SELECT COUNT(*) FROM documents d WHERE d.collection = c.name) FROM collections c"
        + " ORDER BY c.name", List.of(), rs -> counts.put(rs.getString(1), rs.getLong(2)));
    return counts;
  }

  /** One page of a collection, filtered and sorted in SQL. */
  public Query.Page list(String collection, Query query) {
    ListSql sql = new ListSql(tx.dialect(), collection, query);
    List<List<JsonNode>> keysPerRow = new ArrayList<>();
    List<Document> items = tx.query(sql.select(), sql.selectParams(), rs -> {
      keysPerRow.add(sql.sortValues(rs, DOC_COLUMN_COUNT + 1));
      return document(rs);
    });
    List<JsonNode> next = null;
    if (items.size() > query.limit()) {
      items = items.subList(0, query.limit());
      next = new ArrayList<>(keysPerRow.get(query.limit() - 1));
      next.add(TextNode.valueOf(items.get(query.limit() - 1).id()));
    }
    Long total = query.count() ? tx.query(sql.count(), sql.countParams(), rs -> rs.getLong(1)).get(0) : null;
    return new Query.Page(List.copyOf(items), next, total);
  }

  private static Document document(ResultSet rs) throws SQLException {
    return new Document(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)),
        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), (ObjectNode) Json.parseStored(rs.getString(7)));
  }
}

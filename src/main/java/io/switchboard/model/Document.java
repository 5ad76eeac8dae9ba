package io.switchboard.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/**
 * One stored JSON document. {@code data} holds the client's fields only; the server-managed fields
 * ({@link #SERVER_FIELDS}) live beside it and are merged in by {@link #toJson()}.
 *
 * @param version starts at 1 and grows by one with every change; it is the document's ETag
 * @param owner   the principal that created it (set by the server, changed only by an admin), or
 *                {@code null} for a document created anonymously or before owners existed
 */
public record Document(String collection, String id, long version, Instant createdAt, Instant updatedAt,
                       String owner, ObjectNode data) {

  /** Fields the server owns; a client can never set them through a request body. */
  public static final Set<String> SERVER_FIELDS = Set.of("id", "version", "createdAt", "updatedAt", "owner");
  /** The server field naming the document's owner. */
  public static final String OWNER = "owner";

  /** The representation clients see: server fields first, then the data fields. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", id);
    json.put("version", version);
    json.put("createdAt", createdAt.toString());
    json.put("updatedAt", updatedAt.toString());
    if (owner != null) {
      json.put(OWNER, owner);
    }
    data.fields().forEachRemaining(e -> json.set(e.getKey(), e.getValue()));
    return json;
  }
}

package io.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed list request over one collection: filters (all must hold), sort keys (the document id
 * is always the final tie-breaker), page size, an optional keyset position and whether to count.
 */
public record Query(List<Filter> filters, List<SortKey> sort, int limit, List<JsonNode> after, boolean count) {

  /** A field reference: a server field ({@code id}, {@code version}, …) or a path into the data. */
  public record Field(List<String> path) {
    public boolean isServerField() {
      return path.size() == 1 && Document.SERVER_FIELDS.contains(path.get(0));
    }

    @Override
    public String toString() {
      return String.join(".", path);
    }
  }

  /** Comparison operators of the filter syntax ({@code field:op=value}). */
  public enum Op { EQ, NE, GT, GTE, LT, LTE, IN, CONTAINS }

  /** One condition; {@code values} has one element except for {@link Op#IN}. */
  public record Filter(Field field, Op op, List<JsonNode> values) {}

  public record SortKey(Field field, boolean descending) {}

  /** One page of results; {@code next} is the keyset position after the last item, or null. */
  public record Page(List<Document> items, List<JsonNode> next, Long total) {}
}

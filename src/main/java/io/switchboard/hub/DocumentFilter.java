package io.switchboard.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Query;
import io.switchboard.model.Query.Filter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Evaluates list filters against one document in memory, with the semantics the SQL of a list
 * query has: comparisons are type-exact (a number never equals or orders against a string or a
 * boolean), a missing field equals only {@code null}, and {@code ne} also matches a missing field.
 * Live queries use it to decide whether a changed document is in a subscriber's result.
 */
final class DocumentFilter {
  private DocumentFilter() {}

  /** True when {@code doc} (a client representation, server fields included) passes every filter. */
  static boolean matches(List<Filter> filters, JsonNode doc) {
    for (Filter filter : filters) {
      if (!matches(filter, doc)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Filter filter, JsonNode doc) {
    JsonNode actual = value(filter.field(), doc);
    JsonNode expected = filter.values().get(0);
    boolean absent = actual == null || actual.isNull();
    return switch (filter.op()) {
      case EQ -> expected.isNull() ? absent : equal(actual, expected);
      case NE -> expected.isNull() ? !absent : !equal(actual, expected);
      case IN -> filter.values().stream().anyMatch(v -> equal(actual, v));
      case CONTAINS -> contains(actual, expected);
      case GT -> compare(actual, expected) > 0;
      case GTE -> compare(actual, expected) >= 0;
      case LT -> { int c = compare(actual, expected); yield c < 0 && c != NOT_COMPARABLE; }
      case LTE -> { int c = compare(actual, expected); yield c <= 0 && c != NOT_COMPARABLE; }
    };
  }

  private static final int NOT_COMPARABLE = Integer.MIN_VALUE;

  /** The field's value; server times as epoch milliseconds, the form filter values have. */
  private static JsonNode value(Query.Field field, JsonNode doc) {
    JsonNode node = doc;
    for (String segment : field.path()) {
      node = node == null ? null : node.get(segment);
    }
    if (node != null && field.isServerField() && field.path().get(0).endsWith("At") && node.isTextual()) {
      try {
        return com.fasterxml.jackson.databind.node.LongNode.valueOf(Instant.parse(node.textValue()).toEpochMilli());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return node;
  }

  private static boolean sameType(JsonNode a, JsonNode b) {
    return a != null && (a.isNumber() && b.isNumber() || a.isTextual() && b.isTextual()
        || a.isBoolean() && b.isBoolean());
  }

  private static boolean equal(JsonNode actual, JsonNode expected) {
    return compare(actual, expected) == 0;
  }

  /** Negative, zero or positive for comparable values of one type; {@link #NOT_COMPARABLE} otherwise. */
  private static int compare(JsonNode actual, JsonNode expected) {
    if (!sameType(actual, expected)) {
      return NOT_COMPARABLE;
    }
    if (actual.isNumber()) {
      return Integer.signum(actual.decimalValue().compareTo(expected.decimalValue()));
    }
    if (actual.isBoolean()) {
      return Boolean.compare(actual.booleanValue(), expected.booleanValue());
    }
    return Integer.signum(actual.textValue().compareTo(expected.textValue()));
  }

  private static boolean contains(JsonNode actual, JsonNode expected) {
    if (actual != null && actual.isArray()) {
      for (JsonNode element : actual) {
        if (equal(element, expected)) {
          return true;
        }
      }
      return false;
    }
    return actual != null && actual.isTextual()
        && actual.textValue().contains(expected.isTextual() ? expected.textValue() : expected.toString());
  }
}

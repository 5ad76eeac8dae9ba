package io.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL that differs between SQLite (JSON as text, {@code json_extract}) and PostgreSQL
 * ({@code jsonb}). Field paths reaching this class are already validated to plain identifiers, so
 * they are inlined; values are always bound as parameters.
 */
enum Dialect {
  SQLITE {
    @Override
    String field(List<String> path) {
      return "json_extract(data, " + jsonPath(path) + ")";
    }

    @Override
    String valuePlaceholder() {
      return "?";
    }

    @Override
    Object value(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (node.isBoolean()) {
        return node.booleanValue() ? 1 : 0;
      }
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      if (node.isNumber()) {
        return node.doubleValue();
      }
      return node.isTextual() ? node.textValue() : node.toString();
    }

    @Override
    String isJsonNull(String field) {
      return field + " IS NULL";
    }

    @Override
    String contains(List<String> path, JsonNode element) {
      String jsonPath = jsonPath(path);
      return "((json_type(data, " + jsonPath + ") = 'array' AND EXISTS (SELECT 1 FROM json_each(data, " + jsonPath
          + ") WHERE json_each.type IN (" + types(element) + ") AND json_each.value = ?)) OR (json_type(data, "
          + jsonPath + ") = 'text' AND instr(" + field(path) + ", ?) > 0))";
    }

    @Override
    String typeIs(List<String> path, JsonNode value) {
      return "json_type(data, " + jsonPath(path) + ") IN (" + types(value) + ")";
    }

    /** SQLite's json_type names of a value's JSON type (json_extract alone maps true to 1). */
    private static String types(JsonNode value) {
      return value.isNumber() ? "'integer', 'real'" : value.isBoolean() ? "'true', 'false'" : "'text'";
    }

    @Override
    JsonNode keyValue(ResultSet rs, int column) throws SQLException {
      return Dialect.plainValue(rs.getObject(column));
    }

    @Override
    Object keyParam(JsonNode key) {
      return value(key);
    }

    private static String jsonPath(List<String> path) {
      StringBuilder jsonPath = new StringBuilder("'$");
      path.forEach(segment -> jsonPath.append(".\"").append(segment).append('"'));
      return jsonPath.append("'").toString();
    }

    @Override
    String jsonParam() {
      return "?";
    }

    @Override
    String forUpdate() {
      return "";
    }
  },

  POSTGRESQL {
    /** Path elements are quoted: an unquoted {@code null} in an array literal would be SQL NULL. */
    @Override
    String field(List<String> path) {
      return "(data #> '{\"" + String.join("\",\"", path) + "\"}')";
    }

    @Override
    String valuePlaceholder() {
      return "?::jsonb";
    }

    @Override
    Object value(JsonNode node) {
      return node == null ? null : node.toString();
    }

    @Override
    String isJsonNull(String field) {
      return "(" + field + " IS NULL OR " + field + " = 'null'::jsonb)";
    }

    @Override
    String contains(List<String> path, JsonNode element) {
      String field = field(path);
      return "((jsonb_typeof(" + field + ") = 'array' AND " + field + " @> jsonb_build_array(?::jsonb))"
          + " OR (jsonb_typeof(" + field + ") = 'string' AND strpos(" + field + " #>> '{}', ?) > 0))";
    }

    @Override
    String typeIs(List<String> path, JsonNode value) {
      String type = value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "string";
      return "jsonb_typeof(" + field(path) + ") = '" + type + "'";
    }

    /** Keys keep their jsonb text so that a missing field (SQL NULL) and JSON null stay distinct. */
    @Override
    JsonNode keyValue(ResultSet rs, int column) throws SQLException {
      String text = rs.getString(column);
      return text == null ? NullNode.instance : TextNode.valueOf(text);
    }

    @Override
    Object keyParam(JsonNode key) {
      if (key.isNull()) {
        return null;
      }
      if (!key.isTextual()) {
        throw new SwitchboardException(Problem.INVALID_REQUEST, "'after' is not a page token issued by this server.");
      }
      Json.parse(key.textValue().getBytes(StandardCharsets.UTF_8));
      return key.textValue();
    }

    @Override
    String jsonParam() {
      return "?::jsonb";
    }

    @Override
    String forUpdate() {
      return " FOR UPDATE";
    }
  };

  /** SQL expression of a JSON field of {@code data}, comparable with {@link #valuePlaceholder()}. */
  abstract String field(List<String> path);

  /** Placeholder of a value compared with a {@link #field} expression. */
  abstract String valuePlaceholder();

  /** The JDBC parameter for a JSON value compared with a {@link #field} expression. */
  abstract Object value(JsonNode node);

  /** True when the field is missing or JSON null. */
  abstract String isJsonNull(String field);

  /**
   * Array membership or substring test; takes two parameters: the element as {@link #value} and
   * the substring as plain text.
   */
  abstract String contains(List<String> path, JsonNode element);

  /** True when the field holds a JSON value of the same type as {@code value}: comparisons are type-exact. */
  abstract String typeIs(List<String> path, JsonNode value);

  /** Reads a selected sort key of a JSON field for a keyset position. */
  abstract JsonNode keyValue(ResultSet rs, int column) throws SQLException;

  /** Binds a keyset position value read by {@link #keyValue}. */
  abstract Object keyParam(JsonNode key);

  /** A plain SQL value (server column, SQLite JSON scalar) as a JSON node. */
  static JsonNode plainValue(Object value) {
    if (value == null) {
      return NullNode.instance;
    }
    if (value instanceof Integer || value instanceof Long) {
      return LongNode.valueOf(((Number) value).longValue());
    }
    if (value instanceof Number number) {
      return DoubleNode.valueOf(number.doubleValue());
    }
    return TextNode.valueOf(value.toString());
  }

  /** Placeholder of a whole JSON document parameter (written as text). */
  abstract String jsonParam();

  /** Row-lock suffix for a read that precedes an update in the same transaction. */
  abstract String forUpdate();

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("Unsupported database URL (use jdbc:sqlite: or jdbc:postgresql:): " + jdbcUrl);
  }
}

package io.switchboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Query.Field;
import io.switchboard.model.Query.Filter;
import io.switchboard.model.Query.SortKey;
import io.switchboard.model.Query;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates a {@link Query} into SQL: filters into a WHERE clause, sort keys into ORDER BY (nulls
 * first ascending, last descending, then the id), and a keyset position into the "after this row"
 * predicate that matches that order exactly. Server fields map to columns; the parser has already
 * normalised their values (times to epoch milliseconds).
 */
final class ListSql {
  private static final Map<String, String> COLUMNS =
      Map.of("id", "id", "version", "version", "createdAt", "created_at", "updatedAt", "updated_at", "owner", "owner");

  private final Dialect dialect;
  private final Query query;
  private final String where;
  private final List<Object> whereParams = new ArrayList<>();

  ListSql(Dialect dialect, String collection, Query query) {
    this.dialect = dialect;
    this.query = query;
    whereParams.add(collection);
    StringBuilder sql = new StringBuilder("collection = ?");
    for (Filter filter : query.filters()) {
      sql.append(" AND ").append(filter(filter));
    }
    this.where = sql.toString();
  }

  String select() {
    StringBuilder sql = new StringBuilder("SELECT ").append(DocumentsTable.DOC_COLUMNS);
    query.sort().forEach(key -> sql.append(", ").append(expression(key.field())));
    sql.append(" FROM documents WHERE ").append(where);
    if (query.after() != null) {
      sql.append(" AND ").append(after(0, new ArrayList<>()));
    }
    sql.append(" ORDER BY ");
    for (SortKey key : query.sort()) {
      sql.append(expression(key.field())).append(key.descending() ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
    }
    return sql.append("id ASC LIMIT ?").toString();
  }

  List<Object> selectParams() {
    List<Object> params = new ArrayList<>(whereParams);
    if (query.after() != null) {
      after(0, params);
    }
    params.add(query.limit() + 1);
    return params;
  }

  String count() {
    return "SELECT COUNT(*) FROM documents WHERE " + where;
  }

  List<Object> countParams() {
    return whereParams;
  }

  /** The sort key values of the current row, selected from column {@code first} on. */
  List<JsonNode> sortValues(ResultSet rs, int first) throws SQLException {
    List<JsonNode> values = new ArrayList<>();
    for (int i = 0; i < query.sort().size(); i++) {
      Field field = query.sort().get(i).field();
      values.add(field.isServerField() ? Dialect.plainValue(rs.getObject(first + i)) : dialect.keyValue(rs, first + i));
    }
    return values;
  }

  /**
   * "Strictly after the position" for key {@code i} onwards, appending its parameters in text
   * order. Built recursively: {@code k > v OR (k = v AND <rest>)}, with the null ordering spelt out.
   */
  private String after(int i, List<Object> params) {
    List<JsonNode> position = query.after();
    if (i == query.sort().size()) {
      params.add(position.get(i).asText());
      return "id > ?";
    }
    SortKey key = query.sort().get(i);
    String k = expression(key.field());
    JsonNode v = position.get(i);
    boolean server = key.field().isServerField();
    String ph = server ? "?" : dialect.valuePlaceholder();
    Object param = server ? plain(v) : dialect.keyParam(v);
    boolean isNull = param == null;
    if (!key.descending()) {
      if (isNull) {
        return "(" + k + " IS NOT NULL OR (" + k + " IS NULL AND " + after(i + 1, params) + "))";
      }
      params.add(param);
      params.add(param);
      return "(" + k + " > " + ph + " OR (" + k + " = " + ph + " AND " + after(i + 1, params) + "))";
    }
    if (isNull) {
      return "(" + k + " IS NULL AND " + after(i + 1, params) + ")";
    }
    params.add(param);
    params.add(param);
    return "(" + k + " < " + ph + " OR " + k + " IS NULL OR (" + k + " = " + ph + " AND " + after(i + 1, params)
        + "))";
  }

  private String filter(Filter filter) {
    Field field = filter.field();
    String k = expression(field);
    boolean server = field.isServerField();
    JsonNode value = filter.values().get(0);
    switch (filter.op()) {
      case EQ:
        if (value.isNull()) {
          return server ? k + " IS NULL" : dialect.isJsonNull(k);
        }
        return compare(field, " = ", value);
      case NE:
        if (value.isNull()) {
          return server ? k + " IS NOT NULL" : "NOT " + dialect.isJsonNull(k);
        }
        return "NOT COALESCE(" + compare(field, " = ", value) + ", FALSE)";
      case IN:
        List<String> alternatives = new ArrayList<>();
        filter.values().forEach(each -> alternatives.add(compare(field, " = ", each)));
        return "(" + String.join(" OR ", alternatives) + ")";
      case CONTAINS:
        whereParams.add(dialect.value(value));
        whereParams.add(value.isTextual() ? value.textValue() : value.toString());
        return dialect.contains(field.path(), value);
      default:
        String op = switch (filter.op()) {
          case GT -> " > ";
          case GTE -> " >= ";
          case LT -> " < ";
          default -> " <= ";
        };
        return compare(field, op, value);
    }
  }

  /**
   * {@code field op value}, type-exact for data fields (a number never equals or orders against a
   * string or a boolean), as a parenthesised predicate that is false when the field is missing.
   */
  private String compare(Field field, String op, JsonNode value) {
    String k = expression(field);
    if (field.isServerField()) {
      return bind("(" + k + op + "?)", field, value);
    }
    return bind("(" + dialect.typeIs(field.path(), value) + " AND " + k + op + dialect.valuePlaceholder() + ")",
        field, value);
  }

  private String bind(String sql, Field field, JsonNode value) {
    whereParams.add(param(field, value));
    return sql;
  }

  private Object param(Field field, JsonNode value) {
    return field.isServerField() ? plain(value) : dialect.value(value);
  }

  private static Object plain(JsonNode value) {
    return value.isNumber() ? (Object) value.longValue() : value.asText();
  }

  private String expression(Field field) {
    return field.isServerField() ? COLUMNS.get(field.path().get(0)) : dialect.field(field.path());
  }
}

package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Json;
import io.switchboard.model.Params;
import io.switchboard.model.Problem;
import io.switchboard.model.Query.Field;
import io.switchboard.model.Query.Filter;
import io.switchboard.model.Query.Op;
import io.switchboard.model.Query.SortKey;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the list query syntax shared by {@code GET /api/{c}} and live-query subscriptions.
 *
 * <ul>
 *   <li>{@code field=value} equality; {@code field:op=value} with op one of gt, gte, lt, lte, ne,
 *       in (comma-separated values) or contains (array element or substring). Fields are
 *       identifiers, nested with dots ({@code address.city}); {@code id}, {@code version},
 *       {@code createdAt}, {@code updatedAt} and {@code owner} are the server fields.</li>
 *   <li>Values are JSON-typed: {@code 10} is a number, {@code true}/{@code false}/{@code null}
 *       are literals, {@code "10"} (quoted) and anything else is a string. Range operators only
 *       match values of the same JSON type.</li>
 *   <li>{@code sort=-price,name} (minus for descending), {@code limit}, {@code after} (the opaque
 *       token of the previous page) and {@code count=true}.</li>
 * </ul>
 */
final class QueryParser {
  static final List<String> RESERVED = List.of("sort", "limit", "after", "count");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final int MAX_IN_VALUES = 100;
  private static final int MAX_SORT_KEYS = 8;

  private final int defaultLimit;
  private final int maxLimit;

  QueryParser(int defaultLimit, int maxLimit) {
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  Query parse(Map<String, List<String>> params) {
    List<Filter> filters = new ArrayList<>();
    params.forEach((name, values) -> {
      if (!RESERVED.contains(name)) {
        values.forEach(value -> filters.add(filter(name, value)));
      }
    });
    List<SortKey> sort = sort(single(params, "sort"));
    String after = single(params, "after");
    return new Query(List.copyOf(filters), sort, limit(single(params, "limit")),
        after == null ? null : PageToken.decode(after, sort), "true".equals(single(params, "count")));
  }

  /** One filter from a parameter name ({@code field} or {@code field:op}) and its raw value. */
  static Filter filter(String name, String raw) {
    int colon = name.indexOf(':');
    Field field = field(colon < 0 ? name : name.substring(0, colon));
    Op op = colon < 0 ? Op.EQ : op(name.substring(colon + 1));
    List<String> raws = op == Op.IN ? Arrays.asList(raw.split(",", -1)) : List.of(raw);
    if (raws.size() > MAX_IN_VALUES) {
      throw invalid("At most " + MAX_IN_VALUES + " values in '" + name + "'.");
    }
    List<JsonNode> values = new ArrayList<>();
    for (String each : raws) {
      JsonNode value = field.isServerField() ? serverValue(field, each) : value(each);
      if (value.isNull() && op != Op.EQ && op != Op.NE) {
        throw invalid("'" + name + "' cannot compare with null; use " + field + "=null or " + field + ":ne=null.");
      }
      values.add(value);
    }
    if (op == Op.CONTAINS && field.isServerField()) {
      throw invalid("contains applies to data fields, not to the server field '" + field + "'.");
    }
    return new Filter(field, op, List.copyOf(values));
  }

  static Field field(String name) {
    List<String> path = Arrays.asList(name.split("\\.", -1));
    if (path.size() > 8 || !path.stream().allMatch(s -> SEGMENT.matcher(s).matches())) {
      throw invalid("'" + name + "' is not a field name: use identifiers ([A-Za-z_][A-Za-z0-9_]*) joined by dots.");
    }
    return new Field(List.copyOf(path));
  }

  private static Op op(String name) {
    try {
      return Op.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("Unknown operator '" + name + "'; use one of eq, ne, gt, gte, lt, lte, in, contains.");
    }
  }

  private static JsonNode value(String raw) {
    switch (raw) {
      case "null":
        return NullNode.instance;
      case "true":
        return BooleanNode.TRUE;
      case "false":
        return BooleanNode.FALSE;
      default:
        if (NUMBER.matcher(raw).matches() && (raw.length() > 40 || Double.isInfinite(Double.parseDouble(raw)))) {
          throw invalid("The number " + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw) + " is out of range.");
        }
        if (NUMBER.matcher(raw).matches() || raw.length() > 1 && raw.startsWith("\"") && raw.endsWith("\"")) {
          try {
            return Json.parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          } catch (SwitchboardException e) {
            throw invalid("The quoted value " + raw + " is not a valid JSON string.");
          }
        }
        return TextNode.valueOf(raw);
    }
  }

  /** Server field values are typed: id text, version integer, times ISO-8601 (as epoch ms). */
  private static JsonNode serverValue(Field field, String raw) {
    String name = field.path().get(0);
    try {
      return switch (name) {
        case "id" -> TextNode.valueOf(raw);
        case "owner" -> "null".equals(raw) ? NullNode.getInstance() : TextNode.valueOf(raw);
        case "version" -> LongNode.valueOf(Long.parseLong(raw));
        default -> LongNode.valueOf(Instant.parse(raw).toEpochMilli());
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw invalid("'" + raw + "' is not a valid " + name + ("version".equals(name)
          ? " (an integer)." : " (an ISO-8601 instant such as 2026-01-31T12:00:00Z)."));
    }
  }

  private static List<SortKey> sort(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<SortKey> keys = new ArrayList<>();
    for (String part : raw.split(",")) {
      String name = part.trim();
      boolean descending = name.startsWith("-");
      keys.add(new SortKey(field(descending ? name.substring(1) : name), descending));
    }
    if (keys.size() > MAX_SORT_KEYS) {
      throw invalid("At most " + MAX_SORT_KEYS + " sort keys.");
    }
    return List.copyOf(keys);
  }

  private int limit(String raw) {
    return Params.bounded("limit", raw, defaultLimit, 1, maxLimit);
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw invalid("'" + name + "' may be given once.");
    }
    return values.get(0);
  }

  static SwitchboardException invalid(String detail) {
    return new SwitchboardException(Problem.INVALID_REQUEST, detail);
  }
}

package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.Query.Op;
import io.switchboard.model.SwitchboardException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParserTest {
  private final QueryParser parser = new QueryParser(50, 1000);

  private Query parse(String... pairs) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return parser.parse(params);
  }

  private void invalid(String... pairs) {
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> parse(pairs));
    assertEquals(Problem.INVALID_REQUEST, e.problem());
  }

  @Test
  void values_are_typed_like_json() {
    assertTrue(QueryParser.filter("a", "10").values().get(0).isIntegralNumber());
    assertEquals(10, QueryParser.filter("a", "10").values().get(0).intValue());
    assertTrue(QueryParser.filter("a", "1.5").values().get(0).isNumber());
    assertEquals(BooleanNode.TRUE, QueryParser.filter("a", "true").values().get(0));
    assertEquals(NullNode.instance, QueryParser.filter("a", "null").values().get(0));
    assertEquals(TextNode.valueOf("10"), QueryParser.filter("a", "\"10\"").values().get(0));
    assertEquals(TextNode.valueOf("hello world"), QueryParser.filter("a", "hello world").values().get(0));
    assertEquals(TextNode.valueOf("01"), QueryParser.filter("a", "01").values().get(0));
  }

  @Test
  void operators_nested_fields_and_in_lists() {
    Query.Filter filter = QueryParser.filter("address.city:in", "Oslo,Quito");
    assertEquals(List.of("address", "city"), filter.field().path());
    assertEquals(Op.IN, filter.op());
    assertEquals(2, filter.values().size());
    assertEquals(Op.CONTAINS, QueryParser.filter("tags:contains", "x").op());
    assertEquals(Op.GTE, QueryParser.filter("n:GTE", "1").op());
  }

  @Test
  void server_fields_get_their_own_types() {
    assertEquals(TextNode.valueOf("123"), QueryParser.filter("id", "123").values().get(0));
    assertTrue(QueryParser.filter("version:gt", "3").values().get(0).isIntegralNumber());
    assertEquals(3L, QueryParser.filter("version:gt", "3").values().get(0).longValue());
    assertEquals(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli(),
        QueryParser.filter("createdAt:lt", "2026-01-02T03:04:05Z").values().get(0).asLong());
    assertThrows(SwitchboardException.class, () -> QueryParser.filter("updatedAt", "yesterday"));
    assertThrows(SwitchboardException.class, () -> QueryParser.filter("id:contains", "x"));
  }

  @Test
  void sort_limit_and_count() {
    Query query = parse("sort", "-price,name", "limit", "10", "count", "true", "done", "false");
    assertEquals(2, query.sort().size());
    assertTrue(query.sort().get(0).descending());
    assertEquals(List.of("name"), query.sort().get(1).field().path());
    assertEquals(10, query.limit());
    assertTrue(query.count());
    assertEquals(1, query.filters().size());
    assertEquals(50, parse().limit());
    assertNull(parse().after());
  }

  @Test
  void bad_input_is_an_invalid_request() {
    invalid("limit", "0");
    invalid("limit", "1001");
    invalid("limit", "ten");
    invalid("a:between", "1");
    invalid("a-b", "1");
    invalid("a..b", "1");
    invalid("a:gt", "null");
    invalid("sort", "-");
    invalid("after", "!!!");
    invalid("sort", "a", "sort", "b");
    invalid("n", "1e999999");
    invalid("n", "1" + "0".repeat(60));
  }

  @Test
  void page_tokens_round_trip_and_are_bound_to_their_sort() {
    Query sorted = parse("sort", "-price");
    String token = PageToken.encode(List.of(LongNode.valueOf(5), TextNode.valueOf("x")), sorted.sort());
    Query next = parse("sort", "-price", "after", token);
    assertEquals("[5, \"x\"]", next.after().toString());
    invalid("sort", "price", "after", token);
    invalid("after", token);
    Query byVersion = parse("sort", "version");
    invalid("sort", "version", "after", PageToken.encode(List.of(TextNode.valueOf("x"), TextNode.valueOf("x")),
        byVersion.sort()));
  }
}

package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Json;
import io.switchboard.model.Query.Field;
import io.switchboard.model.Query.Filter;
import io.switchboard.model.Query.Op;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentFilterTest {
  private static final JsonNode DOC = Json.parse(("{\"id\":\"a\",\"version\":3,\"createdAt\":\"2026-01-01T00:00:00Z\","
      + "\"price\":3.5,\"name\":\"kiwi\",\"ripe\":true,\"code\":\"10\",\"tags\":[\"green\",1,true],"
      + "\"origin\":{\"city\":\"Oslo\"},\"gone\":null}").getBytes(StandardCharsets.UTF_8));

  private static boolean matches(String field, Op op, JsonNode... values) {
    return DocumentFilter.matches(List.of(new Filter(new Field(List.of(field.split("\\."))), op, List.of(values))), DOC);
  }

  @Test
  void equality_is_type_exact() {
    assertFalse(matches("price", Op.EQ, TextNode.valueOf("3.5")));
    assertTrue(matches("price", Op.EQ, Json.parse("3.50".getBytes(StandardCharsets.UTF_8))));
    assertTrue(matches("ripe", Op.EQ, BooleanNode.TRUE));
    assertFalse(matches("ripe", Op.EQ, IntNode.valueOf(1)));
    assertTrue(matches("code", Op.EQ, TextNode.valueOf("10")));
    assertFalse(matches("code", Op.EQ, IntNode.valueOf(10)));
    assertTrue(matches("origin.city", Op.EQ, TextNode.valueOf("Oslo")));
  }

  @Test
  void missing_and_null_fields() {
    assertTrue(matches("gone", Op.EQ, NullNode.instance));
    assertTrue(matches("nothing", Op.EQ, NullNode.instance));
    assertFalse(matches("name", Op.EQ, NullNode.instance));
    assertTrue(matches("nothing", Op.NE, TextNode.valueOf("x")));
    assertTrue(matches("name", Op.NE, NullNode.instance));
  }

  @Test
  void ranges_compare_only_the_same_type() {
    assertTrue(matches("price", Op.GT, IntNode.valueOf(3)));
    assertTrue(matches("price", Op.LTE, Json.parse("3.50".getBytes(StandardCharsets.UTF_8))));
    assertFalse(matches("name", Op.LT, IntNode.valueOf(100)));
    assertFalse(matches("name", Op.GT, IntNode.valueOf(100)));
    assertTrue(matches("name", Op.GT, TextNode.valueOf("apple")));
    assertTrue(matches("version", Op.GTE, LongNode.valueOf(3)));
    assertTrue(matches("createdAt", Op.LT, LongNode.valueOf(1767225600001L)));
  }

  @Test
  void in_and_contains() {
    assertTrue(matches("name", Op.IN, TextNode.valueOf("pear"), TextNode.valueOf("kiwi")));
    assertTrue(matches("tags", Op.CONTAINS, BooleanNode.TRUE));
    assertTrue(matches("tags", Op.CONTAINS, IntNode.valueOf(1)));
    assertFalse(matches("tags", Op.CONTAINS, TextNode.valueOf("1")));
    assertTrue(matches("name", Op.CONTAINS, TextNode.valueOf("iw")));
  }
}

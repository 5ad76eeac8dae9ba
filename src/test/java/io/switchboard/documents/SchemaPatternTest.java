package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON Schema {@code pattern}s are ECMA-262 regular expressions (2020-12), bounded in time; a schema
 * that cannot be used is refused saying where (a pattern's position, an unresolved {@code $ref}).
 */
class SchemaPatternTest {
  private final Schemas schemas = new Schemas();

  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode stringWith(String pattern) {
    return Json.MAPPER.createObjectNode().set("properties", Json.MAPPER.createObjectNode().set("s",
        Json.MAPPER.createObjectNode().put("type", "string").put("pattern", pattern)));
  }

  @Test
  void unicode_property_escapes_are_ecma_262_patterns() {
    JsonNode schema = stringWith("^\\p{Letter}+$");
    schemas.checkSchema(schema);
    schemas.validate(schema, json("{\"s\":\"Zoë\"}"));
    assertEquals(Problem.VALIDATION_FAILED, assertThrows(SwitchboardException.class,
        () -> schemas.validate(schema, json("{\"s\":\"Zoë 2\"}"))).problem());
  }

  @Test
  void a_pattern_that_does_not_compile_is_refused_naming_it() {
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> schemas.checkSchema(stringWith("a(b")));
    assertEquals(Problem.VALIDATION_FAILED, e.problem());
    assertTrue(e.getMessage().contains("'a(b'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("unmatched parenthesis at position 3."), e.getMessage());
  }

  @Test
  void a_bad_pattern_is_placed_at_the_character_that_breaks_it() {
    Map<String, Integer> cases = Map.of(
        "ab)c", 2,              // a close with no open
        "x{2,1}", 5,            // upper below lower
        "[z-a]", 3,             // an empty range
        "ok(?<1x>y)", 5,        // a group name may not start with a digit
        "é+*", 2,               // a repeat of nothing: counted in UTF-16 units, as JavaScript does
        "(a|b", 4,              // stops inside a group: the end
        "\\", 1);
    cases.forEach((pattern, at) -> {
      SwitchboardException e = assertThrows(SwitchboardException.class, () -> schemas.checkSchema(stringWith(pattern)));
      assertTrue(e.getMessage().endsWith(" at position " + at + "."), pattern + ": " + e.getMessage());
    });
  }

  @Test
  void a_catastrophic_pattern_on_a_long_value_is_refused_within_its_time_limit() {
    JsonNode schema = stringWith("^(a+)+$");
    schemas.checkSchema(schema);
    for (int length : new int[] {30, 1_000, 50_000}) {
      String value = "a".repeat(length) + "!";
      long start = System.nanoTime();
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> schemas.validate(schema, json("{\"s\":\"" + value + "\"}")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.println("^(a+)+$ on " + value.length() + " characters: refused in " + took.toMillis() + " ms ("
          + e.getMessage() + ")");
      assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "bounded: " + took);
    }
  }

  @Test
  void an_unresolved_ref_is_refused_naming_the_reference_and_where_it_is() {
    for (String ref : new String[] {"#/$defs/missing", "#nope", "other.json", "https://example.com/s.json", "urn:x:y"}) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> schemas.checkSchema(json("{\"properties\":{\"a/b\":{\"$ref\":\"" + ref + "\"}}}")));
      assertEquals(Problem.VALIDATION_FAILED, e.problem());
      assertTrue(e.getMessage().contains("its $ref '" + ref + "' cannot be resolved"), e.getMessage());
      assertEquals("/properties/a~1b/$ref", e.errors().get(0).field(), ref);
    }
  }

  /** The validator resolves a $dynamicRef only when validating; setting the schema must find a bad one first. */
  @Test
  void an_unresolved_dynamic_ref_is_refused_when_the_schema_is_set_not_on_every_write() {
    for (String ref : new String[] {"#/$defs/missing", "#nope", "other.json"}) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> schemas.checkSchema(json("{\"properties\":{\"a\":{\"items\":{\"$dynamicRef\":\"" + ref + "\"}}}}")));
      assertEquals(Problem.VALIDATION_FAILED, e.problem());
      assertTrue(e.getMessage().contains("its $dynamicRef '" + ref + "' cannot be resolved"), e.getMessage());
      assertEquals("/properties/a/items/$dynamicRef", e.errors().get(0).field(), ref);
    }
    JsonNode recursive = json("{\"$dynamicAnchor\":\"node\",\"type\":\"object\","
        + "\"properties\":{\"children\":{\"type\":\"array\",\"items\":{\"$dynamicRef\":\"#node\"}}}}");
    schemas.checkSchema(recursive);
    schemas.validate(recursive, json("{\"children\":[{\"children\":[]}]}"));
    assertThrows(SwitchboardException.class, () -> schemas.validate(recursive, json("{\"children\":[{\"children\":7}]}")));
  }

  /**
   * Only the nine bundled 2020-12 meta-schemas may be loaded: a dot-segment path from their folder
   * must not reach another resource of the class path (test-classes holds not-a-meta-schema/secret.json,
   * whose content a write would otherwise echo in a validation message).
   */
  @Test
  void only_the_bundled_meta_schemas_are_loadable_not_other_class_path_resources() {
    for (String ref : new String[] {"classpath:draft/2020-12/../../not-a-meta-schema/secret.json",
        "https://json-schema.org/draft/2020-12/../../not-a-meta-schema/secret.json",
        "classpath:draft/2020-12/meta/../../../not-a-meta-schema/secret.json",
        "classpath:not-a-meta-schema/secret.json", "classpath:draft-07/schema", "https://json-schema.org/draft/2020-12/nothing"}) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> schemas.checkSchema(json("{\"properties\":{\"a\":{\"$ref\":\"" + ref + "\"}}}")), ref);
      assertEquals(Problem.VALIDATION_FAILED, e.problem());
      assertTrue(e.getMessage().contains("its $ref '" + ref + "' cannot be resolved"), e.getMessage());
    }
    schemas.checkSchema(json("{\"properties\":{\"a\":{\"$ref\":\"https://json-schema.org/draft/2020-12/meta/validation\"}}}"));
  }

  @Test
  void an_unresolved_dynamic_ref_is_named_where_it_is_not_where_the_same_text_first_appears() {
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> schemas.checkSchema(json(
        "{\"$defs\":{\"t\":{}},\"properties\":{\"b\":{\"items\":{\"$dynamicRef\":\"#/$defs/t\"}},"
            + "\"a\":{\"$id\":\"urn:a\",\"items\":{\"$dynamicRef\":\"#/$defs/t\"}}}}")));
    assertEquals("/properties/a/items/$dynamicRef", e.errors().get(0).field(), e.getMessage());
  }

  /** A reference loop that consumes nothing recursed until the stack overflowed: a 500 on every write. */
  @Test
  void a_reference_loop_is_refused_when_set_or_when_a_document_reaches_it_never_a_500() {
    SwitchboardException set = assertThrows(SwitchboardException.class, () -> schemas.checkSchema(json(
        "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}")));
    assertEquals(Problem.VALIDATION_FAILED, set.problem());
    assertTrue(set.getMessage().contains("loop without end"), set.getMessage());

    JsonNode reachedByX = json("{\"properties\":{\"x\":{\"$ref\":\"#/$defs/a\"}},"
        + "\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}}}");
    schemas.checkSchema(reachedByX); // no probe value has x
    schemas.validate(reachedByX, json("{\"y\":1}"));
    SwitchboardException write = assertThrows(SwitchboardException.class, () -> schemas.validate(reachedByX, json("{\"x\":1}")));
    assertEquals(Problem.VALIDATION_FAILED, write.problem());
    assertTrue(write.getMessage().startsWith("The collection's JSON Schema cannot be applied to this document: its references loop"),
        write.getMessage());
  }

  @Test
  void another_dialect_is_refused_naming_where_it_is_declared() {
    for (String[] c : new String[][] {
        {"{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}", "/$schema"},
        {"{\"$defs\":{\"a\":{\"$id\":\"urn:a\",\"$schema\":\"https://json-schema.org/draft/2019-09/schema\"}}}", "/$defs/a/$schema"}}) {
      SwitchboardException e = assertThrows(SwitchboardException.class, () -> schemas.checkSchema(json(c[0])), c[0]);
      assertTrue(e.getMessage().contains("only JSON Schema 2020-12 is supported"), e.getMessage());
      assertEquals(c[1], e.errors().get(0).field(), c[0]);
    }
    schemas.checkSchema(json("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}"));
  }
}

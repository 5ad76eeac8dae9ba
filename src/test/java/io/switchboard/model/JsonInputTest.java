package io.switchboard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonInputTest {
  private final JsonInput json = new JsonInput(4, 100);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private SwitchboardException refused(String text) {
    return assertThrows(SwitchboardException.class, () -> json.parse(bytes(text)));
  }

  @Test
  void nesting_up_to_the_limit_is_read_and_one_level_more_is_refused() {
    assertTrue(json.parse(bytes("{\"a\":" + nested(3) + "}")).path("a").path(0).path(0).isArray());
    SwitchboardException e = refused("{\"a\":" + nested(4) + "}");
    assertEquals(Problem.JSON_LIMIT, e.problem());
    assertEquals("The JSON nests arrays and objects deeper than the limit of 4 levels.", e.getMessage());
    assertEquals(Problem.JSON_LIMIT, refused(nested(100_000)).problem(), "no stack overflow, a clear refusal");
  }

  @Test
  void strings_and_field_names_up_to_the_limit_are_read_and_longer_ones_refused() {
    assertEquals(100, json.parseObject(bytes("{\"s\":\"" + "x".repeat(100) + "\"}")).path("s").asText().length());
    for (int length : new int[] {101, 150, 1000, 100_000}) {
      SwitchboardException e = refused("{\"s\":\"" + "x".repeat(length) + "\"}");
      assertEquals(Problem.JSON_LIMIT, e.problem(), "length " + length);
      assertEquals("A JSON string is longer than the limit of 100 characters.", e.getMessage());
    }
    assertEquals("A JSON field name is longer than the limit of 100 characters.",
        refused("{\"" + "k".repeat(101) + "\":1}").getMessage());
    assertEquals("A JSON string is longer than the limit of 100 characters.",
        refused("[\"" + "\\u00e9".repeat(101) + "\"]").getMessage(), "characters after unescaping count");
  }

  @Test
  void the_other_rules_of_json_still_hold() {
    assertEquals(Problem.MALFORMED_JSON, refused("{\"a\":1,\"a\":2}").problem());
    assertEquals(Problem.MALFORMED_JSON, refused("{} []").problem());
    assertEquals(Problem.VALIDATION_FAILED,
        assertThrows(SwitchboardException.class, () -> json.parseObject(bytes("[]"))).problem());
    assertTrue(json.parse(bytes("0.10")).decimalValue().toString().equals("0.10"), "exact decimals");
  }

  @Test
  void the_unlimited_parser_keeps_jacksons_defaults() {
    assertEquals(200, Json.parse(bytes("{\"s\":\"" + "x".repeat(200) + "\"}")).path("s").asText().length());
  }
}

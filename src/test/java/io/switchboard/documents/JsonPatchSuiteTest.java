package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.SwitchboardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Patch community suite (src/test/resources/json-patch-tests: tests.json and
 * spec_tests.json, which hold every RFC 6902 appendix example), through the patcher the document
 * service uses, one named test per case. A Switchboard document is always an object, so a case
 * whose document is not one runs as the property {@code doc} of an object, its paths prefixed with
 * {@code /doc}; a patch whose meaning depends on replacing the whole document ({@code ""} paths) on
 * such a case cannot be expressed and is excluded, counted. Cases the suite itself marks
 * {@code disabled} are excluded too. Every case with {@code error} must be refused with a
 * Switchboard 4xx problem, never any other exception.
 */
class JsonPatchSuiteTest {
  private static final List<String> EXCLUDED = new ArrayList<>();
  private static final ObjectMapper LENIENT = new ObjectMapper();
  private static int run;

  static Stream<DynamicTest> cases(String file) throws IOException {
    try (InputStream in = JsonPatchSuiteTest.class.getResourceAsStream("/json-patch-tests/" + file)) {
      List<DynamicTest> tests = new ArrayList<>();
      int i = 0;
      for (String raw : elements(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
        i++;
        JsonNode c = LENIENT.readTree(raw);
        String name = file + " #" + i + ": " + c.path("comment").asText(c.path("error").asText("(no comment)"));
        if (c.path("disabled").asBoolean(false)) {
          EXCLUDED.add(name + " (disabled by the suite)");
          continue;
        }
        boolean wrap = !c.path("doc").isObject();
        if (wrap && wholeDocument(c.path("patch"))) {
          EXCLUDED.add(name + " (replaces a non-object document as a whole: a document is always an object)");
          continue;
        }
        tests.add(DynamicTest.dynamicTest(name, () -> check(raw, c, wrap)));
      }
      return tests.stream();
    }
  }

  private static boolean wholeDocument(JsonNode patch) {
    if (!patch.isArray()) {
      return false;
    }
    for (JsonNode op : patch) {
      if ("".equals(op.path("path").asText(null)) || "".equals(op.path("from").asText(null))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The source text of each element of the top-level array: a case may hold a patch with a
   * duplicate member, which the server's strict parser refuses (400) before any patching.
   */
  private static List<String> elements(String text) throws IOException {
    List<String> raw = new ArrayList<>();
    try (JsonParser parser = LENIENT.getFactory().createParser(text)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.skipChildren();
        raw.add(text.substring(start, (int) parser.currentLocation().getCharOffset()));
      }
    }
    return raw;
  }

  private static void check(String raw, JsonNode c, boolean wrap) {
    run++;
    try {
      Json.parse(raw.getBytes(StandardCharsets.UTF_8));
    } catch (SwitchboardException refused) {
      assertTrue(c.has("error"), "the server's JSON parser refuses a case that should apply: " + refused.getMessage());
      assertEquals(400, refused.problem().status);
      return;
    }
    ObjectNode doc = wrap ? JsonNodeFactory.instance.objectNode().set("doc", c.path("doc").deepCopy())
        : (ObjectNode) c.path("doc").deepCopy();
    JsonNode patch = wrap ? prefixed(c.path("patch")) : c.path("patch");
    if (c.has("error")) {
      SwitchboardException e = assertThrows(SwitchboardException.class, () -> Patches.JSON_PATCH.apply(doc, patch),
          "expected a refusal: " + c.path("error").asText());
      assertTrue(e.problem().status >= 400 && e.problem().status < 500, e.problem().toString());
      return;
    }
    JsonNode result = Patches.JSON_PATCH.apply(doc, patch);
    JsonNode expected = c.has("expected") ? c.path("expected") : c.path("doc");
    assertEquals(normal(expected), normal(wrap ? result.path("doc") : result));
  }

  /** Numbers compared by value (1 and 1.0 alike), as JSON does. */
  private static JsonNode normal(JsonNode node) {
    return Json.parseStored(Json.write(node).replaceAll("(?<=[:\\[,])(-?\\d+)\\.0(?=[,\\]}])", "$1"));
  }

  private static JsonNode prefixed(JsonNode patch) {
    if (!patch.isArray()) {
      return patch;
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode op : patch) {
      ObjectNode copy = op.deepCopy();
      for (String field : List.of("path", "from")) {
        if (copy.path(field).isTextual()) {
          copy.put(field, "/doc" + copy.path(field).asText());
        }
      }
      out.add(copy);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> tests_json() throws IOException {
    return cases("tests.json");
  }

  @TestFactory
  Stream<DynamicTest> spec_tests_json() throws IOException {
    return cases("spec_tests.json");
  }

  @AfterAll
  static void report() {
    System.out.println("JSON Patch suite: " + run + " cases run, " + EXCLUDED.size() + " excluded:");
    EXCLUDED.forEach(e -> System.out.println("  " + e));
  }
}

package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.SwitchboardException;
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
 * service uses, one named test per case ({@link JsonPatchCases} says how a case becomes a document
 * and which cannot run; those are counted). Every case with {@code error} must be refused with a
 * Switchboard 4xx problem, never any other exception.
 */
class JsonPatchSuiteTest {
  private static final List<String> EXCLUDED = new ArrayList<>();
  private static int run;

  static Stream<DynamicTest> cases(String file) {
    return JsonPatchCases.load(file, EXCLUDED).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(JsonPatchCases.Case c) {
    run++;
    JsonNode patch;
    try {
      patch = Json.parse(c.rawPatch().getBytes(StandardCharsets.UTF_8)); // the server's strict parser
    } catch (SwitchboardException refused) {
      assertTrue(c.refused(), "the server's JSON parser refuses a case that should apply: " + refused.getMessage());
      assertEquals(400, refused.problem().status);
      return;
    }
    assertEquals(c.spec().path("patch"), patch);
    ObjectNode doc = c.doc();
    if (c.refused()) {
      SwitchboardException e = assertThrows(SwitchboardException.class, () -> Patches.JSON_PATCH.apply(doc, c.patch()),
          "expected a refusal: " + c.spec().path("error").asText());
      assertTrue(e.problem().status >= 400 && e.problem().status < 500, e.problem().toString());
      return;
    }
    assertEquals(c.expected(), c.actual(Patches.JSON_PATCH.apply(doc, c.patch())));
  }

  @TestFactory
  Stream<DynamicTest> tests_json() {
    return cases("tests.json");
  }

  @TestFactory
  Stream<DynamicTest> spec_tests_json() {
    return cases("spec_tests.json");
  }

  @AfterAll
  static void report() {
    System.out.println("JSON Patch suite: " + run + " cases run, " + EXCLUDED.size() + " excluded:");
    EXCLUDED.forEach(e -> System.out.println("  " + e));
  }
}

package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The official JSON-Schema-Test-Suite, draft 2020-12, required tests
 * (src/test/resources/json-schema-test-suite), through the schema validation the server uses:
 * each schema must be accepted by {@code PUT .../schema}'s check, and each test's data must then
 * pass or be refused with 422 as the suite says. One named test per case. Excluded, counted and
 * printed: the cases whose schema references the suite's remote documents (the server never
 * fetches one, by design) and the {@link #KNOWN} cases the validator gets wrong, each named. The
 * optional tests (formats among them) are not run.
 */
class JsonSchemaSuiteTest {
  /** Cases the validator (networknt 1.5.9) answers against the suite: file, group, test. */
  static final List<String> KNOWN = List.of(
      // $id on a nested schema must be applied before its sibling $ref; the validator resolves the
      // $ref against the base, asks the loader for a document that does not exist, and refuses.
      "ref.json / order of evaluation: $id and $ref on nested schema / data is valid against nested sibling",
      "ref.json / order of evaluation: $id and $ref on nested schema / data is invalid against nested sibling");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> EXCLUDED = new TreeMap<>();
  private static final Schemas SCHEMAS = new Schemas();
  private static int run;

  @TestFactory
  Stream<DynamicTest> draft2020_12() throws IOException, URISyntaxException {
    Path dir = Path.of(JsonSchemaSuiteTest.class.getResource("/json-schema-test-suite/draft2020-12").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode groups;
        try (InputStream in = Files.newInputStream(file)) {
          groups = MAPPER.readTree(in);
        }
        for (JsonNode group : groups) {
          String where = file.getFileName() + " / " + group.path("description").asText();
          if (group.path("schema").toString().contains("http://localhost:1234")) { // the suite's remotes/
            group.path("tests").forEach(test -> EXCLUDED.put(where + " / " + test.path("description").asText(),
                "references a remote document (the suite's remotes/), which the server never fetches"));
            continue;
          }
          for (JsonNode test : group.path("tests")) {
            String name = where + " / " + test.path("description").asText();
            if (KNOWN.contains(name)) {
              EXCLUDED.put(name, "a known miss of the validator");
              continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> check(group.path("schema"), test)));
          }
        }
      }
    }
    return tests.stream();
  }

  private static void check(JsonNode schema, JsonNode test) {
    run++;
    SCHEMAS.checkSchema(schema);
    if (test.path("valid").asBoolean()) {
      SCHEMAS.validate(schema, test.path("data"));
    } else {
      assertEquals(Problem.VALIDATION_FAILED, assertThrows(SwitchboardException.class,
          () -> SCHEMAS.validate(schema, test.path("data")), "the suite says invalid").problem());
    }
  }

  @AfterAll
  static void report() {
    System.out.println("JSON-Schema-Test-Suite 2020-12: " + run + " cases run, " + EXCLUDED.size() + " excluded:");
    EXCLUDED.forEach((name, why) -> System.out.println("  " + name + ": " + why));
  }
}

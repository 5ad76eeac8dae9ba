package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The official JSON-Schema-Test-Suite, draft 2020-12 (src/test/resources/json-schema-test-suite):
 * the required tests and {@code optional/format}, through the schema validation the server uses.
 * Each schema must be accepted by {@code PUT .../schema}'s check, and each test's data must then
 * pass or be refused with 422 as the suite says. One named test per case.
 *
 * <p>Switchboard asserts {@code format} (2020-12 lets an implementation opt in), so the required
 * tests that say a bad value is "only an annotation by default" are excluded; {@code optional/format}
 * states what asserting must do. Excluded too: cases whose schema references the suite's remote
 * documents (the server never fetches one). The validator's known misses ({@link #MISSES}) are run
 * and must still miss, so the list stays true; in the {@link #LENIENT} groups an invalid value may
 * pass. Everything is counted and printed, format by format.
 */
class JsonSchemaSuiteTest {
  /** Cases the validator (networknt 3.0.9, with Switchboard's ECMA-262 patterns) answers wrongly: file / group / test. */
  static final Set<String> MISSES = Set.of(
      "optional/format/duration.json / validation of duration strings / years and days cannot appear without months",
      "optional/format/duration.json / validation of duration strings / hours and seconds cannot appear without minutes",
      // Joni's ECMAScript syntax: \a, (?#…) and a single (?i) are accepted, variable-width lookbehind is not.
      "optional/format/ecmascript-regex.json / \\a is not an ECMA 262 control escape / when used as a pattern",
      "optional/format/ecmascript-regex.json / Python-specific regular expression syntax is not valid ECMA 262 / inline comment group (?#...) is not ECMA 262",
      "optional/format/ecmascript-regex.json / global inline flag groups are not valid ECMA 262 / a single global inline flag (?i)",
      "optional/format/ecmascript-regex.json / ECMA 262 lookbehind is valid, including variable width / a variable-width lookbehind (ES2018)",
      "optional/format/hostname.json / validation of host names / exceeds maximum overall length (256)",
      "optional/format/idn-hostname.json / validation of internationalized host names / Bidi domain name with a digit-first label is invalid",
      "optional/format/idn-hostname.json / validation of internationalized host names / label starting with a digit before a right-to-left letter is invalid",
      "optional/format/idn-hostname.json / validation of internationalized host names / right-to-left label mixing both digit types is invalid",
      "optional/format/idn-hostname.json / validation of internationalized host names / a name longer than 253 characters is invalid",
      "optional/format/idn-email.json / validation of an internationalized e-mail addresses / a C1 control in the local part is valid",
      "optional/format/iri.json / validation of IRIs / an IPv6 host whose embedded IPv4 has a leading zero is invalid",
      "optional/format/iri.json / validation of IRIs / an IPvFuture host with an uppercase version letter is valid",
      "optional/format/uri-reference.json / validation of URI References / a non-numeric port in a network-path reference",
      "optional/format/uri-reference.json / validation of URI References / more than one at-sign in the authority",
      "optional/format/uri-reference.json / validation of URI References / a leading zero in the IPv4 part of an IPv6 literal",
      "optional/format/uri-template.json / format: uri-template / a space in a literal is invalid",
      "optional/format/uri.json / validation of URIs / non-numeric port is invalid",
      "optional/format/uri.json / validation of URIs / leading zero in an embedded IPv4 address is invalid");
  /** Whole groups the validator is lenient on: it may accept their invalid values (each one it does is counted as a miss). */
  static final Map<String, String> LENIENT = Map.of(
      "optional/format/hostname.json / validation of A-label (punycode) host names", "IDNA 2008 rules of A-labels",
      "optional/format/idn-hostname.json / validation of separators in internationalized host names", "a leading or trailing dot");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> EXCLUDED = new TreeMap<>();
  /** Per file: cases run, answered as the suite says, missed as listed. */
  private static final Map<String, int[]> TALLY = new TreeMap<>();
  private static final Set<String> MISSED = new HashSet<>();
  private static final Schemas SCHEMAS = new Schemas();

  @TestFactory
  Stream<DynamicTest> draft2020_12() throws IOException, URISyntaxException {
    Path root = Path.of(JsonSchemaSuiteTest.class.getResource("/json-schema-test-suite/draft2020-12").toURI());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> required = Files.list(root); Stream<Path> formats = Files.list(root.resolve("optional/format"))) {
      Stream.concat(required, formats).filter(f -> f.toString().endsWith(".json")).forEach(files::add);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files.stream().sorted().toList()) {
      String name = root.relativize(file).toString().replace('\\', '/');
      JsonNode groups;
      try (InputStream in = Files.newInputStream(file)) {
        groups = MAPPER.readTree(in);
      }
      for (JsonNode group : groups) {
        String where = name + " / " + group.path("description").asText();
        for (JsonNode test : group.path("tests")) {
          String id = where + " / " + test.path("description").asText();
          String excluded = group.path("schema").toString().contains("http://localhost:1234")
              ? "references a remote document (the suite's remotes/), which the server never fetches"
              : name.equals("format.json") && id.endsWith("is only an annotation by default")
                  ? "Switchboard asserts formats; optional/format says what that must do" : null;
          if (excluded != null) {
            EXCLUDED.put(id, excluded);
          } else {
            boolean lenient = LENIENT.containsKey(where);
            tests.add(DynamicTest.dynamicTest(id, () -> check(name, id, group.path("schema"), test, lenient)));
          }
        }
      }
    }
    return tests.stream();
  }

  private static void check(String file, String id, JsonNode schema, JsonNode test, boolean lenient) {
    int[] tally = TALLY.computeIfAbsent(file, f -> new int[3]);
    tally[0]++;
    String expected = test.path("valid").asBoolean() ? "valid" : "invalid";
    String answer = answer(schema, test.path("data"));
    if (MISSES.contains(id)) {
      assertNotEquals(expected, answer, id + ": listed as a miss of the validator but answered as the suite says");
    } else if (!lenient || !answer.equals("valid")) {
      assertEquals(expected, answer, id);
    }
    if (answer.equals(expected)) {
      tally[1]++;
    } else {
      MISSED.add(id);
      tally[2]++;
    }
  }

  /** valid, invalid (a 422 from validation), or why the schema itself was refused. */
  private static String answer(JsonNode schema, JsonNode data) {
    try {
      SCHEMAS.checkSchema(schema);
    } catch (SwitchboardException refused) {
      return "the schema was refused: " + refused.getMessage();
    }
    try {
      SCHEMAS.validate(schema, data);
      return "valid";
    } catch (SwitchboardException refused) {
      assertEquals(Problem.VALIDATION_FAILED, refused.problem(), refused.getMessage());
      return "invalid";
    }
  }

  @AfterAll
  static void report() {
    System.out.println("JSON-Schema-Test-Suite 2020-12: " + TALLY.values().stream().mapToInt(t -> t[0]).sum()
        + " cases run, " + TALLY.values().stream().mapToInt(t -> t[1]).sum() + " as the suite says, " + MISSED.size()
        + " known misses; " + EXCLUDED.size() + " excluded.");
    System.out.println("| file | run | as the suite says | known misses |");
    TALLY.forEach((file, t) -> System.out.println("| " + file + " | " + t[0] + " | " + t[1] + " | " + t[2] + " |"));
    EXCLUDED.forEach((name, why) -> System.out.println("  excluded " + name + ": " + why));
    MISSED.stream().sorted().forEach(name -> System.out.println("  missed " + name));
  }
}

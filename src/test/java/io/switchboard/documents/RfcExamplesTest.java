package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.config.Settings;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The examples of RFC 7396 (JSON Merge Patch) Appendix A and RFC 6901 (JSON Pointer) section 5,
 * through the document service. A document is always an object: the two Appendix A cases whose
 * original is an array cannot be a document and are left out; a merge whose result is not an
 * object is refused with 422 and changes nothing.
 */
class RfcExamplesTest {
  private static final Identity ALICE = new Identity("alice", Set.of(), "basic", null, null);
  @TempDir
  static Path dir;
  private static Database db;
  private static DocumentService service;

  @BeforeAll
  static void open() {
    Settings d = Settings.defaults();
    db = Database.open(new Settings(new Settings.Server(0, dir), new Settings.Db("jdbc:sqlite:" + dir.resolve("t.db"),
        "", "", 2, "NORMAL"), d.limits(), d.realtime(), d.webhooks(), d.auth(), d.access(), d.http(), d.rates()));
    service = new DocumentService(db, Access.of(AccessRules.defaults()), Clock.systemUTC(), 50, 1000, event -> { });
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The client fields of a document (server fields removed). */
  private static JsonNode data(ObjectNode doc) {
    ObjectNode copy = doc.deepCopy();
    copy.remove(io.switchboard.model.Document.SERVER_FIELDS);
    return copy;
  }

  @ParameterizedTest(name = "RFC 7396 A: {0} + {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"a\":\"b\"}                | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
      "{\"a\":\"b\"}                | {\"b\":\"c\"}                    | {\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}                | {\"a\":null}                     | {}",
      "{\"a\":\"b\",\"b\":\"c\"}    | {\"a\":null}                     | {\"b\":\"c\"}",
      "{\"a\":[\"b\"]}              | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
      "{\"a\":\"c\"}                | {\"a\":[\"b\"]}                  | {\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}        | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}      | {\"a\":[1]}                      | {\"a\":[1]}",
      "{\"e\":null}                 | {\"a\":1}                        | {\"e\":null,\"a\":1}",
      "{}                           | {\"a\":{\"bb\":{\"ccc\":null}}}  | {\"a\":{\"bb\":{}}}",
      "{\"a\":\"b\"}                | [\"c\"]                          | 422",
      "{\"a\":\"foo\"}              | null                             | 422",
      "{\"a\":\"foo\"}              | \"bar\"                          | 422"})
  void rfc7396_appendix_a(String original, String patch, String result) {
    String id = service.create(ALICE, "merge", (ObjectNode) json(original)).document().id();
    if (result.equals("422")) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> service.patch(ALICE, "merge", id, Patches.MERGE, json(patch), Preconditions.NONE));
      assertEquals(Problem.VALIDATION_FAILED, e.problem());
      assertEquals(json(original), data(service.get(ALICE, "merge", id).value().toJson()), "nothing changed");
      return;
    }
    ObjectNode patched = service.patch(ALICE, "merge", id, Patches.MERGE, json(patch), Preconditions.NONE).document()
        .toJson();
    assertEquals(json(result), data(patched));
  }

  private static final String RFC6901_DOC = "{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"c%d\":2,\"e^f\":3,"
      + "\"g|h\":4,\"i\\\\j\":5,\"k\\\"l\":6,\" \":7,\"m~n\":8}";

  @ParameterizedTest(name = "RFC 6901 5: \"{0}\" is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "/foo      | [\"bar\",\"baz\"]", "/foo/0 | \"bar\"", "/ | 0", "/a~1b | 1", "/c%d | 2", "/e^f | 3",
      "'/g|h' | 4", "'/i\\j' | 5", "/k\"l | 6", "'/ ' | 7", "/m~0n | 8"})
  void rfc6901_section_5_pointers_address_what_the_rfc_says(String pointer, String value) {
    String id = service.create(ALICE, "pointers", (ObjectNode) json(RFC6901_DOC)).document().id();
    ObjectNode test = Json.MAPPER.createObjectNode().put("op", "test").put("path", pointer);
    test.set("value", json(value));
    ObjectNode add = Json.MAPPER.createObjectNode().put("op", "add").put("path", "/checked").put("value", pointer);
    JsonNode patch = Json.MAPPER.createArrayNode().add(test).add(add);
    assertEquals(pointer, service.patch(ALICE, "pointers", id, Patches.JSON_PATCH, patch, Preconditions.NONE)
        .document().toJson().path("checked").asText());
  }

  @Test
  void a_pointer_of_the_whole_document_tests_the_whole_document() {
    JsonNode patch = json("[{\"op\":\"test\",\"path\":\"\",\"value\":{\"a\":1}}]");
    assertEquals(json("{\"a\":1}"), Patches.JSON_PATCH.apply((ObjectNode) json("{\"a\":1}"), patch));
  }

  @Test
  void the_defects_of_issue_19_stay_fixed() {
    // add at /bar/-1 was an IllegalStateException (a 500); ~01 was decoded as "/" instead of "~1".
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> Patches.JSON_PATCH.apply(
        (ObjectNode) json("{\"bar\":[1,2]}"), json("[{\"op\":\"add\",\"path\":\"/bar/-1\",\"value\":3}]")));
    assertEquals(Problem.CONFLICT, e.problem());
    assertEquals(json("{\"/\":9,\"~1\":10}"), Patches.JSON_PATCH.apply((ObjectNode) json("{\"/\":9,\"~1\":10}"),
        json("[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]")));
  }
}

package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The object-valued test cases of RFC 7396, Appendix A. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\":\"b\"}|{\"a\":\"c\"}|{\"a\":\"c\"}",
      "{\"a\":\"b\"}|{\"b\":\"c\"}|{\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}|{\"a\":null}|{}",
      "{\"a\":\"b\",\"b\":\"c\"}|{\"a\":null}|{\"b\":\"c\"}",
      "{\"a\":[\"b\"]}|{\"a\":\"c\"}|{\"a\":\"c\"}",
      "{\"a\":\"c\"}|{\"a\":[\"b\"]}|{\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}|{\"a\":{\"b\":\"d\",\"c\":null}}|{\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}|{\"a\":[1]}|{\"a\":[1]}",
      "{\"e\":null}|{\"a\":1}|{\"e\":null,\"a\":1}",
      "{}|{\"a\":{\"bb\":{\"ccc\":null}}}|{\"a\":{\"bb\":{}}}"})
  void merge_patch_follows_the_rfc_7396_examples(String target, String patch, String expected) {
    assertEquals(json(expected), Patches.MERGE.apply((ObjectNode) json(target), json(patch)));
  }

  @Test
  void merge_patch_does_not_modify_its_input() {
    ObjectNode target = (ObjectNode) json("{\"a\":{\"b\":1}}");
    Patches.MERGE.apply(target, json("{\"a\":{\"b\":2}}"));
    assertEquals(json("{\"a\":{\"b\":1}}"), target);
  }

  @Test
  void a_non_object_merge_patch_replaces_the_whole_document() {
    assertEquals(json("[1]"), Patches.MERGE.apply((ObjectNode) json("{\"a\":1}"), json("[1]")));
  }

  @Test
  void json_patch_is_all_or_nothing() {
    ObjectNode target = (ObjectNode) json("{\"n\":1}");
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> Patches.JSON_PATCH.apply(target,
        json("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2},{\"op\":\"remove\",\"path\":\"/missing\"}]")));
    assertEquals(Problem.CONFLICT, e.problem());
    assertEquals(json("{\"n\":1}"), target);
  }

  @Test
  void a_malformed_json_patch_is_an_invalid_request() {
    for (String patch : new String[] {"{\"op\":\"add\"}", "[{\"op\":\"fly\",\"path\":\"/a\"}]", "[{\"path\":\"/a\"}]"}) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> Patches.JSON_PATCH.apply((ObjectNode) json("{}"), json(patch)));
      assertEquals(Problem.INVALID_REQUEST, e.problem(), patch);
    }
  }

  @Test
  void json_patch_test_compares_numbers_by_value_across_node_types() {
    ObjectNode target = (ObjectNode) json("{}");
    target.put("version", 3L);
    assertEquals(json("{\"version\":3,\"ok\":true}"), Patches.JSON_PATCH.apply(target,
        json("[{\"op\":\"test\",\"path\":\"/version\",\"value\":3},{\"op\":\"add\",\"path\":\"/ok\",\"value\":true}]")));
  }
}

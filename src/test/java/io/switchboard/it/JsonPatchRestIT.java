package io.switchboard.it;

import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.documents.JsonPatchCases;
import io.switchboard.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sample of the JSON Patch community suite through REST: every case of {@code spec_tests.json}
 * (the RFC 6902 appendix examples) sent as {@code PATCH application/json-patch+json} to a document
 * holding the case's document, exactly as the suite writes the patch (duplicate members included).
 * The result must be the suite's, and a refusal a 4xx problem that leaves the document as it was.
 */
@ExtendWith(ServerExtension.class)
class JsonPatchRestIT {
  private final Http http;
  private final String c = freshCollection();

  JsonPatchRestIT(Http http) {
    this.http = http;
  }

  @TestFactory
  Stream<DynamicTest> rfc_6902_examples_through_rest() {
    List<String> excluded = new ArrayList<>();
    List<JsonPatchCases.Case> cases = JsonPatchCases.load("spec_tests.json", excluded);
    assertEquals(1, excluded.size(), "only A.13, which the suite disables: " + excluded);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonPatchCases.Case one = cases.get(i);
      String path = "/api/" + c + "/case" + i;
      tests.add(DynamicTest.dynamicTest(one.name(), () -> run(one, path)));
    }
    return tests.stream();
  }

  private void run(JsonPatchCases.Case one, String path) {
    Http.Reply put = http.put(path, Json.write(one.doc()));
    assertTrue(put.status() == 201 || put.status() == 200, put::toString);
    JsonNode before = http.get(path).json();
    String patch = one.wrapped() ? Json.write(one.patch()) : one.rawPatch();
    Http.Reply reply = http.patch(path, "application/json-patch+json", patch);
    if (one.refused()) {
      assertTrue(reply.status() >= 400 && reply.status() < 500, reply::toString);
      assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply::toString);
      assertEquals(before, http.get(path).json(), "a refused patch changed the document");
      return;
    }
    assertEquals(200, reply.status(), reply::toString);
    JsonNode after = http.get(path).json();
    for (String server : List.of("id", "version", "createdAt", "updatedAt", "owner")) {
      ((ObjectNode) after).remove(server);
    }
    assertEquals(one.expected(), one.actual(after));
  }
}

package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class SchemaIT {
  private static final String SCHEMA = """
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
       "required":["title"],
       "properties":{"title":{"type":"string","minLength":1},"priority":{"type":"integer","maximum":5}}}""";

  private final Http http;
  private final String c = freshCollection();

  SchemaIT(Http http) {
    this.http = http;
  }

  @Test
  void writes_that_violate_the_schema_are_422_listing_every_violation() throws Exception {
    assertEquals(200, http.put("/admin/collections/" + c + "/schema", SCHEMA).status());
    assertEquals(new ObjectMapper().readTree(SCHEMA), http.get("/admin/collections/" + c + "/schema").json());
    JsonNode problem = assertProblem(http.post("/api/" + c, "{\"title\":\"\",\"priority\":9}"), 422,
        "validation-failed");
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertEquals(List.of("/priority", "/title"), fields);
    JsonNode missing = assertProblem(http.post("/api/" + c, "{\"priority\":1}"), 422, "validation-failed");
    assertEquals("/title", missing.path("errors").path(0).path("field").asText());
    assertEquals(0, http.get("/api/" + c).json().path("items").size());

    Http.Reply created = http.post("/api/" + c, "{\"title\":\"ok\",\"priority\":2}");
    assertEquals(201, created.status(), created::toString);
    String id = created.json().path("id").asText();
    assertProblem(http.patch("/api/" + c + "/" + id, "application/merge-patch+json", "{\"priority\":\"high\"}"), 422,
        "validation-failed");
    assertEquals(2, http.get("/api/" + c + "/" + id).json().path("priority").asInt());
  }

  @Test
  void an_invalid_schema_is_422_and_not_stored() {
    assertProblem(http.put("/admin/collections/" + c + "/schema", "{\"type\":12}"), 422, "validation-failed");
    assertProblem(http.put("/admin/collections/" + c + "/schema", "[1]"), 422, "validation-failed");
    assertProblem(http.get("/admin/collections/" + c + "/schema"), 404, "not-found");
  }

  @Test
  void formats_are_asserted_and_a_schema_that_cannot_be_used_says_why() throws Exception {
    String schema = "{\"properties\":{\"email\":{\"format\":\"email\"},\"at\":{\"format\":\"date-time\"}}}";
    assertEquals(200, http.put("/admin/collections/" + c + "/schema", schema).status());
    JsonNode problem = assertProblem(http.post("/api/" + c, "{\"email\":\"not an address\",\"at\":\"yesterday\"}"),
        422, "validation-failed");
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertEquals(List.of("/at", "/email"), fields);
    assertEquals(201, http.post("/api/" + c, "{\"email\":\"zoe@example.com\",\"at\":\"2026-12-02T10:00:00Z\"}").status());

    JsonNode pattern = assertProblem(http.put("/admin/collections/" + c + "/schema",
        "{\"properties\":{\"s\":{\"pattern\":\"ab)c\"}}}"), 422, "validation-failed");
    assertTrue(pattern.path("detail").asText().contains("'ab)c'") && pattern.path("detail").asText().contains("position 2"),
        pattern::toString);
    JsonNode ref = assertProblem(http.put("/admin/collections/" + c + "/schema",
        "{\"properties\":{\"s\":{\"$ref\":\"#/$defs/nope\"}}}"), 422, "validation-failed");
    assertTrue(ref.path("detail").asText().contains("'#/$defs/nope'"), ref::toString);
    assertEquals("/properties/s/$ref", ref.path("errors").path(0).path("field").asText(), ref::toString);
    assertEquals(new ObjectMapper().readTree(schema), http.get("/admin/collections/" + c + "/schema").json(),
        "the refused schemas changed nothing");
  }

  @Test
  void a_schema_with_a_remote_reference_is_refused_without_fetching_it() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String ref = "http://127.0.0.1:" + listener.getLocalPort() + "/schema.json";
      assertProblem(http.put("/admin/collections/" + c + "/schema", "{\"$ref\":\"" + ref + "\"}"), 422,
          "validation-failed");
      // A fetch during the request would already sit in the accept queue.
      listener.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, listener::accept, "the server fetched " + ref);
    }
  }

  @Test
  void removing_the_schema_lets_any_object_in_again() {
    http.put("/admin/collections/" + c + "/schema", SCHEMA);
    assertEquals(204, http.delete("/admin/collections/" + c + "/schema").status());
    assertProblem(http.get("/admin/collections/" + c + "/schema"), 404, "not-found");
    assertEquals(201, http.post("/api/" + c, "{\"anything\":true}").status());
    assertProblem(http.delete("/admin/collections/" + c + "/schema"), 404, "not-found");
  }
}

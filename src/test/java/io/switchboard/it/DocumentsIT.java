package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class DocumentsIT {
  private static final String MERGE = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";

  private final Http http;
  private String c;

  DocumentsIT(Http http) {
    this.http = http;
  }

  @BeforeEach
  void newCollection() {
    c = freshCollection();
  }

  @Test
  void posting_a_document_returns_201_with_location_etag_and_server_fields() {
    Http.Reply reply = http.post("/api/" + c, "{\"title\":\"milk\",\"done\":false}");
    assertEquals(201, reply.status(), reply::toString);
    JsonNode doc = reply.json();
    String id = doc.path("id").asText();
    assertFalse(id.isEmpty());
    assertTrue(reply.header("Location").endsWith("/api/" + c + "/" + id), reply::toString);
    assertEquals("\"1\"", reply.header("ETag"));
    assertEquals(1, doc.path("version").asInt());
    assertEquals(doc.path("createdAt"), doc.path("updatedAt"));
    assertEquals("milk", doc.path("title").asText());
    assertNotNull(reply.header("Switchboard-Cursor"));
  }

  @Test
  void generated_ids_sort_in_creation_order() {
    String first = http.post("/api/" + c, "{}").json().path("id").asText();
    String second = http.post("/api/" + c, "{}").json().path("id").asText();
    assertTrue(first.compareTo(second) < 0, first + " then " + second);
  }

  @Test
  void server_fields_in_a_body_never_override_the_servers_values() {
    Http.Reply reply = http.post("/api/" + c,
        "{\"version\":99,\"createdAt\":\"1999-01-01T00:00:00Z\",\"updatedAt\":\"x\",\"n\":1}");
    assertEquals(201, reply.status(), reply::toString);
    assertEquals(1, reply.json().path("version").asInt());
    assertFalse(reply.json().path("createdAt").asText().startsWith("1999"));
    String id = reply.json().path("id").asText();
    Http.Reply put = http.put("/api/" + c + "/" + id, "{\"version\":7,\"n\":2}");
    assertEquals(2, put.json().path("version").asInt());
    assertEquals(reply.json().path("createdAt"), put.json().path("createdAt"));
  }

  @Test
  void a_client_supplied_id_is_used_and_posting_it_again_conflicts() {
    Http.Reply created = http.post("/api/" + c, "{\"id\":\"alice\",\"age\":30}");
    assertEquals(201, created.status(), created::toString);
    assertEquals("alice", created.json().path("id").asText());
    assertProblem(http.post("/api/" + c, "{\"id\":\"alice\",\"age\":31}"), 409, "already-exists");
    assertEquals(30, http.get("/api/" + c + "/alice").json().path("age").asInt());
  }

  @Test
  void get_returns_the_document_with_its_validators_and_cursor() {
    String id = create("{\"a\":1}");
    Http.Reply reply = http.get("/api/" + c + "/" + id);
    assertEquals(200, reply.status());
    assertEquals("\"1\"", reply.header("ETag"));
    assertNotNull(reply.header("Last-Modified"));
    assertEquals("no-cache", reply.header("Cache-Control"));
    assertTrue(Long.parseLong(reply.header("Switchboard-Cursor")) >= 1);
    assertEquals(1, reply.json().path("a").asInt());
  }

  @Test
  void if_none_match_with_the_current_etag_returns_304_without_a_body() {
    String id = create("{\"a\":1}");
    Http.Reply reply = http.get("/api/" + c + "/" + id, "If-None-Match", "\"1\"");
    assertEquals(304, reply.status());
    assertEquals(List.of("\"1\""), reply.response().headers().allValues("ETag"));
    assertEquals(200, http.get("/api/" + c + "/" + id, "If-None-Match", "\"0\"").status());
  }

  @Test
  void if_modified_since_the_last_change_returns_304() {
    String id = create("{\"a\":1}");
    String lastModified = http.get("/api/" + c + "/" + id).header("Last-Modified");
    assertEquals(304, http.get("/api/" + c + "/" + id, "If-Modified-Since", lastModified).status());
    assertEquals(200, http.get("/api/" + c + "/" + id, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status());
  }

  @Test
  void a_get_evaluates_if_match_and_if_unmodified_since_before_the_cache_validators() {
    String id = create("{\"a\":1}");
    String path = "/api/" + c + "/" + id;
    String lastModified = http.get(path).header("Last-Modified");
    assertTrue(lastModified.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), lastModified);
    assertEquals(200, http.get(path, "If-Match", "\"1\"").status());
    assertProblem(http.get(path, "If-Match", "\"2\", W/\"1\""), 412, "precondition-failed");
    assertProblem(http.get(path, "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"), 412, "precondition-failed");
    assertEquals(200, http.get(path, "If-Unmodified-Since", lastModified).status());
    // If-Match wins over If-Unmodified-Since; If-None-Match over If-Modified-Since (RFC 9110 13.2.2).
    assertEquals(200, http.get(path, "If-Match", "*", "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status());
    assertEquals(200, http.get(path, "If-None-Match", "\"7\"", "If-Modified-Since", lastModified).status());
    // Repeated header lines form one list.
    assertEquals(304, http.get(path, "If-None-Match", "\"7\"", "If-None-Match", "\"1\"").status());
    assertProblem(http.get(path, "If-Match", "\"7\"", "If-Match", "\"8\""), 412, "precondition-failed");
    assertEquals(200, http.get(path, "If-Match", "\"7\"", "If-Match", "\"1\"").status());
    // A date that does not parse is ignored.
    assertEquals(200, http.get(path, "If-Modified-Since", "yesterday").status());
    assertEquals(200, http.get(path, "If-Unmodified-Since", "yesterday").status());
  }

  @Test
  void an_unknown_document_is_404() {
    assertProblem(http.get("/api/" + c + "/nope"), 404, "not-found");
  }

  @Test
  void put_replaces_the_whole_document_and_increments_the_version() {
    String id = create("{\"a\":1,\"b\":2}");
    Http.Reply reply = http.put("/api/" + c + "/" + id, "{\"a\":5}");
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("\"2\"", reply.header("ETag"));
    assertEquals(5, reply.json().path("a").asInt());
    assertTrue(reply.json().path("b").isMissingNode());
  }

  @Test
  void put_at_a_new_id_creates_the_document_with_201() {
    Http.Reply reply = http.put("/api/" + c + "/bob", "{\"a\":1}");
    assertEquals(201, reply.status(), reply::toString);
    assertTrue(reply.header("Location").endsWith("/api/" + c + "/bob"));
    assertEquals("bob", reply.json().path("id").asText());
  }

  @Test
  void put_with_a_stale_if_match_returns_412_and_changes_nothing() {
    String id = create("{\"a\":1}");
    http.put("/api/" + c + "/" + id, "{\"a\":2}");
    assertProblem(http.put("/api/" + c + "/" + id, "{\"a\":3}", "If-Match", "\"1\""), 412, "precondition-failed");
    assertEquals(2, http.get("/api/" + c + "/" + id).json().path("a").asInt());
    assertEquals(200, http.put("/api/" + c + "/" + id, "{\"a\":4}", "If-Match", "\"2\"").status());
  }

  @Test
  void put_with_if_none_match_star_only_creates() {
    assertEquals(201, http.put("/api/" + c + "/x", "{\"a\":1}", "If-None-Match", "*").status());
    assertProblem(http.put("/api/" + c + "/x", "{\"a\":2}", "If-None-Match", "*"), 412, "precondition-failed");
    assertEquals(1, http.get("/api/" + c + "/x").json().path("a").asInt());
  }

  @Test
  void an_id_in_the_body_that_contradicts_the_url_is_rejected() {
    String id = create("{\"a\":1}");
    JsonNode problem = assertProblem(http.put("/api/" + c + "/" + id, "{\"id\":\"other\",\"a\":2}"), 422,
        "validation-failed");
    assertEquals("/id", problem.path("errors").path(0).path("field").asText());
    assertEquals(1, http.get("/api/" + c + "/" + id).json().path("a").asInt());
  }

  @Test
  void merge_patch_sets_nested_fields_and_removes_nulls() {
    String id = create("{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"gone\":true}");
    Http.Reply reply = http.patch("/api/" + c + "/" + id, MERGE, "{\"b\":{\"y\":null,\"z\":3},\"gone\":null}");
    assertEquals(200, reply.status(), reply::toString);
    JsonNode doc = reply.json();
    assertEquals(1, doc.path("a").asInt());
    assertEquals("{\"x\":1,\"z\":3}", doc.path("b").toString());
    assertTrue(doc.path("gone").isMissingNode());
    assertEquals("\"2\"", reply.header("ETag"));
  }

  @Test
  void json_patch_applies_all_operations_or_none() {
    String id = create("{\"tags\":[\"a\"],\"n\":1}");
    Http.Reply ok = http.patch("/api/" + c + "/" + id, JSON_PATCH,
        "[{\"op\":\"test\",\"path\":\"/version\",\"value\":1},{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":\"b\"},"
            + "{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]");
    assertEquals(200, ok.status(), ok::toString);
    assertEquals("[\"a\",\"b\"]", ok.json().path("tags").toString());
    Http.Reply failed = http.patch("/api/" + c + "/" + id, JSON_PATCH,
        "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":3},{\"op\":\"test\",\"path\":\"/n\",\"value\":99}]");
    assertProblem(failed, 409, "conflict");
    assertEquals(2, http.get("/api/" + c + "/" + id).json().path("n").asInt());
    assertProblem(http.patch("/api/" + c + "/" + id, JSON_PATCH, "[{\"op\":\"jump\",\"path\":\"/n\"}]"), 400,
        "invalid-request");
  }

  @Test
  void a_json_patch_path_that_is_not_a_pointer_is_400() {
    String id = create("{\"a\":1}");
    assertProblem(http.patch("/api/" + c + "/" + id, JSON_PATCH, "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]"), 400,
        "invalid-request");
    assertProblem(http.patch("/api/" + c + "/" + id, JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/nope\"}]"), 409,
        "conflict");
  }

  @Test
  void a_document_recreated_at_a_deleted_id_continues_its_version_sequence() {
    http.put("/api/" + c + "/again", "{\"a\":1}");
    http.put("/api/" + c + "/again", "{\"a\":2}");
    assertEquals(204, http.delete("/api/" + c + "/again").status());
    Http.Reply recreated = http.put("/api/" + c + "/again", "{\"a\":3}");
    assertEquals(201, recreated.status());
    assertEquals("\"4\"", recreated.header("ETag"));
    assertEquals(304, http.get("/api/" + c + "/again", "If-None-Match", "\"4\"").status());
    assertEquals(200, http.get("/api/" + c + "/again", "If-None-Match", "\"1\"").status());
    assertProblem(http.put("/api/" + c + "/again", "{\"a\":9}", "If-Match", "\"1\""), 412, "precondition-failed");
  }

  @Test
  void if_match_on_a_missing_document_is_412_and_on_a_read_too() {
    assertProblem(http.patch("/api/" + c + "/ghost", MERGE, "{}", "If-Match", "\"1\""), 412, "precondition-failed");
    assertProblem(http.delete("/api/" + c + "/ghost", "If-Match", "*"), 412, "precondition-failed");
    String id = create("{\"a\":1}");
    assertProblem(http.get("/api/" + c + "/" + id, "If-Match", "\"7\""), 412, "precondition-failed");
    assertEquals(200, http.get("/api/" + c + "/" + id, "If-Match", "\"1\"").status());
  }

  @Test
  void a_patch_may_not_change_the_id() {
    String id = create("{\"a\":1}");
    assertProblem(http.patch("/api/" + c + "/" + id, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"z\"}]"),
        422, "validation-failed");
    assertEquals(200, http.get("/api/" + c + "/" + id).status());
  }

  @Test
  void patch_with_another_media_type_is_415_with_accept_patch() {
    String id = create("{\"a\":1}");
    Http.Reply reply = http.patch("/api/" + c + "/" + id, "application/json", "{\"a\":2}");
    assertProblem(reply, 415, "unsupported-media-type");
    assertEquals("application/merge-patch+json, application/json-patch+json", reply.header("Accept-Patch"));
  }

  @Test
  void patch_with_a_stale_if_match_is_412() {
    String id = create("{\"a\":1}");
    assertProblem(http.patch("/api/" + c + "/" + id, MERGE, "{\"a\":2}", "If-Match", "\"5\""), 412,
        "precondition-failed");
    assertEquals(200, http.patch("/api/" + c + "/" + id, MERGE, "{\"a\":2}", "If-Match", "\"1\"").status());
  }

  @Test
  void delete_returns_204_and_then_the_document_is_gone() {
    String id = create("{\"a\":1}");
    Http.Reply reply = http.delete("/api/" + c + "/" + id);
    assertEquals(204, reply.status());
    assertNotNull(reply.header("Switchboard-Cursor"));
    assertProblem(http.get("/api/" + c + "/" + id), 404, "not-found");
    assertProblem(http.delete("/api/" + c + "/" + id), 404, "not-found");
  }

  @Test
  void delete_honours_if_match() {
    String id = create("{\"a\":1}");
    assertProblem(http.delete("/api/" + c + "/" + id, "If-Match", "\"2\""), 412, "precondition-failed");
    assertEquals(204, http.delete("/api/" + c + "/" + id, "If-Match", "\"1\"").status());
  }

  @Test
  void head_returns_the_headers_of_get_without_a_body() {
    String id = create("{\"a\":1}");
    Http.Reply reply = http.send("HEAD", "/api/" + c + "/" + id, BodyPublishers.noBody());
    assertEquals(200, reply.status());
    assertEquals(List.of("\"1\""), reply.response().headers().allValues("ETag"));
    assertNotNull(reply.header("Switchboard-Cursor"));
    assertEquals(200, http.send("HEAD", "/api/" + c, BodyPublishers.noBody()).status());
  }

  @Test
  void options_lists_the_allowed_methods() {
    String id = create("{\"a\":1}");
    Http.Reply doc = http.send("OPTIONS", "/api/" + c + "/" + id, BodyPublishers.noBody());
    assertTrue(doc.status() == 200 || doc.status() == 204, doc::toString);
    for (String method : List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS")) {
      assertTrue(doc.header("Allow").contains(method), doc::toString);
    }
    assertNotNull(doc.header("Accept-Patch"));
    Http.Reply collection = http.send("OPTIONS", "/api/" + c, BodyPublishers.noBody());
    assertTrue(collection.header("Allow").contains("POST"), collection::toString);
    assertFalse(collection.header("Allow").contains("DELETE"), collection::toString);
  }

  @Test
  void a_wrong_method_is_405_with_allow() {
    String id = create("{\"a\":1}");
    Http.Reply onDocument = http.post("/api/" + c + "/" + id, "{}");
    assertProblem(onDocument, 405, "method-not-allowed");
    assertTrue(onDocument.header("Allow").contains("PUT"), onDocument::toString);
    Http.Reply onCollection = http.delete("/api/" + c);
    assertProblem(onCollection, 405, "method-not-allowed");
    assertTrue(onCollection.header("Allow").contains("GET"), onCollection::toString);
  }

  @Test
  void accept_xml_returns_an_xml_representation() {
    String id = create("{\"title\":\"a < b\",\"tags\":[\"x\",\"y\"]}");
    Http.Reply reply = http.get("/api/" + c + "/" + id, "Accept", "application/xml");
    assertEquals(200, reply.status());
    assertTrue(reply.header("Content-Type").startsWith("application/xml"), reply::toString);
    assertTrue(reply.body().contains("<title>a &lt; b</title>"), reply::body);
    assertTrue(reply.body().contains("<id>" + id + "</id>"), reply::body);
  }

  @Test
  void an_unsupported_accept_is_406() {
    String id = create("{\"a\":1}");
    assertProblem(http.get("/api/" + c + "/" + id, "Accept", "text/html"), 406, "not-acceptable");
    assertEquals(200, http.get("/api/" + c + "/" + id, "Accept", "application/json").status());
  }

  @Test
  void the_api_index_lists_collections_with_counts_and_links() {
    create("{}");
    create("{}");
    Http.Reply reply = http.get("/api");
    assertEquals(200, reply.status());
    assertNotNull(reply.header("Switchboard-Cursor"));
    JsonNode entry = null;
    for (JsonNode each : reply.json().path("collections")) {
      if (each.path("name").asText().equals(c)) {
        entry = each;
      }
    }
    assertNotNull(entry, reply::toString);
    assertEquals(2, entry.path("count").asInt());
    assertEquals("/api/" + c, entry.path("href").asText());
  }

  @Test
  void every_change_appends_exactly_one_event_in_the_same_commit() {
    String id = create("{\"a\":1}");
    long createdAt = Long.parseLong(http.get("/api/" + c + "/" + id).header("Switchboard-Cursor"));
    http.put("/api/" + c + "/" + id, "{\"a\":2}");
    http.patch("/api/" + c + "/" + id, MERGE, "{\"a\":3}");
    assertEquals(412, http.put("/api/" + c + "/" + id, "{\"a\":4}", "If-Match", "\"1\"").status());
    String last = http.delete("/api/" + c + "/" + id).header("Switchboard-Cursor");
    List<String> events = new ArrayList<>();
    for (JsonNode event : http.eventsAfter(createdAt - 1)) {
      if (event.path("topic").asText().equals(c) && event.path("id").asText().equals(id)) {
        events.add(event.path("type").asText() + "@" + event.path("version").asLong());
        if ("deleted".equals(event.path("type").asText())) {
          assertTrue(event.path("data").isNull());
          assertEquals(last, event.path("cursor").asText());
        } else {
          assertEquals(event.path("version"), event.path("data").path("version"));
        }
      }
    }
    assertEquals(List.of("created@1", "updated@2", "updated@3", "deleted@4"), events);
    assertTrue(createdAt < Long.parseLong(last));
  }

  private String create(String json) {
    Http.Reply reply = http.post("/api/" + c, json);
    assertEquals(201, reply.status(), reply::toString);
    return reply.json().path("id").asText();
  }
}

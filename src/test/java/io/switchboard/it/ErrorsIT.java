package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class ErrorsIT {
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  ErrorsIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  @Test
  void malformed_json_is_400_and_creates_nothing() {
    assertProblem(http.post("/api/" + c, "{\"a\": "), 400, "malformed-json");
    assertProblem(http.post("/api/" + c, "{\"a\":1,\"a\":2}"), 400, "malformed-json");
    assertProblem(http.post("/api/" + c, "{\"a\":1} trailing"), 400, "malformed-json");
    assertProblem(http.post("/api/" + c, ""), 400, "malformed-json");
    assertEquals(0, http.get("/api/" + c).json().path("items").size());
  }

  @Test
  void a_document_that_is_not_an_object_is_422() {
    for (String body : new String[] {"[1,2]", "\"text\"", "42", "null"}) {
      assertProblem(http.post("/api/" + c, body), 422, "validation-failed");
      assertProblem(http.put("/api/" + c + "/x", body), 422, "validation-failed");
    }
    assertProblem(http.get("/api/" + c + "/x"), 404, "not-found");
  }

  @Test
  void a_body_over_the_limit_is_413() {
    String big = "{\"s\":\"" + "x".repeat(TestServer.MAX_BODY_BYTES) + "\"}";
    assertProblem(http.post("/api/" + c, big), 413, "payload-too-large");
    assertEquals(0, http.get("/api/" + c).json().path("items").size());
  }

  @Test
  void a_chunked_body_over_the_limit_is_413_too() {
    // Only just over the limit, so the client has sent it all before the server answers and closes.
    byte[] big = ("{\"s\":\"" + "x".repeat(TestServer.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
    Http.Reply reply = http.send("POST", "/api/" + c,
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), "Content-Type", "application/json");
    assertProblem(reply, 413, "payload-too-large");
  }

  @Test
  void a_chunked_body_within_the_limit_is_accepted() {
    byte[] body = "{\"chunked\":true}".getBytes(StandardCharsets.UTF_8);
    Http.Reply reply = http.send("POST", "/api/" + c,
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), "Content-Type", "application/json");
    assertEquals(201, reply.status(), reply::toString);
  }

  @Test
  void a_body_that_is_not_json_is_415() {
    assertProblem(http.post("/api/" + c, "a=1", "Content-Type", "application/x-www-form-urlencoded"), 415,
        "unsupported-media-type");
  }

  @Test
  void an_invalid_collection_name_or_id_is_400() {
    assertProblem(http.post("/api/Not_Valid", "{}"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "/.hidden"), 400, "invalid-request");
  }

  @Test
  void unknown_paths_are_404_problems_not_html() {
    assertProblem(http.get("/nothing/here"), 404, "not-found");
    assertProblem(http.get("/api/" + c + "/x/y"), 404, "not-found");
    assertProblem(http.get("/missing.js"), 404, "not-found");
  }

  @Test
  void bad_query_parameters_are_400() {
    assertProblem(http.get("/api/" + c + "?limit=0"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?limit=" + (TestServer.MAX_PAGE + 1)), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?a:like=1"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?a:gt=null"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?bad-field=1"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?version=abc"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?after=garbage"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?sort=a&sort=b"), 400, "invalid-request");
    assertProblem(http.get("/api/" + c + "?n=1e200000"), 400, "invalid-request");
    String tampered = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"s\":\"+version,\",\"k\":[\"abc\",\"x\"]}".getBytes(StandardCharsets.UTF_8));
    assertProblem(http.get("/api/" + c + "?sort=version&after=" + tampered), 400, "invalid-request");
    String badJsonKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"s\":\"+n,\",\"k\":[\"{not json\",\"x\"]}".getBytes(StandardCharsets.UTF_8));
    Http.Reply reply = http.get("/api/" + c + "?sort=n&after=" + badJsonKey);
    assertTrue(reply.status() == 200 || reply.status() == 400, reply::toString);
  }

  @Test
  void requests_the_embedded_jetty_rejects_itself_get_a_problem_document_too() {
    assumeTrue(server.container().startsWith("jetty/"), "the launcher's own server only");
    for (String target : new String[] {"/api/%zz", "/api/c/a%2Fb"}) {
      String reply = rawGet(target);
      assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
      assertTrue(reply.contains("Content-Type: application/problem+json"), reply);
      assertTrue(reply.contains("\"code\":\"invalid-request\""), reply);
    }
  }

  /** A request no well-behaved client library would send, written to the socket as is. */
  private String rawGet(String target) {
    try (Socket socket = new Socket(server.base().getHost(), server.base().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void the_protocol_documents_are_served() {
    Http.Reply asyncapi = http.get("/docs/asyncapi.json");
    assertEquals(200, asyncapi.status());
    assertEquals("3.1.0", asyncapi.json().path("asyncapi").asText());
    assertEquals("/realtime/ws", asyncapi.json().path("channels").path("websocket").path("address").asText());
    for (String channel : new String[] {"sse", "stream", "poll", "webhook"}) {
      assertTrue(asyncapi.json().path("channels").has(channel), channel);
    }
    assertEquals(200, http.get("/docs/protocol.md").status());
  }

  @Test
  void the_console_is_served_at_the_root() {
    Http.Reply reply = http.get("/");
    assertEquals(200, reply.status());
    assertTrue(reply.header("Content-Type").startsWith("text/html"), reply::toString);
    assertTrue(reply.body().contains("Switchboard"));
  }
}

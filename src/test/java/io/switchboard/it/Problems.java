package io.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ThreadLocalRandom;

/** Shared assertions of the suite. */
final class Problems {
  private Problems() {}

  /** The reply is an RFC 9457 problem document with this status and code, and leaks nothing. */
  static JsonNode assertProblem(Http.Reply reply, int status, String code) {
    assertEquals(status, reply.status(), () -> "unexpected reply " + reply);
    assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("application/problem+json"), reply::toString);
    JsonNode problem = reply.json();
    assertEquals(status, problem.path("status").asInt(), reply::toString);
    assertEquals(code, problem.path("code").asText(), reply::toString);
    assertEquals("urn:switchboard:problem:" + code, problem.path("type").asText(), reply::toString);
    assertFalse(problem.path("title").asText().isEmpty(), reply::toString);
    assertFalse(problem.path("detail").asText().isEmpty(), reply::toString);
    assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat ")
        || reply.body().toLowerCase().contains("<html"), () -> "leaks internals: " + reply.body());
    return problem;
  }

  /** A collection name no other test uses. */
  static String freshCollection() {
    return "c" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }
}

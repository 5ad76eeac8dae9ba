package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.ErrorReply;
import io.switchboard.protocol.ProblemDetails;
import io.switchboard.protocol.Wire;
import io.switchboard.store.StoreException;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** One answer per failure on every transport: a busy database is 503 + Retry-After over REST and in WebSocket errors. */
class FailuresTest {
  private static final SQLException BUSY = new SQLException("could not serialize access (select * from secrets)", "40001");

  @Test
  void a_busy_database_is_unavailable_with_a_retry_hint_on_rest_and_websocket_alike() {
    SwitchboardException described = Failures.describe(new RuntimeException(new StoreException(BUSY)));
    assertEquals(Problem.UNAVAILABLE, described.problem());
    assertFalse(described.getMessage().contains("secrets"), "the driver's message never reaches a client");

    Response rest = ProblemDocument.response(ProblemDetails.of(described)).build();
    assertEquals(503, rest.getStatus());
    assertEquals("1", rest.getHeaderString("Retry-After"));

    JsonNode ws = Json.parse(Wire.error(ErrorReply.of(new TextNode("7"), described)).json()
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(503, ws.path("status").asInt());
    assertEquals("unavailable", ws.path("code").asText());
    assertEquals(1, ws.path("retryAfter").asInt());
  }

  @Test
  void a_refused_value_an_aborted_upload_and_anything_else_have_their_own_answers() {
    assertEquals(Problem.INVALID_REQUEST, Failures.describe(new StoreException(new SQLException("overflow", "22003")))
        .problem());
    assertEquals(Problem.INVALID_REQUEST, Failures.describe(new UncheckedIOException(new java.io.IOException("reset")))
        .problem());
    SwitchboardException fault = Failures.describe(new IllegalStateException("boom at line 42"));
    assertEquals(Problem.INTERNAL, fault.problem());
    assertFalse(fault.getMessage().contains("boom"));
    SwitchboardException own = new SwitchboardException(Problem.CONFLICT, "mine");
    assertEquals(own, Failures.describe(own), "a core problem passes through");
  }
}

package io.switchboard.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.webhooks.WebhookRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request bodies bound to records: every field known, every value of its type, each refusal naming the field. */
class BodiesTest {
  private final Bodies bodies = new Bodies(1024, new io.switchboard.model.JsonInput(64, 1024));

  private static InputStream body(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  private SwitchboardException refused(String json) {
    return assertThrows(SwitchboardException.class, () -> bodies.bind(body(json), WebhookRequest.Create.class, false));
  }

  @Test
  void a_body_of_known_fields_binds_to_its_record() {
    WebhookRequest.Create create = bodies.bind(body("{\"url\":\"https://x\",\"topics\":[\"todos\"],\"cursor\":42,"
        + "\"filter\":{\"done\":\"false\"}}"), WebhookRequest.Create.class, false);
    assertEquals("https://x", create.url());
    assertEquals(List.of("todos"), create.topics());
    assertEquals("42", create.cursor(), "a cursor may be given as a number");
    assertEquals("false", create.filter().path("done").asText());
    assertNull(create.description());
    assertNull(bodies.bind(body(""), WebhookRequest.Rotate.class, true), "an optional body may be empty");
  }

  @Test
  void unknown_fields_and_mistyped_values_are_refused_naming_the_field() {
    SwitchboardException unknown = refused("{\"url\":\"https://x\",\"topics\":[],\"secret\":\"mine\"}");
    assertEquals(Problem.VALIDATION_FAILED, unknown.problem());
    assertTrue(unknown.getMessage().contains("\"secret\"") && unknown.getMessage().contains("topics"),
        unknown.getMessage());
    SwitchboardException mistyped = refused("{\"url\":\"https://x\",\"topics\":\"todos\"}");
    assertEquals("\"topics\" must be an array.", mistyped.getMessage());
    assertEquals(Problem.VALIDATION_FAILED, refused("[1]").problem());
    assertEquals(Problem.MALFORMED_JSON, refused("{").problem());
    assertEquals(Problem.MALFORMED_JSON, refused("{\"url\":\"a\",\"url\":\"b\"}").problem(), "duplicate keys");
    SwitchboardException grace = assertThrows(SwitchboardException.class,
        () -> bodies.bind(body("{\"graceSeconds\":\"soon\"}"), WebhookRequest.Rotate.class, true));
    assertEquals("\"graceSeconds\" must be a whole number.", grace.getMessage());
  }
}

package io.switchboard.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Json;
import io.switchboard.protocol.EncodedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a subscriber allowed to see only some documents sees each event ({@link Subscription#view}). */
class ViewTest {
  /** Sees documents owned by "a" only, and channel messages. */
  private static final Visibility OWN = (topic, doc) -> doc == null || "a".equals(doc.path("owner").asText());

  private static JsonNode owned(String owner) {
    return Json.parse(("{\"id\":\"1\",\"owner\":\"" + owner + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static Event event(EventType type, JsonNode data, JsonNode previous) {
    return new Event(7, "todos", type, "1", 2, data, previous, Instant.EPOCH);
  }

  @Test
  void changes_of_documents_the_subscriber_may_not_see_are_not_delivered() {
    assertNull(Subscription.view(List.of(), OWN, event(EventType.CREATED, owned("b"), null)));
    assertNull(Subscription.view(List.of(), OWN, event(EventType.UPDATED, owned("b"), owned("b"))));
    assertEquals(EventType.UPDATED, Subscription.view(List.of(), OWN, event(EventType.UPDATED, owned("a"), owned("a"))));
  }

  @Test
  void an_update_that_hides_a_document_is_a_leave_and_one_that_reveals_it_an_enter() {
    assertEquals(EventType.LEAVE, Subscription.view(List.of(), OWN, event(EventType.UPDATED, owned("b"), owned("a"))));
    assertEquals(EventType.ENTER, Subscription.view(List.of(), OWN, event(EventType.UPDATED, owned("a"), owned("b"))));
  }

  @Test
  void a_delete_is_judged_on_the_document_before_it() {
    assertEquals(EventType.DELETED, Subscription.view(List.of(), OWN, event(EventType.DELETED, null, owned("a"))));
    assertNull(Subscription.view(List.of(), OWN, event(EventType.DELETED, null, owned("b"))));
  }

  @Test
  void channel_messages_are_asked_without_a_document() {
    Visibility none = (topic, doc) -> false;
    Event message = new Event(3, "chat:x", EventType.MESSAGE, "m", 0, owned("a"), null, Instant.EPOCH);
    assertNull(Subscription.view(List.of(), none, message));
    assertEquals(EventType.MESSAGE, Subscription.view(List.of(), OWN, message));
  }

  @Test
  void a_leave_carries_no_body() {
    EncodedEvent encoded = new EncodedEvent(event(EventType.UPDATED, owned("b"), owned("a")));
    JsonNode leave = Json.parse(encoded.json(EventType.LEAVE, null).getBytes(StandardCharsets.UTF_8));
    assertEquals("leave", leave.path("type").asText());
    assertEquals(true, leave.path("data").isNull(), leave::toString);
    JsonNode update = Json.parse(encoded.json(EventType.UPDATED, null).getBytes(StandardCharsets.UTF_8));
    assertEquals("b", update.path("data").path("owner").asText());
  }
}

package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.model.Document;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
  private static final Optional<Document> V3 = Optional.of(new Document("c", "x", 3, Instant.EPOCH, Instant.EPOCH, null,
      JsonNodeFactory.instance.objectNode()));

  private static void fails(Preconditions pre, Optional<Document> current) {
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> pre.check(current));
    assertEquals(Problem.PRECONDITION_FAILED, e.problem());
  }

  @Test
  void if_match_uses_the_strong_comparison() {
    assertDoesNotThrow(() -> new Preconditions("\"3\"", null).check(V3));
    assertDoesNotThrow(() -> new Preconditions("\"1\", \"3\"", null).check(V3));
    assertDoesNotThrow(() -> new Preconditions("*", null).check(V3));
    fails(new Preconditions("\"2\"", null), V3);
    fails(new Preconditions("W/\"3\"", null), V3);
  }

  @Test
  void if_match_fails_when_there_is_no_document() {
    fails(new Preconditions("*", null), Optional.empty());
    fails(new Preconditions("\"1\"", null), Optional.empty());
  }

  @Test
  void if_none_match_uses_the_weak_comparison() {
    fails(new Preconditions(null, "*"), V3);
    fails(new Preconditions(null, "W/\"3\""), V3);
    fails(new Preconditions(null, "\"3\""), V3);
    assertDoesNotThrow(() -> new Preconditions(null, "\"4\"").check(V3));
    assertDoesNotThrow(() -> new Preconditions(null, "*").check(Optional.empty()));
  }

  @Test
  void no_headers_always_hold() {
    assertDoesNotThrow(() -> Preconditions.NONE.check(V3));
    assertDoesNotThrow(() -> Preconditions.NONE.check(Optional.empty()));
  }
}

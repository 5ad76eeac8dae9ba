package io.switchboard.hub;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which events one subscriber may see, asked for every event it would otherwise be sent (live,
 * replayed, or read back by a stateless reader) with the state of the document it concerns, so a
 * change of the rules or of the subscriber's rights applies from the next event on. Must be fast,
 * thread-safe and must not block: hub lanes call it.
 */
@FunctionalInterface
public interface Visibility {
  /** Sees everything its topics carry. */
  Visibility ALL = (topic, document) -> true;

  /**
   * Whether the subscriber may see {@code document} (a client representation) of collection
   * {@code topic}, or, when {@code document} is null, a message on channel {@code topic}.
   */
  boolean sees(String topic, JsonNode document);
}

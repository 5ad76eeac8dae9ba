package io.switchboard.model;

import java.util.Locale;

/**
 * The {@code type} of an event on the wire. The first four are stored in the log (the {@code type}
 * column holds {@link #wire}); the rest exist only in a subscriber's view of it.
 */
public enum EventType {
  /** A document was created (a first version, or again at a deleted id). */
  CREATED,
  /** A document was replaced or patched. */
  UPDATED,
  /** A document was deleted; {@code data} is null. */
  DELETED,
  /** A message was published on a channel. */
  MESSAGE,
  /** An updated document entered the subscriber's view: it started matching the filter, or may now be read. */
  ENTER,
  /** An updated document left the subscriber's view: it stopped matching the filter, or may no longer be read. */
  LEAVE,
  /** The subscriber's cursor is not in the retained log: refetch, then continue from the reset's cursor. */
  RESET,
  /** Someone joined or left a watched topic; ephemeral, never in the log. */
  PRESENCE,
  /** The server ended a subscription (its access was withdrawn); ephemeral, never in the log. */
  UNSUBSCRIBED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The lowercase name used on the wire and in the log. */
  public String wire() {
    return wire;
  }

  /** The type of a stored event; anything else means the log is corrupt. */
  public static EventType stored(String wire) {
    EventType type = valueOf(wire.toUpperCase(Locale.ROOT));
    if (type.ordinal() > MESSAGE.ordinal()) {
      throw new IllegalStateException("Not a stored event type: " + wire);
    }
    return type;
  }

  @Override
  public String toString() {
    return wire;
  }
}

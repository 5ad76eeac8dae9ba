package io.switchboard.model;

/**
 * A position in the event log, the same on every transport: the decimal sequence number of the
 * last event the holder has seen ({@code 0} = before the first event). Cursors of one log compare
 * as unsigned decimal integers, so a client can de-duplicate by them; apart from that, clients
 * treat the text as opaque.
 */
public record Cursor(long seq) {

  public Cursor {
    if (seq < 0) {
      throw new IllegalArgumentException("cursor must not be negative");
    }
  }

  /** Parses the text form; rejects anything that is not a cursor this server issued. */
  public static Cursor parse(String text) {
    try {
      return new Cursor(Long.parseLong(text.trim()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "Not a valid cursor: " + text);
    }
  }

  @Override
  public String toString() {
    return Long.toString(seq);
  }
}

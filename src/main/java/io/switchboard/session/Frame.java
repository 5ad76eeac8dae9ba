package io.switchboard.session;

/**
 * One outbound unit, already encoded: an event (its JSON once per fan-out, shared by every
 * subscriber), a reply, or a heartbeat.
 *
 * @param kind   what the transport should make of it
 * @param cursor the event's cursor (SSE {@code id:}), or null
 * @param type   the event type (SSE {@code event:}), or null
 * @param json   the payload text; empty for a heartbeat
 * @param sub    the subscription an event is delivered for (WebSocket tags frames with it), or null
 */
public record Frame(Kind kind, String cursor, String type, String json, String sub) {
  /** OPEN is the first frame of every session (SSE: the retry hint; WebSocket: a welcome). */
  public enum Kind { OPEN, EVENT, REPLY, HEARTBEAT }

  public static final Frame HEARTBEAT = new Frame(Kind.HEARTBEAT, null, null, "", null);

  public static Frame reply(String json) {
    return new Frame(Kind.REPLY, null, null, json, null);
  }
}

package io.switchboard.protocol;

/**
 * One outbound unit, already encoded by {@link Wire}: what a transport writes, with the fields it
 * frames it by. Transports only frame (SSE fields, an NDJSON line, a WebSocket text message).
 *
 * @param kind   what the transport should make of it
 * @param cursor the event's cursor (SSE {@code id:}), or null (presence, replies, heartbeats)
 * @param type   the event type (SSE {@code event:}), or null
 * @param json   the payload text; empty for a heartbeat
 * @param sub    the subscription an event is delivered for, or null
 */
public record Frame(Kind kind, String cursor, String type, String json, String sub) {
  /** WELCOME is the first frame of every connection; EVENT a delivery of a subscription; REPLY a command's answer. */
  public enum Kind { WELCOME, EVENT, REPLY, HEARTBEAT }

  public static final Frame HEARTBEAT = new Frame(Kind.HEARTBEAT, null, null, "", null);

  public static Frame reply(String json) {
    return new Frame(Kind.REPLY, null, null, json, null);
  }
}

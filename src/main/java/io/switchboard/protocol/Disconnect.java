package io.switchboard.protocol;

/**
 * Why the server ends a connection: one enum for every transport. WebSocket uses {@link #code}
 * as the close code (1000-1015 standard, 4000-4999 Switchboard's); SSE and HTTP streams send the
 * code and reason as a final event before ending the response. {@link #reconnect} tells clients
 * whether reconnecting (with their cursor) can succeed.
 */
public enum Disconnect {
  /** The client asked to close, or the exchange ended normally. */
  NORMAL(1000, false, "normal closure"),
  /** The server is shutting down or redeploying; reconnect (to any node) with your cursor. */
  GOING_AWAY(1001, true, "server going away"),
  /** The peer broke the protocol (e.g. no or unknown subprotocol). Fix the client first. */
  PROTOCOL_ERROR(1002, false, "protocol error"),
  /**
   * The client kept sending over its rate limit after being told to wait (error replies with
   * {@code retryAfter}): reconnect after a backoff, and send slower.
   */
  POLICY_VIOLATION(1008, true, "rate limit exceeded"),
  /** A message was larger than the configured maximum. Fix the client first. */
  TOO_BIG(1009, false, "message too big"),
  /** An unexpected server fault; reconnect after a backoff. */
  SERVER_ERROR(1011, true, "internal error"),
  /** The client did not keep up with its events; reconnect at once with your cursor, nothing is lost. */
  SLOW_CONSUMER(4000, true, "slow consumer: outbound queue full"),
  /** The server is over capacity; reconnect after a backoff. */
  OVERLOADED(4001, true, "server overloaded"),
  /** Nothing was heard from the peer (no pong, no message) within the idle timeout; reconnect. */
  IDLE(4002, true, "idle timeout"),
  /** An operator disconnected the session ({@code DELETE /admin/sessions/{id}}); reconnect allowed. */
  KICKED(4003, true, "disconnected by an operator"),
  /** The session's credential expired: reconnect with a fresh one (and your cursor). */
  EXPIRED(4004, true, "credential expired"),
  /**
   * The session's credential was revoked (logout, key revoked, user disabled or deleted, password
   * changed, token family revoked): do not reconnect with it.
   */
  REVOKED(4005, false, "credential revoked"),
  /** An in-band credential refresh named another principal than the session's. */
  WRONG_PRINCIPAL(4006, false, "credential of another principal");

  public final int code;
  public final boolean reconnect;
  public final String reason;

  Disconnect(int code, boolean reconnect, String reason) {
    this.code = code;
    this.reconnect = reconnect;
    this.reason = reason;
  }
}

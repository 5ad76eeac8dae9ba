/**
 * Every byte on the wire: event types, the frames of every transport (event, reset, presence,
 * welcome, heartbeat, close), the close-code vocabulary, and the WebSocket commands, replies and
 * errors as records, encoded and decoded by one codec ({@link io.switchboard.protocol.Wire}).
 * Transports only frame what this package encodes.
 */
package io.switchboard.protocol;

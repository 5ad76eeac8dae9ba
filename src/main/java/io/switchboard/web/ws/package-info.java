/**
 * The WebSocket transport ({@code /realtime/ws}, subprotocol {@code switchboard.v1}): a Jakarta
 * WebSocket endpoint deployed by the composition root with its dependencies, and the JSON command
 * protocol it speaks (see {@code docs/protocol.md}).
 */
package io.switchboard.web.ws;

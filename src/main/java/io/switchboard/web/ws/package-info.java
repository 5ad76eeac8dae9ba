/**
 * The WebSocket transport ({@code /realtime/ws}, subprotocol {@code switchboard.v1}): a Jakarta
 * WebSocket endpoint deployed by the composition root with its dependencies, which connects
 * through the realtime door and runs the commands {@code protocol.Wire} decodes (see
 * {@code docs/protocol.md}).
 */
package io.switchboard.web.ws;

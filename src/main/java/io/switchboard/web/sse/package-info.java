/**
 * Server-Sent Events ({@code GET /realtime/sse}): a JAX-RS {@code SseEventSink} per session, fed by
 * the hub through the session's single writer.
 */
package io.switchboard.web.sse;

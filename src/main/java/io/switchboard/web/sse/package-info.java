/**
 * Server-Sent Events ({@code GET /realtime/sse}): a JAX-RS {@code SseEventSink} per connection,
 * fed through the connection's single writer; SSE ids are the stream's resume position.
 */
package io.switchboard.web.sse;

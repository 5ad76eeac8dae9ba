/**
 * HTTP streaming: {@code GET /realtime/stream}, one chunked response of newline-delimited JSON
 * (one event per line), for clients that cannot use SSE or WebSocket, and for {@code curl -N}.
 */
package io.switchboard.web.stream;

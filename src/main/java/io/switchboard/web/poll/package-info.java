/**
 * HTTP long-polling: {@code GET /realtime/poll}, stateless and cursor-based, held asynchronously
 * (no thread per waiting request) until an event arrives or the wait elapses.
 */
package io.switchboard.web.poll;

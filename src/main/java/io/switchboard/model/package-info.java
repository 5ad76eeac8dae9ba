/**
 * Plain records shared by every layer: documents, events, cursors and the error vocabulary of the
 * core. Nothing here knows about HTTP, WebSocket or JDBC.
 */
package io.switchboard.model;

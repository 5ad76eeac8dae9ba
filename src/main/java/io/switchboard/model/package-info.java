/**
 * Plain records shared by every layer: documents, events and their types, cursors, queries, the
 * peer of a connection, and the error vocabulary of the core with its one status table. Nothing
 * here knows about HTTP, WebSocket or JDBC.
 */
package io.switchboard.model;

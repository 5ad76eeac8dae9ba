/**
 * JDBC persistence of documents and of the append-only event log, in one transaction per change
 * (transactional outbox). Two dialects: SQLite (embedded default) and PostgreSQL, chosen by the
 * JDBC URL; schema managed by Flyway, connections pooled by HikariCP.
 */
package io.switchboard.store;

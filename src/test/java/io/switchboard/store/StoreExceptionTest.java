package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.model.Problem;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Database failures become what a client can act on: retry, fix the value, or nothing (a server fault). */
class StoreExceptionTest {
  private static StoreException.Kind kind(SQLException e) {
    return new StoreException(e).kind();
  }

  @Test
  void busy_locked_serialization_deadlock_and_lost_connections_are_transient() {
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLiteException("[SQLITE_BUSY] locked", SQLiteErrorCode.SQLITE_BUSY)));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLiteException("[SQLITE_BUSY_SNAPSHOT]",
        SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLiteException("[SQLITE_LOCKED]", SQLiteErrorCode.SQLITE_LOCKED)));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLException("could not serialize", "40001")));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLException("deadlock detected", "40P01")));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLException("too many connections", "53300")));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLException("terminating connection", "57P01")));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLException("connection refused", "08001")));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLTransientConnectionException("pool timed out")));
    assertEquals(StoreException.Kind.TRANSIENT, kind(new SQLTransactionRollbackException("rolled back")));
    assertEquals(Problem.UNAVAILABLE, StoreException.Kind.TRANSIENT.problem);
  }

  @Test
  void a_value_the_database_cannot_take_is_the_clients_and_anything_else_is_a_server_fault() {
    assertEquals(StoreException.Kind.DATA, kind(new SQLException("numeric field overflow", "22003")));
    assertEquals(Problem.INVALID_REQUEST, StoreException.Kind.DATA.problem);
    assertEquals(StoreException.Kind.OTHER, kind(new SQLException("syntax error", "42601")));
    assertEquals(StoreException.Kind.OTHER, kind(new SQLiteException("[SQLITE_CORRUPT]", SQLiteErrorCode.SQLITE_CORRUPT)));
    assertEquals(StoreException.Kind.OTHER, kind(new SQLException("no state")));
    assertEquals(Problem.INTERNAL, StoreException.Kind.OTHER.problem);
  }
}

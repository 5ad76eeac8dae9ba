package io.switchboard.store;

import io.switchboard.model.Problem;
import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * A database failure, translated where the store catches it into what a client can be told: the
 * database is briefly busy or unreachable ({@link Kind#TRANSIENT}: retry), a value from the request
 * is one it cannot represent or compare ({@link Kind#DATA}), or anything else ({@link Kind#OTHER}:
 * a server fault). The message is the driver's and may quote SQL: log it, never send it.
 */
public final class StoreException extends RuntimeException {
  /** What a client can do about a database failure. */
  public enum Kind {
    /** Busy, locked, serialization or deadlock failure, out of resources, shutting down, connection lost: retry. */
    TRANSIENT(Problem.UNAVAILABLE, "The database is busy; retry shortly."),
    /** SQL "data exception" (SQLSTATE class 22): a value out of the range the database accepts. */
    DATA(Problem.INVALID_REQUEST, "A value in the request is out of the range the database accepts."),
    /** Anything else: a server fault. */
    OTHER(Problem.INTERNAL, "The server failed to complete the request; it has been logged.");

    /** The problem a client is answered with. */
    public final Problem problem;
    /** What the client is told (nothing of the driver's message). */
    public final String detail;

    Kind(Problem problem, String detail) {
      this.problem = problem;
      this.detail = detail;
    }
  }

  private final Kind kind;

  public StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
    this.kind = kindOf(cause);
  }

  public Kind kind() {
    return kind;
  }

  /** SQLite result codes (low byte of the extended code) for a busy or locked database. */
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  static Kind kindOf(SQLException e) {
    for (SQLException each = e; each != null; each = each.getNextException()) {
      String state = each.getSQLState() == null ? "" : each.getSQLState();
      if (each instanceof SQLTransientException || state.equals("40001") || state.equals("40P01")
          || state.startsWith("53") || state.startsWith("08") || state.matches("57P0[123]")
          || isSqlite(each) && ((each.getErrorCode() & 0xff) == SQLITE_BUSY || (each.getErrorCode() & 0xff) == SQLITE_LOCKED)) {
        return Kind.TRANSIENT;
      }
      if (state.startsWith("22")) {
        return Kind.DATA;
      }
    }
    return Kind.OTHER;
  }

  private static boolean isSqlite(SQLException e) {
    return e.getClass().getName().startsWith("org.sqlite.") || String.valueOf(e.getMessage()).startsWith("[SQLITE_");
  }
}

package io.switchboard.store;

import java.sql.SQLException;

/** A database failure the client did not cause; reported as an internal error. */
public final class StoreException extends RuntimeException {
  StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}

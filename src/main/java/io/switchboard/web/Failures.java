package io.switchboard.web;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.store.StoreException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every transport tells a client of a failure that is not already a core problem, so a busy
 * database is {@code 503} + {@code Retry-After} over REST and {@code "status":503,"retryAfter":1} in a
 * WebSocket error alike. Logs what it translates; the client never sees a driver message or a
 * stack trace.
 */
public final class Failures {
  private static final Logger LOG = Logger.getLogger(Failures.class.getName());

  private Failures() {}

  public static SwitchboardException describe(Throwable e) {
    if (e instanceof SwitchboardException problem) {
      return problem;
    }
    if (e instanceof UncheckedIOException) {
      return new SwitchboardException(Problem.INVALID_REQUEST, "The request body could not be read.");
    }
    StoreException store = cause(e, StoreException.class);
    StoreException.Kind kind = store == null ? StoreException.Kind.OTHER : store.kind();
    switch (kind) {
      case TRANSIENT -> LOG.log(Level.WARNING, "Database temporarily unavailable: " + store.getMessage());
      case DATA -> LOG.log(Level.FINE, "A request value the database refused", e);
      default -> LOG.log(Level.SEVERE, "Unexpected failure", e);
    }
    return new SwitchboardException(kind.problem, kind.detail);
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

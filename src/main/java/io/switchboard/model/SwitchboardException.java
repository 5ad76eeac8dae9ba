package io.switchboard.model;

import java.util.List;

/** A failure the client caused or can act on; {@link Problem} says which kind. */
public class SwitchboardException extends RuntimeException {
  private final Problem problem;
  private final List<FieldError> errors;

  public SwitchboardException(Problem problem, String detail) {
    this(problem, detail, List.of());
  }

  public SwitchboardException(Problem problem, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.problem = problem;
    this.errors = List.copyOf(errors);
  }

  public Problem problem() {
    return problem;
  }

  /**
   * Seconds to wait before retrying (HTTP {@code Retry-After}, {@code retryAfter} in a WebSocket
   * error), for failures a retry can cure: the problem's own, unless the failure knows better
   * ({@link RateLimited}).
   */
  public java.util.Optional<Integer> retryAfterSeconds() {
    return problem.retryAfterSeconds();
  }

  /** Per-field reasons, e.g. one entry per JSON Schema violation; may be empty. */
  public List<FieldError> errors() {
    return errors;
  }

  /** One failing field: a JSON Pointer (or parameter name) and what is wrong with it. */
  public record FieldError(String field, String message) {}
}

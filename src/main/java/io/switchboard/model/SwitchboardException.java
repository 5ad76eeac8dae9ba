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

  /** Per-field reasons, e.g. one entry per JSON Schema violation; may be empty. */
  public List<FieldError> errors() {
    return errors;
  }

  /** One failing field: a JSON Pointer (or parameter name) and what is wrong with it. */
  public record FieldError(String field, String message) {}
}

package io.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.SwitchboardException.FieldError;
import java.util.List;

/**
 * The one error shape (RFC 9457 problem details): REST answers it as {@code application/problem+json},
 * WebSocket error replies carry the same fields. {@code type} is {@code urn:switchboard:problem:<code>};
 * {@code errors} lists the fields that failed, when particular ones did.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "code", "errors"})
public record ProblemDetails(String type, String title, int status, String detail, String code,
                             List<FieldError> errors) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public static ProblemDetails of(SwitchboardException e) {
    return of(e.problem(), e.getMessage(), e.errors());
  }

  public static ProblemDetails of(Problem problem, String detail, List<FieldError> errors) {
    return new ProblemDetails("urn:switchboard:problem:" + problem.code, problem.title, problem.status, detail,
        problem.code, List.copyOf(errors));
  }

  /**
   * The document for a bare HTTP status raised by a container (no core problem behind it): the
   * problem of that status where the table has one, else code {@code http-<status>}.
   */
  public static ProblemDetails forStatus(int status, String reasonPhrase, String detail) {
    return Problem.forStatus(status).map(p -> of(p, detail, List.of())).orElseGet(() -> new ProblemDetails(
        "urn:switchboard:problem:http-" + status, reasonPhrase, status, detail, "http-" + status, List.of()));
  }
}

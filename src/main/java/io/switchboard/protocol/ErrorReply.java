package io.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.SwitchboardException.FieldError;
import java.util.List;

/**
 * The failure answer to a {@link Command}: {@code {"op":"error","id",…}} with the problem fields REST
 * would answer ({@link ProblemDetails}), and {@code retryAfter} (seconds) where REST sends
 * {@code Retry-After}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"op", "id", "status", "code", "title", "detail", "type", "errors", "retryAfter"})
public record ErrorReply(String op, @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode id, int status, String code,
                         String title, String detail, String type, List<FieldError> errors, Integer retryAfter) {

  public static ErrorReply of(JsonNode id, SwitchboardException e) {
    ProblemDetails p = ProblemDetails.of(e);
    return new ErrorReply("error", id, p.status(), p.code(), p.title(), p.detail(), p.type(), p.errors(),
        e.retryAfterSeconds().orElse(null));
  }
}

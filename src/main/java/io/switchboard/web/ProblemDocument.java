package io.switchboard.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.SwitchboardException.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The one error shape of every HTTP answer, {@code application/problem+json} (RFC 9457):
 * {@code type} ({@code urn:switchboard:problem:<code>}), {@code title}, {@code status},
 * {@code detail}, the stable {@code code}, and {@code errors} ({@code field}, {@code message}) when
 * particular fields failed.
 */
public final class ProblemDocument {
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final Map<Problem, Integer> STATUS = Map.ofEntries(
      Map.entry(Problem.INVALID_REQUEST, 400), Map.entry(Problem.MALFORMED_JSON, 400),
      Map.entry(Problem.VALIDATION_FAILED, 422), Map.entry(Problem.NOT_FOUND, 404),
      Map.entry(Problem.ALREADY_EXISTS, 409), Map.entry(Problem.CONFLICT, 409),
      Map.entry(Problem.PRECONDITION_FAILED, 412), Map.entry(Problem.LIMIT_EXCEEDED, 429),
      Map.entry(Problem.CURSOR_EXPIRED, 410),
      Map.entry(Problem.TOO_LARGE, 413), Map.entry(Problem.INTERNAL, 500));

  private ProblemDocument() {}

  /** The HTTP status of a core problem; WebSocket replies carry the same number. */
  public static int status(Problem problem) {
    return STATUS.get(problem);
  }

  /** The document for a core failure. */
  public static ObjectNode of(SwitchboardException e) {
    Problem p = e.problem();
    return of(status(p), p.code, p.title, e.getMessage(), e.errors());
  }

  /**
   * The document for a bare HTTP status raised by the container (no core problem behind it): the
   * code is the one the API uses for that status where there is one, else {@code http-<status>}.
   */
  public static ObjectNode forStatus(int status, String detail) {
    String code = switch (status) {
      case 400 -> "invalid-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 500 -> "internal";
      default -> "http-" + status;
    };
    Response.Status known = Response.Status.fromStatusCode(status);
    return of(status, code, known == null ? "HTTP " + status : known.getReasonPhrase(), detail, List.of());
  }

  public static ObjectNode of(int status, String code, String title, String detail, List<FieldError> errors) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", "urn:switchboard:problem:" + code);
    json.put("title", title);
    json.put("status", status);
    json.put("detail", detail);
    json.put("code", code);
    if (!errors.isEmpty()) {
      ArrayNode list = json.putArray("errors");
      errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
    }
    return json;
  }
}

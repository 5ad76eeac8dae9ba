package io.switchboard.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.ProblemDetails;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;

/**
 * {@link ProblemDetails}, the one error shape, as the HTTP transports send it: an
 * {@code application/problem+json} response with the problem's status, and {@code Retry-After}
 * for problems a retry can cure.
 */
public final class ProblemDocument {
  public static final String MEDIA_TYPE = ProblemDetails.MEDIA_TYPE;

  private ProblemDocument() {}

  /** The response for a problem of the core's table. */
  public static Response.ResponseBuilder response(ProblemDetails details) {
    return response(details, Problem.forStatus(details.status()).flatMap(Problem::retryAfterSeconds));
  }

  /** The response for a failure, with its own {@code Retry-After} (a rate limit's wait). */
  public static Response.ResponseBuilder response(SwitchboardException failure) {
    return response(ProblemDetails.of(failure), failure.retryAfterSeconds());
  }

  private static Response.ResponseBuilder response(ProblemDetails details, Optional<Integer> retryAfter) {
    ObjectNode body = Json.MAPPER.valueToTree(details);
    Response.ResponseBuilder response = Response.status(details.status()).type(MEDIA_TYPE).entity(body);
    retryAfter.ifPresent(seconds -> response.header("Retry-After", seconds));
    if (details.status() == 401) {
      response.header("WWW-Authenticate", AuthFilter.BEARER_CHALLENGE);
    }
    return response;
  }

  /**
   * Writes {@code details} as the whole servlet response (for code that runs outside Jersey: the
   * authentication filter, the error servlet), with the same headers as {@link #response}.
   */
  public static void write(HttpServletResponse response, ProblemDetails details) throws IOException {
    write(response, details, Problem.forStatus(details.status()).flatMap(Problem::retryAfterSeconds));
  }

  /** Writes {@code failure} as the whole servlet response, with its own {@code Retry-After}. */
  public static void write(HttpServletResponse response, SwitchboardException failure) throws IOException {
    write(response, ProblemDetails.of(failure), failure.retryAfterSeconds());
  }

  private static void write(HttpServletResponse response, ProblemDetails details, Optional<Integer> retryAfter)
      throws IOException {
    response.setStatus(details.status());
    response.setContentType(MEDIA_TYPE);
    retryAfter.ifPresent(seconds -> response.setIntHeader("Retry-After", seconds));
    if (details.status() == 401 && !response.containsHeader("WWW-Authenticate")) {
      response.setHeader("WWW-Authenticate", AuthFilter.BEARER_CHALLENGE);
    }
    byte[] body = Json.MAPPER.writeValueAsBytes(details);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The document for a bare HTTP status a container raised itself. */
  public static ProblemDetails forStatus(int status, String detail) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return ProblemDetails.forStatus(status, known == null ? "HTTP " + status : known.getReasonPhrase(), detail);
  }
}

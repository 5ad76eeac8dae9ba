package io.switchboard.web.rest;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.ProblemDetails;
import io.switchboard.web.Failures;
import io.switchboard.web.ProblemDocument;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Turns every failure into a problem document of the core's one table ({@link Problem}).
 * Unexpected exceptions are logged here and never shown to the client.
 */
final class ProblemMappers {
  private ProblemMappers() {}

  private static Response.ResponseBuilder problem(Problem problem, String detail) {
    return ProblemDocument.response(ProblemDetails.of(problem, detail, List.of()));
  }

  /** Errors of the core. */
  @Provider
  public static final class Domain implements ExceptionMapper<SwitchboardException> {
    @Override
    public Response toResponse(SwitchboardException e) {
      return ProblemDocument.response(e).build();
    }
  }

  /** Errors Jersey raises itself: unknown path, wrong method, unacceptable or unsupported type. */
  @Provider
  public static final class Web implements ExceptionMapper<WebApplicationException> {
    @Context
    private Request request;
    @Context
    private UriInfo uri;
    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException e) {
      Response original = e.getResponse();
      int status = original.getStatus();
      Response.ResponseBuilder out = switch (status) {
        case 404 -> problem(Problem.NOT_FOUND, "Nothing is at /" + uri.getPath() + ".");
        case 405 -> problem(Problem.METHOD_NOT_ALLOWED,
            request.getMethod() + " is not allowed here; allowed: " + original.getHeaderString("Allow") + ".");
        case 406 -> problem(Problem.NOT_ACCEPTABLE,
            "This resource is available as application/json or application/xml, not " + accept() + ".");
        case 415 -> problem(Problem.UNSUPPORTED_MEDIA_TYPE, "PATCH".equals(request.getMethod())
            ? "Send application/merge-patch+json or application/json-patch+json." : "Send the body as application/json.");
        default -> ProblemDocument.response(ProblemDocument.forStatus(status, "The request could not be processed."));
      };
      String allow = original.getHeaderString("Allow");
      if (allow != null) {
        out.header("Allow", allow);
      }
      if (status == 415 && "PATCH".equals(request.getMethod())) {
        out.header("Accept-Patch", DocumentResource.ACCEPT_PATCH);
      }
      return out.build();
    }

    private String accept() {
      return String.join(", ", headers.getRequestHeader(HttpHeaders.ACCEPT));
    }
  }

  /** Everything else: a busy database, a value the database refused, an aborted upload, or a server fault. */
  @Provider
  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      return ProblemDocument.response(Failures.describe(e)).build();
    }
  }
}

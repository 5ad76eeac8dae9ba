package io.switchboard.web.rest;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.SwitchboardException.FieldError;
import io.switchboard.web.ProblemDocument;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into a {@link ProblemDocument}. Unexpected exceptions are logged here and
 * never shown to the client.
 */
final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());
  private ProblemMappers() {}

  static Response.ResponseBuilder problem(int status, String code, String title, String detail,
                                          List<FieldError> errors) {
    return Response.status(status).type(ProblemDocument.MEDIA_TYPE)
        .entity(ProblemDocument.of(status, code, title, detail, errors));
  }

  /** Errors of the core. */
  @Provider
  public static final class Domain implements ExceptionMapper<SwitchboardException> {
    @Override
    public Response toResponse(SwitchboardException e) {
      return Response.status(ProblemDocument.status(e.problem())).type(ProblemDocument.MEDIA_TYPE)
          .entity(ProblemDocument.of(e)).build();
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
        case 404 -> problem(404, "not-found", "Not found", "Nothing is at /" + uri.getPath() + ".", List.of());
        case 405 -> problem(405, "method-not-allowed", "Method not allowed",
            request.getMethod() + " is not allowed here; allowed: " + original.getHeaderString("Allow") + ".",
            List.of());
        case 406 -> problem(406, "not-acceptable", "Not acceptable",
            "This resource is available as application/json or application/xml, not " + accept() + ".", List.of());
        case 415 -> problem(415, "unsupported-media-type", "Unsupported media type",
            "PATCH".equals(request.getMethod())
                ? "Send application/merge-patch+json or application/json-patch+json."
                : "Send the body as application/json.", List.of());
        default -> problem(status, status == 400 ? "invalid-request" : "http-" + status,
            original.getStatusInfo().getReasonPhrase(), "The request could not be processed.", List.of());
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

  /** Everything else: a server fault (logged) or an aborted upload. */
  @Provider
  public static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      if (e instanceof UncheckedIOException) {
        return problem(400, "invalid-request", "Invalid request", "The request body could not be read.", List.of())
            .build();
      }
      SQLException sql = cause(e, SQLException.class);
      if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
        // SQL "data exception": a value from the request the database cannot represent or compare.
        return problem(400, Problem.INVALID_REQUEST.code, Problem.INVALID_REQUEST.title,
            "A value in the request is out of the range the database accepts.", List.of()).build();
      }
      if (cause(e, SQLTransientException.class) != null) {
        LOG.log(Level.WARNING, "Database temporarily unavailable", e);
        return problem(503, "unavailable", "Service unavailable",
            "The database is busy; retry shortly.", List.of()).header("Retry-After", "1").build();
      }
      LOG.log(Level.SEVERE, "Unexpected failure", e);
      return problem(500, Problem.INTERNAL.code, Problem.INTERNAL.title,
          "The server failed to complete the request; it has been logged.", List.of()).build();
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
}

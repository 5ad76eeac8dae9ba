package io.switchboard.web;

import io.switchboard.protocol.ProblemDetails;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The WAR's error page ({@code web.xml} maps every error here): whatever the container itself
 * rejects (a missing static file, an unparseable request the container noticed first) is answered
 * with the same problem document as the API, never an HTML page or a stack trace.
 */
public final class ErrorServlet extends HttpServlet {
  public static final String PATH = "/switchboard-error";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object statusCode = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = statusCode instanceof Integer value && value >= 400 ? value : 500;
    ProblemDetails body = ProblemDocument.forStatus(status, status == 404
        ? "Nothing is at " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + "."
        : "The server rejected the request with status " + status + ".");
    ProblemDocument.write(response, body);
  }
}

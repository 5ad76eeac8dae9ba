package io.switchboard.boot;

import io.switchboard.model.Json;
import io.switchboard.protocol.ProblemDetails;
import io.switchboard.web.SecurityHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The embedded server's answer to requests Jetty rejects before the WAR sees them (an unparseable
 * or ambiguous URI, headers too large): the same problem document as the API, never HTML.
 */
final class ProblemErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                  Callback callback) {
    String detail = message == null || message.isBlank() ? "The server rejected the request." : message + ".";
    byte[] body = Json.write(Json.MAPPER.valueToTree(ProblemDetails.forStatus(code, HttpStatus.getMessage(code), detail)))
        .getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
    // The WAR's security headers, which its filter could not add: the request never reached it.
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Content-Security-Policy", SecurityHeaders.API_POLICY);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}

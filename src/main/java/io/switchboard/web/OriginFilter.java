package io.switchboard.web;

import io.switchboard.model.Problem;
import io.switchboard.protocol.ProblemDetails;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * What pages of other origins may do, decided by {@link Origins} before authentication runs:
 * <ul>
 *   <li>A CORS preflight ({@code OPTIONS} with {@code Origin} and
 *       {@code Access-Control-Request-Method}) is answered here, without credentials: {@code 204}
 *       with the allowed methods and headers for an allowed origin, {@code 403} without any CORS
 *       header otherwise. It never reaches authentication, so it is never a {@code 401}.</li>
 *   <li>Any other request from an allowed origin gets {@code Access-Control-Allow-Origin} (its exact
 *       origin, never {@code *}) with credentials and the exposed headers; from another origin it
 *       gets none, so the browser keeps the answer from the page.</li>
 *   <li>A WebSocket handshake (which CORS does not cover) that carries an {@code Origin} must come
 *       from an allowed one, or it is refused with {@code 403} before any upgrade. Without an
 *       {@code Origin} it is not a browser's, and passes.</li>
 * </ul>
 * Every response varies by {@code Origin}. Stateless; thread-safe.
 */
public final class OriginFilter implements Filter {
  static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Accept, If-Match, If-None-Match, "
      + "If-Modified-Since, " + AuthFilter.API_KEY_HEADER + ", " + AuthFilter.CSRF_HEADER + ", Last-Event-ID";
  static final String EXPOSE_HEADERS = "ETag, Location, Switchboard-Cursor, Link, Retry-After, WWW-Authenticate, "
      + "Total-Count, Accept-Patch, Allow";
  /** How long a browser may cache a preflight's answer. */
  static final int MAX_AGE_SECONDS = 600;

  private final Origins origins;

  public OriginFilter(Origins origins) {
    this.origins = origins;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    vary(response, "Origin");
    String origin = request.getHeader("Origin");
    if (origin == null) {
      chain.doFilter(req, res);
      return;
    }
    boolean allowed = origins.allows(request);
    if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
      preflight(response, origin, allowed);
    } else if (!allowed && webSocket(request)) {
      refuse(response, "A WebSocket handshake from this Origin is not allowed.");
    } else {
      if (allowed) {
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
        response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
      }
      chain.doFilter(req, res);
    }
  }

  private static void preflight(HttpServletResponse response, String origin, boolean allowed) throws IOException {
    vary(response, "Access-Control-Request-Method");
    vary(response, "Access-Control-Request-Headers");
    if (!allowed) {
      refuse(response, "Cross-origin requests from this Origin are not allowed.");
      return;
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Credentials", "true");
    response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
    response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
    response.setIntHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
  }

  /** The upgrade request of {@code /realtime/ws}, or any request asking to upgrade to a WebSocket. */
  private static boolean webSocket(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.equals("/realtime/ws") || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private static void refuse(HttpServletResponse response, String detail) throws IOException {
    ProblemDocument.write(response, ProblemDetails.of(Problem.FORBIDDEN, detail, List.of()));
  }

  /** Adds {@code name} to {@code Vary} once, also when a dispatch has added it already. */
  private static void vary(HttpServletResponse response, String name) {
    for (String value : response.getHeaders("Vary")) {
      for (String token : value.split(",")) {
        if (token.trim().equalsIgnoreCase(name)) {
          return;
        }
      }
    }
    response.addHeader("Vary", name);
  }
}

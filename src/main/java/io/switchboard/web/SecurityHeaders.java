package io.switchboard.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The headers every response carries, API and console alike, set before anything else runs (so a
 * refusal, an error page and an event stream carry them too; nothing is buffered or wrapped, so
 * streams flush as before):
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}: a JSON body is never run as a script or a page.</li>
 *   <li>{@code Referrer-Policy: no-referrer}: URLs of this server (which may hold a ticket or a
 *       cursor) never leak to other sites; the console needs no referrer.</li>
 *   <li>No framing: {@code X-Frame-Options: DENY} and CSP {@code frame-ancestors 'none'}.</li>
 *   <li>A Content-Security-Policy: API routes answer data, never a document, so they allow
 *       nothing ({@link #API_POLICY}); the console's files may load only from this origin
 *       ({@link #CONSOLE_POLICY}: its script and style are files, nothing inline, no eval).</li>
 *   <li>{@code Cache-Control: no-store} on {@code /auth/*}: tokens, sessions and tickets are never
 *       cached. The published signing keys ({@code /auth/jwks.json}) are public and meant to be
 *       cached, and keep their own header.</li>
 * </ul>
 */
public final class SecurityHeaders implements Filter {
  public static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
  static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final Pattern API = Pattern.compile("/(api|admin|realtime|auth)(/.*)?");

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    // An error dispatch keeps what the request's own dispatch decided; a container may have reset it.
    boolean error = request.getDispatcherType() == DispatcherType.ERROR;
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    set(response, "X-Content-Type-Options", "nosniff", error);
    set(response, "Referrer-Policy", "no-referrer", error);
    set(response, "X-Frame-Options", "DENY", error);
    set(response, "Content-Security-Policy", API.matcher(path).matches() ? API_POLICY : CONSOLE_POLICY, error);
    if (path.startsWith("/auth/") && !path.equals("/auth/jwks.json")) {
      response.setHeader("Cache-Control", "no-store");
    }
    chain.doFilter(req, res);
  }

  private static void set(HttpServletResponse response, String name, String value, boolean keep) {
    if (!keep || !response.containsHeader(name)) {
      response.setHeader(name, value);
    }
  }
}

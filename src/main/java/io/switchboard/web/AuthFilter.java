package io.switchboard.web;

import io.switchboard.access.Access;
import io.switchboard.model.Identity;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.ProblemDetails;
import io.switchboard.security.Authenticator.Missing;
import io.switchboard.security.Authenticator.Ok;
import io.switchboard.security.Authenticator.Outcome;
import io.switchboard.security.Authenticator.Presented;
import io.switchboard.security.Authenticator.Refused;
import io.switchboard.security.Authenticator;
import io.switchboard.security.Secrets;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Authentication and the access policy, in front of every route of every transport (REST, the
 * WebSocket upgrade, SSE, NDJSON, long-poll): it runs before Jersey and before the WebSocket
 * upgrade servlet, so a refused handshake gets its 401/403 instead of a 101.
 * <ul>
 *   <li>Public: the console's static files, {@code /js/}, {@code /docs/}, and {@code /auth/} (whose
 *       endpoints check what they need; a valid credential is still attached for them).</li>
 *   <li>Everything else needs a credential ({@link Authenticator}): none or an invalid one is a
 *       {@code 401} with RFC 6750/7617 challenges, always the same body. The exception: while the
 *       access rules grant {@code everyone} something, a request with no credential at all (an
 *       invalid one is still 401) goes on to {@code /api/} and {@code /realtime/} as
 *       {@link Identity#ANONYMOUS}, and the rules decide each thing it asks for.</li>
 *   <li>{@code /admin/} needs the {@code admin} role: {@code 403}.</li>
 *   <li>A browser-session cookie is a credential the browser sends by itself, so requests it
 *       authenticates are checked against cross-site forgery: unsafe methods need the session's
 *       {@code X-CSRF-Token} and a same-origin (or configured) {@code Origin}/{@code Sec-Fetch-Site};
 *       WebSocket handshakes need an allowed {@code Origin}.</li>
 * </ul>
 * The caller's {@link Identity} is left on the request ({@link Callers}).
 */
public final class AuthFilter implements Filter {
  public static final String COOKIE = "sb_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String API_KEY_HEADER = "X-API-Key";
  /** The request attribute holding the browser session when the cookie authenticated the request. */
  public static final String SESSION_ATTRIBUTE = AuthFilter.class.getName() + ".session";
  private static final Pattern PUBLIC = Pattern.compile(
      "/|/index\\.html|/console\\.(js|css)|/favicon\\.ico|/(js|docs|auth)/.*");
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  private static final String REALM = "realm=\"switchboard\"";
  /** RFC 6750's challenge, on every 401. */
  public static final String BEARER_CHALLENGE = "Bearer " + REALM;

  private final Authenticator authenticator;
  private final Access access;
  private final Origins origins;

  public AuthFilter(Authenticator authenticator, Access access, Origins origins) {
    this.authenticator = authenticator;
    this.access = access;
    this.origins = origins;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    // The container's decoded, normalized path (no "..", no ";params", no %2e), as routing sees it:
    // the raw request URI could dress /admin up as a public path.
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean open = PUBLIC.matcher(path).matches();
    if (open && !path.startsWith("/auth/")) {
      chain.doFilter(req, res);
      return;
    }
    Outcome outcome;
    try {
      outcome = authenticator.authenticate(presented(request, path));
    } catch (SwitchboardException busy) {
      response.setHeader("Cache-Control", "no-store");
      ProblemDocument.write(response, busy); // hashing is busy (503) or a failed-login limit holds (429)
      return;
    }
    if (outcome instanceof Ok ok) {
      String refusal = open ? null : refusal(request, path, ok);
      if (refusal != null) {
        problem(response, Problem.FORBIDDEN, refusal);
        return;
      }
      request.setAttribute(Callers.ATTRIBUTE, ok.identity());
      if (ok.session() != null) {
        request.setAttribute(SESSION_ATTRIBUTE, ok.session());
      }
      chain.doFilter(req, res);
    } else if (open) {
      chain.doFilter(req, res);
    } else if (outcome instanceof Missing && !admin(path) && access.rules().admitAnonymous()) {
      request.setAttribute(Callers.ATTRIBUTE, Identity.ANONYMOUS);
      chain.doFilter(req, res);
    } else {
      challenge(response, outcome instanceof Refused r && r.basic(), outcome instanceof Refused r && r.bearer());
      problem(response, Problem.UNAUTHORIZED, "Authentication is required.");
    }
  }

  /** Why an authenticated caller may not do this, or null. */
  private String refusal(HttpServletRequest request, String path, Ok ok) {
    if (admin(path)) {
      if (!ok.identity().hasRole(Identity.ADMIN)) {
        return "The admin role is required.";
      }
    }
    if (ok.session() == null) {
      return null;
    }
    if ("ws".equals(transport(path, request.getMethod()))) {
      return origins.allows(request) ? null
          : "A cookie-authenticated WebSocket handshake needs an allowed Origin.";
    }
    if (!SAFE.contains(request.getMethod())) {
      if (!Secrets.same(request.getHeader(CSRF_HEADER), ok.session().csrf())) {
        return "A write authenticated by the session cookie needs the session's " + CSRF_HEADER + " header.";
      }
      if (!sameSite(request)) {
        return "A write authenticated by the session cookie must come from an allowed origin.";
      }
    }
    return null;
  }

  private static boolean admin(String path) {
    return path.startsWith("/admin/") || path.equals("/admin");
  }

  /** Origin (or, without one, Sec-Fetch-Site) says the request comes from this site or an allowed one. */
  private boolean sameSite(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return origins.allows(request);
    }
    String site = request.getHeader("Sec-Fetch-Site");
    return site == null || site.equals("same-origin") || site.equals("none");
  }

  private static Presented presented(HttpServletRequest request, String path) {
    String query = request.getQueryString();
    return new Presented(request.getHeader("Authorization"), request.getHeader(API_KEY_HEADER), cookie(request),
        queryParam(query, "ticket"), transport(path, request.getMethod()), queryParam(query, "access_token"),
        ClientAddress.of(request));
  }

  /** The realtime transport a request connects, for tickets: {@code ws}, {@code sse}, {@code stream}, or null. */
  private static String transport(String path, String method) {
    if (!"GET".equals(method)) {
      return null;
    }
    return switch (path) {
      case "/realtime/ws" -> "ws";
      case "/realtime/sse" -> "sse";
      case "/realtime/stream" -> "stream";
      default -> null;
    };
  }

  private static String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    return Arrays.stream(cookies).filter(c -> COOKIE.equals(c.getName())).map(Cookie::getValue).findFirst().orElse(null);
  }

  /**
   * One parameter of the query string only: reading the request's parameters would consume a form
   * body that {@code /auth/token} must still read.
   */
  private static String queryParam(String query, String name) {
    if (query == null || !query.contains(name + "=")) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        try {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return "";
        }
      }
    }
    return null;
  }

  private static void challenge(HttpServletResponse response, boolean basic, boolean bearer) {
    response.addHeader("WWW-Authenticate", BEARER_CHALLENGE + (bearer ? ", error=\"invalid_token\"" : ""));
    if (basic) {
      response.addHeader("WWW-Authenticate", "Basic " + REALM + ", charset=\"UTF-8\"");
    }
  }

  private static void problem(HttpServletResponse response, Problem problem, String detail) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    ProblemDocument.write(response, ProblemDetails.of(problem, detail, List.of()));
  }
}

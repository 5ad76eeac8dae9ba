package io.switchboard.web;

import io.switchboard.model.Identity;
import io.switchboard.model.RateLimited;
import io.switchboard.security.RateLimits;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The HTTP side of the {@link RateLimits}, right after authentication (so it knows the principal)
 * and before Jersey and the WebSocket upgrade: every request counts against its client address
 * ({@link ClientAddress}) and its principal; a realtime connect ({@code GET} of the WebSocket, SSE,
 * stream or poll path) also against the address's connects and the principal's open connections,
 * so a refused WebSocket handshake is a 429, never a 101. Over a limit: {@code 429}
 * {@code rate-limited} with {@code Retry-After}.
 */
public final class RateLimitFilter implements Filter {
  static final Set<String> CONNECTS = Set.of("/realtime/ws", "/realtime/sse", "/realtime/stream", "/realtime/poll");

  private final RateLimits limits;

  public RateLimitFilter(RateLimits limits) {
    this.limits = limits;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    Identity identity = request.getAttribute(Callers.ATTRIBUTE) instanceof Identity i ? i : null;
    String address = ClientAddress.of(request);
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    try {
      limits.request(identity, address);
      if ("GET".equals(request.getMethod()) && CONNECTS.contains(path)) {
        limits.connect(identity, address);
      }
    } catch (RateLimited refused) {
      HttpServletResponse response = (HttpServletResponse) res;
      response.setHeader("Cache-Control", "no-store");
      ProblemDocument.write(response, refused);
      return;
    }
    chain.doFilter(req, res);
  }
}

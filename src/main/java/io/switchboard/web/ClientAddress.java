package io.switchboard.web;

import io.switchboard.model.Cidr;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Who the client of a request is, by address: the socket's peer ({@code getRemoteAddr()}), unless
 * that peer is one of the trusted proxies ({@code switchboard.http.trusted.proxies}), in which case
 * it is the rightmost address of {@code X-Forwarded-For} that is not itself a trusted proxy (the
 * last hop a trusted proxy vouched for; anything further left the client wrote itself). From any
 * other peer {@code X-Forwarded-For} is ignored. Addresses come out in Java's canonical form, so
 * one client is one key. Runs as the first filter and leaves the address on the request
 * ({@link #of}), for the rate limits, the failed-login limits, sessions and webhooks alike.
 */
public final class ClientAddress implements Filter {
  /** The request attribute holding the resolved address. */
  public static final String ATTRIBUTE = ClientAddress.class.getName();
  static final String FORWARDED_FOR = "X-Forwarded-For";

  private final List<Cidr> trusted;

  /** @param trustedProxies comma-separated CIDR blocks (or addresses) of trusted reverse proxies; blank: none */
  public ClientAddress(String trustedProxies) {
    try {
      this.trusted = Cidr.parseList(trustedProxies);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Setting switchboard.http.trusted.proxies: " + e.getMessage(), e);
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    request.setAttribute(ATTRIBUTE, resolve(request.getRemoteAddr(), Collections.list(request.getHeaders(FORWARDED_FOR))));
    chain.doFilter(req, res);
  }

  /** The client address of a request (the socket's peer if this filter did not see the request). */
  public static String of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof String address ? address : request.getRemoteAddr();
  }

  /** The client behind {@code peer} given the {@code X-Forwarded-For} header lines it sent (in order). */
  String resolve(String peer, List<String> forwardedFor) {
    Optional<InetAddress> socket = Cidr.literal(peer);
    if (socket.isEmpty()) {
      return peer;
    }
    InetAddress client = socket.get();
    if (!isTrusted(client)) {
      return client.getHostAddress();
    }
    List<String> hops = new ArrayList<>();
    forwardedFor.forEach(line -> hops.addAll(List.of(line.split(","))));
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = Cidr.literal(withoutPort(hops.get(i).trim()));
      if (hop.isEmpty()) {
        break; // not an address: nothing left of it can be trusted; the last good hop is the client
      }
      client = hop.get();
      if (!isTrusted(client)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.stream().anyMatch(block -> block.contains(address));
  }

  /** {@code 192.0.2.1:4711} and {@code [2001:db8::1]:4711} as proxies may write them, without the port. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(0, close + 1);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }
}

package io.switchboard.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser origins allowed to use this server: its own (the request's scheme and {@code Host})
 * and the configured list ({@code switchboard.http.origins}). Origins are compared as RFC 6454
 * tuples, exactly: scheme, host and port, with the scheme's default port made explicit (so
 * {@code http://h} is {@code http://h:80}). No wildcards, no subdomain or suffix matching; the
 * opaque origin {@code null} (sandboxed frames, {@code file:} pages, cross-origin redirects) and
 * anything that is not a serialized {@code http}/{@code https} origin never match. One decision for
 * CORS ({@link OriginFilter}), WebSocket handshakes and cookie-authenticated writes ({@link AuthFilter}).
 * Immutable and thread-safe.
 */
public final class Origins {
  private final Set<String> configured;

  private Origins(Set<String> configured) {
    this.configured = configured;
  }

  /**
   * The comma-separated list of a setting; an entry that is not an origin ({@code scheme://host[:port]},
   * no path, no wildcard) fails at startup, naming the entry, instead of never matching.
   */
  public static Origins of(String commaSeparated) {
    return new Origins(Collections.unmodifiableSet(Arrays.stream(commaSeparated.split(","))
        .map(String::trim).filter(entry -> !entry.isEmpty()).map(entry -> {
          String canonical = canonical(entry);
          if (canonical == null) {
            throw new IllegalArgumentException("Setting switchboard.http.origins: '" + entry
                + "' is not an origin; give scheme://host[:port] (http or https, no path, no wildcard)");
          }
          return canonical;
        }).collect(Collectors.toSet())));
  }

  /**
   * Whether the request's {@code Origin} may use this server; false without one (callers decide
   * what a request without an {@code Origin} means) and with several.
   */
  boolean allows(HttpServletRequest request) {
    var values = request.getHeaders("Origin");
    if (values == null || !values.hasMoreElements()) {
      return false;
    }
    String origin = values.nextElement();
    return !values.hasMoreElements() && allows(origin, request.getScheme(), request.getHeader("Host"));
  }

  /** Whether {@code origin} is the request's own ({@code scheme} + {@code host}, the Host header) or a configured one. */
  boolean allows(String origin, String scheme, String host) {
    String candidate = canonical(origin);
    if (candidate == null) {
      return false;
    }
    return configured.contains(candidate) || host != null && candidate.equals(canonical(scheme + "://" + host));
  }

  /** {@code scheme://host:port} in lower case with the port explicit, or null if {@code origin} is no http(s) origin. */
  static String canonical(String origin) {
    if (origin == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException notAnOrigin) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean bare = uri.getRawUserInfo() == null && uri.getRawPath() != null && uri.getRawPath().isEmpty()
        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getHost() != null;
    if (!bare || !(scheme.equals("http") || scheme.equals("https")) || port == 0 || port > 65_535) {
      return null;
    }
    int explicit = port > 0 ? port : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + explicit;
  }
}

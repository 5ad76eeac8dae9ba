package io.switchboard.web;

import io.switchboard.model.Identity;
import io.switchboard.model.Peer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The authenticated caller of a request, as the authentication filter left it on the request.
 * Every route but the public ones runs behind that filter, so a missing identity is a wiring bug
 * and fails closed.
 */
public final class Callers {
  /** The request attribute holding the caller's {@link Identity}. */
  public static final String ATTRIBUTE = Identity.class.getName();

  private Callers() {}

  public static Identity identity(HttpServletRequest request) {
    if (request.getAttribute(ATTRIBUTE) instanceof Identity identity) {
      return identity;
    }
    throw new IllegalStateException("No authenticated caller on " + request.getRequestURI());
  }

  /** The caller as a realtime peer, at its {@link ClientAddress}. */
  public static Peer peer(HttpServletRequest request) {
    return new Peer(ClientAddress.of(request), identity(request));
  }
}

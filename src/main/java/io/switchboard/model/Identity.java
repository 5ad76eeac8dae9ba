package io.switchboard.model;

import java.time.Instant;
import java.util.Set;

/**
 * Who a request or a live session is authenticated as, and with what. Carries no secret: it is
 * shown in {@code /admin/sessions} and kept by every live session, which ends when the credential
 * expires ({@link #expiresAt}) or is revoked (matched by {@link #user} or {@link #credentialId}).
 *
 * @param user         the principal's name (a user, an API key's name, or an external token's subject)
 * @param roles        roles granted, e.g. {@code admin}
 * @param scheme       how it was proven: {@code basic}, {@code bearer}, {@code oidc}, {@code apikey},
 *                     {@code session} (cookie), {@code anonymous} (no credential), or {@code internal} for the server's own sessions
 * @param credentialId a public id of the credential instance ({@code key:<id>}, {@code session:<id>},
 *                     {@code family:<id>} for tokens of one refresh family), or {@code null}
 * @param expiresAt    when the credential stops being valid, or {@code null} for never
 */
public record Identity(String user, Set<String> roles, String scheme, String credentialId, Instant expiresAt) {
  public static final String ADMIN = "admin";
  /**
   * Whoever presented no credential at all, where the access rules let {@code everyone} in. Its
   * name is never an owner: {@link #anonymous()} is decided by the scheme, not the name.
   */
  public static final Identity ANONYMOUS = new Identity("anonymous", Set.of(), "anonymous", null, null);

  public Identity {
    roles = Set.copyOf(roles);
  }

  /** The server's own identity, for sessions it opens itself (webhook deliveries). */
  public static Identity internal(String name) {
    return new Identity(name, Set.of(), "internal", null, null);
  }

  /** Whether no credential stands behind this identity. */
  public boolean anonymous() {
    return "anonymous".equals(scheme);
  }

  /** The same credential with {@code fresh} roles (an admin changed the user's). */
  public Identity withRoles(Set<String> fresh) {
    return new Identity(user, fresh, scheme, credentialId, expiresAt);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether this credential is no longer valid at {@code now}. */
  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}

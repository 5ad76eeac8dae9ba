package io.switchboard.security;

import io.switchboard.model.Identity;
import io.switchboard.protocol.Disconnect;
import io.switchboard.session.Realtime;
import java.util.Set;

/**
 * Ends live sessions when their credential stops being valid: each is closed at once, as
 * {@link Disconnect#REVOKED}, so a revoked client never keeps a socket open. Sessions of this
 * node only: several nodes (a later issue) will need the revocation broadcast.
 */
final class Revocations {
  /** Schemes whose principal is a local user (API keys and external tokens are not). */
  private static final Set<String> USER_SCHEMES = Set.of("basic", "bearer", "session");

  private final Realtime realtime;

  Revocations(Realtime realtime) {
    this.realtime = realtime;
  }

  /** Every session of the local user {@code name}. */
  void user(String name) {
    realtime.closeWhere(i -> USER_SCHEMES.contains(i.scheme()) && i.user().equals(name), Disconnect.REVOKED);
  }

  /** Every session of the local user {@code name} runs with {@code roles} from now on. */
  void roles(String name, Set<String> roles) {
    realtime.reauthorize(i -> USER_SCHEMES.contains(i.scheme()) && i.user().equals(name), i -> i.withRoles(roles));
  }

  /** Every session running on the credential {@code credentialId} (see {@link Identity#credentialId}). */
  void credential(String credentialId) {
    realtime.closeWhere(i -> credentialId.equals(i.credentialId()), Disconnect.REVOKED);
  }
}

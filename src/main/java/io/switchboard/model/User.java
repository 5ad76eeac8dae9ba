package io.switchboard.model;

import java.time.Instant;
import java.util.Set;

/** A local account, as the admin API shows it (never its password hash). */
public record User(String name, Set<String> roles, boolean enabled, Instant createdAt, Instant updatedAt) {
  public User {
    roles = Set.copyOf(roles);
  }
}

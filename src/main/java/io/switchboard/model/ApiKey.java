package io.switchboard.model;

import java.time.Instant;
import java.util.Set;

/**
 * An API key, as the admin API lists it: the key itself is shown once, at creation, and stored
 * only as a hash; {@link #prefix} is enough to recognise it.
 */
public record ApiKey(String id, String name, String prefix, Set<String> roles, Instant createdAt) {
  public ApiKey {
    roles = Set.copyOf(roles);
  }
}

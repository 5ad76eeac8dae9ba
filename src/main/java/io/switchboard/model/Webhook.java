package io.switchboard.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A webhook endpoint: a durable subscriber of the event log that receives events as signed HTTP
 * POSTs. Made by {@link #create} and changed by its withers; outside this record only the store's
 * row mapper calls the canonical constructor.
 *
 * @param topics         what it subscribes to (topic names, as on every transport)
 * @param filter         live-query parameters ({@code {"done": "false", "priority:gte": "2"}}) or null
 * @param secret         the signing secret, {@code whsec_} + base64 (Standard Webhooks)
 * @param previousSecret during a rotation, the old secret, which also signs until {@code previousUntil}
 * @param cursor         the last event delivered (or passed over as outside its view)
 * @param failingSince   when the first failed attempt of the current event was made, or null
 * @param owner          the principal that registered it (null: registered before owners), whose
 *                       rights decide what it is sent
 * @param ownerRoles     the owner's roles when it registered it (a local user's current ones count instead)
 */
public record Webhook(String id, String url, String description, List<String> topics, ObjectNode filter,
                      String secret, String previousSecret, Instant previousUntil, Status status, String statusReason,
                      long cursor, Instant failingSince, Instant createdAt, Instant updatedAt, String owner,
                      Set<String> ownerRoles) {
  public Webhook {
    ownerRoles = ownerRoles == null ? Set.of() : Set.copyOf(ownerRoles);
  }

  /** Delivering; stopped after the retry horizon (dead letter); stopped by a 410 or an operator. */
  public enum Status { ACTIVE, FAILING, DISABLED }

  /** A new, active endpoint delivering after {@code cursor}. */
  public static Webhook create(String id, String url, String description, List<String> topics, ObjectNode filter,
                               String secret, long cursor, Instant now, Identity owner) {
    return new Webhook(id, url, description, List.copyOf(topics), filter, secret, null, null, Status.ACTIVE, null,
        cursor, null, now, now, owner.user(), owner.roles());
  }

  /** The same endpoint with what it delivers changed, at {@code now}. */
  public Webhook withTarget(String url, String description, List<String> topics, ObjectNode filter, Instant now) {
    return new Webhook(id, url, description, List.copyOf(topics), filter, secret, previousSecret, previousUntil, status,
        statusReason, cursor, failingSince, createdAt, now, owner, ownerRoles);
  }

  /** Stopped (failing or disabled) with a reason shown to operators, or active again, its failure clock cleared. */
  public Webhook withStatus(Status status, String reason, Instant now) {
    return new Webhook(id, url, description, topics, filter, secret, previousSecret, previousUntil, status, reason,
        cursor, status == Status.ACTIVE ? null : failingSince, createdAt, now, owner, ownerRoles);
  }

  /** A new secret; the current one keeps signing until {@code previousUntil} (null: not at all). */
  public Webhook withSecret(String newSecret, Instant previousUntil, Instant now) {
    return new Webhook(id, url, description, topics, filter, newSecret, previousUntil == null ? null : secret,
        previousUntil, status, statusReason, cursor, failingSince, createdAt, now, owner, ownerRoles);
  }

  /** This endpoint delivering again, from after {@code from}, with its failure state cleared. */
  public Webhook activated(long from, Instant now) {
    return new Webhook(id, url, description, topics, filter, secret, previousSecret, previousUntil, Status.ACTIVE, null,
        from, null, createdAt, now, owner, ownerRoles);
  }

  /** The secrets that sign a delivery at {@code now}: the current one, and the previous one during a rotation. */
  public List<String> signingSecrets(Instant now) {
    return previousSecret != null && previousUntil != null && now.isBefore(previousUntil)
        ? List.of(secret, previousSecret) : List.of(secret);
  }
}

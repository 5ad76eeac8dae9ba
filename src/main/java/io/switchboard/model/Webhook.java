package io.switchboard.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint: a durable subscriber of the event log that receives events as signed HTTP
 * POSTs.
 *
 * @param topics         what it subscribes to (topic names, as on every transport)
 * @param filter         live-query parameters ({@code {"done": "false", "priority:gte": "2"}}) or null
 * @param secret         the signing secret, {@code whsec_} + base64 (Standard Webhooks)
 * @param previousSecret during a rotation, the old secret, which also signs until {@code previousUntil}
 * @param cursor         the last event delivered (or passed over as outside its view)
 * @param failingSince   when the first failed attempt of the current event was made, or null
 */
public record Webhook(String id, String url, String description, List<String> topics, ObjectNode filter,
                      String secret, String previousSecret, Instant previousUntil, Status status, String statusReason,
                      long cursor, Instant failingSince, Instant createdAt, Instant updatedAt) {

  /** Delivering; stopped after the retry horizon (dead letter); stopped by a 410 or an operator. */
  public enum Status { ACTIVE, FAILING, DISABLED }

  /** This endpoint delivering again, from after {@code from}, with its failure state cleared. */
  public Webhook activated(long from, Instant now) {
    return new Webhook(id, url, description, topics, filter, secret, previousSecret, previousUntil, Status.ACTIVE, null,
        from, null, createdAt, now);
  }

  /** The secrets that sign a delivery at {@code now}: the current one, and the previous one during a rotation. */
  public List<String> signingSecrets(Instant now) {
    return previousSecret != null && previousUntil != null && now.isBefore(previousUntil)
        ? List.of(secret, previousSecret) : List.of(secret);
  }
}

package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.model.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time tickets for the browser's {@code WebSocket} and {@code EventSource}, which cannot send
 * headers: a caller holding a credential trades it for a ticket (about 30 s, single use, bound to
 * the caller's identity and optionally to one transport), then connects with {@code ?ticket=}. No
 * long-lived secret is ever in a URL or an access log. Kept in this node's memory (hashed): a
 * load balancer must send the connect to the node that issued it (sticky for 30 s) until tickets
 * move to the shared store with the multi-node issue.
 */
public final class Tickets {
  static final String PREFIX = "sbt_";

  private final Duration lifetime;
  private final Clock clock;
  private final Cache<String, Ticket> live;

  /** What a ticket stands for. {@code transport} null: any realtime transport. */
  record Ticket(Identity identity, String transport, Instant expiresAt) {}

  Tickets(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
    this.live = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(lifetime).build();
  }

  String issue(Identity identity, String transport) {
    String ticket = Secrets.random(PREFIX);
    live.put(Secrets.hash(ticket), new Ticket(identity, transport, clock.instant().plus(lifetime)));
    return ticket;
  }

  long lifetimeSeconds() {
    return lifetime.toSeconds();
  }

  /** Spends a ticket presented on {@code transport}: valid once, before it expires, on its transport. */
  Optional<Identity> redeem(String ticket, String transport) {
    if (ticket == null || !ticket.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Ticket t = live.asMap().remove(Secrets.hash(ticket));
    if (t == null || !clock.instant().isBefore(t.expiresAt())
        || (t.transport() != null && !t.transport().equals(transport))) {
      return Optional.empty();
    }
    return Optional.of(t.identity());
  }
}

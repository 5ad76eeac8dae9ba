package io.switchboard.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.switchboard.model.RateLimited;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The message rate limit of one WebSocket connection: a token bucket, and a count of refusals in a
 * row. A refused message is answered with an error carrying {@code retryAfter}; a client that goes
 * on sending regardless ({@link #persistent}) is to be closed. Thread-safe.
 */
public final class MessageLimit {
  static final MessageLimit UNLIMITED = new MessageLimit(null, 0, 0);

  private final Bucket bucket;
  private final int perSecond;
  private final int refusals;
  private final AtomicInteger inARow = new AtomicInteger();

  private MessageLimit(Bucket bucket, int perSecond, int refusals) {
    this.bucket = bucket;
    this.perSecond = perSecond;
    this.refusals = refusals;
  }

  static MessageLimit of(int perSecond, int burst, int refusals, TimeMeter time) {
    if (perSecond <= 0) {
      return UNLIMITED;
    }
    Bandwidth bandwidth = Bandwidth.builder().capacity(Math.max(perSecond, burst))
        .refillGreedy(perSecond, Duration.ofSeconds(1)).build();
    return new MessageLimit(Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build(), perSecond,
        refusals);
  }

  /** Admits one message: empty if it may be handled, else the refusal to answer it with. */
  public Optional<RateLimited> admit() {
    if (bucket == null) {
      return Optional.empty();
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      inARow.set(0);
      return Optional.empty();
    }
    inARow.incrementAndGet();
    return Optional.of(new RateLimited("More than " + perSecond + " messages a second on this connection; wait "
        + "retryAfter seconds before sending again.", Duration.ofNanos(probe.getNanosToWaitForRefill())));
  }

  /** Whether the configured number of messages in a row was refused: the client ignores retryAfter. */
  public boolean persistent() {
    return refusals > 0 && inARow.get() >= refusals;
  }
}

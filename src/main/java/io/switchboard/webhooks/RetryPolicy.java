package io.switchboard.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: exponential backoff from {@code initial}, doubling up to
 * {@code max}, with "equal jitter" (a random delay between half and all of it) so that many
 * endpoints failing together do not retry in lockstep. A receiver's {@code Retry-After} replaces
 * the computed delay. Once retrying would end more than {@code horizon} after the first failed
 * attempt of an event, the endpoint is marked failing and stops.
 */
public record RetryPolicy(Duration initial, Duration max, Duration horizon) {
  /** The delay before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
  Duration backoff(int attempt) {
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 30));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }
}

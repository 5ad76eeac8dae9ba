package io.switchboard.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A rate limit refused the request: {@link Problem#RATE_LIMITED} (429) with how long the client
 * should wait, in whole seconds, at least one (HTTP {@code Retry-After}).
 */
public final class RateLimited extends SwitchboardException {
  private final int retryAfterSeconds;

  public RateLimited(String detail, Duration wait) {
    super(Problem.RATE_LIMITED, detail);
    this.retryAfterSeconds = seconds(wait);
  }

  /** {@code wait} rounded up to whole seconds, at least 1. */
  static int seconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (millis + 999) / 1000));
  }

  @Override
  public Optional<Integer> retryAfterSeconds() {
    return Optional.of(retryAfterSeconds);
  }
}

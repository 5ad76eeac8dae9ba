package io.switchboard.webhooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofDays(3));

  @Test
  void delays_double_per_attempt_with_jitter_between_half_and_all_of_it_up_to_the_maximum() {
    for (int attempt = 1; attempt <= 40; attempt++) {
      long ceiling = Math.min(600_000, 1000L << Math.min(attempt - 1, 30));
      for (int i = 0; i < 50; i++) {
        long delay = policy.backoff(attempt).toMillis();
        assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay);
      }
    }
  }

  @Test
  void jitter_spreads_retries_apart() {
    long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> policy.backoff(5).toMillis()).distinct()
        .count();
    assertTrue(distinct > 10, "distinct delays: " + distinct);
  }
}

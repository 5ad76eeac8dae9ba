package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * One limit's token buckets (Bucket4j), one per key (a principal, a client address, an account),
 * created on first use and held in a bounded cache (Caffeine): a client rotating keys cannot grow
 * memory past {@code maxKeys}; the least used are forgotten first, and a bucket unused long enough
 * to be full again is dropped, which loses nothing. Thread-safe.
 */
final class Buckets {
  private final Bandwidth bandwidth;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  private Buckets(Bandwidth bandwidth, Duration refilled, int maxKeys, TimeMeter time) {
    this.bandwidth = bandwidth;
    this.time = time;
    this.buckets = bandwidth == null ? null : Caffeine.newBuilder().maximumSize(maxKeys)
        .expireAfterAccess(refilled).ticker(time::currentTimeNanos).build();
  }

  /** {@code perSecond} tokens a second, up to {@code burst} at once (at least {@code perSecond}); 0: no limit. */
  static Buckets perSecond(int perSecond, int burst, int maxKeys, TimeMeter time) {
    if (perSecond <= 0) {
      return new Buckets(null, Duration.ZERO, maxKeys, time);
    }
    int capacity = Math.max(perSecond, burst);
    Bandwidth bandwidth = Bandwidth.builder().capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
    return new Buckets(bandwidth, Duration.ofSeconds(capacity / perSecond + 1), maxKeys, time);
  }

  /**
   * {@code count} tokens per fixed {@code window}, which starts with a key's first token taken:
   * once they are spent, none until the window has passed, then {@code count} again; 0: no limit.
   */
  static Buckets perWindow(int count, Duration window, int maxKeys, TimeMeter time) {
    if (count <= 0) {
      return new Buckets(null, Duration.ZERO, maxKeys, time);
    }
    return new Buckets(Bandwidth.builder().capacity(count).refillIntervally(count, window).build(), window, maxKeys,
        time);
  }

  /** Takes a token from {@code key}'s bucket: empty if there was one, else how long until there is. */
  Optional<Duration> take(String key) {
    if (bandwidth == null) {
      return Optional.empty();
    }
    ConsumptionProbe probe = buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** How long until {@code key}'s bucket has a token again, or empty if it has one (or none was taken yet); takes none. */
  Optional<Duration> emptyFor(String key) {
    Bucket bucket = bandwidth == null ? null : buckets.getIfPresent(key);
    if (bucket == null) {
      return Optional.empty();
    }
    long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return nanos <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  /** Forgets {@code key}: its next use starts with a full bucket. */
  void forget(String key) {
    if (bandwidth != null) {
      buckets.invalidate(key);
    }
  }

  /** Keys tracked now (for tests; approximate under concurrency). */
  long size() {
    if (bandwidth == null) {
      return 0;
    }
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket newBucket() {
    return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
  }
}

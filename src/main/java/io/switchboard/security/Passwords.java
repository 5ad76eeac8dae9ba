package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashing with Argon2id (Spring Security's encoder over Bouncy Castle, its 5.8 defaults:
 * 16 MiB, 2 iterations, 16-byte salt). Verifications are bounded: at most {@code concurrency} run
 * at once and a caller waits at most a second for a slot, after which the server answers 503
 * (hashing is a denial-of-service lever). Successful checks are remembered for a minute, keyed by
 * the SHA-256 of name, password and stored hash, so a client sending Basic on every request pays
 * for one hash, and a changed password (a new stored hash) misses the cache. An unknown user is
 * checked against a dummy hash: it takes as long as a wrong password.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 8;
  private static final Duration REMEMBER = Duration.ofMinutes(1);

  private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  private final Semaphore slots;
  private final Cache<String, Boolean> verified = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(REMEMBER).build();
  private final String dummy;

  public Passwords(int concurrency) {
    this.slots = new Semaphore(Math.max(1, concurrency));
    this.dummy = encoder.encode(Secrets.random(""));
  }

  public String hash(String password) {
    return withSlot(() -> encoder.encode(password));
  }

  /** Whether {@code password} matches {@code storedHash}; a {@code null} hash (no such user) never matches. */
  public boolean matches(String name, String password, String storedHash) {
    String key = Secrets.hash(name + '\0' + password + '\0' + storedHash);
    if (storedHash != null && verified.getIfPresent(key) != null) {
      return true;
    }
    boolean ok = withSlot(() -> encoder.matches(password, storedHash == null ? dummy : storedHash)) && storedHash != null;
    if (ok) {
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  private <T> T withSlot(java.util.function.Supplier<T> work) {
    try {
      if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
        throw new SwitchboardException(Problem.UNAVAILABLE, "Too many password checks at once; retry shortly.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwitchboardException(Problem.UNAVAILABLE, "Interrupted while waiting to check a password.");
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }
}

package io.switchboard.security;

import io.github.bucket4j.TimeMeter;
import io.switchboard.config.Settings;
import io.switchboard.model.RateLimited;
import java.time.Duration;

/**
 * The failed-login limits of every password check (HTTP Basic, the token endpoint's password
 * grant, the browser login): an account that failed {@code accountLoginFailures} times within the
 * window, or a client address that failed {@code addressLoginFailures} times, is refused with 429
 * until the window has passed, before any password is hashed and even with the right password.
 * The window starts at the first failure. Unknown accounts are throttled like known ones (nothing
 * tells them apart). A success forgets the account's failures, not the address's; successes never
 * count, so a client sending Basic on many parallel requests is never throttled by its own
 * traffic. Failures are counted when their check ends, so checks already running when a limit is
 * reached still finish (a handful: hashing is bounded by {@code switchboard.auth.hash.concurrency}).
 * Thread-safe.
 */
public final class LoginThrottle {
  /** No limits (for tests of other things). */
  static final LoginThrottle OFF = new LoginThrottle(Buckets.perWindow(0, Duration.ZERO, 1, TimeMeter.SYSTEM_NANOTIME),
      Buckets.perWindow(0, Duration.ZERO, 1, TimeMeter.SYSTEM_NANOTIME));
  /** Longer names are no account's (see {@link Accounts}): they share one key, so they cannot fill the cache. */
  private static final int MAX_NAME = 64;

  private final Buckets accounts;
  private final Buckets addresses;

  private LoginThrottle(Buckets accounts, Buckets addresses) {
    this.accounts = accounts;
    this.addresses = addresses;
  }

  static LoginThrottle of(Settings.Rates settings, TimeMeter time) {
    Duration window = Duration.ofSeconds(settings.loginWindowSeconds());
    return new LoginThrottle(Buckets.perWindow(settings.accountLoginFailures(), window, settings.trackedKeys(), time),
        Buckets.perWindow(settings.addressLoginFailures(), window, settings.trackedKeys(), time));
  }

  /**
   * Admits a password check of {@code account} from {@code address} (null: unknown).
   *
   * @throws RateLimited while the account or the address is throttled, with the time left in its window
   */
  void admit(String account, String address) {
    accounts.emptyFor(key(account)).ifPresent(wait -> {
      throw new RateLimited("Too many failed logins for this account; retry after Retry-After seconds.", wait);
    });
    if (address != null) {
      addresses.emptyFor(RateLimits.addressKey(address)).ifPresent(wait -> {
        throw new RateLimited("Too many failed logins from this address; retry after Retry-After seconds.", wait);
      });
    }
  }

  /** An admitted check failed. */
  void failed(String account, String address) {
    accounts.take(key(account));
    if (address != null) {
      addresses.take(RateLimits.addressKey(address));
    }
  }

  /** An admitted check succeeded: the account's earlier failures are forgiven. */
  void succeeded(String account) {
    accounts.forget(key(account));
  }

  private static String key(String account) {
    return account == null || account.length() > MAX_NAME ? "\0" : account;
  }
}

package io.switchboard.security;

import io.github.bucket4j.TimeMeter;
import io.switchboard.config.Settings;
import io.switchboard.model.RateLimited;
import java.time.Duration;

/**
 * The failed-login limits of every password check (HTTP Basic, the token endpoint's password
 * grant, the browser login). Each check takes a token from its account's and its client address's
 * bucket before any password is hashed; a success gives them back (and forgets the account's
 * failures). So an account that failed {@code accountLoginFailures} times within the window, or an
 * address that failed {@code addressLoginFailures} times, is refused with 429 until the window has
 * passed, even with the right password, and guessing costs the server no hashing. Unknown accounts
 * are throttled like known ones (nothing tells them apart). Thread-safe; concurrent checks cannot
 * overshoot the limits.
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
   * Admits one password check of {@code account} from {@code address} (null: unknown), counting it
   * as failed until {@link #succeeded} says otherwise.
   *
   * @throws RateLimited while the account or the address is throttled, with the time left in its window
   */
  void admit(String account, String address) {
    String name = key(account);
    accounts.take(name).ifPresent(wait -> {
      throw new RateLimited("Too many failed logins for this account; retry after Retry-After seconds.", wait);
    });
    if (address != null) {
      addresses.take(RateLimits.addressKey(address)).ifPresent(wait -> {
        accounts.giveBack(name);
        throw new RateLimited("Too many failed logins from this address; retry after Retry-After seconds.", wait);
      });
    }
  }

  /** The admitted check succeeded: it was no failure. */
  void succeeded(String account, String address) {
    accounts.forget(key(account));
    if (address != null) {
      addresses.giveBack(RateLimits.addressKey(address));
    }
  }

  private static String key(String account) {
    return account == null || account.length() > MAX_NAME ? "\0" : account;
  }
}

package io.switchboard.security;

import io.github.bucket4j.TimeMeter;
import io.switchboard.config.Settings;
import io.switchboard.model.Identity;
import io.switchboard.model.RateLimited;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Every rate limit but the failed-login ones ({@link LoginThrottle}, also built here), decided in
 * one place for every transport: HTTP requests per principal and per client address, realtime
 * connects per address, open realtime connections per principal, WebSocket messages per
 * connection. A refusal is a {@link RateLimited} carrying how long to wait. Principals holding
 * the exempt role (default {@code admin}) are not limited here. IPv6 clients are counted per /64,
 * the block one subscriber usually holds. Thread-safe.
 */
public final class RateLimits {
  /** What a client over its connection cap is told to wait: a connection must close first, which no bucket predicts. */
  static final Duration CONNECTION_WAIT = Duration.ofSeconds(5);

  private final Settings.Rates settings;
  private final ToIntFunction<Predicate<Identity>> openConnections;
  private final TimeMeter time;
  private final Buckets principalRequests;
  private final Buckets addressRequests;
  private final Buckets addressConnects;
  private final LoginThrottle logins;

  /**
   * @param openConnections how many open realtime connections have an identity matching the
   *                        predicate (the registry's {@code countWhere})
   * @param time            the clock of every bucket (a fake one in tests)
   */
  public RateLimits(Settings.Rates settings, ToIntFunction<Predicate<Identity>> openConnections, TimeMeter time) {
    this.settings = settings;
    this.openConnections = openConnections;
    this.time = time;
    int keys = settings.trackedKeys();
    this.principalRequests = Buckets.perSecond(settings.principalRequestsPerSecond(), settings.principalRequestBurst(),
        keys, time);
    this.addressRequests = Buckets.perSecond(settings.addressRequestsPerSecond(), settings.addressRequestBurst(), keys,
        time);
    this.addressConnects = Buckets.perSecond(settings.addressConnectsPerSecond(), settings.addressConnectBurst(), keys,
        time);
    this.logins = LoginThrottle.of(settings, time);
  }

  /** Limits on the system clock. */
  public RateLimits(Settings.Rates settings, ToIntFunction<Predicate<Identity>> openConnections) {
    this(settings, openConnections, TimeMeter.SYSTEM_NANOTIME);
  }

  /** Whether {@code identity} (null: anonymous) holds the exempt role. */
  public boolean exempt(Identity identity) {
    return identity != null && !settings.exemptRole().isEmpty() && identity.hasRole(settings.exemptRole());
  }

  /**
   * Counts one HTTP request of {@code identity} (null or {@link Identity#ANONYMOUS}: no principal,
   * so only its address counts) from {@code address}.
   *
   * @throws RateLimited over the address's or the principal's request rate
   */
  public void request(Identity identity, String address) {
    if (exempt(identity)) {
      return;
    }
    take(addressRequests, addressKey(address), "Too many requests from this address",
        settings.addressRequestsPerSecond());
    if (identity != null && !identity.anonymous()) {
      take(principalRequests, principal(identity), "Too many requests for this principal",
          settings.principalRequestsPerSecond());
    }
  }

  /**
   * Counts one realtime connect (a WebSocket handshake, an SSE, stream or poll request) of
   * {@code identity} from {@code address}, before the transport connects it.
   *
   * @throws RateLimited over the principal's open connections or the address's connect rate
   */
  public void connect(Identity identity, String address) {
    if (exempt(identity)) {
      return;
    }
    int max = settings.principalConnections();
    if (identity != null && !identity.anonymous() && max > 0) {
      String principal = principal(identity);
      if (openConnections.applyAsInt(other -> principal(other).equals(principal)) >= max) {
        throw new RateLimited("At most " + max + " open realtime connections per principal; close one first.",
            CONNECTION_WAIT);
      }
    }
    take(addressConnects, addressKey(address), "Too many realtime connects from this address",
        settings.addressConnectsPerSecond());
  }

  /** The message limit of a new WebSocket connection of {@code identity}. */
  public MessageLimit messages(Identity identity) {
    return exempt(identity) ? MessageLimit.UNLIMITED
        : MessageLimit.of(settings.messagesPerSecond(), settings.messageBurst(), settings.messageRefusals(), time);
  }

  /** The failed-login limits, for the authenticator. */
  public LoginThrottle logins() {
    return logins;
  }

  private static void take(Buckets buckets, String key, String what, int perSecond) {
    buckets.take(key).ifPresent(wait -> {
      throw new RateLimited(what + " (" + perSecond + " a second); retry after Retry-After seconds.", wait);
    });
  }

  /** The key of a principal: its name within its kind, so an API key, an OIDC subject and a user of one name differ. */
  static String principal(Identity identity) {
    String kind = switch (identity.scheme()) {
      case "apikey" -> "key";
      case "oidc", "internal" -> identity.scheme();
      default -> "user";
    };
    return kind + ':' + identity.user();
  }

  /** The key of a client address: the address, or for IPv6 its /64 (the first four groups). */
  static String addressKey(String address) {
    if (address == null) {
      return "";
    }
    if (address.indexOf(':') < 0) {
      return address;
    }
    String[] groups = address.split(":", -1);
    if (groups.length < 8 || address.contains("::")) {
      return address;
    }
    return groups[0] + ':' + groups[1] + ':' + groups[2] + ':' + groups[3] + "::/64";
  }
}

package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.TimeMeter;
import io.switchboard.config.Settings;
import io.switchboard.model.Identity;
import io.switchboard.model.Problem;
import io.switchboard.model.RateLimited;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limiter core on a fake clock: every limit refuses with a wait, and recovers once it has passed. */
class RateLimitsTest {
  private static final Identity ALICE = new Identity("alice", Set.of("editor"), "basic", null, null);
  private static final Identity BOB = new Identity("bob", Set.of(), "basic", null, null);
  private static final Identity ADMIN = new Identity("root", Set.of("admin"), "basic", null, null);

  /** A clock that moves only when told. */
  static final class FakeTime implements TimeMeter {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  private final FakeTime time = new FakeTime();
  private final List<Identity> open = new ArrayList<>();

  /** Small limits: 2 requests/s (burst 4) per principal and per address, 1 connect/s (burst 2), 2 connections. */
  private static Settings.Rates rates(String exempt) {
    return new Settings.Rates("", exempt, 1000, 2, 4, 2, 4, 1, 2, 2, 2, 3, 2, 3, 5, 60);
  }

  private RateLimits limits(String exempt) {
    return new RateLimits(rates(exempt), which -> (int) open.stream().filter(which).count(), time);
  }

  private static int retryAfter(RateLimited e) {
    return e.retryAfterSeconds().orElseThrow();
  }

  @Test
  void a_principal_over_its_request_burst_waits_and_then_is_served_again() {
    RateLimits limits = limits("admin");
    for (int i = 0; i < 4; i++) {
      String address = "192.0.2." + i; // distinct addresses: only the principal's bucket runs dry
      assertDoesNotThrow(() -> limits.request(ALICE, address));
    }
    RateLimited refused = assertThrows(RateLimited.class, () -> limits.request(ALICE, "192.0.2.9"));
    assertEquals(Problem.RATE_LIMITED, refused.problem());
    assertEquals(429, refused.problem().status);
    assertEquals(1, retryAfter(refused), "half a second rounds up to one");
    assertDoesNotThrow(() -> limits.request(BOB, "192.0.2.10"), "another principal is unaffected");
    time.advance(Duration.ofMillis(500));
    assertDoesNotThrow(() -> limits.request(ALICE, "192.0.2.11"), "one token back after half a second");
    assertThrows(RateLimited.class, () -> limits.request(ALICE, "192.0.2.12"));
  }

  @Test
  void an_address_over_its_request_burst_is_refused_whoever_asks_and_anonymous_requests_count() {
    RateLimits limits = limits("admin");
    limits.request(null, "198.51.100.7");
    limits.request(ALICE, "198.51.100.7");
    limits.request(BOB, "198.51.100.7");
    limits.request(null, "198.51.100.7");
    assertThrows(RateLimited.class, () -> limits.request(null, "198.51.100.7"));
    assertThrows(RateLimited.class, () -> limits.request(BOB, "198.51.100.7"));
    assertDoesNotThrow(() -> limits.request(null, "198.51.100.8"));
    time.advance(Duration.ofSeconds(2));
    assertDoesNotThrow(() -> limits.request(null, "198.51.100.7"));
  }

  @Test
  void the_exempt_role_is_never_limited_and_a_blank_one_exempts_nobody() {
    RateLimits limits = limits("admin");
    for (int i = 0; i < 100; i++) {
      limits.request(ADMIN, "127.0.0.1");
      limits.connect(ADMIN, "127.0.0.1");
    }
    open.addAll(List.of(ADMIN, ADMIN, ADMIN));
    assertDoesNotThrow(() -> limits.connect(ADMIN, "127.0.0.1"));
    assertFalse(limits.messages(ADMIN).admit().isPresent());
    RateLimits none = limits("");
    assertFalse(none.exempt(ADMIN));
    assertThrows(RateLimited.class, () -> {
      for (int i = 0; i < 5; i++) {
        none.request(ADMIN, "127.0.0.1");
      }
    });
  }

  @Test
  void ipv6_clients_share_the_bucket_of_their_slash_64() {
    RateLimits limits = limits("admin");
    for (int i = 1; i <= 4; i++) {
      limits.request(null, "2001:db8:1:2:0:0:0:" + i);
    }
    assertThrows(RateLimited.class, () -> limits.request(null, "2001:db8:1:2:ffff:0:0:9"));
    assertDoesNotThrow(() -> limits.request(null, "2001:db8:1:3:0:0:0:1"));
    assertEquals("2001:db8:1:2::/64", RateLimits.addressKey("2001:db8:1:2:0:0:0:1"));
    assertEquals("203.0.113.5", RateLimits.addressKey("203.0.113.5"));
  }

  @Test
  void connects_per_address_are_limited_and_recover() {
    RateLimits limits = limits("admin");
    limits.connect(ALICE, "203.0.113.1");
    limits.connect(BOB, "203.0.113.1");
    RateLimited refused = assertThrows(RateLimited.class, () -> limits.connect(ALICE, "203.0.113.1"));
    assertEquals(1, retryAfter(refused));
    time.advance(Duration.ofSeconds(1));
    assertDoesNotThrow(() -> limits.connect(ALICE, "203.0.113.1"));
  }

  @Test
  void a_principal_at_its_connection_cap_is_refused_until_one_closes() {
    RateLimits limits = limits("admin");
    open.addAll(List.of(ALICE, ALICE, BOB));
    RateLimited refused = assertThrows(RateLimited.class, () -> limits.connect(ALICE, "203.0.113.2"));
    assertTrue(retryAfter(refused) >= 1);
    assertDoesNotThrow(() -> limits.connect(BOB, "203.0.113.3"), "bob holds one of two");
    open.remove(ALICE);
    assertDoesNotThrow(() -> limits.connect(ALICE, "203.0.113.4"));
  }

  @Test
  void a_key_a_user_and_an_external_subject_of_one_name_are_different_principals() {
    Identity key = new Identity("alice", Set.of(), "apikey", "key:1", null);
    Identity oidc = new Identity("alice", Set.of(), "oidc", null, null);
    Identity bearer = new Identity("alice", Set.of(), "bearer", "family:x", null);
    assertEquals(RateLimits.principal(ALICE), RateLimits.principal(bearer));
    assertFalse(RateLimits.principal(ALICE).equals(RateLimits.principal(key)));
    assertFalse(RateLimits.principal(ALICE).equals(RateLimits.principal(oidc)));
  }

  @Test
  void websocket_messages_over_the_limit_are_refused_and_persistent_refusals_call_for_a_close() {
    MessageLimit messages = limits("admin").messages(ALICE);
    for (int i = 0; i < 3; i++) {
      assertTrue(messages.admit().isEmpty(), "burst of 3");
    }
    RateLimited first = messages.admit().orElseThrow();
    assertEquals(1, retryAfter(first));
    assertFalse(messages.persistent(), "one refusal is a warning");
    time.advance(Duration.ofMillis(500));
    assertTrue(messages.admit().isEmpty(), "2 a second: one back after half a second");
    assertTrue(messages.admit().isPresent());
    assertFalse(messages.persistent(), "an admitted message reset the count");
    assertTrue(messages.admit().isPresent());
    assertTrue(messages.persistent(), "two refusals in a row");
  }

  /** A failed password check, as the authenticator makes it. */
  private static void fail(LoginThrottle logins, String account, String address) {
    logins.admit(account, address);
    logins.failed(account, address);
  }

  @Test
  void an_account_that_failed_too_often_refuses_even_the_right_password_until_the_window_passed() {
    LoginThrottle logins = limits("admin").logins();
    for (int i = 0; i < 3; i++) {
      fail(logins, "alice", "192.0.2." + i);
    }
    RateLimited refused = assertThrows(RateLimited.class, () -> logins.admit("alice", "192.0.2.9"));
    assertEquals(60, retryAfter(refused), "the rest of the 60 s window");
    assertTrue(refused.getMessage().contains("account"), refused.getMessage());
    assertDoesNotThrow(() -> logins.admit("bob", "192.0.2.9"), "another account is unaffected");
    time.advance(Duration.ofSeconds(59));
    assertEquals(1, retryAfter(assertThrows(RateLimited.class, () -> logins.admit("alice", "192.0.2.9"))));
    time.advance(Duration.ofSeconds(1));
    assertDoesNotThrow(() -> logins.admit("alice", "192.0.2.9"));
  }

  @Test
  void successes_never_count_however_many_run_at_once() {
    LoginThrottle logins = limits("admin").logins();
    for (int i = 0; i < 100; i++) {
      logins.admit("alice", "192.0.2.1"); // admitted, then succeeded: parallel Basic requests of one client
    }
    for (int i = 0; i < 100; i++) {
      logins.succeeded("alice");
    }
    assertDoesNotThrow(() -> logins.admit("alice", "192.0.2.1"));
  }

  @Test
  void a_success_forgets_the_accounts_failures_but_not_the_addresses() {
    LoginThrottle logins = limits("admin").logins();
    fail(logins, "carol", "192.0.2.50");
    fail(logins, "carol", "192.0.2.50");
    logins.admit("carol", "192.0.2.50");
    logins.succeeded("carol");
    fail(logins, "carol", "192.0.2.51");
    fail(logins, "carol", "192.0.2.51");
    assertDoesNotThrow(() -> logins.admit("carol", "192.0.2.52"), "two failures since the success");
    fail(logins, "dave", "192.0.2.50");
    fail(logins, "erin", "192.0.2.50");
    fail(logins, "frank", "192.0.2.50");
    RateLimited address = assertThrows(RateLimited.class, () -> logins.admit("gina", "192.0.2.50"),
        "five failures from one address, across accounts");
    assertTrue(address.getMessage().contains("address"), address.getMessage());
    assertDoesNotThrow(() -> logins.admit("gina", "192.0.2.99"));
  }

  @Test
  void names_too_long_for_an_account_share_one_key_so_they_cannot_fill_the_cache() {
    LoginThrottle logins = limits("admin").logins();
    for (int i = 0; i < 3; i++) {
      fail(logins, "x".repeat(65) + i, null);
    }
    assertThrows(RateLimited.class, () -> logins.admit("y".repeat(100), null));
  }

  @Test
  void the_buckets_of_one_limit_are_bounded_however_many_keys_come() {
    Buckets buckets = Buckets.perSecond(1, 1, 100, time);
    for (int i = 0; i < 10_000; i++) {
      buckets.take("10.0." + (i / 256) + "." + (i % 256));
    }
    assertTrue(buckets.size() <= 100, "at most the bound: " + buckets.size());
  }

  @Test
  void a_rate_of_zero_turns_the_limit_off() {
    RateLimits off = new RateLimits(new Settings.Rates("", "", 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60),
        which -> 1000, time);
    for (int i = 0; i < 1000; i++) {
      off.request(ALICE, "192.0.2.1");
      off.connect(ALICE, "192.0.2.1");
      fail(off.logins(), "alice", "192.0.2.1");
      assertTrue(off.messages(ALICE).admit().isEmpty());
    }
  }
}

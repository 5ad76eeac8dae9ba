package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.model.User;
import io.switchboard.store.AuthTable.BrowserSession;
import io.switchboard.store.AuthTable;
import io.switchboard.store.Database;
import io.switchboard.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The credentials a user holds after proving its password: refresh-token families (OAuth 2.0
 * password and refresh_token grants) and browser sessions. Refresh tokens rotate on every use;
 * presenting a spent one revokes its whole family (RFC 9700 §4.14.2: one of the two holders is a
 * thief). Every revocation also closes the live sessions running on the credential. Lookups made
 * on every request go through 5-second caches that this node's revocations invalidate at once.
 */
public final class Credentials {
  private static final Duration CACHED = Duration.ofSeconds(5);
  static final String REFRESH_PREFIX = "sbr_";
  static final String SESSION_PREFIX = "sbs_";

  private final Database database;
  private final AccessTokens tokens;
  private final Revocations revocations;
  private final long refreshSeconds;
  private final long sessionSeconds;
  private final Clock clock;
  private final Cache<String, Boolean> liveFamilies = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(CACHED).build();
  private final Cache<String, Optional<BrowserSession>> sessions = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(CACHED).build();

  Credentials(Database database, AccessTokens tokens, Revocations revocations, long refreshSeconds,
              long sessionSeconds, Clock clock) {
    this.database = database;
    this.tokens = tokens;
    this.revocations = revocations;
    this.refreshSeconds = refreshSeconds;
    this.sessionSeconds = sessionSeconds;
    this.clock = clock;
  }

  /** What a token grant answers. */
  public record Grant(AccessTokens.Issued access, String refreshToken) {}

  /** A new browser session: {@code cookie} is the secret the browser keeps. */
  public record NewSession(BrowserSession session, String cookie) {}

  /** The password grant: a new family, its first refresh token and an access token. */
  Grant open(User user) {
    Instant now = clock.instant();
    String family = Secrets.id();
    String refresh = Secrets.random(REFRESH_PREFIX);
    database.write(tx -> {
      tx.auth().insertFamily(family, user.name(), now, now.plusSeconds(refreshSeconds));
      tx.auth().insertRefresh(Secrets.hash(refresh), family, now);
      return null;
    });
    return new Grant(tokens.issue(user.name(), user.roles(), family), refresh);
  }

  /**
   * The refresh_token grant: spends {@code refresh} and returns the next token of its family, if
   * the token is live and {@code userCheck} still finds its user. A spent token revokes the family.
   */
  Optional<Grant> rotate(String refresh, java.util.function.Function<String, Optional<User>> userCheck) {
    if (refresh == null || !refresh.startsWith(REFRESH_PREFIX)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String hash = Secrets.hash(refresh);
    String next = Secrets.random(REFRESH_PREFIX);
    record Step(AuthTable.Family family, boolean reused) {}
    Optional<Step> step = database.write(tx -> {
      Optional<AuthTable.Refresh> token = tx.auth().refresh(hash);
      Optional<AuthTable.Family> family = token.flatMap(t -> tx.auth().family(t.familyId()));
      if (family.isEmpty() || family.get().revoked() || !now.isBefore(family.get().expiresAt())) {
        return Optional.<Step>empty();
      }
      if (token.get().used() || !tx.auth().spend(hash, now)) {
        tx.auth().revokeFamily(family.get().id());
        return Optional.of(new Step(family.get(), true));
      }
      tx.auth().insertRefresh(Secrets.hash(next), family.get().id(), now);
      return Optional.of(new Step(family.get(), false));
    });
    if (step.isEmpty()) {
      return Optional.empty();
    }
    String family = step.get().family().id();
    if (step.get().reused()) {
      revoked("family:" + family);
      return Optional.empty();
    }
    return userCheck.apply(step.get().family().user())
        .map(user -> new Grant(tokens.issue(user.name(), user.roles(), family), next));
  }

  /** Whether the family {@code id} is neither revoked nor expired. */
  boolean familyLive(String id) {
    return id != null && liveFamilies.get(id, f -> database.read(tx -> tx.auth().family(f))
        .map(family -> !family.revoked() && clock.instant().isBefore(family.expiresAt())).orElse(false));
  }

  NewSession login(User user) {
    Instant now = clock.instant();
    String cookie = Secrets.random(SESSION_PREFIX);
    BrowserSession session = new BrowserSession(Secrets.id(), user.name(), Secrets.random(""),
        now.plusSeconds(sessionSeconds));
    database.write(tx -> {
      tx.auth().insertSession(session, Secrets.hash(cookie), now);
      return null;
    });
    return new NewSession(session, cookie);
  }

  /** The live browser session a cookie opens. */
  Optional<BrowserSession> session(String cookie) {
    if (cookie == null || !cookie.startsWith(SESSION_PREFIX)) {
      return Optional.empty();
    }
    return sessions.get(Secrets.hash(cookie), h -> database.read(tx -> tx.auth().sessionBySecret(h)))
        .filter(s -> clock.instant().isBefore(s.expiresAt()));
  }

  /** Whether the browser session {@code id} still exists (a ticket's credential was not logged out). */
  boolean sessionLive(String id) {
    return database.read(tx -> tx.auth().sessionById(id)).isPresent();
  }

  /** Ends a browser session (logout) and closes the live sessions it opened. */
  void logout(BrowserSession session) {
    database.write(tx -> {
      tx.auth().deleteSession(session.id());
      return null;
    });
    sessions.invalidateAll();
    revoked("session:" + session.id());
  }

  /** Inside the transaction that disables, deletes or re-passwords {@code user}: its stored credentials go. */
  void revokeUser(StoreTx tx, String user) {
    tx.auth().revokeFamilies(user);
    tx.auth().deleteSessions(user);
  }

  /** After that transaction committed: caches forget, and the user's live sessions close. */
  void revokedUser(String user) {
    liveFamilies.invalidateAll();
    sessions.invalidateAll();
    revocations.user(user);
  }

  /** The local user {@code user} has new roles: its live sessions take them. */
  void rolesChanged(String user, java.util.Set<String> roles) {
    revocations.roles(user, roles);
  }

  /** The credential {@code credentialId} was revoked: caches forget, its live sessions close. */
  void revoked(String credentialId) {
    liveFamilies.invalidateAll();
    revocations.credential(credentialId);
  }

  void prune() {
    database.write(tx -> {
      tx.auth().prune(clock.instant());
      return null;
    });
  }
}

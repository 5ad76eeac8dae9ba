package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.model.ApiKey;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.User;
import io.switchboard.store.AuthTable.StoredUser;
import io.switchboard.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Local users and API keys: management (the admin API) and the lookups authentication makes on
 * every request, from short caches (5 s; this node's writes invalidate at once). Disabling or
 * deleting a user, or changing its password, revokes every credential it holds: refresh-token
 * families, browser sessions and live sessions. Revoking an API key closes its live sessions.
 */
public final class Accounts {
  private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  static final String KEY_PREFIX = "sbk_";
  private static final int SHOWN_PREFIX = 12;
  private static final Duration CACHED = Duration.ofSeconds(5);

  private final Database database;
  private final Passwords passwords;
  private final Credentials credentials;
  private final Clock clock;
  private final Cache<String, Optional<StoredUser>> users = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(CACHED).build();
  private final Cache<String, Optional<ApiKey>> keys = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(CACHED).build();

  Accounts(Database database, Passwords passwords, Credentials credentials, Clock clock) {
    this.database = database;
    this.passwords = passwords;
    this.credentials = credentials;
    this.clock = clock;
  }

  /** An API key as created: {@code key} is shown this once and never again. */
  public record CreatedKey(ApiKey key, String secret) {}

  /**
   * On the very first start (no users at all) creates {@code admin} with role admin and the given
   * password or, if blank, a generated one, written once to the log for the operator.
   */
  void bootstrap(String adminPassword) {
    if (database.read(tx -> tx.auth().countUsers()) > 0) {
      return;
    }
    boolean generated = adminPassword == null || adminPassword.isBlank();
    String password = generated ? Secrets.random("").substring(0, 24) : adminPassword;
    create("admin", password, Set.of("admin"), true);
    if (generated) {
      LOG.warning("Created the first user 'admin' with the generated password " + password
          + " (printed this once; set switchboard.admin.password to choose it, and change it with PATCH /admin/users/admin)");
    } else {
      LOG.info("Created the first user 'admin' with the password from switchboard.admin.password");
    }
  }

  public User create(String name, String password, Set<String> roles, boolean enabled) {
    checkName(name);
    checkPassword(password);
    checkRoles(roles);
    Instant now = clock.instant();
    User user = new User(name, roles, enabled, now, now);
    String hash = passwords.hash(password);
    database.write(tx -> {
      if (tx.auth().user(name).isPresent()) {
        throw new SwitchboardException(Problem.ALREADY_EXISTS, "A user named '" + name + "' exists.");
      }
      tx.auth().insertUser(user, hash);
      return null;
    });
    users.invalidate(name);
    return user;
  }

  public List<User> list() {
    return database.read(tx -> tx.auth().users());
  }

  public User get(String name) {
    return database.read(tx -> tx.auth().user(name)).map(StoredUser::user)
        .orElseThrow(() -> new SwitchboardException(Problem.NOT_FOUND, "No user named '" + name + "'."));
  }

  /**
   * Changes what is given (null: unchanged). A new password, or disabling the user, revokes every
   * credential the user holds; new roles apply to its live sessions at once.
   */
  public User update(String name, Set<String> roles, Boolean enabled, String password) {
    if (roles != null) {
      checkRoles(roles);
    }
    if (password != null) {
      checkPassword(password);
    }
    String newHash = password == null ? null : passwords.hash(password);
    record Updated(User user, boolean revoked, boolean rolesChanged) {}
    Updated updated = database.write(tx -> {
      StoredUser stored = tx.auth().user(name)
          .orElseThrow(() -> new SwitchboardException(Problem.NOT_FOUND, "No user named '" + name + "'."));
      User u = stored.user();
      User next = new User(name, roles == null ? u.roles() : roles, enabled == null ? u.enabled() : enabled,
          u.createdAt(), clock.instant());
      tx.auth().updateUser(next, newHash == null ? stored.passwordHash() : newHash);
      boolean revoke = newHash != null || (u.enabled() && !next.enabled());
      if (revoke) {
        credentials.revokeUser(tx, name);
      }
      return new Updated(next, revoke, !next.roles().equals(u.roles()));
    });
    users.invalidate(name);
    if (updated.revoked()) {
      credentials.revokedUser(name);
    } else if (updated.rolesChanged()) {
      credentials.rolesChanged(name, updated.user().roles());
    }
    return updated.user();
  }

  public void delete(String name) {
    database.write(tx -> {
      if (!tx.auth().deleteUser(name)) {
        throw new SwitchboardException(Problem.NOT_FOUND, "No user named '" + name + "'.");
      }
      credentials.revokeUser(tx, name);
      return null;
    });
    users.invalidate(name);
    credentials.revokedUser(name);
  }

  public CreatedKey createKey(String name, Set<String> roles) {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "An API key needs a name of 1 to 64 characters.");
    }
    checkRoles(roles);
    String secret = Secrets.random(KEY_PREFIX);
    ApiKey key = new ApiKey(Secrets.id(), name, secret.substring(0, SHOWN_PREFIX), roles, clock.instant());
    database.write(tx -> {
      tx.auth().insertKey(key, Secrets.hash(secret));
      return null;
    });
    return new CreatedKey(key, secret);
  }

  public List<ApiKey> keys() {
    return database.read(tx -> tx.auth().keys());
  }

  /** Revokes a key: it stops working at once and its live sessions close. */
  public void revokeKey(String id) {
    boolean gone = database.write(tx -> tx.auth().deleteKey(id));
    if (!gone) {
      throw new SwitchboardException(Problem.NOT_FOUND, "No API key '" + id + "'.");
    }
    keys.invalidateAll();
    credentials.revoked("key:" + id);
  }

  /** The enabled user {@code name} if {@code password} is its password. */
  Optional<User> checkPassword(String name, String password) {
    Optional<StoredUser> stored = stored(name);
    boolean ok = passwords.matches(name, password, stored.map(StoredUser::passwordHash).orElse(null));
    return ok ? stored.map(StoredUser::user).filter(User::enabled) : Optional.empty();
  }

  /** The key {@code secret} opens, if it exists. */
  Optional<ApiKey> checkKey(String secret) {
    if (secret == null || !secret.startsWith(KEY_PREFIX)) {
      return Optional.empty();
    }
    String hash = Secrets.hash(secret);
    return keys.get(hash, h -> database.read(tx -> tx.auth().keyByHash(h)));
  }

  /** Whether the key {@code id} still exists. */
  boolean keyExists(String id) {
    return database.read(tx -> tx.auth().keyExists(id));
  }

  /** The user {@code name} if it exists and is enabled. */
  public Optional<User> active(String name) {
    return stored(name).map(StoredUser::user).filter(User::enabled);
  }

  private Optional<StoredUser> stored(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return users.get(name, n -> database.read(tx -> tx.auth().user(n)));
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED,
          "A user name is 1 to 64 letters, digits or . _ @ -.");
    }
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < Passwords.MIN_LENGTH || password.length() > 1024) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED,
          "A password is " + Passwords.MIN_LENGTH + " to 1024 characters.");
    }
  }

  private static void checkRoles(Set<String> roles) {
    if (roles == null || roles.size() > 32 || !roles.stream().allMatch(r -> r != null && ROLE.matcher(r).matches())) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED,
          "Roles are up to 32 names of 1 to 64 letters, digits or . _ : -.");
    }
  }
}

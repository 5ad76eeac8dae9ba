package io.switchboard.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.model.ApiKey;
import io.switchboard.model.Json;
import io.switchboard.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accounts and credentials inside one {@link StoreTx}: users, API keys, refresh-token families and
 * their tokens, browser sessions and the token-signing keys. Secrets arrive here already hashed.
 */
public final class AuthTable {
  private final StoreTx tx;

  AuthTable(StoreTx tx) {
    this.tx = tx;
  }

  /** A user with the hash of its password. */
  public record StoredUser(User user, String passwordHash) {}

  /** A refresh-token family. */
  public record Family(String id, String user, Instant expiresAt, boolean revoked) {}

  /** A refresh token: {@code used} once it has been exchanged. */
  public record Refresh(String familyId, boolean used) {}

  /** A browser session. */
  public record BrowserSession(String id, String user, String csrf, Instant expiresAt) {}

  // Users

  public long countUsers() {
    return tx.query("SELECT COUNT(*) FROM users", List.of(), rs -> rs.getLong(1)).get(0);
  }

  public void insertUser(User u, String passwordHash) {
    tx.update("INSERT INTO users (name, password_hash, roles, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        List.of(u.name(), passwordHash, roles(u.roles()), u.enabled() ? 1 : 0, u.createdAt().toEpochMilli(),
            u.updatedAt().toEpochMilli()));
  }

  public Optional<StoredUser> user(String name) {
    return tx.query("SELECT name, password_hash, roles, enabled, created_at, updated_at FROM users WHERE name = ?",
        List.of(name), AuthTable::storedUser).stream().findFirst();
  }

  public List<User> users() {
    return tx.query("SELECT name, password_hash, roles, enabled, created_at, updated_at FROM users ORDER BY name",
        List.of(), rs -> storedUser(rs).user());
  }

  public boolean updateUser(User u, String passwordHash) {
    return tx.update("UPDATE users SET password_hash = ?, roles = ?, enabled = ?, updated_at = ? WHERE name = ?",
        List.of(passwordHash, roles(u.roles()), u.enabled() ? 1 : 0, u.updatedAt().toEpochMilli(), u.name())) == 1;
  }

  public boolean deleteUser(String name) {
    return tx.update("DELETE FROM users WHERE name = ?", List.of(name)) == 1;
  }

  // API keys

  public void insertKey(ApiKey key, String keyHash) {
    tx.update("INSERT INTO api_keys (id, name, prefix, key_hash, roles, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        List.of(key.id(), key.name(), key.prefix(), keyHash, roles(key.roles()), key.createdAt().toEpochMilli()));
  }

  public Optional<ApiKey> keyByHash(String keyHash) {
    return tx.query("SELECT id, name, prefix, roles, created_at FROM api_keys WHERE key_hash = ?", List.of(keyHash),
        AuthTable::apiKey).stream().findFirst();
  }

  public List<ApiKey> keys() {
    return tx.query("SELECT id, name, prefix, roles, created_at FROM api_keys ORDER BY created_at, id", List.of(),
        AuthTable::apiKey);
  }

  public boolean keyExists(String id) {
    return !tx.query("SELECT 1 FROM api_keys WHERE id = ?", List.of(id), rs -> 1).isEmpty();
  }

  public boolean deleteKey(String id) {
    return tx.update("DELETE FROM api_keys WHERE id = ?", List.of(id)) == 1;
  }

  // Refresh-token families and tokens

  public void insertFamily(String id, String user, Instant createdAt, Instant expiresAt) {
    tx.update("INSERT INTO token_families (id, user_name, created_at, expires_at, revoked) VALUES (?, ?, ?, ?, 0)",
        List.of(id, user, createdAt.toEpochMilli(), expiresAt.toEpochMilli()));
  }

  public Optional<Family> family(String id) {
    return tx.query("SELECT id, user_name, expires_at, revoked FROM token_families WHERE id = ?", List.of(id),
        rs -> new Family(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4) != 0))
        .stream().findFirst();
  }

  public void revokeFamily(String id) {
    tx.update("UPDATE token_families SET revoked = 1 WHERE id = ?", List.of(id));
  }

  /** Revokes every family of {@code user}. */
  public void revokeFamilies(String user) {
    tx.update("UPDATE token_families SET revoked = 1 WHERE user_name = ?", List.of(user));
  }

  public void insertRefresh(String tokenHash, String familyId, Instant createdAt) {
    tx.update("INSERT INTO refresh_tokens (token_hash, family_id, created_at) VALUES (?, ?, ?)",
        List.of(tokenHash, familyId, createdAt.toEpochMilli()));
  }

  public Optional<Refresh> refresh(String tokenHash) {
    return tx.query("SELECT family_id, used_at FROM refresh_tokens WHERE token_hash = ?", List.of(tokenHash),
        rs -> new Refresh(rs.getString(1), rs.getObject(2) != null)).stream().findFirst();
  }

  /** Marks a refresh token spent; false if it already was (a concurrent exchange won). */
  public boolean spend(String tokenHash, Instant at) {
    return tx.update("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
        List.of(at.toEpochMilli(), tokenHash)) == 1;
  }

  // Browser sessions

  public void insertSession(BrowserSession s, String secretHash, Instant createdAt) {
    tx.update("INSERT INTO auth_sessions (id, secret_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        List.of(s.id(), secretHash, s.user(), s.csrf(), createdAt.toEpochMilli(), s.expiresAt().toEpochMilli()));
  }

  public Optional<BrowserSession> sessionBySecret(String secretHash) {
    return tx.query("SELECT id, user_name, csrf, expires_at FROM auth_sessions WHERE secret_hash = ?",
        List.of(secretHash), rs -> new BrowserSession(rs.getString(1), rs.getString(2), rs.getString(3),
            Instant.ofEpochMilli(rs.getLong(4)))).stream().findFirst();
  }

  public Optional<BrowserSession> sessionById(String id) {
    return tx.query("SELECT id, user_name, csrf, expires_at FROM auth_sessions WHERE id = ?",
        List.of(id), rs -> new BrowserSession(rs.getString(1), rs.getString(2), rs.getString(3),
            Instant.ofEpochMilli(rs.getLong(4)))).stream().findFirst();
  }

  public void deleteSession(String id) {
    tx.update("DELETE FROM auth_sessions WHERE id = ?", List.of(id));
  }

  /** Deletes every session of {@code user}. */
  public void deleteSessions(String user) {
    tx.update("DELETE FROM auth_sessions WHERE user_name = ?", List.of(user));
  }

  /** Forgets expired sessions and families (with their tokens). */
  public void prune(Instant now) {
    long at = now.toEpochMilli();
    tx.update("DELETE FROM auth_sessions WHERE expires_at < ?", List.of(at));
    tx.update("DELETE FROM refresh_tokens WHERE family_id IN (SELECT id FROM token_families WHERE expires_at < ?)",
        List.of(at));
    tx.update("DELETE FROM token_families WHERE expires_at < ?", List.of(at));
  }

  // Signing keys

  /** The stored signing keys (private JWK JSON), oldest first. */
  public List<String> signingKeys() {
    return tx.query("SELECT jwk FROM signing_keys ORDER BY created_at, kid", List.of(), rs -> rs.getString(1));
  }

  public void insertSigningKey(String kid, String jwk, Instant createdAt) {
    tx.update("INSERT INTO signing_keys (kid, jwk, created_at) VALUES (?, ?, ?)",
        List.of(kid, jwk, createdAt.toEpochMilli()));
  }

  private static StoredUser storedUser(ResultSet rs) throws SQLException {
    return new StoredUser(new User(rs.getString(1), roles(rs.getString(3)), rs.getInt(4) != 0,
        Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6))), rs.getString(2));
  }

  private static ApiKey apiKey(ResultSet rs) throws SQLException {
    return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), roles(rs.getString(4)),
        Instant.ofEpochMilli(rs.getLong(5)));
  }

  private static String roles(Set<String> roles) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    new TreeSet<>(roles).forEach(array::add);
    return array.toString();
  }

  private static Set<String> roles(String json) {
    Set<String> roles = new TreeSet<>();
    Json.parseStored(json).forEach(r -> roles.add(r.asText()));
    return roles;
  }
}

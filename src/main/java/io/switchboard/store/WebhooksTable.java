package io.switchboard.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Webhook endpoints and their delivery log, inside one {@link StoreTx}. */
public final class WebhooksTable {
  /** Attempts kept per endpoint; older ones are trimmed as new ones are logged. */
  static final int ATTEMPTS_KEPT = 1000;
  private static final String COLUMNS = "id, url, description, topics, filter, secret, previous_secret, previous_until,"
      + " status, status_reason, cursor, failing_since, created_at, updated_at, owner, owner_roles";
  private static final String ATTEMPT_COLUMNS =
      "id, webhook_id, event_seq, message_id, attempt, status, outcome, error, latency_ms, response, time";

  private final StoreTx tx;

  WebhooksTable(StoreTx tx) {
    this.tx = tx;
  }

  public void insert(Webhook w) {
    tx.update("INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values(w));
  }

  /** Replaces every column of an existing endpoint; returns false if it is gone. */
  public boolean update(Webhook w) {
    List<Object> values = values(w);
    values.add(values.remove(0));
    return tx.update("UPDATE webhooks SET url = ?, description = ?, topics = ?, filter = ?, secret = ?,"
        + " previous_secret = ?, previous_until = ?, status = ?, status_reason = ?, cursor = ?, failing_since = ?,"
        + " created_at = ?, updated_at = ?, owner = ?, owner_roles = ? WHERE id = ?", values) == 1;
  }

  /** Moves the cursor of an endpoint forward (never back) and clears its failure clock. */
  public void advance(String id, long cursor) {
    tx.update("UPDATE webhooks SET cursor = ?, failing_since = NULL WHERE id = ? AND cursor < ?",
        List.of(cursor, id, cursor));
  }

  /** Sets when the current event's first failed attempt was made. */
  public void failingSince(String id, Instant since) {
    tx.update("UPDATE webhooks SET failing_since = ? WHERE id = ?", List.of(since.toEpochMilli(), id));
  }

  /** Stops an endpoint: {@code failing} or {@code disabled}, with the reason shown to operators. */
  public void stop(String id, Webhook.Status status, String reason, Instant at) {
    tx.update("UPDATE webhooks SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
        List.of(status.name().toLowerCase(Locale.ROOT), reason, at.toEpochMilli(), id));
  }

  public boolean delete(String id) {
    tx.update("DELETE FROM webhook_attempts WHERE webhook_id = ?", List.of(id));
    return tx.update("DELETE FROM webhooks WHERE id = ?", List.of(id)) == 1;
  }

  public Optional<Webhook> find(String id) {
    return tx.query("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?", List.of(id), WebhooksTable::webhook)
        .stream().findFirst();
  }

  /** Every endpoint, oldest first. */
  public List<Webhook> list() {
    return tx.query("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id", List.of(), WebhooksTable::webhook);
  }

  /** The endpoints {@code owner} registered, oldest first. */
  public List<Webhook> list(String owner) {
    return tx.query("SELECT " + COLUMNS + " FROM webhooks WHERE owner = ? ORDER BY created_at, id", List.of(owner),
        WebhooksTable::webhook);
  }

  /** Logs an attempt; trims the endpoint's log to the newest {@value #ATTEMPTS_KEPT}. */
  public void log(WebhookAttempt a) {
    tx.update("INSERT INTO webhook_attempts (" + ATTEMPT_COLUMNS.substring("id, ".length())
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Arrays.asList(a.webhookId(), a.eventSeq(), a.messageId(),
        a.attempt(), a.status(), a.outcome(), a.error(), a.latencyMillis(), a.response(), a.time().toEpochMilli()));
    tx.update("DELETE FROM webhook_attempts WHERE webhook_id = ? AND id <= (SELECT MAX(id) FROM webhook_attempts"
        + " WHERE webhook_id = ?) - ?", List.of(a.webhookId(), a.webhookId(), ATTEMPTS_KEPT));
  }

  /** The newest {@code limit} attempts of an endpoint, newest first. */
  public List<WebhookAttempt> attempts(String id, int limit) {
    return tx.query("SELECT " + ATTEMPT_COLUMNS + " FROM webhook_attempts WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
        List.of(id, limit), rs -> new WebhookAttempt(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
            rs.getInt(5), (Integer) (rs.getObject(6) == null ? null : rs.getInt(6)), rs.getString(7),
            rs.getString(8), rs.getLong(9), rs.getString(10), Instant.ofEpochMilli(rs.getLong(11))));
  }

  private static List<Object> values(Webhook w) {
    return new ArrayList<>(Arrays.asList(w.id(), w.url(), w.description(), Json.write(Json.MAPPER.valueToTree(w.topics())),
        w.filter() == null ? null : Json.write(w.filter()), w.secret(), w.previousSecret(), millis(w.previousUntil()),
        w.status().name().toLowerCase(Locale.ROOT), w.statusReason(), w.cursor(), millis(w.failingSince()),
        w.createdAt().toEpochMilli(), w.updatedAt().toEpochMilli(), w.owner(),
        Json.write(Json.MAPPER.valueToTree(new TreeSet<>(w.ownerRoles())))));
  }

  private static Webhook webhook(ResultSet rs) throws SQLException {
    List<String> topics = new ArrayList<>();
    Json.parseStored(rs.getString(4)).forEach(t -> topics.add(t.asText()));
    String filter = rs.getString(5);
    return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), List.copyOf(topics),
        filter == null ? null : (ObjectNode) Json.parseStored(filter), rs.getString(6), rs.getString(7),
        instant(rs, 8), Webhook.Status.valueOf(rs.getString(9).toUpperCase(Locale.ROOT)), rs.getString(10),
        rs.getLong(11), instant(rs, 12), Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)),
        rs.getString(15), roles(rs.getString(16)));
  }

  private static Set<String> roles(String stored) {
    Set<String> roles = new HashSet<>();
    if (stored != null) {
      Json.parseStored(stored).forEach(r -> roles.add(r.asText()));
    }
    return roles;
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}

package io.switchboard.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The access rules in force, as their JSON text: one row, inside one {@link StoreTx}. */
public final class RulesTable {
  private final StoreTx tx;

  RulesTable(StoreTx tx) {
    this.tx = tx;
  }

  /** The stored rules, if any were ever stored. */
  public Optional<String> load() {
    return tx.query("SELECT rules FROM access_rules WHERE id = 1", List.of(), rs -> rs.getString(1)).stream().findFirst();
  }

  public void save(String rules, Instant now) {
    tx.update("INSERT INTO access_rules (id, rules, updated_at) VALUES (1, ?, ?) ON CONFLICT (id)"
        + " DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at", List.of(rules, now.toEpochMilli()));
  }
}

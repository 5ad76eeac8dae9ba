package io.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One transaction of {@link Database}, with typed access of one shape to what it may touch:
 * {@link #documents()}, {@link #log()}, {@link #webhooks()}, {@link #auth()} and {@link #rules()}. Confined to the thread running the
 * transaction; never kept after it ends.
 */
public final class StoreTx {
  private final Connection connection;
  private final Dialect dialect;
  private final boolean writable;
  private final DocumentsTable documents = new DocumentsTable(this);
  private final LogTable log = new LogTable(this);
  private final WebhooksTable webhooks = new WebhooksTable(this);
  private final AuthTable auth = new AuthTable(this);
  private final RulesTable rules = new RulesTable(this);

  StoreTx(Connection connection, Dialect dialect, boolean writable) {
    this.connection = connection;
    this.dialect = dialect;
    this.writable = writable;
  }

  public DocumentsTable documents() {
    return documents;
  }

  public LogTable log() {
    return log;
  }

  public WebhooksTable webhooks() {
    return webhooks;
  }

  public AuthTable auth() {
    return auth;
  }

  public RulesTable rules() {
    return rules;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Whether this is a write transaction (reads then lock the rows they find). */
  boolean writable() {
    return writable;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  <T> List<T> query(String sql, List<?> params, Row<T> row) {
    try (PreparedStatement statement = prepare(sql, params); ResultSet rs = statement.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.map(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  int update(String sql, List<?> params) {
    try (PreparedStatement statement = prepare(sql, params)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private PreparedStatement prepare(String sql, List<?> params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
    }
    return statement;
  }
}


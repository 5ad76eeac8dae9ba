package io.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * The database: a connection pool, the migrated schema and transaction boundaries.
 *
 * <p>Thread-safe. {@link #write} runs one read-modify-write transaction; on SQLite, writers are
 * serialised by a fair in-process lock (SQLite has one writer at a time anyway; the lock avoids
 * busy-waiting). {@link #read} runs a read-only transaction that sees one consistent snapshot
 * (WAL on SQLite, REPEATABLE READ on PostgreSQL), so a list and the log position it reports agree.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;
  private final Dialect dialect;
  private final ReentrantLock sqliteWriter = new ReentrantLock(true);

  private Database(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** Opens the pool and migrates the schema to the newest version. */
  public static Database open(Settings settings) {
    Dialect dialect = Dialect.of(settings.db().url());
    HikariConfig config = new HikariConfig();
    config.setPoolName("switchboard");
    config.setJdbcUrl(settings.db().url());
    config.setMaximumPoolSize(settings.db().poolSize());
    if (!settings.db().user().isEmpty()) {
      config.setUsername(settings.db().user());
      config.setPassword(settings.db().password());
    }
    if (dialect == Dialect.SQLITE) {
      createDataDir(settings);
      config.setDriverClassName("org.sqlite.JDBC");
      // WAL: readers never block the writer. synchronous=NORMAL in WAL mode survives a process
      // crash (the acknowledged-write promise); FULL also survives a power loss, at an fsync per commit.
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", settings.db().sqliteSynchronous());
      config.addDataSourceProperty("busy_timeout", "10000");
      config.addDataSourceProperty("foreign_keys", "true");
    } else {
      config.setDriverClassName("org.postgresql.Driver");
    }
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure(Database.class.getClassLoader())
          .dataSource(pool)
          .locations("classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, dialect);
  }

  private static void createDataDir(Settings settings) {
    try {
      Files.createDirectories(settings.server().dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory " + settings.server().dataDir(), e);
    }
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(StoreTx tx);
  }

  /** Runs {@code work} in a write transaction: committed if it returns, rolled back if it throws. */
  public <T> T write(Work<T> work) {
    boolean sqlite = dialect == Dialect.SQLITE;
    if (sqlite) {
      sqliteWriter.lock();
    }
    try {
      return transaction(work, false);
    } finally {
      if (sqlite) {
        sqliteWriter.unlock();
      }
    }
  }

  /** Runs {@code work} in a read-only transaction over one consistent snapshot. */
  public <T> T read(Work<T> work) {
    return transaction(work, true);
  }

  /** HikariCP restores auto-commit and the isolation level when the connection goes back to the pool. */
  private <T> T transaction(Work<T> work, boolean readOnly) {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      if (readOnly && dialect == Dialect.POSTGRESQL) {
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        T result = work.run(new StoreTx(connection, dialect, !readOnly));
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}

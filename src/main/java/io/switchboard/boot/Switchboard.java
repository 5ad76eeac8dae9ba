package io.switchboard.boot;

import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.store.Database;
import io.switchboard.web.rest.RestApplication;
import java.time.Clock;

/**
 * The running server's object graph: settings, then the database, then the services that use it,
 * then the transports. Built once per deployment; {@link #close()} releases it in reverse order.
 */
public final class Switchboard implements AutoCloseable {
  private final Settings settings;
  private final Database database;
  private final DocumentService documents;

  private Switchboard(Settings settings, Database database, DocumentService documents) {
    this.settings = settings;
    this.database = database;
    this.documents = documents;
  }

  public static Switchboard start(Settings settings) {
    Database database = Database.open(settings);
    // The realtime hub subscribes here (next step of the data path); until then committed events
    // are only kept in the log.
    DocumentService documents = new DocumentService(database, Clock.systemUTC(), settings.defaultPageSize(),
        settings.maxPageSize(), event -> { });
    return new Switchboard(settings, database, documents);
  }

  /** The Jakarta REST application serving this graph. */
  public RestApplication restApplication() {
    return new RestApplication(documents, settings);
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    database.close();
  }
}

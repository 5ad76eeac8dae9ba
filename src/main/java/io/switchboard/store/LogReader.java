package io.switchboard.store;

import io.switchboard.hub.EventLog;
import io.switchboard.model.Event;
import java.util.List;
import java.util.Set;

/** The hub's view of the event log, each call one short read-only transaction. */
public final class LogReader implements EventLog {
  private final Database db;

  public LogReader(Database db) {
    this.db = db;
  }

  @Override
  public List<Event> after(long seq, int limit) {
    return db.read(tx -> tx.log().events(seq, limit));
  }

  @Override
  public List<Event> after(long seq, Set<String> topics, int limit) {
    return db.read(tx -> tx.log().events(seq, topics, limit));
  }

  @Override
  public long lastSeq() {
    return db.read(tx -> tx.log().lastSeq());
  }

  @Override
  public long horizon(Set<String> topics) {
    return db.read(tx -> tx.log().horizon(topics));
  }
}

-- Collections come into being on first write; json_schema is the optional JSON Schema (2020-12).
CREATE TABLE collections (
  name        TEXT PRIMARY KEY,
  json_schema TEXT,
  created_at  INTEGER NOT NULL
);

-- Client data only; server fields are columns. Times are epoch milliseconds.
CREATE TABLE documents (
  collection TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  data       TEXT    NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;

-- The last version of each deleted document, so that a document re-created at the same id
-- continues its version sequence (ETags and event versions never repeat for an id).
CREATE TABLE tombstones (
  collection TEXT  NOT NULL,
  id         TEXT  NOT NULL,
  version    INTEGER NOT NULL,
  PRIMARY KEY (collection, id)
);

-- The append-only event log (transactional outbox). previous is the document before the change
-- (null for a create or a message): live queries use it to tell "leaves the filter" from "never in it". seq is allocated from event_counter inside
-- the writing transaction, so it is gapless and increases in commit order.
CREATE TABLE events (
  seq     INTEGER PRIMARY KEY,
  topic   TEXT    NOT NULL,
  type    TEXT    NOT NULL,
  doc_id  TEXT,
  version INTEGER,
  data    TEXT,
  previous TEXT,
  time    INTEGER NOT NULL
);
CREATE INDEX events_by_topic ON events (topic, seq);

-- Channel messages older than the retention are pruned from the log; through_seq is the newest
-- pruned message of a channel, so a subscriber resuming from below it gets a reset, not a gap.
CREATE TABLE pruned (
  topic       TEXT PRIMARY KEY,
  through_seq INTEGER NOT NULL
);

CREATE TABLE event_counter (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL
);
INSERT INTO event_counter (id, last_seq) VALUES (1, 0);

-- Collections come into being on first write; json_schema is the optional JSON Schema (2020-12).
CREATE TABLE collections (
  name        TEXT PRIMARY KEY,
  json_schema JSONB,
  created_at  BIGINT NOT NULL
);

-- Client data only; server fields are columns. Times are epoch milliseconds. Ids compare
-- bytewise (COLLATE "C") so keyset pagination orders them the same way as SQLite does.
CREATE TABLE documents (
  collection TEXT   NOT NULL,
  id         TEXT   COLLATE "C" NOT NULL,
  version    BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  data       JSONB  NOT NULL,
  PRIMARY KEY (collection, id)
);

-- The last version of each deleted document, so that a document re-created at the same id
-- continues its version sequence (ETags and event versions never repeat for an id).
CREATE TABLE tombstones (
  collection TEXT NOT NULL,
  id         TEXT COLLATE "C" NOT NULL,
  version    BIGINT NOT NULL,
  PRIMARY KEY (collection, id)
);

-- The append-only event log (transactional outbox). previous is the document before the change
-- (null for a create or a message): live queries use it to tell "leaves the filter" from "never in it". seq is allocated by updating the single
-- event_counter row as the last statement of the writing transaction: the row lock is held until
-- commit, so writers commit in seq order and the log has no gaps and no late-appearing holes.
CREATE TABLE events (
  seq     BIGINT PRIMARY KEY,
  topic   TEXT   NOT NULL,
  type    TEXT   NOT NULL,
  doc_id  TEXT,
  version BIGINT,
  data    JSONB,
  previous JSONB,
  time    BIGINT NOT NULL
);
CREATE INDEX events_by_topic ON events (topic, seq);

-- Channel messages older than the retention are pruned from the log; through_seq is the newest
-- pruned message of a channel, so a subscriber resuming from below it gets a reset, not a gap.
CREATE TABLE pruned (
  topic       TEXT PRIMARY KEY,
  through_seq BIGINT NOT NULL
);

CREATE TABLE event_counter (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL
);
INSERT INTO event_counter (id, last_seq) VALUES (1, 0);

-- Webhook endpoints: durable subscribers of the event log, each with its own stored cursor (the
-- last event delivered, or skipped as outside its topics). topics is a JSON array of topic names,
-- filter a JSON object of live-query parameters (or null). secret is the current signing secret;
-- previous_secret also signs until previous_until, during a rotation. status is active, failing
-- (retries exhausted: dead letter) or disabled (by the receiver's 410 or an operator).
-- failing_since is when the first failed attempt of the current event was made.
CREATE TABLE webhooks (
  id             TEXT    PRIMARY KEY,
  url            TEXT    NOT NULL,
  description    TEXT    NOT NULL,
  topics         TEXT    NOT NULL,
  filter         TEXT,
  secret         TEXT    NOT NULL,
  previous_secret TEXT,
  previous_until INTEGER,
  status         TEXT    NOT NULL,
  status_reason  TEXT,
  cursor         INTEGER NOT NULL,
  failing_since  INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

-- The delivery log: one row per attempt, newest kept (older ones are trimmed per endpoint).
CREATE TABLE webhook_attempts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id  TEXT    NOT NULL,
  event_seq   INTEGER NOT NULL,
  message_id  TEXT    NOT NULL,
  attempt     INTEGER NOT NULL,
  status      INTEGER,
  outcome     TEXT    NOT NULL,
  error       TEXT,
  latency_ms  INTEGER NOT NULL,
  response    TEXT,
  time        INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_by_webhook ON webhook_attempts (webhook_id, id);

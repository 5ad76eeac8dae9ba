-- Accounts and credentials. Every secret is stored as a hash: passwords as Argon2id (PHC string),
-- API keys, refresh tokens and session cookies as the SHA-256 of a 256-bit random value (such
-- values need no slow hash). roles is a JSON array. Times are epoch milliseconds.
CREATE TABLE users (
  name          TEXT    PRIMARY KEY,
  password_hash TEXT    NOT NULL,
  roles         TEXT    NOT NULL,
  enabled       INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

-- API keys: id is public (shown in listings and in live sessions), prefix the key's first
-- characters (to recognise it), key_hash the SHA-256 of the whole key.
CREATE TABLE api_keys (
  id         TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  prefix     TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  roles      TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

-- A refresh-token family: every token rotated from one password grant. Revoking it (logout,
-- reuse of a spent token, the user's credentials changing) ends every access token it issued.
CREATE TABLE token_families (
  id         TEXT    PRIMARY KEY,
  user_name  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL
);

-- Refresh tokens, single use: used_at is set when one is exchanged.
CREATE TABLE refresh_tokens (
  token_hash TEXT    PRIMARY KEY,
  family_id  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Browser sessions: id is public, secret_hash the SHA-256 of the cookie's value.
CREATE TABLE auth_sessions (
  id          TEXT    PRIMARY KEY,
  secret_hash TEXT    NOT NULL UNIQUE,
  user_name   TEXT    NOT NULL,
  csrf        TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);

-- The access tokens' signing key pairs (private JWK JSON), shared by every node; the oldest signs.
CREATE TABLE signing_keys (
  kid        TEXT    PRIMARY KEY,
  jwk        TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

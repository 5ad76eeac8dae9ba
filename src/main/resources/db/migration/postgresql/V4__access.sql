-- Access rules (issue 12). A document's owner is the principal that created it: set by the
-- server, changed only by an admin; null for documents created anonymously or before owners.
ALTER TABLE documents ADD COLUMN owner TEXT;
CREATE INDEX documents_by_owner ON documents (collection, owner, id);

-- A webhook is delivered with its owner's rights: the principal that created it, and the roles
-- it had then (a local user's current roles are used while the user exists).
ALTER TABLE webhooks ADD COLUMN owner TEXT;
ALTER TABLE webhooks ADD COLUMN owner_roles TEXT;

-- The access rules in force (one row), as set through PUT /admin/rules or a rules file.
CREATE TABLE access_rules (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  rules      TEXT    NOT NULL,
  updated_at BIGINT  NOT NULL
);

-- Scopes: one database holds the state of many Discord servers, each server's rows in a scope of
-- its own (the server's id, say); the rows of earlier versions, a single server's, become the
-- default scope ''. The scope leads the primary key, so a scope's rows are found, and its next
-- place in commit order read, by the key and the index alone.
-- SQLite cannot change a table's primary key, so the table is rebuilt: created anew, filled from
-- the old one, which is dropped (with its index), and renamed. Both databases read these
-- statements the same way, and Flyway runs them in one transaction on both.
CREATE TABLE entries_v3 (
  scope       TEXT   NOT NULL DEFAULT '',
  store_name  TEXT   NOT NULL,
  entry_key   TEXT   NOT NULL,
  entry_value TEXT   NOT NULL,
  seq         BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT entries_scoped_key PRIMARY KEY (scope, store_name, entry_key)
);
INSERT INTO entries_v3 (scope, store_name, entry_key, entry_value, seq)
  SELECT '', store_name, entry_key, entry_value, seq FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v3 RENAME TO entries;
CREATE INDEX entries_by_scope_seq ON entries (scope, store_name, seq);

-- Every store's entries, one row each: the store's name, the key and the value as JSON text.
-- One statement that SQLite and PostgreSQL both read the same way.
CREATE TABLE entries (
  store_name  TEXT NOT NULL,
  entry_key   TEXT NOT NULL,
  entry_value TEXT NOT NULL,
  PRIMARY KEY (store_name, entry_key)
);

-- Stands for a migration that a newer Relva would bring: the tests apply it to make a database
-- this Relva must refuse to open.
CREATE TABLE newer_relva (id INTEGER PRIMARY KEY);

-- When each key was first committed, in commit order: a journal restores the newest entries of a
-- long history (the pops' records) without reading all of it. Rows from version 1 get 0, which
-- sorts them first, by key.
ALTER TABLE entries ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX entries_by_seq ON entries (store_name, seq);

-- Ended matches now live in their own store, 'history', which a restart leaves in the database:
-- move the finished and cancelled ones a version-1 Relva kept among the open matches.
UPDATE entries SET store_name = 'history'
WHERE store_name = 'matches'
  AND (entry_value LIKE '%"state":"FINISHED"%' OR entry_value LIKE '%"state":"CANCELLED"%');

-- Fencing: who may commit to a scope. A process that serves a Discord server claims its scope
-- (RelvaStore.claimScope), which gives the scope a new epoch and names the claimer; every commit
-- through that claim first checks, in its own transaction, that the scope's epoch is still the
-- one it claimed, so an old holder's late commits are refused once a new holder has claimed.
-- holder and claimed_at (an ISO-8601 instant, as text so both databases keep it alike) are for
-- operators and for the refusal's message. Scopes that were never claimed have no row here.
CREATE TABLE scope_owners (
  scope      TEXT   NOT NULL,
  epoch      BIGINT NOT NULL,
  holder     TEXT   NOT NULL,
  claimed_at TEXT   NOT NULL,
  CONSTRAINT scope_owners_key PRIMARY KEY (scope)
);
-- Epochs come from one counter for the whole database, not from each scope's row: forgetting a
-- scope deletes its owner row, and a claim after that must still get an epoch no earlier claim
-- of that scope had (a per-scope count would start again at 1 and let a stale journal through).
CREATE TABLE scope_epochs (
  last_epoch BIGINT NOT NULL
);
INSERT INTO scope_epochs (last_epoch) VALUES (0);

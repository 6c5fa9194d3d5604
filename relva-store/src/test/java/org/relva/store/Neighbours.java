package org.relva.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.relva.core.model.QueueBan;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;

/**
 * Rows in the scopes beside the one a contract test runs on, under the stores and keys the
 * contract uses: the default scope and another server's. A scope that saw any of them would fail
 * the contract (a new journal loads nothing, a read finds nothing there, counts come out right).
 */
final class Neighbours {
  /** The scope the contract runs on: a Discord server's id. */
  static final String SCOPE = "112233445566778899";
  private static final Instant T = Instant.parse("2025-06-01T00:00:00Z");

  private Neighbours() {}

  /** Writes the neighbours' rows in {@code store}, and returns the contract's scope of it. */
  static StateJournal around(RelvaStore store) {
    List<Change> rows = List.of(
        put("cooldowns", UserId.of("u1"), T), put("cooldowns", UserId.of("u2"), T),
        put("cooldowns", UserId.of("u3"), T), put("playerMatches", UserId.of("u2"), "Mnext"),
        put("bans", UserId.of("u1"), new QueueBan(T, "another server's ban")));
    store.commit(rows);
    store.scope("998877665544332211").commit(rows);
    return store.scope(SCOPE);
  }

  private static Change put(String store, Object key, Object value) {
    return new Change(store, key, Optional.of(value));
  }
}

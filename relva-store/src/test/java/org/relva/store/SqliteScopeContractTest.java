package org.relva.store;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.store.StateJournal;
import org.relva.store.RelvaStore.Durability;
import org.relva.testkit.store.StateJournalContract;

/**
 * The storage port's contract, on one scope of a SQLite file whose other scopes hold rows under
 * the same stores and keys ({@link Neighbours}): a scope is a whole journal, and sees only itself.
 */
class SqliteScopeContractTest extends StateJournalContract {
  @TempDir Path dir;
  private final Map<StateJournal, RelvaStore> stores = new IdentityHashMap<>();

  @Override
  protected StateJournal newJournal() {
    RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    StateJournal scope = Neighbours.around(store);
    stores.put(scope, store);
    return scope;
  }

  @Override
  protected StateJournal reopen(StateJournal journal) {
    journal.close();
    stores.remove(journal).close();
    RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    StateJournal scope = store.scope(Neighbours.SCOPE);
    stores.put(scope, store);
    return scope;
  }

  @AfterEach
  void closeStores() {
    stores.values().forEach(RelvaStore::close);
  }
}

package org.relva.store;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.relva.core.store.StateJournal;
import org.relva.testkit.store.StateJournalContract;

/**
 * The storage port's contract, on a claimed (fenced) scope of a PostgreSQL database whose other
 * scopes hold rows under the same stores and keys ({@link Neighbours}); reopening claims the
 * scope anew, as a process taking it over would.
 */
class PostgresClaimContractTest extends StateJournalContract {
  private final Map<StateJournal, RelvaStore> stores = new IdentityHashMap<>();
  private final Map<StateJournal, String> urls = new IdentityHashMap<>();

  private StateJournal claim(String url, RelvaStore store) {
    StateJournal claimed = store.claimScope(Neighbours.SCOPE, "contract");
    stores.put(claimed, store);
    urls.put(claimed, url);
    return claimed;
  }

  @Override
  protected StateJournal newJournal() {
    String url = TestPostgres.newDatabase();
    RelvaStore store = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
    Neighbours.around(store);
    return claim(url, store);
  }

  @Override
  protected StateJournal reopen(StateJournal journal) {
    journal.close();
    stores.remove(journal).close();
    String url = urls.remove(journal);
    return claim(url, RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD));
  }

  @AfterEach
  void closeStores() {
    stores.values().forEach(RelvaStore::close);
  }
}

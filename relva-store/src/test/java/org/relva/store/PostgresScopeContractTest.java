package org.relva.store;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.relva.core.store.StateJournal;
import org.relva.testkit.store.StateJournalContract;

/**
 * The storage port's contract, on one scope of a PostgreSQL database (one database a test) whose
 * other scopes hold rows under the same stores and keys ({@link Neighbours}).
 */
class PostgresScopeContractTest extends StateJournalContract {
  private final Map<StateJournal, RelvaStore> stores = new IdentityHashMap<>();
  private final Map<StateJournal, String> urls = new IdentityHashMap<>();

  @Override
  protected StateJournal newJournal() {
    String url = TestPostgres.newDatabase();
    RelvaStore store = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
    StateJournal scope = Neighbours.around(store);
    stores.put(scope, store);
    urls.put(scope, url);
    return scope;
  }

  @Override
  protected StateJournal reopen(StateJournal journal) {
    journal.close();
    stores.remove(journal).close();
    String url = urls.remove(journal);
    RelvaStore store = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
    StateJournal scope = store.scope(Neighbours.SCOPE);
    stores.put(scope, store);
    urls.put(scope, url);
    return scope;
  }

  @AfterEach
  void closeStores() {
    stores.values().forEach(RelvaStore::close);
  }
}

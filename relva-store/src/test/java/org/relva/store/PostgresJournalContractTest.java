package org.relva.store;

import java.util.IdentityHashMap;
import java.util.Map;
import org.relva.core.store.StateJournal;
import org.relva.testkit.store.StateJournalContract;

/** The storage port's contract, on a real PostgreSQL server (one database a test). */
class PostgresJournalContractTest extends StateJournalContract {
  private final Map<StateJournal, String> urls = new IdentityHashMap<>();

  @Override
  protected StateJournal newJournal() {
    return open(TestPostgres.newDatabase());
  }

  @Override
  protected StateJournal reopen(StateJournal journal) {
    journal.close();
    return open(urls.get(journal));
  }

  private StateJournal open(String url) {
    StateJournal journal = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
    urls.put(journal, url);
    return journal;
  }
}

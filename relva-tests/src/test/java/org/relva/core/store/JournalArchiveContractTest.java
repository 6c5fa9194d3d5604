package org.relva.core.store;

import org.relva.testkit.store.InMemoryJournal;
import org.relva.testkit.store.KeyValueStoreContract;

/** A store kept in a journal passes the store contract (its writes pending: nothing commits). */
class JournalArchiveContractTest extends KeyValueStoreContract {
  @Override
  protected KeyValueStore<String, String> newStore() {
    return KeyValueStore.archive(new InMemoryJournal(), "notes");
  }
}

package org.relva.core.store;

import org.relva.testkit.store.KeyValueStoreContract;

/** The in-memory store passes the store contract. */
class InMemoryKeyValueStoreContractTest extends KeyValueStoreContract {
  @Override
  protected KeyValueStore<String, String> newStore() {
    return KeyValueStore.inMemory();
  }
}

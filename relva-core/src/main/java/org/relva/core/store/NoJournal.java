package org.relva.core.store;

import java.util.List;
import java.util.Map;

/** The journal of {@link StateJournal#none()}: keeps nothing. */
enum NoJournal implements StateJournal {
  INSTANCE;

  @Override
  public Map<String, Map<Object, Object>> load() {
    return Map.of();
  }

  @Override
  public void commit(List<Change> changes) {}

  @Override
  public boolean isDurable() {
    return false;
  }

  @Override
  public void close() {}
}

package org.relva.discord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;

/**
 * A journal in memory: what the console keeps when it is given no file, so that a runtime
 * started anew on it (after {@code /setup}) finds the state the last one left. Nothing survives
 * the process. Keeps each store's keys in the order they were first committed, as
 * {@link StateJournal#newest} asks. Thread-safe: its methods are synchronized.
 */
final class MemoryJournal implements StateJournal {
  private final Map<String, Map<Object, Object>> stores = new LinkedHashMap<>();

  @Override
  public synchronized Map<String, Map<Object, Object>> load() {
    return load(stores.keySet());
  }

  @Override
  public synchronized Map<String, Map<Object, Object>> load(Set<String> names) {
    Map<String, Map<Object, Object>> copy = new LinkedHashMap<>();
    stores.forEach((name, entries) -> {
      if (names.contains(name)) {
        copy.put(name, new LinkedHashMap<>(entries));
      }
    });
    return copy;
  }

  @Override
  public synchronized Optional<Object> read(String name, Object key) {
    return Optional.ofNullable(stores.getOrDefault(name, Map.of()).get(key));
  }

  @Override
  public synchronized Set<Object> keys(String name) {
    return Set.copyOf(stores.getOrDefault(name, Map.of()).keySet());
  }

  @Override
  public synchronized void commit(List<Change> changes) {
    for (Change change : changes) {
      Map<Object, Object> store = stores.computeIfAbsent(change.store(),
          name -> new LinkedHashMap<>());
      change.value().ifPresentOrElse(value -> store.put(change.key(), value),
          () -> store.remove(change.key()));
    }
  }

  @Override
  public void close() {}
}

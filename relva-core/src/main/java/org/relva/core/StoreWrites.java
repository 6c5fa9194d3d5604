package org.relva.core;

import java.util.Optional;
import org.relva.core.store.KeyValueStore;

/**
 * Checked writes: the core knows what every store holds, so a write that finds something else
 * there means a store changed behind its back, and it fails loudly rather than carry on wrong.
 */
final class StoreWrites {
  private StoreWrites() {}

  /** Puts {@code key -> value}, which must be new. */
  static <K, V> void insertNew(KeyValueStore<K, V> store, K key, V value) {
    Optional<V> existing = store.putIfAbsent(key, value);
    if (existing.isPresent()) {
      throw new IllegalStateException(
          "store already holds " + key + " -> " + existing.get() + "; refusing " + value);
    }
  }

  /** Removes {@code key -> expected}, which must be there. */
  static <K, V> void checkedRemove(KeyValueStore<K, V> store, K key, V expected) {
    if (!store.remove(key, expected)) {
      throw new IllegalStateException("store does not hold " + key + " -> " + expected);
    }
  }

  /** Replaces {@code key -> before} with {@code after}; {@code before} must be there. */
  static <K, V> void checkedReplace(KeyValueStore<K, V> store, K key, V before, V after) {
    if (!store.replace(key, before, after)) {
      throw new IllegalStateException(key + " changed outside the core");
    }
  }
}

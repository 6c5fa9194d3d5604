package org.relva.core.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One entry's new state, as an operation left it: {@code key} in store {@code store} now holds
 * {@code value}, or nothing when the value is empty. An operation's changes hold one change a key:
 * only the last state counts.
 *
 * @param store the name of the store ({@link org.relva.core.RelvaStores#byName()} gives the core's)
 * @param key the entry's key
 * @param value its new value, or empty if it was removed
 */
public record Change(String store, Object key, Optional<Object> value) {
  public Change {
    requireNonNull(store, "store");
    requireNonNull(key, "key");
    requireNonNull(value, "value");
  }
}

package org.relva.core.store;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A map from keys to values with the atomic operations that keeping several indexes correct
 * needs. Relva keeps its parties, leaders, memberships, channels and queue in stores of this type.
 *
 * <p>Every operation is atomic with respect to the others on the same key. Keys and values are
 * never null, and values should be immutable: a store may hand back the object it holds.
 *
 * <p>The interface is shaped so that a networked store can implement it without its callers
 * changing: every conditional operation compares values with {@link Object#equals}, which a
 * serialising store can do by comparing encodings ({@code WATCH}/{@code MULTI} or a Lua script in
 * Redis), and {@link #compute} may apply its function more than once (an optimistic retry), so the
 * function must be free of side effects.
 *
 * <p>Implementations are thread-safe. {@link #inMemory()} is backed by a
 * {@link java.util.concurrent.ConcurrentHashMap}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface KeyValueStore<K, V> {

  /** A new, empty store held in this process's memory. */
  static <K, V> KeyValueStore<K, V> inMemory() {
    return new InMemoryKeyValueStore<>();
  }

  /**
   * A store whose entries live in {@code journal}'s store {@code name} and are read from it on
   * demand, for a history too long to load at every start (ended matches, say): memory holds only
   * the writes not yet committed and a cache of the last 1,024 entries used. Its owner writes it
   * through a {@link ChangeLog} and commits as usual; once a commit succeeds the entries leave
   * memory. A write that is never committed stays in memory, seen by this store only.
   *
   * <p>{@link #get} of an entry not in memory reads the journal, and may throw its
   * {@link StorageException}; {@link #snapshot}, {@link #size} and {@link #clear} read the whole
   * store from the journal, so they cost what loading it would. On a journal that keeps nothing
   * ({@link StateJournal#none()}), this is an in-memory store.
   */
  static <K, V> KeyValueStore<K, V> archive(StateJournal journal, String name) {
    return journal.isDurable() ? new JournalArchive<>(journal, name) : inMemory();
  }

  /** The value stored under {@code key}, if any. */
  Optional<V> get(K key);

  /** Whether a value is stored under {@code key}. */
  default boolean containsKey(K key) {
    return get(key).isPresent();
  }

  /** Stores {@code value} under {@code key}, returning the value it replaced, if any. */
  Optional<V> put(K key, V value);

  /**
   * Stores {@code value} under {@code key} only if nothing is stored there.
   *
   * @return the value already stored, which was left in place; empty if {@code value} was stored
   */
  Optional<V> putIfAbsent(K key, V value);

  /** Replaces the value under {@code key} only if it equals {@code expected}; true if it did. */
  boolean replace(K key, V expected, V value);

  /** Removes the value under {@code key}, returning it, if any. */
  Optional<V> remove(K key);

  /** Removes the value under {@code key} only if it equals {@code expected}; true if it did. */
  boolean remove(K key, V expected);

  /**
   * Atomically replaces the value under {@code key} with {@code function(key, current)}, where
   * {@code current} is null when absent; a null result removes the entry.
   *
   * <p>The function may be called more than once and must have no side effects. It must not
   * touch this store.
   *
   * @return the new value, or empty if the entry is now absent
   */
  Optional<V> compute(K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function);

  /** The number of entries. */
  long size();

  /** A copy of all entries at one moment, or as near to one as the store offers. */
  Map<K, V> snapshot();

  /** Removes every entry. */
  void clear();
}

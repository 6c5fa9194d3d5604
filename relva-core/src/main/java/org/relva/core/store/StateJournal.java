package org.relva.core.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The port to a durable copy of key-value stores: what the in-memory stores held at the last
 * commit, and the place every operation's changes are committed, in one transaction, before the
 * operation's outcome is returned. The core keeps working on its in-memory stores; this copy is
 * what makes a restart, or a crash, lose nothing that a user was told had happened.
 *
 * <p>Relva's store module implements it on SQLite and PostgreSQL; {@link #none()} keeps nothing.
 * The core never names a database: a journal decodes and encodes the values of the stores it is
 * given by name, and the core hands it plain {@link Change}s.
 *
 * <p>Implementations are thread-safe: several writers (the core, the rating book) commit through
 * one journal, each under its own lock, and their commits are applied one at a time.
 */
public interface StateJournal extends AutoCloseable {

  /** A journal that keeps nothing: every commit succeeds at once and a load finds nothing. */
  static StateJournal none() {
    return NoJournal.INSTANCE;
  }

  /**
   * Everything committed so far, store by store: a store's name to its entries. Stores with no
   * entries may be missing.
   *
   * @throws StorageException if it cannot be read
   */
  Map<String, Map<Object, Object>> load();

  /**
   * What {@link #load()} gives of the stores named {@code names} only: a journal that can read
   * them alone should, so that each owner (the core, the rating book) loads just its own.
   */
  default Map<String, Map<Object, Object>> load(Set<String> names) {
    Map<String, Map<Object, Object>> some = new LinkedHashMap<>();
    load().forEach((name, entries) -> {
      if (names.contains(name)) {
        some.put(name, entries);
      }
    });
    return some;
  }

  /**
   * The value committed under {@code key} in store {@code name}, if any: how an owner reads a store
   * it keeps in the journal rather than loading it whole (an archive, see
   * {@link KeyValueStore#archive}). A journal that can look up one entry should; this default
   * loads the whole store.
   *
   * @throws StorageException if it cannot be read
   */
  default Optional<Object> read(String name, Object key) {
    return Optional.ofNullable(load(Set.of(name)).getOrDefault(name, Map.of()).get(key));
  }

  /**
   * The keys committed in store {@code name}. A journal that can read the keys alone, without
   * decoding the values, should; this default loads the whole store.
   *
   * @throws StorageException if it cannot be read
   */
  default Set<Object> keys(String name) {
    return Set.copyOf(load(Set.of(name)).getOrDefault(name, Map.of()).keySet());
  }

  /**
   * The newest {@code limit} entries of store {@code name}, oldest first, by when each key was
   * first committed (a later change to a key keeps its place): for an owner that restores only
   * the recent part of a long history. This default takes the order of {@link #load(Set)}, which
   * must then be that order.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   * @throws StorageException if it cannot be read
   */
  default List<Map.Entry<Object, Object>> newest(String name, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    List<Map.Entry<Object, Object>> all =
        new ArrayList<>(load(Set.of(name)).getOrDefault(name, Map.of()).entrySet());
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  /**
   * Makes {@code changes} durable, all of them or none, before returning.
   *
   * @throws StorageException if they could not be committed; then nothing was
   */
  void commit(List<Change> changes);

  /** Whether this journal keeps anything; false for {@link #none()}. */
  default boolean isDurable() {
    return true;
  }

  /** Releases the journal's connections. */
  @Override
  void close();
}

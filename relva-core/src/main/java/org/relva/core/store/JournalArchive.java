package org.relva.core.store;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The store of {@link KeyValueStore#archive}: entries read from a journal on demand. Memory holds
 * the writes its {@link ChangeLog} has not yet seen committed ({@code pending}: a value, or empty
 * for a removal) and a small cache of entries read or settled; everything else is the journal's.
 *
 * <p>Thread-safe: reads may come from any thread; the writes are made under the owner's lock
 * and, for the conditional ones, under this store's monitor too.
 */
final class JournalArchive<K, V> implements KeyValueStore<K, V> {
  private static final int CACHED = 1_024;

  private final StateJournal journal;
  private final String name;
  private final Map<K, Optional<V>> pending = new ConcurrentHashMap<>();
  private final Cache<K, V> recent = CacheBuilder.newBuilder().maximumSize(CACHED).build();
  /** Counts settles, so a read that raced one does not cache what the journal held before it. */
  private volatile long settled;

  JournalArchive(StateJournal journal, String name) {
    this.journal = requireNonNull(journal, "journal");
    this.name = requireNonNull(name, "name");
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<V> get(K key) {
    requireNonNull(key, "key");
    Optional<V> written = pending.get(key);
    if (written != null) {
      return written;
    }
    V cached = recent.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long seen = settled;
    Optional<V> read = journal.read(name, key).map(v -> (V) v);
    if (read.isPresent()) {
      synchronized (this) {
        if (settled == seen && !pending.containsKey(key)) {
          recent.put(key, read.get());
        }
      }
    }
    return read;
  }

  @Override
  public synchronized Optional<V> put(K key, V value) {
    Optional<V> was = get(key);
    pending.put(key, Optional.of(requireNonNull(value, "value")));
    return was;
  }

  @Override
  public synchronized Optional<V> putIfAbsent(K key, V value) {
    Optional<V> was = get(key);
    if (was.isEmpty()) {
      pending.put(key, Optional.of(requireNonNull(value, "value")));
    }
    return was;
  }

  @Override
  public synchronized boolean replace(K key, V expected, V value) {
    requireNonNull(value, "value");
    if (!get(key).equals(Optional.of(expected))) {
      return false;
    }
    pending.put(key, Optional.of(value));
    return true;
  }

  @Override
  public synchronized Optional<V> remove(K key) {
    Optional<V> was = get(key);
    if (was.isPresent()) {
      pending.put(key, Optional.empty());
    }
    return was;
  }

  @Override
  public synchronized boolean remove(K key, V expected) {
    if (!get(key).equals(Optional.of(expected))) {
      return false;
    }
    pending.put(key, Optional.empty());
    return true;
  }

  @Override
  public synchronized Optional<V> compute(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function) {
    Optional<V> now = Optional.ofNullable(function.apply(key, get(key).orElse(null)));
    pending.put(key, now);
    return now;
  }

  @Override
  public long size() {
    return snapshot().size();
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized Map<K, V> snapshot() {
    Map<K, V> all = new LinkedHashMap<>();
    journal.load(Set.of(name)).getOrDefault(name, Map.of())
        .forEach((k, v) -> all.put((K) k, (V) v));
    pending.forEach((k, v) -> {
      if (v.isPresent()) {
        all.put(k, v.get());
      } else {
        all.remove(k);
      }
    });
    return Collections.unmodifiableMap(all);
  }

  @Override
  public synchronized void clear() {
    for (K key : snapshot().keySet()) {
      pending.put(key, Optional.empty());
    }
  }

  /** The journal now holds what was written under {@code key}: it leaves the pending writes. */
  @SuppressWarnings("unchecked")
  synchronized void settle(Object key) {
    Optional<V> written = pending.remove(key);
    if (written == null) {
      return;
    }
    settled++;
    if (written.isPresent()) {
      recent.put((K) key, written.get());
    } else {
      recent.invalidate(key);
    }
  }

  @Override
  public String toString() {
    return "archive " + name + " in " + journal + " (" + pending.size() + " pending)";
  }
}

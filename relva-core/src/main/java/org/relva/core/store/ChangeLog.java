package org.relva.core.store;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The writes one owner made to its stores since its last commit, to commit through a
 * {@link StateJournal} as one transaction or to undo if that fails. {@link #track} wraps a store
 * so that every write through the wrapper is noted: for each key, the value it had before the
 * first write and the value it has now.
 *
 * <p>Not thread-safe: one owner writes its tracked stores and commits them under its own lock (the
 * core under Relva's, the rating book under its own). Reads through a tracked store are not noted
 * and cost nothing extra.
 */
public final class ChangeLog {
  private record Slot(String store, Object key) {}

  /** A key's value before the first write since the last commit, and the store to put it back in. */
  private record Before(KeyValueStore<Object, Object> store, Optional<Object> value) {}

  private final Map<Slot, Before> before = new LinkedHashMap<>();

  /**
   * Each written key's value now (empty if removed), in the order the keys were first written;
   * keys written back to the value they had are left out.
   */
  public List<Change> changes() {
    List<Change> out = new ArrayList<>(before.size());
    before.forEach((slot, was) -> {
      Optional<Object> now = was.store().get(slot.key());
      if (!now.equals(was.value())) {
        out.add(new Change(slot.store(), slot.key(), now));
      }
    });
    return ImmutableList.copyOf(out);
  }

  /** Forgets the writes: they are committed. An archive's committed entries leave its memory. */
  public void clear() {
    settleArchives();
    before.clear();
  }

  private void settleArchives() {
    before.forEach((slot, was) -> {
      if (was.store() instanceof JournalArchive<?, ?> archive) {
        archive.settle(slot.key());
      }
    });
  }

  /** Puts back every written key's value from before the first write, and forgets the writes. */
  public void undo() {
    before.forEach((slot, was) -> {
      if (was.value().isPresent()) {
        was.store().put(slot.key(), was.value().get());
      } else {
        was.store().remove(slot.key());
      }
    });
    settleArchives(); // put back as committed: an archive's journal holds these values already
    before.clear();
  }

  /** {@code store}, with every write through the result noted here under {@code name}. */
  public <K, V> KeyValueStore<K, V> track(String name, KeyValueStore<K, V> store) {
    return new Tracked<>(requireNonNull(name, "name"), requireNonNull(store, "store"));
  }

  @SuppressWarnings("unchecked")
  private void noteBefore(String name, KeyValueStore<?, ?> store, Object key) {
    Slot slot = new Slot(name, key);
    if (!before.containsKey(slot)) {
      KeyValueStore<Object, Object> raw = (KeyValueStore<Object, Object>) store;
      before.put(slot, new Before(raw, raw.get(key)));
    }
  }

  private final class Tracked<K, V> implements KeyValueStore<K, V> {
    private final String name;
    private final KeyValueStore<K, V> inner;

    Tracked(String name, KeyValueStore<K, V> inner) {
      this.name = name;
      this.inner = inner;
    }

    @Override
    public Optional<V> get(K key) {
      return inner.get(key);
    }

    @Override
    public boolean containsKey(K key) {
      return inner.containsKey(key);
    }

    @Override
    public Optional<V> put(K key, V value) {
      noteBefore(name, inner, key);
      return inner.put(key, value);
    }

    @Override
    public Optional<V> putIfAbsent(K key, V value) {
      noteBefore(name, inner, key);
      return inner.putIfAbsent(key, value);
    }

    @Override
    public boolean replace(K key, V expected, V value) {
      noteBefore(name, inner, key);
      return inner.replace(key, expected, value);
    }

    @Override
    public Optional<V> remove(K key) {
      noteBefore(name, inner, key);
      return inner.remove(key);
    }

    @Override
    public boolean remove(K key, V expected) {
      noteBefore(name, inner, key);
      return inner.remove(key, expected);
    }

    @Override
    public Optional<V> compute(
        K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function) {
      noteBefore(name, inner, key);
      return inner.compute(key, function);
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public Map<K, V> snapshot() {
      return inner.snapshot();
    }

    @Override
    public void clear() {
      for (K key : inner.snapshot().keySet()) {
        noteBefore(name, inner, key);
      }
      inner.clear();
    }

    @Override
    public String toString() {
      return "tracked " + name + ": " + inner;
    }
  }
}

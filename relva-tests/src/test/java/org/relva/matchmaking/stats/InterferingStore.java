package org.relva.matchmaking.stats;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.relva.core.store.KeyValueStore;

/**
 * An in-memory store that can play another writer: it stores a given record just before the next
 * {@link #compute} of its key, as a second process sharing the store might.
 */
final class InterferingStore implements KeyValueStore<RatingKey, PlayerRecord> {
  private final KeyValueStore<RatingKey, PlayerRecord> delegate = KeyValueStore.inMemory();
  private @Nullable RatingKey key;
  private @Nullable PlayerRecord record;

  synchronized void beforeNextCompute(RatingKey key, PlayerRecord record) {
    this.key = key;
    this.record = record;
  }

  @Override
  public Optional<PlayerRecord> compute(RatingKey key, BiFunction<? super RatingKey,
      ? super @Nullable PlayerRecord, ? extends @Nullable PlayerRecord> function) {
    synchronized (this) {
      if (key.equals(this.key) && record != null) {
        delegate.put(key, record);
        this.key = null;
        record = null;
      }
    }
    return delegate.compute(key, function);
  }

  @Override
  public Optional<PlayerRecord> get(RatingKey key) {
    return delegate.get(key);
  }

  @Override
  public Optional<PlayerRecord> put(RatingKey key, PlayerRecord value) {
    return delegate.put(key, value);
  }

  @Override
  public Optional<PlayerRecord> putIfAbsent(RatingKey key, PlayerRecord value) {
    return delegate.putIfAbsent(key, value);
  }

  @Override
  public boolean replace(RatingKey key, PlayerRecord expected, PlayerRecord value) {
    return delegate.replace(key, expected, value);
  }

  @Override
  public Optional<PlayerRecord> remove(RatingKey key) {
    return delegate.remove(key);
  }

  @Override
  public boolean remove(RatingKey key, PlayerRecord expected) {
    return delegate.remove(key, expected);
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public Map<RatingKey, PlayerRecord> snapshot() {
    return delegate.snapshot();
  }

  @Override
  public void clear() {
    delegate.clear();
  }
}

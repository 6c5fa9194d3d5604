package org.relva.core.store;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** The {@link KeyValueStore} of {@link KeyValueStore#inMemory()}. This class is thread-safe. */
final class InMemoryKeyValueStore<K, V> implements KeyValueStore<K, V> {
  private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();

  @Override
  public Optional<V> get(K key) {
    return Optional.ofNullable(map.get(requireNonNull(key, "key")));
  }

  @Override
  public boolean containsKey(K key) {
    return map.containsKey(requireNonNull(key, "key"));
  }

  @Override
  public Optional<V> put(K key, V value) {
    return Optional.ofNullable(map.put(requireNonNull(key, "key"), requireNonNull(value, "value")));
  }

  @Override
  public Optional<V> putIfAbsent(K key, V value) {
    return Optional.ofNullable(
        map.putIfAbsent(requireNonNull(key, "key"), requireNonNull(value, "value")));
  }

  @Override
  public boolean replace(K key, V expected, V value) {
    return map.replace(requireNonNull(key, "key"), requireNonNull(expected, "expected"),
        requireNonNull(value, "value"));
  }

  @Override
  public Optional<V> remove(K key) {
    return Optional.ofNullable(map.remove(requireNonNull(key, "key")));
  }

  @Override
  public boolean remove(K key, V expected) {
    return map.remove(requireNonNull(key, "key"), requireNonNull(expected, "expected"));
  }

  @Override
  public Optional<V> compute(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function) {
    requireNonNull(function, "function");
    return Optional.ofNullable(map.compute(requireNonNull(key, "key"), function));
  }

  @Override
  public long size() {
    return map.size();
  }

  @Override
  public Map<K, V> snapshot() {
    return ImmutableMap.copyOf(map);
  }

  @Override
  public void clear() {
    map.clear();
  }

  @Override
  public String toString() {
    return "KeyValueStore.inMemory(" + map.size() + " entries)";
  }
}

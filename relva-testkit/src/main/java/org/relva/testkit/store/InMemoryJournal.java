package org.relva.testkit.store;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;

/**
 * A {@link StateJournal} that keeps its copy in this process's memory, for tests of what the core
 * does with a journal: it counts commits, can be told to fail the next ones as an unreachable
 * database would, and {@link #state()} shows exactly what a restart would load. It is not durable
 * across processes: for that use Relva's store module.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryJournal implements StateJournal {
  private final Map<String, Map<Object, Object>> stores = new LinkedHashMap<>();
  private final List<String> reads = new ArrayList<>();
  private int failing;
  private int failingReads;
  private long commits;
  private boolean closed;

  /** Makes the next {@code count} commits fail, writing nothing. */
  public synchronized InMemoryJournal failNextCommits(int count) {
    this.failing = count;
    return this;
  }

  /**
   * Makes the next {@code count} reads of single entries, keys or newest entries fail, as an
   * unreachable database would (loads at a start are not counted).
   */
  public synchronized InMemoryJournal failNextReads(int count) {
    this.failingReads = count;
    return this;
  }

  /** How many commits succeeded. */
  public synchronized long commits() {
    return commits;
  }

  /**
   * Every entry read alone ({@link #read}) since the last call, as {@code store/key}, oldest
   * first; and forgets them: how a test sees what an archive read from the journal.
   */
  public synchronized List<String> takeReads() {
    List<String> taken = List.copyOf(reads);
    reads.clear();
    return taken;
  }

  /** What a load would give now: a copy, with stores that hold nothing left out. */
  public synchronized Map<String, Map<Object, Object>> state() {
    Map<String, Map<Object, Object>> copy = new LinkedHashMap<>();
    stores.forEach((name, entries) -> {
      if (!entries.isEmpty()) {
        copy.put(name, Map.copyOf(entries));
      }
    });
    return copy;
  }

  @Override
  public synchronized Map<String, Map<Object, Object>> load() {
    checkOpen();
    return state();
  }

  @Override
  public synchronized void commit(List<Change> changes) {
    checkOpen();
    if (failing > 0) {
      failing--;
      throw new StorageException("the in-memory journal was told to fail this commit");
    }
    for (Change change : ImmutableList.copyOf(changes)) {
      // In commit order of each key's first write, for newest(): a changed key keeps its place.
      Map<Object, Object> store =
          stores.computeIfAbsent(change.store(), s -> new LinkedHashMap<>());
      change.value().ifPresentOrElse(v -> store.put(change.key(), v),
          () -> store.remove(change.key()));
    }
    commits++;
  }

  @Override
  public synchronized Optional<Object> read(String name, Object key) {
    checkOpen();
    checkReadable();
    reads.add(name + "/" + key);
    return Optional.ofNullable(stores.getOrDefault(name, Map.of()).get(key));
  }

  @Override
  public synchronized Set<Object> keys(String name) {
    checkOpen();
    checkReadable();
    return Set.copyOf(stores.getOrDefault(name, Map.of()).keySet());
  }

  @Override
  public synchronized List<Map.Entry<Object, Object>> newest(String name, int limit) {
    checkOpen();
    checkReadable();
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    List<Map.Entry<Object, Object>> all = new ArrayList<>();
    stores.getOrDefault(name, Map.of()).forEach((k, v) -> all.add(Map.entry(k, v)));
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** Opens it again after {@link #close()}, as a restarted process would open its database. */
  public synchronized InMemoryJournal reopen() {
    closed = false;
    return this;
  }

  private void checkReadable() {
    if (failingReads > 0) {
      failingReads--;
      throw new StorageException("the in-memory journal was told to fail this read");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("the journal is closed");
    }
  }
}

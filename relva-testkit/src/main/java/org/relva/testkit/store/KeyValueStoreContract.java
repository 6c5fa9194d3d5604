package org.relva.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.store.KeyValueStore;

/**
 * The contract of {@link KeyValueStore}, as a JUnit 5 test to extend. A new implementation is
 * checked by a class like this:
 *
 * <pre>{@code
 * class RedisStoreContractTest extends KeyValueStoreContract {
 *   @Override protected KeyValueStore<String, String> newStore() {
 *     return RedisStore.connect(testServer, "contract-" + UUID.randomUUID());
 *   }
 * }
 * }</pre>
 *
 * <p>Stores under test map {@code String} keys to {@code String} values; a store for other types
 * can be wrapped with a codec for the test. Each test gets a fresh, empty store from
 * {@link #newStore()}; {@link #closeStore} runs after each test for implementations that hold
 * resources. The concurrency tests use real threads, bounded by a timeout, with no sleeping.
 */
public abstract class KeyValueStoreContract {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 2_000;

  private @Nullable KeyValueStore<String, String> store;

  /** A fresh, empty store. */
  protected abstract KeyValueStore<String, String> newStore();

  /** Releases {@code used} after a test; the default does nothing. */
  protected void closeStore(KeyValueStore<String, String> used) {}

  @BeforeEach
  final void createStore() {
    store = newStore();
  }

  @AfterEach
  final void releaseStore() {
    if (store != null) {
      closeStore(store);
    }
  }

  private KeyValueStore<String, String> store() {
    assertThat(store).as("newStore() returned a store").isNotNull();
    return java.util.Objects.requireNonNull(store);
  }

  @Test
  @DisplayName("a new store is empty")
  void newStore_isEmpty() {
    assertThat(store().size()).isZero();
    assertThat(store().snapshot()).isEmpty();
    assertThat(store().get("k")).isEmpty();
    assertThat(store().containsKey("k")).isFalse();
  }

  @Test
  @DisplayName("put stores a value and returns the one it replaced")
  void put_storesAndReturnsPrevious() {
    assertThat(store().put("k", "v1")).isEmpty();
    assertThat(store().put("k", "v2")).contains("v1");
    assertThat(store().get("k")).contains("v2");
    assertThat(store().containsKey("k")).isTrue();
    assertThat(store().size()).isEqualTo(1);
  }

  @Test
  @DisplayName("putIfAbsent stores only into an empty key, and returns what blocked it")
  void putIfAbsent_onlyWhenAbsent() {
    assertThat(store().putIfAbsent("k", "v1")).isEmpty();
    assertThat(store().putIfAbsent("k", "v2")).contains("v1");
    assertThat(store().get("k")).contains("v1");
  }

  @Test
  @DisplayName("replace swaps the value only when the current one equals the expected")
  void replace_isConditional() {
    store().put("k", "v1");
    assertThat(store().replace("k", "other", "v2")).isFalse();
    assertThat(store().get("k")).contains("v1");
    assertThat(store().replace("k", "v1", "v2")).isTrue();
    assertThat(store().get("k")).contains("v2");
  }

  @Test
  @DisplayName("replace of an absent key does nothing")
  void replace_absent() {
    assertThat(store().replace("k", "v1", "v2")).isFalse();
    assertThat(store().containsKey("k")).isFalse();
  }

  @Test
  @DisplayName("remove takes the value out and returns it")
  void remove_returnsValue() {
    store().put("k", "v");
    assertThat(store().remove("k")).contains("v");
    assertThat(store().remove("k")).isEmpty();
    assertThat(store().get("k")).isEmpty();
    assertThat(store().size()).isZero();
  }

  @Test
  @DisplayName("conditional remove takes the value out only when it equals the expected")
  void removeIfEqual_isConditional() {
    store().put("k", "v");
    assertThat(store().remove("k", "other")).isFalse();
    assertThat(store().get("k")).contains("v");
    assertThat(store().remove("k", "v")).isTrue();
    assertThat(store().containsKey("k")).isFalse();
    assertThat(store().remove("k", "v")).isFalse();
  }

  @Test
  @DisplayName("compute inserts, updates and removes")
  void compute_insertsUpdatesRemoves() {
    assertThat(store().compute("k", (k, v) -> v == null ? "1" : v + "1")).contains("1");
    assertThat(store().compute("k", (k, v) -> v == null ? "1" : v + "1")).contains("11");
    assertThat(store().get("k")).contains("11");
    assertThat(store().compute("k", (k, v) -> null)).isEmpty();
    assertThat(store().containsKey("k")).isFalse();
  }

  @Test
  @DisplayName("compute returning null for an absent key leaves it absent")
  void compute_absentToNull() {
    assertThat(store().compute("k", (k, v) -> null)).isEmpty();
    assertThat(store().size()).isZero();
  }

  @Test
  @DisplayName("compute passes the key and the current value")
  void compute_seesKeyAndValue() {
    store().put("k", "v");
    List<String> seen = new ArrayList<>();
    store().compute("k", (k, v) -> {
      seen.add(k + "=" + v);
      return v;
    });
    assertThat(seen).isNotEmpty().allMatch("k=v"::equals);
  }

  @Test
  @DisplayName("a snapshot is a copy: later changes do not show in it, and it cannot be changed")
  void snapshot_isACopy() {
    store().put("a", "1");
    store().put("b", "2");
    Map<String, String> snapshot = store().snapshot();
    store().put("c", "3");
    store().remove("a");
    assertThat(snapshot).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThatThrownBy(() -> snapshot.put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("clear removes every entry")
  void clear_removesAll() {
    store().put("a", "1");
    store().put("b", "2");
    store().clear();
    assertThat(store().size()).isZero();
    assertThat(store().snapshot()).isEmpty();
  }

  @Test
  @DisplayName("keys and values are never null")
  @SuppressWarnings("NullAway")
  void nulls_areRejected() {
    KeyValueStore<String, String> s = store();
    assertThatThrownBy(() -> s.put(nothing(), "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.put("k", nothing())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.putIfAbsent("k", nothing()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.get(nothing())).isInstanceOf(NullPointerException.class);
    assertThat(s.size()).isZero();
  }

  @Test
  @DisplayName("concurrent computes on one key lose no update")
  void compute_isAtomicUnderContention() throws Exception {
    runConcurrently(() -> {
      for (int i = 0; i < PER_THREAD; i++) {
        store().compute("counter",
            (k, v) -> String.valueOf(v == null ? 1 : Integer.parseInt(v) + 1));
      }
      return null;
    });
    assertThat(store().get("counter")).contains(String.valueOf(THREADS * PER_THREAD));
  }

  @Test
  @DisplayName("concurrent putIfAbsent on one key has exactly one winner")
  void putIfAbsent_hasOneWinner() throws Exception {
    AtomicInteger winners = new AtomicInteger();
    AtomicInteger thread = new AtomicInteger();
    runConcurrently(() -> {
      String me = "t" + thread.incrementAndGet();
      if (store().putIfAbsent("k", me).isEmpty()) {
        winners.incrementAndGet();
      }
      return null;
    });
    assertThat(winners).hasValue(1);
    assertThat(store().get("k")).isPresent();
  }

  @Test
  @DisplayName("concurrent conditional replaces behave as a compare-and-set")
  void replace_isACompareAndSet() throws Exception {
    store().put("counter", "0");
    AtomicInteger successes = new AtomicInteger();
    runConcurrently(() -> {
      for (int i = 0; i < PER_THREAD; i++) {
        Optional<String> current = store().get("counter");
        String next = String.valueOf(Integer.parseInt(current.orElseThrow()) + 1);
        if (store().replace("counter", current.get(), next)) {
          successes.incrementAndGet();
        }
      }
      return null;
    });
    assertThat(store().get("counter")).contains(String.valueOf(successes.get()));
  }

  private void runConcurrently(Callable<@Nullable Void> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<@Nullable Void>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(pool.submit(() -> {
          start.await();
          return work.call();
        }));
      }
      start.countDown();
      for (Future<@Nullable Void> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @SuppressWarnings("nullness")
  private static String nothing() {
    return null;
  }
}

package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;

/**
 * {@link RelvaStore#scope}: ids, sameness, the commit hook, and scopes of one PostgreSQL database
 * written by two stores at once, as two bot processes would, and handed from one to the other.
 */
class ScopeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int COMMITS = 40;

  @TempDir Path dir;

  private static Change put(String user, int n) {
    return new Change("cooldowns", UserId.of(user), Optional.of(T0.plusSeconds(n)));
  }

  private static List<Object> newestKeys(StateJournal journal, int limit) {
    return journal.newest("cooldowns", limit).stream().map(e -> e.getKey()).toList();
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", " ", "has space", "a.b", "ünïcode", "guild/1", "'; DROP TABLE",
      "12345678901234567890123456789012345678901234567890123456789012345"})
  @DisplayName("a bad scope id is refused, saying what an id is, and nothing is written")
  void badId_isRefused(String id) {
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH)) {
      assertThatThrownBy(() -> store.scope(id)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a scope's id is 1 to 64 of")
          .hasMessageContaining("got '" + id + "'");
      long rows = Jdbi.create("jdbc:sqlite:" + dir.resolve("relva.db")).withHandle(h ->
          h.createQuery("SELECT COUNT(*) FROM entries").mapTo(Long.class).one());
      assertThat(rows).isZero();
    }
  }

  @Test
  @DisplayName("ids of 64 letters, digits, '_' and '-' are scopes; the same id gives the same one")
  void goodIds_andSameness() {
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH)) {
      String longest = "a".repeat(32) + "B_-9".repeat(8);
      for (String id : List.of("console", "112233445566778899", longest)) {
        StateJournal scope = store.scope(id);
        assertThat(store.scope(id)).isSameAs(scope);
        assertThat(scope.toString()).contains("'" + id + "'");
        scope.commit(List.of(put(id, 1)));
      }
      assertThat(store.scope("console").keys("cooldowns")).containsExactly(UserId.of("console"));
      assertThat(store.scope("console")).isNotSameAs(store.scope("Console"));
      assertThat(store.keys("cooldowns")).as("the default scope").isEmpty();
    }
  }

  @Test
  @DisplayName("commits through scopes are heard by the store's listener; closing a scope "
      + "leaves the store open, closing the store closes its scopes")
  void listener_andClosing() {
    List<Boolean> heard = new ArrayList<>();
    RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    store.onCommit((took, written) -> heard.add(written));
    StateJournal a = store.scope("a");
    a.commit(List.of(put("u1", 1)));
    store.scope("b").commit(List.of(put("u1", 2)));
    store.commit(List.of(put("u1", 3)));
    a.close();
    store.scope("a").commit(List.of(put("u2", 4)));
    assertThat(heard).containsExactly(true, true, true, true);
    assertThat(store.scope("a").keys("cooldowns"))
        .containsExactlyInAnyOrder(UserId.of("u1"), UserId.of("u2"));
    store.close();
    assertThatThrownBy(() -> a.commit(List.of(put("u3", 5)))).isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
    assertThat(heard).containsExactly(true, true, true, true, false);
  }

  @Test
  @DisplayName("two stores on one PostgreSQL database write their own scopes at once; each "
      + "reopened scope holds its own only")
  void postgres_twoProcesses_writeTheirScopesAtOnce() throws Exception {
    String url = TestPostgres.newDatabase();
    List<String> ids = List.of("111111111111111111", "222222222222222222");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RelvaStore one = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
        RelvaStore two = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
      List<RelvaStore> stores = List.of(one, two);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        StateJournal scope = stores.get(s).scope(ids.get(s));
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < COMMITS; i++) {
            // The same user keys in both scopes: they must not meet.
            scope.commit(List.of(put("u" + i, i)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Object> inOrder = new ArrayList<>();
    for (int i = 0; i < COMMITS; i++) {
      inOrder.add(UserId.of("u" + i));
    }
    try (RelvaStore reopened = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
      for (String id : ids) {
        StateJournal scope = reopened.scope(id);
        assertThat(scope.load()).containsOnlyKeys("cooldowns");
        assertThat(scope.load().get("cooldowns")).hasSize(COMMITS);
        assertThat(newestKeys(scope, COMMITS)).as("scope %s in commit order", id)
            .isEqualTo(inOrder);
      }
      assertThat(reopened.load()).as("the default scope").isEmpty();
    }
  }

  @Test
  @DisplayName("a scope handed from one PostgreSQL store to another, and back, keeps its commit "
      + "order (each store takes the next place from the database)")
  void postgres_scopeMovesBetweenProcesses_keepsNewestOrder() {
    String url = TestPostgres.newDatabase();
    String id = "333333333333333333";
    RelvaStore first = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
    try (RelvaStore second = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
      // The second store uses the scope first, so a place it remembered would now be stale.
      second.scope(id).commit(List.of(put("early", 0)));
      try (first) {
        StateJournal scope = first.scope(id);
        for (int i = 1; i <= 3; i++) {
          scope.commit(List.of(put("first" + i, i)));
        }
        scope.commit(List.of(put("early", 9))); // a change keeps its place
      }
      second.scope(id).commit(List.of(put("late", 10)));
      second.scope(id).commit(List.of(put("later", 11)));

      List<Object> expected = List.of(UserId.of("early"), UserId.of("first1"),
          UserId.of("first2"), UserId.of("first3"), UserId.of("late"), UserId.of("later"));
      assertThat(newestKeys(second.scope(id), 10)).isEqualTo(expected);
      assertThat(newestKeys(second.scope(id), 2))
          .containsExactly(UserId.of("late"), UserId.of("later"));
      assertThat(second.scope(id).read("cooldowns", UserId.of("early")))
          .contains(T0.plusSeconds(9));
      try (RelvaStore third = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
        assertThat(newestKeys(third.scope(id), 10)).isEqualTo(expected);
        assertThat(third.scope(id).load().get("cooldowns")).hasSize(6);
        assertThat(third.load()).as("the default scope").isEmpty();
      }
    }
  }
}

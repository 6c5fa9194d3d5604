package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;

/**
 * An operator's work on scopes, on both databases: adopting the pre-scope state of the default
 * scope into a server's scope, forgetting a server's scope, and listing the scopes.
 */
class ScopeAdministrationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String GUILD = "445566778899001122";
  private static final String OTHER = "998877665544332211";

  @TempDir Path dir;

  private RelvaStore open(String db) {
    return db.equals("sqlite")
        ? RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH)
        : RelvaStore.postgres(TestPostgres.newDatabase(), TestPostgres.USER, TestPostgres.PASSWORD);
  }

  private static Change put(String store, String user, Object value) {
    return new Change(store, UserId.of(user), Optional.of(value));
  }

  private static Change cooldown(String user, int n) {
    return put("cooldowns", user, T0.plusSeconds(n));
  }

  /** A pre-scope server's history in {@code journal}: three commits, a change and a removal. */
  private static void history(StateJournal journal) {
    journal.commit(List.of(cooldown("u3", 1), put("playerMatches", "u1", "M1")));
    journal.commit(List.of(cooldown("u1", 2), cooldown("u2", 3)));
    journal.commit(List.of(cooldown("u3", 9), new Change("cooldowns", UserId.of("u2"),
        Optional.empty()), cooldown("u0", 4)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("adopting moves every default-scope row into the empty scope, which then loads "
      + "exactly what the default scope held, in the same commit order")
  void adopt_movesEveryRow_inOrder(String db) {
    try (RelvaStore store = open(db)) {
      history(store);
      store.scope(OTHER).commit(List.of(cooldown("u9", 9)));
      Map<String, Map<Object, Object>> before = store.load();
      var newest = store.newest("cooldowns", 10);
      assertThat(newest).extracting(Map.Entry::getKey)
          .containsExactly(UserId.of("u3"), UserId.of("u1"), UserId.of("u0"));
      assertThat(store.hasDefaultScopeState()).isTrue();

      assertThat(store.adoptDefaultScope(GUILD)).isEqualTo(4);

      StateJournal adopted = store.scope(GUILD);
      assertThat(adopted.load()).isEqualTo(before);
      assertThat(adopted.newest("cooldowns", 10)).isEqualTo(newest);
      assertThat(store.load()).as("the default scope").isEmpty();
      assertThat(store.hasDefaultScopeState()).isFalse();
      assertThat(store.scope(OTHER).keys("cooldowns")).containsExactly(UserId.of("u9"));
      adopted.commit(List.of(cooldown("u5", 5)));
      assertThat(adopted.newest("cooldowns", 2)).extracting(Map.Entry::getKey)
          .as("a new key goes after the adopted ones").containsExactly(UserId.of("u0"),
              UserId.of("u5"));

      assertThat(store.adoptDefaultScope(GUILD)).as("adopting again moves nothing").isZero();
      assertThat(adopted.load().get("cooldowns")).hasSize(4);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("adopting into a scope that holds rows is refused, and nothing is moved")
  void adopt_intoAScopeWithRows_isRefused(String db) {
    try (RelvaStore store = open(db)) {
      history(store);
      store.scope(GUILD).commit(List.of(cooldown("mine", 1)));
      StateJournal claimed = store.claimScope(GUILD, "bot-a");
      Map<String, Map<Object, Object>> defaultBefore = store.load();

      assertThatThrownBy(() -> store.adoptDefaultScope(GUILD))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("cannot be moved into scope '" + GUILD + "'")
          .hasMessageContaining("already holds 1 row of its own")
          .hasMessageContaining("Nothing was moved");

      assertThat(store.load()).isEqualTo(defaultBefore);
      assertThat(store.scope(GUILD).load())
          .isEqualTo(Map.of("cooldowns", Map.of(UserId.of("mine"), T0.plusSeconds(1))));
      claimed.commit(List.of(cooldown("still", 2)));
      assertThat(claimed.keys("cooldowns")).as("a refused adoption fences nobody out")
          .containsExactlyInAnyOrder(UserId.of("mine"), UserId.of("still"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("adopting an empty default scope moves nothing and returns 0, whatever the target "
      + "holds")
  void adopt_emptyDefaultScope_returnsZero(String db) {
    try (RelvaStore store = open(db)) {
      assertThat(store.hasDefaultScopeState()).isFalse();
      assertThat(store.adoptDefaultScope(GUILD)).isZero();
      store.scope(GUILD).commit(List.of(cooldown("u1", 1)));
      assertThat(store.adoptDefaultScope(GUILD)).isZero();
      assertThat(store.scope(GUILD).keys("cooldowns")).containsExactly(UserId.of("u1"));
      assertThat(store.scopes()).containsExactly(GUILD);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("adopting into a claimed scope fences out its holder, which loaded the state "
      + "before the move")
  void adopt_fencesOutTheTargetsHolder(String db) {
    try (RelvaStore store = open(db)) {
      StateJournal early = store.claimScope(GUILD, "early");
      history(store);
      assertThat(store.adoptDefaultScope(GUILD)).isEqualTo(4);
      assertThatThrownBy(() -> early.commit(List.of(cooldown("late", 1))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("owner row is gone")
          .hasMessageContaining("adopted the default scope into it");
      StateJournal anew = store.claimScope(GUILD, "anew");
      anew.commit(List.of(cooldown("late", 1)));
      assertThat(anew.keys("cooldowns")).hasSize(4);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("forgetting a scope deletes its rows only, and fences out its holder; the scopes "
      + "listed are those with rows")
  void forget_deletesThatScopesRowsOnly(String db) {
    try (RelvaStore store = open(db)) {
      history(store);
      history(store.scope(OTHER));
      StateJournal claimed = store.claimScope(GUILD, "bot-a");
      history(claimed);
      store.claimScope("console", "console"); // claimed, never committed to
      assertThat(store.scopes()).containsExactly(GUILD, OTHER);
      Map<String, Map<Object, Object>> defaultBefore = store.load();
      Map<String, Map<Object, Object>> otherBefore = store.scope(OTHER).load();

      assertThat(store.forgetScope(GUILD)).isEqualTo(4);

      assertThat(store.scope(GUILD).load()).isEmpty();
      assertThat(store.load()).isEqualTo(defaultBefore);
      assertThat(store.scope(OTHER).load()).isEqualTo(otherBefore);
      assertThat(store.scopes()).containsExactly(OTHER);
      assertThatThrownBy(() -> claimed.commit(List.of(cooldown("late", 1))))
          .isInstanceOf(StorageException.class).hasMessageContaining("forgot the scope");
      assertThat(store.scope(GUILD).load()).as("nothing written after forgetting").isEmpty();

      assertThat(store.forgetScope(GUILD)).as("forgetting again").isZero();
      StateJournal again = store.claimScope(GUILD, "bot-b");
      again.commit(List.of(cooldown("new", 1)));
      assertThatThrownBy(() -> claimed.commit(List.of(cooldown("late", 1))))
          .as("a claim after forgetting has a new epoch: the old journal stays out")
          .isInstanceOf(StorageException.class);
      assertThat(again.keys("cooldowns")).containsExactly(UserId.of("new"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("the default scope cannot be forgotten nor adopted into: it has no scope id")
  void defaultScope_hasNoId(String db) {
    try (RelvaStore store = open(db)) {
      history(store);
      assertThatThrownBy(() -> store.forgetScope("")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a scope's id is 1 to 64 of");
      assertThatThrownBy(() -> store.adoptDefaultScope(""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.hasDefaultScopeState()).isTrue();
      assertThat(store.scopes()).isEmpty();
    }
  }
}

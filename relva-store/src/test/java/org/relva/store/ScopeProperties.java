package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.store.RelvaStore.Durability;

/**
 * Scopes are isolated: random commits to two to four scopes of one SQLite file (the default
 * scope, the store itself, among them) leave each scope holding exactly what was committed to it,
 * in its own commit order, and nothing of another's; reopening the file restores each exactly.
 */
class ScopeProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Scope ids; {@code ""} stands for the store itself, the default scope. */
  private static final List<String> IDS =
      List.of("", "console", "112233445566778899", "998877665544332211", "a_B-9");
  private static final AtomicInteger FILES = new AtomicInteger();
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws Exception {
    dir = Files.createTempDirectory("relva-scopes");
  }

  @AfterContainer
  static void deleteDirectory() throws Exception {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** One commit: to which of the scopes (an index, taken modulo their number), and what. */
  record Commit(int scope, List<Change> changes) {}

  @Provide
  Arbitrary<List<String>> scopes() {
    return Arbitraries.of(IDS).list().uniqueElements().ofMinSize(2).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Commit>> commits() {
    Arbitrary<Change> change = Combinators.combine(
            Arbitraries.of("cooldowns", "playerMatches"),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 9))
        .as((store, user, n) -> new Change(store, UserId.of("u" + user), n == 0
            ? Optional.empty()
            : Optional.of(store.equals("cooldowns") ? T0.plusSeconds(n) : "M" + n)));
    return Combinators.combine(Arbitraries.integers().between(0, 3),
            change.list().ofMinSize(1).ofMaxSize(5))
        .as(Commit::new)
        .list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 40)
  @Label("each scope holds what was committed to it, in its order, and nothing of another's")
  void scopes_areIsolated_andSurviveReopening(
      @ForAll("scopes") List<String> scopes, @ForAll("commits") List<Commit> commits) {
    Statistics.label("scopes").collect(scopes.size()).coverage(c -> {
      c.check(2).count(n -> n > 5);
      c.check(4).count(n -> n > 5);
    });
    Statistics.label("default scope among them").collect(scopes.contains(""));
    Path file = dir.resolve("scopes-" + FILES.incrementAndGet() + ".db");
    Map<String, Map<String, LinkedHashMap<Object, Object>>> expected = new HashMap<>();
    scopes.forEach(id -> expected.put(id, new HashMap<>()));

    try (RelvaStore store = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      for (Commit commit : commits) {
        String id = scopes.get(commit.scope() % scopes.size());
        journal(store, id).commit(commit.changes());
        apply(expected.get(id), commit.changes());
      }
      assertHolds(store, expected);
    }
    try (RelvaStore reopened = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      assertHolds(reopened, expected);
    }
  }

  private static StateJournal journal(RelvaStore store, String id) {
    return id.isEmpty() ? store : store.scope(id);
  }

  /**
   * What a commit does to a scope's model: the last change of a key wins, a new key goes after
   * the others (where its last change was in the commit), a changed key keeps its place.
   */
  private static void apply(Map<String, LinkedHashMap<Object, Object>> scope,
      List<Change> changes) {
    LinkedHashMap<List<Object>, Change> last = new LinkedHashMap<>();
    for (Change change : changes) {
      List<Object> slot = List.of(change.store(), change.key());
      last.remove(slot);
      last.put(slot, change);
    }
    for (Change change : last.values()) {
      LinkedHashMap<Object, Object> entries =
          scope.computeIfAbsent(change.store(), s -> new LinkedHashMap<>());
      change.value().ifPresentOrElse(v -> entries.put(change.key(), v),
          () -> entries.remove(change.key()));
    }
  }

  private static void assertHolds(
      RelvaStore store, Map<String, Map<String, LinkedHashMap<Object, Object>>> expected) {
    expected.forEach((id, stores) -> {
      StateJournal journal = journal(store, id);
      Map<String, Map<Object, Object>> nonEmpty = new HashMap<>();
      stores.forEach((name, entries) -> {
        if (!entries.isEmpty()) {
          nonEmpty.put(name, entries);
        }
        assertThat(journal.newest(name, 100)).as("scope '%s', %s in commit order", id, name)
            .containsExactlyElementsOf(new ArrayList<>(entries.entrySet()));
        assertThat(journal.keys(name)).as("scope '%s', %s keys", id, name)
            .containsExactlyInAnyOrderElementsOf(entries.keySet());
      });
      Map<String, Map<Object, Object>> loaded = new HashMap<>();
      journal.load().forEach((name, entries) -> {
        if (!entries.isEmpty()) {
          loaded.put(name, entries);
        }
      });
      assertThat(loaded).as("scope '%s'", id).isEqualTo(nonEmpty);
    });
  }
}

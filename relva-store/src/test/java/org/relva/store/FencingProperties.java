package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;

/**
 * Fencing under random interleavings: two holders claim one scope and commit through any of the
 * journals their claims returned (the newest, or an older one). On PostgreSQL each holder is a
 * store of its own (two processes); on SQLite both share one store. A commit is written exactly
 * when its journal's claim is the scope's newest, so the scope only ever holds commits made by
 * the holder of the epoch they were made in, after its claim, in commit order.
 */
class FencingProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AtomicInteger SCOPES = new AtomicInteger();
  private static Path dir;
  private static RelvaStore sqlite;
  private static RelvaStore postgresA;
  private static RelvaStore postgresB;

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("relva-fencing");
    sqlite = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    String url = TestPostgres.newDatabase();
    postgresA = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
    postgresB = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
  }

  @AfterContainer
  static void close() throws Exception {
    sqlite.close();
    postgresA.close();
    postgresB.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /**
   * One step of a holder (0 or 1): a claim, or a commit through one of its journals (the newest
   * if {@code older} is false or it has one only, else its first).
   */
  record Step(boolean claim, int holder, boolean older) {
    @Override
    public String toString() {
      return (claim ? "claim by " : older ? "older commit by " : "commit by ") + holder;
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 3))
        .as((kind, holder, older) -> new Step(kind < 3, holder, older == 0));
    return step.list().ofMinSize(8).ofMaxSize(30);
  }

  /** A journal a claim returned, and which claim of the scope it was (0 for the first). */
  private record Held(StateJournal journal, int claim) {}

  @Property(tries = 60)
  @Label("only the newest claim's commits land; a fenced-out commit writes nothing")
  void onlyTheNewestClaim_commits(@ForAll("steps") List<Step> steps, @ForAll boolean onPostgres) {
    String scope = "scope" + SCOPES.incrementAndGet();
    List<RelvaStore> stores = onPostgres ? List.of(postgresA, postgresB) : List.of(sqlite, sqlite);
    List<List<Held>> held = List.of(new ArrayList<>(), new ArrayList<>());
    int claims = 0;
    int newest = -1;
    int newestHolder = -1;
    List<Object> written = new ArrayList<>(); // keys, in commit order
    Map<Integer, String> refusals = new HashMap<>(); // each claim's first refusal
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      List<Held> mine = held.get(step.holder());
      if (step.claim()) {
        mine.add(new Held(stores.get(step.holder()).claimScope(scope, "holder" + step.holder()),
            claims));
        newest = claims++;
        newestHolder = step.holder();
        Statistics.label("steps").collect("claim");
        continue;
      }
      if (mine.isEmpty()) {
        Statistics.label("steps").collect("commit before any claim of the holder");
        continue;
      }
      Held through = step.older() ? mine.get(0) : mine.get(mine.size() - 1);
      UserId key = UserId.of("k" + i);
      List<Change> changes = List.of(
          new Change("cooldowns", key, Optional.of(T0.plusSeconds(i))));
      if (through.claim() == newest) {
        through.journal().commit(changes);
        written.add(key);
        Statistics.label("steps").collect("written");
      } else {
        StorageException e = catchThrowableOfType(StorageException.class,
            () -> through.journal().commit(changes));
        assertThat(e).as("step %d, %s, through claim %d of %d", i, step, through.claim(), claims)
            .isNotNull();
        String first = refusals.putIfAbsent(through.claim(), e.getMessage());
        if (first == null) {
          assertThat(e).hasMessageContaining(
              "is now served by another process: 'holder" + newestHolder + "'");
        } else {
          // Refused at once, as it was the first time, without asking the database again.
          assertThat(e).hasMessage(first);
        }
        Statistics.label("steps").collect(first == null ? "fenced out" : "fenced out again");
      }
      StateJournal reader = stores.get(0).scope(scope);
      assertThat(reader.newest("cooldowns", 100)).extracting(Map.Entry::getKey)
          .as("after step %d, %s", i, step).containsExactlyElementsOf(written);
    }
    Statistics.label("database").collect(onPostgres ? "PostgreSQL" : "SQLite");
    Statistics.label("steps").coverage(c -> {
      c.check("written").count(n -> n > 100);
      c.check("fenced out").count(n -> n > 40);
      c.check("fenced out again").count(n -> n > 20);
    });
  }
}

package org.relva.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.ResultCorrection;
import org.relva.core.model.SoloPlayer;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.testkit.store.InMemoryJournal;

/**
 * What a corrected result costs: replaying the 10,000 5v5 matches rated after the corrected one,
 * against rating those 10,001 matches the first time, in one run.
 *
 * <p>The history: 200 players, each match ten of them drawn at random (seeded) in two teams, the
 * winner at random. {@link #rateFirstTime} builds a new rating book and applies all 10,001
 * finished matches, as the book does when they end. {@link #replay} corrects the first match's
 * result (flipping it each call, so every call is a real correction) on a book that has rated
 * them all: the book finds the later rated matches in order, reads each one's teams from the
 * history, rates them again and writes every changed record and rated match in one commit. With
 * 200 players and ten a match, the correction reaches every player within a few dozen matches,
 * so nearly all 10,000 are rated again: this is the worst case, not the typical one.
 *
 * <p>{@code book}: {@code memory} keeps the rated matches and their order in memory;
 * {@code journal} keeps them in the testkit's in-memory journal and finds the later ones with
 * {@code StateJournal.newest} in growing batches, as a book on SQLite or PostgreSQL does, without
 * a database's input and output (each of the first-time ratings commits too). The time is the
 * single call's, so both include the JIT's warming of one long call; the ratio is what to read.
 *
 * <p>Run {@code main} for the ratios, {@code java -cp relva-bench/target/benchmarks.jar
 * org.relva.bench.CorrectionReplayBenchmark}, or the benchmark alone with {@code java -jar
 * relva-bench/target/benchmarks.jar CorrectionReplay}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class CorrectionReplayBenchmark {
  static final int LATER = 10_000;
  private static final int PLAYERS = 200;
  private static final long SEED = 0x0C0_2026L;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Member MODERATOR = Member.of("999999999999999999", "mod");

  /** The finished matches, oldest first, and a book that rated them all. */
  @State(Scope.Benchmark)
  public static class History {
    @Param({"memory", "journal"})
    public String book;

    List<MatchEvent.Finished> finished;
    Map<String, MatchRecord> byId;
    RatingBook rated;
    MatchAudit audit;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom random = new SplittableRandom(SEED);
      Region region = Region.of("us-e");
      List<Member> players = new ArrayList<>();
      for (int i = 0; i < PLAYERS; i++) {
        players.add(Member.of(Long.toString(200_000_000_000_000_000L + i), "player" + i));
      }
      finished = new ArrayList<>();
      byId = new HashMap<>();
      for (int n = 0; n <= LATER; n++) {
        Instant at = T0.plusSeconds(60L * n);
        List<Member> pool = new ArrayList<>(players);
        List<List<QueueEntry>> teams = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          List<QueueEntry> team = new ArrayList<>();
          for (int p = 0; p < 5; p++) {
            Member m = pool.remove(random.nextInt(pool.size()));
            team.add(new QueueEntry(new SoloPlayer(EntityId.of(String.format(Locale.ROOT,
                "K%d%05d", t * 5 + p, n % 100_000)), region, m), at));
          }
          teams.add(team);
        }
        MatchResult result = MatchResult.win(random.nextInt(2));
        MatchRecord match = new MatchRecord("M" + n, region, teams, MatchRecord.State.FINISHED,
            at, at, Set.of(), Map.of(), Optional.of(result), Optional.of(at), Optional.of(at),
            Optional.of("bench"));
        finished.add(new MatchEvent.Finished(match, result, at));
        byId.put(match.id(), match);
      }
      rated = newBook();
      finished.forEach(rated::apply);
      MatchResult first = finished.get(0).result();
      audit = MatchAudit.of("M0", new ResultCorrection(first,
          MatchResult.win(1 - first.winner()), MODERATOR, T0, "bench"));
    }

    RatingBook newBook() {
      return book.equals("journal") ? RatingBook.builder().journal(new InMemoryJournal()).build()
          : RatingBook.builder().build();
    }
  }

  /** Rates the corrected match and the 10,000 after it the first time, in a new book. */
  @Benchmark
  public RatingBook rateFirstTime(History history) {
    RatingBook book = history.newBook();
    for (MatchEvent.Finished f : history.finished) {
      if (!book.apply(f)) {
        throw new IllegalStateException("the book skipped " + f.match().id());
      }
    }
    return book;
  }

  /** Corrects the first match (flipping its winner) and replays the 10,000 after it. */
  @Benchmark
  public int replay(History history) {
    MatchRecord now = history.byId.get("M0");
    MatchRecord corrected = now.correct(MatchResult.win(1 - now.result().orElseThrow().winner()));
    history.byId.put("M0", corrected);
    int rewritten = history.rated.replay(corrected, history.audit,
        id -> Optional.ofNullable(history.byId.get(id)));
    if (rewritten < LATER / 2) {
      throw new IllegalStateException("the replay rewrote only " + rewritten + " matches");
    }
    return rewritten;
  }

  /** Runs this benchmark and prints, for each book, the replay's time as a share of rating. */
  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(CorrectionReplayBenchmark.class.getName() + "\\.").build()).run();
    for (String book : List.of("memory", "journal")) {
      double first = score(results, "rateFirstTime", book);
      double replay = score(results, "replay", book);
      System.out.printf(Locale.ROOT, "%s: rating %d matches the first time %.1f ms, replaying "
          + "the %d after a correction %.1f ms: %.2fx%n", book, LATER + 1, first, LATER, replay,
          replay / first);
    }
  }

  private static double score(Collection<RunResult> results, String method, String book) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .filter(r -> book.equals(r.getParams().getParam("book")))
        .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
  }
}

package org.relva.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.rating.RatingSystem;
import org.relva.matchmaking.stats.RatingBook;

/**
 * The cost of rating one 5v5 match, one operation being one match (ten players' new ratings), in
 * each rating system, against a baseline of the input lists and a trivial pass over them.
 *
 * <p>{@link #plackettLuce}, {@link #thurstoneMosteller} and {@link #elo} build the two teams'
 * input lists from ten ratings (as the rating book does for every match) and call {@link
 * RatingSystem#rate}, which returns new immutable lists of ten new ratings. {@link #baseline}
 * builds the same input lists and makes one arithmetic pass over the ten ratings, so {@code
 * baseline / system} in the same run is how many bare passes over a match's ratings one update
 * costs; the difference is the update itself: its temporary arrays, the ten new ratings and
 * their lists, and its mathematics (for Plackett-Luce a handful of square roots and exponentials
 * per team; for Thurstone-Mosteller the truncated-normal functions of each pair of teams, an
 * error-function series or continued fraction; for Elo one power per pair). openskill.js reports
 * about 60,000 5v5 Plackett-Luce updates a second, for comparison.
 *
 * <p>{@link #bookApply} is the whole path of a result through a {@link RatingBook}: a new
 * finished {@link MatchRecord} and its event (as the core publishes it), the book's lock and
 * repeat check, ten store reads, the update, and ten store {@code compute}s writing new {@code
 * PlayerRecord}s, in an in-memory store; the winners alternate so ratings stay in range.
 *
 * <p>Limits: one thread; the ten input ratings are fixed (seeded), so branches settle the same way
 * on every call and the JIT sees one shape of input; the figures are of a warmed-up JIT, not of
 * the first matches after a start.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar RatingUpdate}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RatingUpdateBenchmark {
  private static final long SEED = 0x5EED_2026L;
  private static final int[] TEAM_ZERO_WINS = {0, 1};

  /** Ten players' ratings, spread as a real lobby's would be, and the three systems. */
  @State(Scope.Thread)
  public static class Lobby {
    // Not final, so the JIT cannot fold them into constants.
    Rating[] players;
    int[] ranks;
    RatingSystem plackettLuce;
    RatingSystem thurstoneMosteller;
    RatingSystem elo;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom random = new SplittableRandom(SEED);
      players = new Rating[10];
      for (int i = 0; i < players.length; i++) {
        players[i] = new Rating(25 + 4 * random.nextGaussian(), 2 + 6 * random.nextDouble());
      }
      ranks = TEAM_ZERO_WINS.clone();
      plackettLuce = RatingSystem.openSkill();
      thurstoneMosteller = RatingSystem.openSkillThurstoneMosteller();
      elo = RatingSystem.elo();
    }
  }

  /** The two teams' input lists, as a caller builds them for every match. */
  private static List<List<Rating>> teams(Rating[] p) {
    return List.of(List.of(p[0], p[1], p[2], p[3], p[4]), List.of(p[5], p[6], p[7], p[8], p[9]));
  }

  @Benchmark
  public List<List<Rating>> plackettLuce(Lobby lobby) {
    return lobby.plackettLuce.rate(teams(lobby.players), lobby.ranks);
  }

  @Benchmark
  public List<List<Rating>> thurstoneMosteller(Lobby lobby) {
    return lobby.thurstoneMosteller.rate(teams(lobby.players), lobby.ranks);
  }

  @Benchmark
  public List<List<Rating>> elo(Lobby lobby) {
    return lobby.elo.rate(teams(lobby.players), lobby.ranks);
  }

  /**
   * The floor every update stands on: the same input lists, and one arithmetic pass over the ten
   * ratings (a sum, so the JIT cannot drop the reads), with no mathematics and no new ratings.
   */
  @Benchmark
  public double baseline(Lobby lobby) {
    List<List<Rating>> teams = teams(lobby.players);
    double sum = 0;
    for (int i = 0, count = teams.size(); i < count; i++) {
      List<Rating> team = teams.get(i);
      for (int j = 0, size = team.size(); j < size; j++) {
        Rating player = team.get(j);
        sum += player.mu() * lobby.ranks[i] + player.sigma();
      }
    }
    return sum;
  }

  /** A rating book, ten solo players in two teams, and a counter for fresh match ids. */
  @State(Scope.Thread)
  public static class Book {
    RatingBook book;
    List<List<QueueEntry>> teams;
    Region region;
    Instant at;
    long next;

    @Setup(Level.Trial)
    public void setUp() {
      book = RatingBook.builder().build();
      region = Region.of("us-e");
      at = Instant.parse("2026-01-01T00:00:00Z");
      teams = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        List<QueueEntry> team = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
          int n = t * 5 + p;
          Member member = Member.of(Long.toString(100_000_000_000_000_000L + n), "player" + n);
          team.add(new QueueEntry(new SoloPlayer(EntityId.of("KBench" + n), region, member), at));
        }
        teams.add(List.copyOf(team));
      }
      teams = List.copyOf(teams);
    }
  }

  /**
   * One finished 5v5 through the book, the event included; winners alternate. Its path is deep
   * enough that the JIT needs longer than the others' warm-up to settle, hence its own.
   */
  @Benchmark
  @Warmup(iterations = 6, time = 1)
  public boolean bookApply(Book state) {
    long n = state.next++;
    MatchResult result = MatchResult.win((int) (n & 1));
    MatchRecord match = new MatchRecord("M" + n, state.region, state.teams,
        MatchRecord.State.FINISHED, state.at, state.at, Set.of(), Map.of(), Optional.of(result),
        Optional.of(state.at), Optional.of(state.at), Optional.of("bench"));
    boolean applied = state.book.apply(new MatchEvent.Finished(match, result, state.at));
    if (!applied) {
      throw new IllegalStateException("the book skipped match " + match.id());
    }
    return applied;
  }
}

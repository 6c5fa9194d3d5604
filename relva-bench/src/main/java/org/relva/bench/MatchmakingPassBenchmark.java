package org.relva.bench;

import java.util.Arrays;
import java.util.List;
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
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.AlgorithmRegistry;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.RegionPolicy;

/**
 * The time of one matchmaking pass of a built-in algorithm over a queue of 1,000, 10,000 and
 * 100,000 entities, measured against sorting as many ratings.
 *
 * <p>{@link #pass} calls {@link MatchmakingAlgorithm#propose} on a fixed snapshot made by
 * {@link BenchQueues#snapshot}: 8 regions, about 30% parties of 2 to 5 (1.75 players per entity),
 * ratings from N(1500, 300), waits spread over three minutes, the default configuration (5v5, the
 * default rating window, the full-party rule relaxed after 90 s, no region links). The algorithm
 * is {@code fifo} or {@code balanced}, found by name through {@link AlgorithmRegistry#discover()}
 * as the daemon finds it. The setup prints how many matches one pass forms, which the seed fixes
 * (at 100,000 entities, about 17,400 matches holding all but a few hundred of the 174,701
 * players).
 *
 * <p>The rating source is a parameter, because {@code balanced} reads every queued player's rating
 * on every pass and the source's cost is a large share of the pass: {@code concurrent} is a
 * {@code ConcurrentHashMap} behind a lambda, as a running bot's live ratings would be, and
 * {@code immutable} is the library's own {@link Ratings#of}. Either way the keys are the players'
 * ids as separate objects, made in shuffled order, so a lookup compares strings away from the
 * queue's objects in memory. {@code fifo} ignores ratings, so its two rows differ only by noise.
 *
 * <p>Two references run in the same fork: {@link #sort}, {@link Arrays#sort(double[])} of a fresh
 * copy of {@code size} random doubles, the least any matcher that orders entities by rating must
 * pay; and {@link #ratingLookups}, reading every queued player's rating once, in queue order,
 * which {@code balanced} must do on every pass. All report the average time per call, so in the
 * same run {@code pass / sort} at one size says how many sorts a pass costs, and the ratio of a
 * pass's time at 100,000 to its time at 10,000 can be held against n log n's 12.5 (and against
 * the sort's own growth, which is what n log n looks like on this machine's caches).
 *
 * <p>Limits: the pass is the algorithm alone. The daemon's share of a real pass (copying the queue
 * out of the core, checking each proposal with the validator, popping the matches) is not here;
 * {@code SoloJoinToPopLatencyBenchmark} measures a whole small pass. With no region links the
 * second round of the search never runs. The sort's input is in cache after the copy; the pass
 * walks some hundred thousand objects and is not, which is part of what is measured: at 100,000
 * entities the pass is bound by memory latency (reading the entries, then the rating lookups), not
 * by its arithmetic. Each iteration at 100,000 holds only a dozen or so passes, so its error is
 * wide on a shared machine; run with more iterations ({@code -i 10}) for a firmer figure.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar MatchmakingPass}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 1)
public class MatchmakingPassBenchmark {
  private static final long SEED = 0x5EED_2025L;

  /** The number of queued entities, shared by the pass and its references. */
  @State(Scope.Benchmark)
  public static class Size {
    @Param({"1000", "10000", "100000"})
    public int size = 1000;
  }

  /** The snapshot of {@code size} entities and the rating source it is read with. */
  @State(Scope.Benchmark)
  public static class Source {
    /** {@code concurrent}: a live concurrent map; {@code immutable}: {@link Ratings#of}. */
    @Param({"concurrent", "immutable"})
    public String ratings = "concurrent";

    // Set by setUp, which JMH runs after injecting the parameters and before any benchmark call.
    BenchQueues.Snapshot snapshot;
    Ratings source;

    @Setup(Level.Trial)
    public void setUp(Size size) {
      snapshot = BenchQueues.snapshot(size.size, SEED);
      source = switch (ratings) {
        case "concurrent" -> BenchQueues.concurrent(snapshot.ratings());
        case "immutable" -> BenchQueues.immutable(snapshot.ratings());
        default -> throw new IllegalArgumentException(
            "ratings: expected concurrent or immutable, got " + ratings);
      };
    }
  }

  /** The algorithm and the context it is called with. */
  @State(Scope.Benchmark)
  public static class Pool {
    /** The built-in algorithm, by its registered name. */
    @Param({"fifo", "balanced"})
    public String algorithm = "balanced";

    // Set by setUp, which JMH runs after injecting the parameters and before any benchmark call.
    MatchmakingAlgorithm matcher;
    MatchContext context;

    @Setup(Level.Trial)
    public void setUp(Size size, Source source) {
      BenchQueues.Snapshot snapshot = source.snapshot;
      MatchmakingConfig config = MatchmakingConfig.defaults().withAlgorithm(algorithm);
      matcher = AlgorithmRegistry.discover().create(config);
      context = new MatchContext(snapshot.queue(), snapshot.now(), config.format(), source.source,
          RegionPolicy.none());
      List<Proposal> proposals = matcher.propose(context);
      int matched = proposals.stream().mapToInt(Proposal::players).sum();
      System.out.printf("%n%s over %,d entities (%,d players, %,d parties): %,d matches,"
              + " %,d players matched%n", algorithm, size.size, snapshot.players(),
          snapshot.parties(), proposals.size(), matched);
    }
  }

  /** One pass of the algorithm over the whole snapshot. */
  @Benchmark
  public List<Proposal> pass(Pool pool) {
    return pool.matcher.propose(pool.context);
  }

  /** Reference: every queued player's rating read once from the source, in queue order. */
  @Benchmark
  public double ratingLookups(Source source) {
    Ratings ratings = source.source;
    double total = 0;
    for (QueueEntry entry : source.snapshot.queue()) {
      for (Member member : entry.entity().members()) {
        total += ratings.rating(member.id());
      }
    }
    return total;
  }

  /** {@code size} random doubles, standing for the entities' ratings. */
  @State(Scope.Thread)
  public static class RatingValues {
    double[] values;

    @Setup(Level.Trial)
    public void setUp(Size size) {
      SplittableRandom random = new SplittableRandom(SEED);
      values = new double[size.size];
      for (int i = 0; i < values.length; i++) {
        values[i] = Ratings.DEFAULT_RATING + 300 * random.nextGaussian();
      }
    }
  }

  /** Baseline: sorting a copy of the ratings, so every call sorts unsorted input. */
  @Benchmark
  public double[] sort(RatingValues ratings) {
    double[] copy = ratings.values.clone();
    Arrays.sort(copy);
    return copy;
  }
}

package org.relva.bench;

import com.google.common.util.concurrent.MoreExecutors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.relva.core.Relva;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.ChannelId;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.Member;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;

/**
 * The latency from the tenth solo's {@code soloJoin} to its {@code queuePop}: the time of the
 * {@link Relva#joinQueue} that completes a 5v5 match, with the queue daemon running its passes on
 * the joining thread, against the same join with no daemon.
 *
 * <p>Each invocation starts from a core with nine solo players queued in one region (put there by
 * a setup that JMH does not time) and measures one call. In {@link #tenthJoinPops} the daemon runs
 * {@code fifo} or {@code balanced} with everyone rated the same, on a direct executor, so the call
 * does not return before the join's event has reached the daemon, a pass has proposed the match,
 * the validator has checked it, {@link Relva#pop} has taken the ten out of the queue, opened the
 * match's ready check and delivered {@code queuePop}; a teardown checks that exactly one pop
 * happened and the queue is empty, then ends the match so the same ten can queue again. {@link #ninthJoinNoMatch} is the ninth join with the daemon running: a pass that
 * finds nothing, so the two show what the pass and the pop each cost. {@link #tenthJoinNoDaemon}
 * is the baseline: the tenth join on a core with no daemon attached. JMH samples every call and
 * prints percentiles; the figures are {@code p0.50} and {@code p0.99} of
 * {@link #tenthJoinPops}, and the matchmaking share is its difference from the baseline.
 *
 * <p>Limits: the queue holds only those solo players, so the pass is as cheap as a pass gets (see
 * {@code MatchmakingPassBenchmark} for how it grows with the queue); the clock stands still, so
 * waits never relax anything. The event bus is the core's direct one and the only listeners are
 * the daemon and a counter: no Discord, no network, no logging. With the daemon's own thread, the
 * default, a pop is later than this by a thread hand-off. Per-invocation setup costs nothing
 * measured here but its timestamps bound the resolution at a few tens of nanoseconds, far below the
 * figures.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar SoloJoinToPopLatency}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SoloJoinToPopLatencyBenchmark {
  /** The region every solo here queues in. */
  private static final String REGION = "us-e";
  private static final int MATCH = MatchmakingConfig.defaults().format().players();

  /**
   * A core with a running daemon and {@code MATCH - 1} solos queued before each call. Every popped
   * match stays in the core's match store, so each iteration starts with a new core.
   */
  @State(Scope.Thread)
  public static class Popping {
    /** The built-in algorithm the daemon runs. */
    @Param({"fifo", "balanced"})
    public String algorithm = "fifo";

    final Member[] solos = solos();
    // Set by the setups, which JMH runs before the calls they prepare.
    Relva relva;
    ChannelId lobby;
    QueueDaemon daemon;
    long pops;
    long popsBefore;
    @Nullable PoppedMatch popped;

    @Setup(Level.Iteration)
    public void start() {
      relva = BenchCores.core();
      lobby = relva.config().lobby();
      relva.events().subscribe(QueueEvent.QueuePop.class, pop -> {
        pops++;
        popped = pop.match();
      });
      daemon = daemon(relva, algorithm);
      daemon.start();
    }

    @Setup(Level.Invocation)
    public void queueNine() {
      join(relva, lobby, solos, MATCH - 1);
      popsBefore = pops;
    }

    /**
     * Checks that the call popped one match and emptied the queue, then ends the match (everyone
     * accepts its ready check, then it is called off) so the same players may queue again.
     */
    @TearDown(Level.Invocation)
    public void endMatch() {
      PoppedMatch match = popped;
      if (pops != popsBefore + 1 || match == null || !relva.queue().isEmpty()) {
        throw new IllegalStateException("the tenth join did not pop exactly one match: "
            + (pops - popsBefore) + " pops, " + relva.queue().size() + " left queued");
      }
      for (Member solo : solos) {
        BenchCores.succeeded(relva.acceptMatch(solo.id(), match.matchId()), "an acceptance");
      }
      BenchCores.succeeded(relva.cancelMatch(match.matchId(), "benchmark"), "the cancellation");
      popped = null;
    }

    @TearDown(Level.Iteration)
    public void stop() {
      daemon.stop();
    }
  }

  /** The join that completes a match: event, pass, validation, pop and {@code queuePop}. */
  @Benchmark
  public QueueEntry tenthJoinPops(Popping state) {
    return BenchCores.succeeded(
        state.relva.joinQueue(state.solos[MATCH - 1], state.lobby, REGION), "the tenth join");
  }

  /** A core with a running daemon and {@code MATCH - 2} solos queued before each call. */
  @State(Scope.Thread)
  public static class Short {
    /** The built-in algorithm the daemon runs. */
    @Param({"fifo", "balanced"})
    public String algorithm = "fifo";

    final Member[] solos = solos();
    // Set by the setups, which JMH runs before the calls they prepare.
    Relva relva;
    ChannelId lobby;
    QueueDaemon daemon;

    @Setup(Level.Trial)
    public void start() {
      relva = BenchCores.core();
      lobby = relva.config().lobby();
      daemon = daemon(relva, algorithm);
      daemon.start();
    }

    @Setup(Level.Invocation)
    public void queueEight() {
      join(relva, lobby, solos, MATCH - 2);
    }

    @TearDown(Level.Invocation)
    public void leaveAll() {
      leave(relva, lobby, solos, MATCH - 1);
    }

    @TearDown(Level.Trial)
    public void stop() {
      daemon.stop();
    }
  }

  /** A join with the daemon running that completes nothing: event and an empty-handed pass. */
  @Benchmark
  public QueueEntry ninthJoinNoMatch(Short state) {
    return BenchCores.succeeded(
        state.relva.joinQueue(state.solos[MATCH - 2], state.lobby, REGION), "the ninth join");
  }

  /** A core with no daemon and {@code MATCH - 1} solos queued before each call. */
  @State(Scope.Thread)
  public static class Bare {
    final Member[] solos = solos();
    // Set by the setups, which JMH runs before the calls they prepare.
    Relva relva;
    ChannelId lobby;

    @Setup(Level.Trial)
    public void start() {
      relva = BenchCores.core();
      lobby = relva.config().lobby();
    }

    @Setup(Level.Invocation)
    public void queueNine() {
      join(relva, lobby, solos, MATCH - 1);
    }

    @TearDown(Level.Invocation)
    public void leaveAll() {
      leave(relva, lobby, solos, MATCH);
    }
  }

  /** Baseline: the same tenth join on a core with no daemon, so nothing is matched. */
  @Benchmark
  public QueueEntry tenthJoinNoDaemon(Bare state) {
    return BenchCores.succeeded(
        state.relva.joinQueue(state.solos[MATCH - 1], state.lobby, REGION), "the tenth join");
  }

  private static Member[] solos() {
    Member[] solos = new Member[MATCH];
    for (int i = 0; i < MATCH; i++) {
      solos[i] = BenchQueues.member(i);
    }
    return solos;
  }

  private static QueueDaemon daemon(Relva relva, String algorithm) {
    return QueueDaemon.builder(relva)
        .config(MatchmakingConfig.defaults().withAlgorithm(algorithm))
        .executor(MoreExecutors.directExecutor())
        .listener(BenchCores.SILENT)
        .build();
  }

  private static void join(Relva relva, ChannelId lobby, Member[] solos, int count) {
    for (int i = 0; i < count; i++) {
      BenchCores.succeeded(relva.joinQueue(solos[i], lobby, REGION), "a setup join");
    }
  }

  private static void leave(Relva relva, ChannelId lobby, Member[] solos, int count) {
    for (int i = 0; i < count; i++) {
      BenchCores.succeeded(relva.leaveQueue(solos[i].id(), lobby), "a teardown leave");
    }
  }
}

package org.relva.bench;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.MatchmakingListener;
import org.relva.matchmaking.PassReport;
import org.relva.matchmaking.QueueDaemon;
import org.relva.matchmaking.Ratings;

/**
 * Sustained queue events per second on one thread, with the queue daemon on and off: one solo
 * player joining and leaving the queue over and over, each join and each leave one event
 * ({@code soloJoin}, {@code soloLeave}), in a queue that stays the same size.
 *
 * <p>The core (in-memory, fixed clock, seeded ids) holds {@code background} solo players who never
 * match, and the benchmark thread queues and de-queues one more. The daemon runs {@code balanced},
 * the default, with ratings that keep every group of players at most nine strong within the
 * rating window: the toggling player's region holds eight at its rating, and the rest of the
 * background sit in groups of nine, 250 apart, spread over the eight regions, so no pass ever
 * finds a match and the queue is in a steady state. {@code daemon} selects what "matchmaking on"
 * means:
 * <ul>
 *   <li>{@code none}, the baseline: no daemon is attached; the events reach nobody;</li>
 *   <li>{@code direct}: the daemon on a direct executor, so every event runs a whole pass on the
 *       benchmark thread before the call returns: one pass per event, the strictest meaning;</li>
 *   <li>{@code thread}: the daemon on a thread of its own (an executor of one thread, as the
 *       daemon's default), so passes run beside the benchmark thread, and events that arrive
 *       while a pass is pending are coalesced into it: the events per second the core sustains
 *       with a daemon keeping up as it can. The benchmark thread still pays for the requests, and
 *       waits for the core's lock while a pass copies the queue out of it.</li>
 * </ul>
 * One operation is one event ({@code @OperationsPerInvocation(2)}), so the score is events per
 * second; {@code passes} (an auxiliary counter) is passes run per second, and events per pass is
 * the one divided by the other. Each figure is meaningful against {@code none} in the same run.
 *
 * <p>Limits: only solo joins and leaves, from one thread, with nothing listening but the daemon;
 * the fixed clock means no rule ever relaxes and the rating window stays at its narrowest. With a
 * direct executor a pass costs O(n) in the queue's length (the core copies the queue, the
 * algorithm reads every entry and looks up every player's rating), so the events per second fall
 * as the queue grows; with its own thread the daemon is bounded by that pass time instead, and
 * the benchmark thread by the core's lock. Two cores: the {@code thread} figures depend on the
 * daemon's thread having a core to itself, which a shared machine does not promise.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar QueueEventThroughput}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QueueEventThroughputBenchmark {
  private static final String REGION = "us-e";
  /** A match's players; a group of fewer never matches. */
  private static final int MATCH = MatchmakingConfig.defaults().format().players();
  /** The gap between groups' ratings: more than twice the narrowest default window (100). */
  private static final double GROUP_GAP = 250;

  /** A core in a steady state, the player who joins and leaves, and the daemon if any. */
  @State(Scope.Thread)
  public static class Queue {
    /** {@code none}, {@code direct} or {@code thread}; see the class comment. */
    @Param({"none", "direct", "thread"})
    public String daemon = "direct";

    /** Solo players queued all along: eight beside the toggling player, or a thousand in all. */
    @Param({"8", "1000"})
    public int background = 8;

    final Member toggler = BenchQueues.member(0);
    final AtomicLong passes = new AtomicLong();
    // Set by setUp, which JMH runs after injecting the parameters and before any benchmark call.
    Relva relva;
    ChannelId lobby;
    @Nullable QueueDaemon running;
    @Nullable ExecutorService thread;

    @Setup(Level.Trial)
    public void setUp() {
      if (background < MATCH - 2) {
        throw new IllegalArgumentException("background: at least " + (MATCH - 2) + ", got "
            + background);
      }
      relva = BenchCores.core();
      lobby = relva.config().lobby();
      Map<UserId, Double> ratings = new HashMap<>();
      ratings.put(toggler.id(), 0.0);
      for (int i = 1; i <= background; i++) {
        Member solo = BenchQueues.member(i);
        // The first MATCH - 2 join the toggling player's group; then groups of MATCH - 1.
        int group = i <= MATCH - 2 ? 0 : 1 + (i - (MATCH - 1)) / (MATCH - 1);
        Region region = group == 0 ? Region.of(REGION)
            : BenchQueues.REGIONS.get(group % BenchQueues.REGIONS.size());
        ratings.put(solo.id(), group * GROUP_GAP);
        BenchCores.succeeded(relva.joinQueue(solo, lobby, region.code()), "a background join");
      }
      MatchmakingListener counting = new MatchmakingListener() {
        @Override
        public void onPass(PassReport report) {
          passes.incrementAndGet();
          if (report.popped() > 0 || report.failed()) {
            throw new IllegalStateException("the steady queue changed: " + report);
          }
        }
      };
      QueueDaemon.Builder builder = QueueDaemon.builder(relva)
          .ratings(Ratings.of(ratings, Ratings.DEFAULT_RATING))
          .listener(counting);
      switch (daemon) {
        case "none" -> { }
        case "direct" -> running = builder.executor(MoreExecutors.directExecutor()).build();
        case "thread" -> {
          ExecutorService own = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "bench-queue-daemon");
            t.setDaemon(true);
            return t;
          });
          thread = own;
          running = builder.executor(own).build();
        }
        default -> throw new IllegalArgumentException(
            "daemon: expected none, direct or thread, got " + daemon);
      }
      if (running != null) {
        running.start();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      if (running != null) {
        running.stop();
      }
      if (thread != null) {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
      }
      int queued = relva.queue().size();
      if (queued != background) {
        throw new IllegalStateException("the queue holds " + queued + ", not " + background);
      }
    }
  }

  /**
   * Passes run during an iteration, reported per second next to the events. A method rather than a
   * field, so the benchmark thread never reads the counter that the daemon's thread writes but
   * once per iteration. (It is given the counter by the first call of each iteration: a state
   * handed to this one's setup would be a second {@link Queue}, with a core of its own.)
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Passes {
    @Nullable AtomicLong counter;
    long before;

    @Setup(Level.Iteration)
    public void reset() {
      counter = null;
    }

    void observe(Queue queue) {
      if (counter == null) {
        counter = queue.passes;
        before = queue.passes.get();
      }
    }

    /** The passes the daemon has run since the iteration's first call. */
    public long passes() {
      AtomicLong observed = counter;
      return observed == null ? 0 : observed.get() - before;
    }
  }

  /** Two events: the player joins the queue, then leaves it. */
  @Benchmark
  @OperationsPerInvocation(2)
  public void joinAndLeave(Queue queue, Passes passes) {
    passes.observe(queue);
    Relva relva = queue.relva;
    BenchCores.succeeded(relva.joinQueue(queue.toggler, queue.lobby, REGION), "the join");
    BenchCores.succeeded(relva.leaveQueue(queue.toggler.id(), queue.lobby), "the leave");
  }
}

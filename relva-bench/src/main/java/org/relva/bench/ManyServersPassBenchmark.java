package org.relva.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;

/**
 * What matchmaking costs a bot serving many Discord servers: {@code servers} servers with
 * {@code players} solos waiting in each one's queue, against one server with as many solos
 * ({@code servers * players}) in one queue, through the real daemons' passes.
 *
 * <p>Every server is wired by {@link BenchServers#start} as the bot wires it (core, rating book,
 * analytics, a started daemon; see there), with a fixed clock and the eight regions of
 * {@link BenchQueues#REGIONS}. The daemons run on a direct executor, so a pass runs on the
 * benchmark thread inside the call that requests it and every score is one core's time (the bot
 * spreads the same passes over a pool of two threads). The solos wait in groups of
 * five, a group's players sharing a region and a rating, which the benchmark sets in
 * the server's rating book: group {@code g} of a server waits in region {@code g mod 8} at
 * {@code 1500 + 250 * (g div 8)}. A server of ten solos has two groups, both at 1500; the single
 * server's 2,000 groups sit 250 apart in each region, more than twice the narrowest rating window,
 * so in neither layout can {@code balanced} (the default) find ten players for a 5v5, no pass ever
 * pops, and the queues stay as they are; the tear-down checks that they did.
 * {@code layout} chooses:
 * <ul>
 *   <li>{@code servers}: {@code servers} servers of {@code players} solos each;</li>
 *   <li>{@code single}, the baseline: one server of {@code servers * players} solos.</li>
 * </ul>
 * The benchmarks:
 * <ul>
 *   <li>{@link #passes}: every daemon asked for a pass ({@link QueueDaemon#tick()}), as each tick
 *       of the bot does; the score is the time to pass over every server once, and divided by the
 *       bot's 5 s tick it is the share of one core that matchmaking takes while nothing
 *       happens;</li>
 *   <li>{@link #botTicks}: the same with the core's own tick first ({@link Relva#tick()}: ready
 *       checks, result expiry), as the bot's tick does for each server (less its live queue);</li>
 *   <li>{@link #joinAndLeave}: one solo joins and leaves a server's queue, the servers taken in
 *       turn, each event running the pass it asks for: the time per queue event, whose inverse
 *       is the events a second one core sustains with a pass per event.</li>
 * </ul>
 * Compare each layout's score with the other's in the same run.
 *
 * <p>Limits: a pass that pops nothing. The fixed clock keeps every wait at zero, so the rating
 * window stays at its narrowest; with real waits the window widens, the single server's queue
 * would be popping matches, and a pass that forms matches costs more (the exact split, the
 * validation, the pop and everything listening to it). So this is the floor a tick pays to look
 * at every queue, which is what most servers' ticks are. Solos only; the single server's
 * ratings are spread far wider than real ones to keep it from matching.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar ManyServersPass}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ManyServersPassBenchmark {
  private static final long SEED = 0x5EED_2025L;
  /** The solos of a group; fewer than a match's ten. */
  private static final int GROUP = MatchmakingConfig.defaults().format().players() / 2;
  /** The gap between groups' ratings in a region: more than twice the narrowest window (100). */
  private static final double GROUP_GAP = 250;

  /** The servers, their queued solos and the player who joins and leaves. */
  @State(Scope.Benchmark)
  public static class Fleet {
    /** {@code servers} or {@code single}; see the class comment. */
    @Param({"servers", "single"})
    public String layout = "servers";

    /** How many servers (in {@code single}, how many servers' solos the one server holds). */
    @Param({"1000"})
    public int servers = 1000;

    /** Solos waiting in each server's queue. */
    @Param({"10"})
    public int players = 10;

    final List<BenchServers.Server> fleet = new ArrayList<>();
    final Member toggler = BenchQueues.member(Integer.MAX_VALUE);
    int next;
    int queuedEach;

    @Setup(Level.Trial)
    public void setUp() {
      int count = switch (layout) {
        case "servers" -> servers;
        case "single" -> 1;
        default -> throw new IllegalArgumentException(
            "layout: expected servers or single, got " + layout);
      };
      queuedEach = servers * players / count;
      // The passes the joins ask for wait until every server is filled: filling the single server
      // with a pass per join would cost a pass over each length from 1 to its 10,000.
      HeldExecutor passes = new HeldExecutor();
      for (int s = 0; s < count; s++) {
        BenchServers.Server server = BenchServers.start(BenchServers.config(0), passes,
            BenchCores.FIXED, SEED + s);
        Relva relva = server.relva();
        ChannelId lobby = relva.config().lobby();
        for (int p = 0; p < queuedEach; p++) {
          int group = p / GROUP;
          Region region = BenchQueues.REGIONS.get(group % BenchQueues.REGIONS.size());
          Member solo = BenchQueues.member(p);
          BenchServers.rate(server.book(), solo.id(),
              1500 + GROUP_GAP * (group / BenchQueues.REGIONS.size()));
          BenchCores.succeeded(relva.joinQueue(solo, lobby, region.code()), "a solo's join");
        }
        fleet.add(server);
      }
      passes.release();
      check();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      check();
      fleet.forEach(server -> server.daemons().forEach(QueueDaemon::stop));
    }

    /** Fails if a pass popped a match: the layout would no longer be the one measured. */
    private void check() {
      for (BenchServers.Server server : fleet) {
        int queued = server.relva().queue().size();
        if (queued != queuedEach) {
          throw new IllegalStateException("a server holds " + queued + " solos, not "
              + queuedEach + ": a match popped");
        }
      }
    }
  }

  /** Every daemon of every server asked for a pass, as the bot's tick asks. */
  @Benchmark
  public int passes(Fleet fleet) {
    int daemons = 0;
    for (BenchServers.Server server : fleet.fleet) {
      for (QueueDaemon daemon : server.daemons()) {
        daemon.tick();
        daemons++;
      }
    }
    return daemons;
  }

  /** The bot's tick of every server: the core's tick, then its daemons'. */
  @Benchmark
  public int botTicks(Fleet fleet) {
    for (BenchServers.Server server : fleet.fleet) {
      server.tick();
    }
    return fleet.fleet.size();
  }

  /** Two queue events, each with its pass: a solo joins the next server's queue and leaves. */
  @Benchmark
  @OperationsPerInvocation(2)
  public void joinAndLeave(Fleet fleet) {
    List<BenchServers.Server> servers = fleet.fleet;
    BenchServers.Server server = servers.get(fleet.next);
    fleet.next = fleet.next + 1 == servers.size() ? 0 : fleet.next + 1;
    Relva relva = server.relva();
    ChannelId lobby = relva.config().lobby();
    BenchCores.succeeded(relva.joinQueue(fleet.toggler, lobby,
        BenchQueues.REGIONS.get(0).code()), "the join");
    BenchCores.succeeded(relva.leaveQueue(fleet.toggler.id(), lobby), "the leave");
  }

  /**
   * Runs what it is given on the caller's thread, except while held: then it keeps the tasks and
   * runs them when released. Not thread-safe; the set-up is single-threaded.
   */
  private static final class HeldExecutor implements Executor {
    private @Nullable List<Runnable> held = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      if (held != null) {
        held.add(task);
      } else {
        task.run();
      }
    }

    void release() {
      List<Runnable> tasks = held;
      held = null;
      if (tasks != null) {
        tasks.forEach(Runnable::run);
      }
    }
  }
}

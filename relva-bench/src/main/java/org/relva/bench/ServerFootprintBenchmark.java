package org.relva.bench;

import com.google.common.util.concurrent.MoreExecutors;
import java.lang.ref.Reference;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Region;
import org.relva.testkit.MutableClock;

/**
 * The heap one Discord server's engine costs a bot that serves many: the retained heap of
 * {@code servers} engines, per server, against one bare {@link Relva} core per server in the same
 * invocation, and the heap an extra queue with players waiting adds to a server.
 *
 * <p>A server is wired by {@link BenchServers#start} as the bot wires it (core, rating book,
 * analytics, a started daemon per queue on a shared direct executor), with the eight regions of
 * {@link BenchQueues#REGIONS} and a fixed clock. The baseline is the bare core, because it is the
 * part every server needs whatever else the bot does: the ratio says what the rest of the wiring
 * costs beside it, and the bytes say whether 1,000 servers fit. One invocation builds, measures
 * and releases in turn:
 * <ul>
 *   <li>{@code bytesPerCore}, the baseline: {@code servers} bare cores;</li>
 *   <li>{@code bytesPerIdleServer}: {@code servers} fresh servers, nothing queued, nothing ever
 *       queued;</li>
 *   <li>{@code bytesPerSeasonedServer}: {@code servers} servers in each of whose eight regions a
 *       solo joined and left the default queue once, nothing queued now: the analytics keep a
 *       tally per region once the region has seen a queue event, and keep it;</li>
 *   <li>{@code bytesPerBusyDayServer}: a tenth as many servers (their figure is per server) in
 *       each of whose regions a solo joined and left every minute for 24 hours of the server's
 *       clock, nothing queued now: the analytics' depth history holds a sample a minute for a
 *       day;</li>
 *   <li>{@code bytesPerActiveQueue}: an extra queue (5v5, a daemon of its own) with ten solos
 *       waiting, five in each of two regions (so no match forms), in two parts: the empty
 *       queue, {@code servers} idle servers with {@code extraQueues} extra queues less the idle
 *       servers' figure, per extra queue; and the waiting solos, the heap {@code servers}
 *       seasoned servers with {@code extraQueues} extra queues gain as the solos join, per
 *       extra queue. Each part is measured on a set whose own size is small beside the part (a
 *       difference of two seasoned sets would drown a queue's bytes in their megabytes).</li>
 * </ul>
 * "Retained" is the heap in use after {@link System#gc()}, repeated until it stops shrinking, less
 * the same before the set was built (see {@code QueueFootprintBenchmark}, which measures a queued
 * entity the same way). The figures are auxiliary counters and printed lines; the time JMH prints
 * is that of the whole invocation, not a figure.
 *
 * <p>Limits: the Discord parts of a server (its command layer, announcer, outbox, live queue, JDA's
 * cache of the guild and its members) are not here, nor the shared pools, the rating records of
 * players who have played (a record each), open matches or a journal's caches. The eight regions
 * matter: an analytics tally holds two rings of 10,000 waits, 160 kB, from a region's first queue
 * event on, whether or not the server ever pops a match there.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar ServerFootprint}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ServerFootprintBenchmark {
  private static final long SEED = 0x5EED_2025L;
  /** Solos waiting in an active extra queue, half in each of its first two regions. */
  private static final int WAITING = 10;
  private static final int MINUTES_A_DAY = 24 * 60;

  /** How many servers, and how many extra queues an active one has. */
  @State(Scope.Benchmark)
  public static class Size {
    @Param({"1000"})
    public int servers = 1000;

    @Param({"3"})
    public int extraQueues = 3;
  }

  /**
   * The figures, in bytes. JMH adds event counters up over every measured iteration, so each
   * iteration records its figure divided by the number of iterations, and the sum JMH prints is
   * their mean; each iteration also prints its own figures.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Footprint {
    public double bytesPerCore;
    public double bytesPerIdleServer;
    public double bytesPerSeasonedServer;
    public double bytesPerBusyDayServer;
    public double bytesPerActiveQueue;
    private double share = 1;

    @Setup(Level.Trial)
    public void share(BenchmarkParams params) {
      share = BenchHeap.share(params);
    }
  }

  /** Builds and measures every set in turn; see the class comment. */
  @Benchmark
  public double servers(Size size, Footprint footprint) {
    int n = size.servers;
    int k = size.extraQueues;
    double core = perItem(n, i -> BenchCores.core(BenchCores.FIXED));
    double idle = perItem(n, i -> server(0, i));
    double withQueues = perItem(n, i -> server(k, i));
    double seasoned = perItem(n, i -> season(server(0, i)));
    double busyDay = perItem(Math.max(1, n / 10), i -> busyDay());
    double waiting = waitingPerQueue(n, k);
    double perQueue = (withQueues - idle) / k + waiting;
    System.out.printf("%n%,d servers: bare core %,.0f B; idle server %,.0f B (%.1fx the core);"
            + " seasoned %,.0f B (%.1fx); busy day %,.0f B (%.1fx); per active queue (%d extra,"
            + " %d waiting) %,.0f B (%.1fx), of which the empty queue %,.0f B%n", n, core, idle,
        idle / core, seasoned, seasoned / core, busyDay, busyDay / core, k, WAITING, perQueue,
        perQueue / core, (withQueues - idle) / k);
    footprint.bytesPerCore = core * footprint.share;
    footprint.bytesPerIdleServer = idle * footprint.share;
    footprint.bytesPerSeasonedServer = seasoned * footprint.share;
    footprint.bytesPerBusyDayServer = busyDay * footprint.share;
    footprint.bytesPerActiveQueue = perQueue * footprint.share;
    return perQueue;
  }

  /**
   * What ten waiting solos add to an extra queue, measured on {@code n} seasoned servers with
   * {@code k} extra queues before and after the solos join, per queue: the analytics' tallies are
   * there before, as on a server that has been in use, so the figure is the queue's own.
   */
  private static double waitingPerQueue(int n, int k) {
    BenchServers.Server[] servers = new BenchServers.Server[n];
    for (int i = 0; i < n; i++) {
      servers[i] = season(server(k, i));
    }
    long before = BenchHeap.settledHeap();
    for (BenchServers.Server server : servers) {
      activate(server);
    }
    long after = BenchHeap.settledHeap();
    Reference.reachabilityFence(servers);
    return (double) (after - before) / ((long) n * k);
  }

  private static BenchServers.Server server(int extraQueues, int i) {
    return BenchServers.start(BenchServers.config(extraQueues), MoreExecutors.directExecutor(),
        BenchCores.FIXED, SEED + i);
  }

  /** One solo joins and leaves the default queue in each region. */
  private static BenchServers.Server season(BenchServers.Server server) {
    Relva relva = server.relva();
    ChannelId lobby = relva.config().lobby();
    Member solo = BenchQueues.member(0);
    for (Region region : BenchQueues.REGIONS) {
      BenchCores.succeeded(relva.joinQueue(solo, lobby, region.code()), "a join");
      BenchCores.succeeded(relva.leaveQueue(solo.id(), lobby), "a leave");
    }
    return server;
  }

  /** A server whose every region saw a solo join and leave each minute for a day. */
  private static BenchServers.Server busyDay() {
    MutableClock clock = MutableClock.at(BenchQueues.EPOCH);
    BenchServers.Server server = BenchServers.start(BenchServers.config(0),
        MoreExecutors.directExecutor(), clock, SEED);
    for (int minute = 0; minute < MINUTES_A_DAY; minute++) {
      clock.set(BenchQueues.EPOCH.plusSeconds(60L * minute));
      season(server);
    }
    return server;
  }

  /** Ten solos wait in each extra queue, five in each of its first two regions. */
  private static void activate(BenchServers.Server server) {
    Relva relva = server.relva();
    int player = 1;
    for (QueueSpec queue : relva.config().otherQueues()) {
      for (int w = 0; w < WAITING; w++) {
        Region region = BenchQueues.REGIONS.get(w % 2);
        BenchCores.succeeded(relva.joinQueue(BenchQueues.member(player++), queue.lobby(),
            region.code()), "a join to " + queue.id());
      }
    }
    int queued = relva.queue().size();
    if (queued != WAITING * relva.config().otherQueues().size()) {
      throw new IllegalStateException("a match formed: " + queued + " still queued");
    }
  }

  /** The retained heap of {@code count} items made by {@code make}, per item. */
  private static double perItem(int count, IntFunction<Object> make) {
    long before = BenchHeap.settledHeap();
    Object[] items = new Object[count];
    for (int i = 0; i < count; i++) {
      items[i] = make.apply(i);
    }
    long after = BenchHeap.settledHeap();
    Reference.reachabilityFence(items);
    return (double) (after - before) / count;
  }
}

package org.relva.bench;

import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;

/**
 * The heap a queued entity costs the core: the retained heap of a {@link Relva} holding
 * {@code entities} queued parties and solo players, less that of the same core empty, per entity,
 * against a bare {@code HashMap<String, Long>} of as many entries.
 *
 * <p>{@link #queuedCore} makes an empty core (in-memory stores, seeded ids, a channel port that
 * hands out an id per party, and a clock that moves on at every reading, so each entry has its own
 * join time as with a real clock), settles the heap, then queues {@code entities}
 * entities through the core's own operations, the same mix as {@link BenchQueues#snapshot}: about
 * 30% parties of 2 to 5 (each created, joined by its members with its code and queued by its
 * leader from its channel) and solo players for the rest, over eight regions. It settles the heap
 * again and reports the difference per entity ({@code bytesPerEntity}) and per player
 * ({@code bytesPerPlayer}), as auxiliary counters (see {@link Footprint}) and a printed line. "Settled" is the heap in use after {@link System#gc()},
 * repeated until it stops shrinking. {@link #hashMapBaseline} does the same for a map from
 * 18-digit strings (a Discord id's length) to distinct boxed longs, the least a store keyed by
 * user id costs per entry. The time JMH prints is that of filling the core, not the figure here;
 * read the {@code bytesPer...} rows.
 *
 * <p>What an entity costs includes everything the core keeps for it: the queue entry and its
 * entity, the members and their ids and names, the indexes (queue order, solo tickets,
 * memberships, leaders, join codes, channels, tallies), and for a party its snapshot, join code
 * and channel id. Limits: the heap is measured with the JVM's own counters, which are exact only
 * up to objects allocated by other threads meanwhile (JMH's, a few kilobytes); compressed object
 * pointers are on, as on any heap under 32 GB, and without them every reference costs twice. The
 * fork runs with a fixed 2 GB heap so that every iteration measures the same way; G1 counts an
 * array of half a region or more (the map's table, the core's biggest indexes) in whole regions,
 * which is what those arrays really take.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar QueueFootprint}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class QueueFootprintBenchmark {
  private static final long SEED = 0x5EED_2025L;

  /** The number of queued entities. */
  @State(Scope.Benchmark)
  public static class Size {
    @Param({"100000"})
    public int entities = 100_000;
  }

  /**
   * The figures, in bytes. JMH adds event counters up over every measured iteration of every fork,
   * so each iteration records its figure divided by the number of those iterations, and the sum
   * JMH prints is their mean; each iteration also prints its own figure.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Footprint {
    /** Retained heap per queued entity (or per map entry). */
    public double bytesPerEntity;
    /** Retained heap per queued player (or per map entry). */
    public double bytesPerPlayer;
    private double share = 1;

    @Setup(Level.Trial)
    public void share(BenchmarkParams params) {
      share = BenchHeap.share(params);
    }

    void record(String what, double perEntity, double perPlayer) {
      System.out.printf("%n%s: %.1f bytes per entity, %.1f per player%n", what, perEntity,
          perPlayer);
      bytesPerEntity = perEntity * share;
      bytesPerPlayer = perPlayer * share;
    }
  }

  /** A core with {@code entities} entities queued, measured against itself empty. */
  @Benchmark
  public Relva queuedCore(Size size, Footprint footprint) {
    Relva relva = BenchCores.core(new BenchCores.SteppingClock());
    long empty = BenchHeap.settledHeap();
    int players = fill(relva, size.entities);
    long full = BenchHeap.settledHeap();
    Reference.reachabilityFence(relva);
    if (relva.queue().size() != size.entities) {
      throw new IllegalStateException("queued " + relva.queue().size() + " of " + size.entities);
    }
    footprint.record("queued core", (double) (full - empty) / size.entities,
        (double) (full - empty) / players);
    return relva;
  }

  /** Baseline: a {@code HashMap<String, Long>} of as many entries, measured against nothing. */
  @Benchmark
  public Map<String, Long> hashMapBaseline(Size size, Footprint footprint) {
    long empty = BenchHeap.settledHeap();
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < size.entities; i++) {
      map.put(Long.toString(100_000_000_000_000_000L + i), 1_000_000_000L + i);
    }
    long full = BenchHeap.settledHeap();
    Reference.reachabilityFence(map);
    double perEntry = (double) (full - empty) / size.entities;
    footprint.record("HashMap<String, Long>", perEntry, perEntry);
    return map;
  }

  /** Queues {@code entities} entities in {@code relva}; returns how many players they hold. */
  private static int fill(Relva relva, int entities) {
    SplittableRandom random = new SplittableRandom(SEED);
    ChannelId lobby = relva.config().lobby();
    int players = 0;
    for (int i = 0; i < entities; i++) {
      Region region = BenchQueues.REGIONS.get(random.nextInt(BenchQueues.REGIONS.size()));
      int members = random.nextInt(100) < BenchQueues.PARTY_SHARE_PERCENT
          ? 2 + random.nextInt(4) : 1;
      Member first = BenchQueues.member(players++);
      if (members == 1) {
        BenchCores.succeeded(relva.joinQueue(first, lobby, region.code()), "a solo join");
        continue;
      }
      Party party = BenchCores.succeeded(relva.createParty(first, lobby, region.code()),
          "a party's creation");
      String code = party.joinCode().value();
      for (int m = 1; m < members; m++) {
        BenchCores.succeeded(relva.joinParty(BenchQueues.member(players++), lobby, code),
            "a party join");
      }
      ChannelId channel = relva.channel(party.id()).orElseThrow();
      BenchCores.succeeded(relva.queueParty(first.id(), channel), "a party's queueing");
    }
    return players;
  }
}

package org.relva.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.relva.core.Outcome;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.testkit.FakePartyChannels;

/**
 * What durability costs an operation: the party cycle of {@link PartyCycleBenchmark} (create,
 * join, queue, de-queue, disband: five operations, five commits) and a solo join and leave (two
 * commits), on a {@link Relva} whose journal is {@code memory} (none), SQLite with
 * {@code PROCESS_CRASH} or {@code POWER_LOSS} durability, or PostgreSQL on loopback.
 *
 * <p>Throughput, one thread, one commit per operation (there is no group commit), so each figure is
 * about the database's commit latency. Run {@code main} to get the ratios to memory from one run:
 * {@code java -cp relva-bench/target/benchmarks.jar org.relva.bench.StoreBenchmark}. Limits: the
 * SQLite file is in the temporary directory, so {@code POWER_LOSS}'s figure is that disk's flush
 * time; PostgreSQL runs on the same two cores as the benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreBenchmark {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final ChannelId PARTY_CHANNEL = ChannelId.of("1300000000000000001");

  /** A core on one kind of journal, and the players who go through the operations. */
  @State(Scope.Thread)
  public static class Core {
    @Param({"memory", "sqlite-process-crash", "sqlite-power-loss", "postgresql"})
    public String backend = "memory";

    final Member leader = Member.of("100000000000000001", "Leader");
    final Member second = Member.of("100000000000000002", "Second");
    final Member solo = Member.of("100000000000000003", "Solo");
    BenchJournals journals;
    StateJournal journal;
    Relva relva;
    ChannelId lobby;

    @Setup(Level.Trial)
    public void setUp() {
      journals = new BenchJournals();
      journal = journals.open(backend);
      relva = Relva.builder()
          .channels(FakePartyChannels.noop(party -> PARTY_CHANNEL))
          .clock(Clock.fixed(EPOCH, ZoneOffset.UTC))
          .random(new SplittableRandom(0x5EED))
          .journal(journal)
          .build();
      lobby = relva.config().lobby();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      journal.close();
      journals.close();
    }
  }

  /** Create, join, queue, de-queue, disband: five operations, each committed before it answers. */
  @Benchmark
  public void partyCycle(Core core, Blackhole bh) {
    Relva relva = core.relva;
    UserId leader = core.leader.id();
    Party created = succeeded(relva.createParty(core.leader, core.lobby, null));
    bh.consume(succeeded(relva.joinParty(core.second, core.lobby, created.joinCode().value())));
    bh.consume(succeeded(relva.queueParty(leader, PARTY_CHANNEL)));
    bh.consume(succeeded(relva.dequeueParty(leader, PARTY_CHANNEL)));
    bh.consume(succeeded(relva.disbandParty(leader, PARTY_CHANNEL)));
  }

  /** A solo player joins the queue and leaves it: two operations. */
  @Benchmark
  public void soloJoinLeave(Core core, Blackhole bh) {
    bh.consume(succeeded(core.relva.joinQueue(core.solo, core.lobby, null)));
    bh.consume(succeeded(core.relva.leaveQueue(core.solo.id(), core.lobby)));
  }

  private static <T> T succeeded(Outcome<T> outcome) {
    if (!outcome.isSuccess()) {
      throw new IllegalStateException("refused: " + outcome.failure());
    }
    return outcome.orElseThrow();
  }

  /** Runs this benchmark and prints each backend's throughput as a ratio to memory's. */
  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(StoreBenchmark.class.getName() + "\\.").build()).run();
    printRatios(results, "backend", "memory");
  }

  static void printRatios(Collection<RunResult> results, String param, String baseline) {
    Map<String, Map<String, Double>> byBenchmark = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
      byBenchmark.computeIfAbsent(name, n -> new LinkedHashMap<>())
          .put(r.getParams().getParam(param), r.getPrimaryResult().getScore());
    }
    List<String> lines = new ArrayList<>();
    byBenchmark.forEach((name, scores) -> {
      double base = scores.getOrDefault(baseline, Double.NaN);
      scores.forEach((backend, score) -> lines.add(String.format(java.util.Locale.ROOT,
          "%-14s %-22s %12.1f ops/s  %8.4f of %s (%.1fx slower)", name, backend, score,
          score / base, baseline, base / score)));
    });
    System.out.println();
    lines.forEach(System.out::println);
  }
}

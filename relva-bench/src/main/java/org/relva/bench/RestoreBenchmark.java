package org.relva.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.relva.core.Relva;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.store.RelvaStore;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.arbitraries.RelvaArbitraries;

/**
 * How long a restart takes to restore a community: 1,000 parties of 2 to 5 members (3,500
 * players), 10,000 players in all, and 100,000 finished 5v5 matches of solo entries, each holding
 * its ten players, acceptances, six reports and result. One shot is: open the journal, load and
 * decode everything, fill fresh stores, check every invariant ({@code Relva.builder().build()}).
 *
 * <p>The community is made once a trial: the parties through a real {@link Relva} on the journal,
 * the matches committed straight into it in batches. The setup prints the database's size and the
 * size per finished match. Run with
 * {@code java -jar relva-bench/target/benchmarks.jar RestoreBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class RestoreBenchmark {
  static final int PARTIES = 1_000;
  static final int PLAYERS = 10_000;
  static final int MATCHES = 100_000;
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final Region REGION = Region.of("us-e");

  /** A database holding the community, closed; each shot opens it anew. */
  @State(Scope.Benchmark)
  public static class Community {
    @Param({"sqlite", "postgresql"})
    public String backend = "sqlite";

    BenchJournals journals;
    Path file;
    String url;

    @Setup(Level.Trial)
    public void setUp() {
      journals = new BenchJournals();
      long started = System.nanoTime();
      try (StateJournal journal = journals.open(backend)) {
        build(journal);
      }
      if (backend.equals("sqlite")) {
        file = journals.lastSqliteFile();
      } else {
        url = journals.lastPostgresUrl();
      }
      long size = journals.lastSize(backend);
      System.out.printf(java.util.Locale.ROOT,
          "%n%s: community written in %.1f s; database %.1f MB, %.0f bytes per finished match%n",
          backend, (System.nanoTime() - started) / 1e9, size / 1e6, (double) size / MATCHES);
    }

    StateJournal open() {
      return backend.equals("sqlite")
          ? RelvaStore.sqlite(file, RelvaStore.Durability.PROCESS_CRASH)
          : RelvaStore.postgres(url, "postgres", "postgres");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      journals.close();
    }
  }

  /** Opens the journal and builds a core on fresh stores from it. */
  @Benchmark
  public RelvaStores restore(Community community) {
    RelvaStores stores = RelvaStores.inMemory();
    try (StateJournal journal = community.open()) {
      Relva.builder().stores(stores).channels(FakePartyChannels.noop(id -> channel(id)))
          .clock(Clock.fixed(EPOCH, ZoneOffset.UTC)).journal(journal).build();
    }
    if (stores.matches().size() != MATCHES || stores.parties().size() != PARTIES) {
      throw new IllegalStateException("the restore lost something: " + stores.matches().size()
          + " matches, " + stores.parties().size() + " parties");
    }
    return stores;
  }

  static ChannelId channel(EntityId party) {
    return ChannelId.of("c" + party.value());
  }

  static Member player(int n) {
    return Member.of(Long.toString(100_000_000_000_000_000L + n), "Player " + n);
  }

  static void build(StateJournal journal) {
    Relva relva = Relva.builder().channels(FakePartyChannels.noop(RestoreBenchmark::channel))
        .clock(Clock.fixed(EPOCH, ZoneOffset.UTC)).random(new SplittableRandom(7))
        .journal(journal).build();
    ChannelId lobby = relva.config().lobby();
    int next = 0;
    for (int p = 0; p < PARTIES; p++) {
      Party party = relva.createParty(player(next++), lobby, null).orElseThrow();
      for (int m = 1; m < 2 + p % 4; m++) {
        relva.joinParty(player(next++), lobby, party.joinCode().value()).orElseThrow();
      }
    }
    SplittableRandom random = new SplittableRandom(42);
    List<Change> batch = new ArrayList<>();
    long entries = 10_000_000L;
    for (int n = 0; n < MATCHES; n++) {
      Set<Integer> picked = new LinkedHashSet<>();
      while (picked.size() < 10) {
        picked.add(random.nextInt(PLAYERS));
      }
      List<QueueEntry> one = new ArrayList<>();
      List<QueueEntry> two = new ArrayList<>();
      Set<UserId> accepted = new HashSet<>();
      Map<UserId, MatchResult> reports = new LinkedHashMap<>();
      Instant popped = EPOCH.plusSeconds(n * 30L);
      for (int who : picked) {
        Member member = player(who);
        accepted.add(member.id());
        if (reports.size() < 6) {
          reports.put(member.id(), MatchResult.win(0));
        }
        QueueEntry entry = new QueueEntry(
            new SoloPlayer(RelvaArbitraries.sequentialId(entries++), REGION, member),
            popped.minusSeconds(random.nextInt(600)));
        (one.size() < 5 ? one : two).add(entry);
      }
      String matchId = "M" + RelvaArbitraries.sequentialId(n).value().substring(1);
      MatchRecord match = new MatchRecord(matchId, REGION, List.of(one, two),
          MatchRecord.State.FINISHED, popped, popped.plusSeconds(30), accepted, reports,
          Optional.of(MatchResult.win(0)), Optional.of(popped.plusSeconds(20)),
          Optional.of(popped.plus(Duration.ofMinutes(35))), Optional.of("reported"));
      batch.add(new Change("matches", matchId, Optional.of(match)));
      if (batch.size() == 2_000) {
        journal.commit(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      journal.commit(batch);
    }
  }
}

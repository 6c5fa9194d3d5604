package org.relva.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.relva.core.event.EventBus;
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
import org.relva.matchmaking.analytics.PopRecord;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.stats.PlayerRecord;
import org.relva.matchmaking.stats.RatedMatch;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.matchmaking.stats.RatingKey;
import org.relva.store.RelvaStore;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.arbitraries.RelvaArbitraries;

/**
 * How long a restart takes to restore a community: 1,000 parties of 2 to 5 members (3,500
 * players), 10,000 rated players in all, and 100,000 finished 5v5 matches of solo entries, each
 * holding its ten players, acceptances, six reports and result, with what it did to each player's
 * rating and its pop's analytics record. One shot is what a bot's start does: open the journal;
 * build the core (load and decode its state, fill fresh stores, check every invariant); build the
 * rating book (load the 10,000 records) and let it catch up (read the ids of the ended and of the
 * rated matches, and nothing else when none is missing); restore the analytics (each region's
 * count of pops, and the newest 10,000 pops to rebuild the windows).
 *
 * <p>The history itself is not loaded: the core reads an ended match from the journal when it is
 * asked for one. The community is made once a trial: the parties through a real {@link Relva} on
 * the journal, the rest committed straight into it in batches. The setup prints the database's
 * size and the size per finished match. Run with
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
  private static final Rating INITIAL = new Rating(25, 25.0 / 3);

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

  /** Opens the journal and restores the core, the rating book and the analytics from it. */
  @Benchmark
  public RelvaStores restore(Community community) {
    RelvaStores stores = RelvaStores.inMemory();
    try (StateJournal journal = community.open()) {
      EventBus events = EventBus.direct();
      Relva relva = Relva.builder().stores(stores).events(events)
          .channels(FakePartyChannels.noop(id -> channel(id)))
          .clock(Clock.fixed(EPOCH, ZoneOffset.UTC)).journal(journal).build();
      RatingBook book = RatingBook.builder().journal(journal).build();
      int caught = book.catchUp(relva);
      QueueAnalytics analytics =
          QueueAnalytics.restore(events, book.asRatings(), journal, relva.queue());
      long pops = analytics.stats(REGION).matches();
      if (stores.parties().size() != PARTIES || caught != 0 || pops != MATCHES
          || book.leaderboard(PLAYERS + 1).size() != PLAYERS
          || relva.match(matchId(MATCHES / 2)).isEmpty()) {
        throw new IllegalStateException("the restore lost something: "
            + stores.parties().size() + " parties, " + caught + " caught up, " + pops + " pops");
      }
    }
    return stores;
  }

  /**
   * The baseline, what a restore cost before the history stayed in the journal: open it and load
   * and decode every entry of every store.
   */
  @Benchmark
  public int loadEverything(Community community) {
    try (StateJournal journal = community.open()) {
      Map<String, Map<Object, Object>> all = journal.load();
      if (all.get("history").size() != MATCHES) {
        throw new IllegalStateException("the load lost something");
      }
      return all.values().stream().mapToInt(Map::size).sum();
    }
  }

  static String matchId(int n) {
    return "M" + RelvaArbitraries.sequentialId(n).value().substring(1);
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
    Map<UserId, Rating> ratings = new HashMap<>();
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
      String matchId = matchId(n);
      Instant ended = popped.plus(Duration.ofMinutes(35));
      MatchRecord match = new MatchRecord(matchId, REGION, List.of(one, two),
          MatchRecord.State.FINISHED, popped, popped.plusSeconds(30), accepted, reports,
          Optional.of(MatchResult.win(0)), Optional.of(popped.plusSeconds(20)),
          Optional.of(ended), Optional.of("reported"));
      batch.add(new Change("history", matchId, Optional.of(match)));
      List<RatedMatch.Change> rated = new ArrayList<>();
      List<PopRecord.Wait> waits = new ArrayList<>();
      for (List<QueueEntry> team : match.teams()) {
        for (QueueEntry entry : team) {
          UserId user = entry.entity().members().get(0).id();
          Rating before = ratings.getOrDefault(user, INITIAL);
          Rating after = new Rating(before.mu() + (team == one ? 0.5 : -0.5), before.sigma());
          ratings.put(user, after);
          rated.add(new RatedMatch.Change(new RatingKey(user, Optional.empty()), before, after));
          waits.add(new PopRecord.Wait(entry.id(), false, 1,
              Duration.between(entry.joinedAt(), popped)));
        }
      }
      batch.add(new Change(RatingBook.RATED, matchId,
          Optional.of(new RatedMatch(matchId, ended, rated))));
      batch.add(new Change(QueueAnalytics.POPS, matchId, Optional.of(
          new PopRecord(matchId, REGION, popped, waits, 100, 10, 0.9, 0, 10))));
      if (batch.size() >= 6_000) {
        journal.commit(batch);
        batch.clear();
      }
    }
    ratings.forEach((user, rating) -> batch.add(new Change(RatingBook.RATINGS,
        new RatingKey(user, Optional.empty()), Optional.of(new PlayerRecord(rating, 10, 5, 5, 0,
            1, Optional.of(EPOCH), Optional.of(matchId(MATCHES - 1)))))));
    batch.add(new Change(QueueAnalytics.COUNTS, REGION, Optional.of((long) MATCHES)));
    journal.commit(batch);
  }
}

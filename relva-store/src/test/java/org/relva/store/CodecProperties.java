package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.PartyTally;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueBan;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.ResultCorrection;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StorageException;
import org.relva.matchmaking.analytics.PopRecord;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.stats.PlayerRecord;
import org.relva.matchmaking.stats.RatedMatch;
import org.relva.matchmaking.stats.RatingKey;
import org.relva.testkit.arbitraries.RelvaArbitraries;

/**
 * Every store's keys and values come back from JSON equal to what went in: validated records,
 * maps keyed by user id, optional fields, durations, instants to the nanosecond and doubles to
 * the last bit (NaN and infinities included). The last property sends one value of every store
 * through a real SQLite file and back.
 */
class CodecProperties {
  private static final Codecs CODECS = Codecs.of(Codecs.builtIn());
  private static Path dir;
  private static RelvaStore sqlite;

  @BeforeContainer
  static void openSqlite() throws Exception {
    dir = Files.createTempDirectory("relva-codecs");
    sqlite = RelvaStore.sqlite(dir.resolve("codecs.db"), RelvaStore.Durability.PROCESS_CRASH);
  }

  @AfterContainer
  static void closeSqlite() throws Exception {
    sqlite.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Example
  void everyStoreOfTheCoreAndTheEngine_isRegistered() {
    assertThat(CODECS.names()).containsExactly("parties", "leaders", "channels", "memberships",
        "joinCodes", "queue", "soloTickets", "tallies", "matches", "history", "playerMatches",
        "stays", "bans", "cooldowns", "corrections", "subRequests", "mapPolls", "recentMaps",
        "drafts", "ratings", "ratedMatches", "pops", "popCounts");
    assertThat(CODECS.names()).containsAll(org.relva.core.RelvaStores.inMemory().byName().keySet());
  }

  @Example
  void unknownStore_isAClearError() {
    assertThatThrownBy(() -> CODECS.encodeKey("partys", "x"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("'partys'").hasMessageContaining("parties");
  }

  @Example
  void aValueThatBreaksItsRecordsRules_isRefusedOnReading() {
    // A party whose leader is not a member: the record's own check runs on reading.
    String json = CODECS.encodeValue("parties", Party.create(EntityId.of("Kabc123"),
        Region.of("eu"), Member.of("1", "a"), new JoinCode("HX7K3MQD"), Instant.EPOCH));
    String broken = json.replace("\"leaderId\":\"1\"", "\"leaderId\":\"2\"");
    assertThat(broken).isNotEqualTo(json);
    assertThatThrownBy(() -> CODECS.decodeValue("parties", broken))
        .isInstanceOf(StorageException.class).hasMessageContaining("parties");
  }

  @Property(tries = 300)
  void parties(@ForAll("parties") Party party) {
    roundTrips("parties", party.id(), party);
    roundTrips("leaders", party.leaderId(), party.id());
    roundTrips("memberships", party.leaderId(), party.id());
    roundTrips("joinCodes", party.joinCode(), party.id());
    roundTrips("channels", party.id(), ChannelId.of("c" + party.id().value()));
  }

  @Property(tries = 300)
  void queueEntries(@ForAll("queueEntries") QueueEntry entry) {
    Statistics.label("kind").collect(entry.entity().type())
        .coverage(c -> {
          c.check("party").count(n -> n > 30);
          c.check("solo").count(n -> n > 30);
        });
    roundTrips("queue", entry.slot(), entry);
    roundTrips("soloTickets", entry.entity().members().get(0).id(), entry.id());
    roundTrips("stays", entry.id(), entry.joinedAt());
  }

  @Property(tries = 300)
  void matches(@ForAll("matches") MatchRecord match) {
    Statistics.label("state").collect(match.state())
        .coverage(c -> {
          for (MatchRecord.State s : MatchRecord.State.values()) {
            c.check(s).count(n -> n > 10);
          }
        });
    roundTrips("matches", match.id(), match);
    roundTrips("playerMatches", match.players().get(0).id(), match.id());
  }

  @Property(tries = 300)
  void talliesBansAndCooldowns(@ForAll("tallies") PartyTally tally, @ForAll("instants") Instant at,
      @ForAll("texts") String reason) {
    roundTrips("tallies", EntityId.of("Kabc123"), tally);
    roundTrips("bans", UserId.of("u1"), new QueueBan(at, reason));
    roundTrips("cooldowns", UserId.of("u1"), at);
  }

  @Property(tries = 300)
  void ratings(@ForAll("ratingKeys") RatingKey key, @ForAll("playerRecords") PlayerRecord record) {
    roundTrips("ratings", key, record);
  }

  @Property(tries = 300)
  void ratedMatches(@ForAll("ratedMatches") RatedMatch match) {
    roundTrips("ratedMatches", match.matchId(), match);
  }

  @Example
  @Label("a rated match written before corrections existed reads with no result or streak")
  void ratedMatch_withoutTheCorrectionsFields_reads() {
    String old = "{\"matchId\":\"M1\",\"at\":\"2026-01-01T00:00:00Z\",\"changes\":"
        + "[{\"key\":{\"user\":\"u1\",\"region\":null},"
        + "\"before\":{\"mu\":25.0,\"sigma\":8.0},\"after\":{\"mu\":26.0,\"sigma\":7.5}}]}";

    RatedMatch read = (RatedMatch) CODECS.decodeValue("ratedMatches", old);

    assertThat(read).isEqualTo(new RatedMatch("M1", Instant.parse("2026-01-01T00:00:00Z"),
        List.of(new RatedMatch.Change(new RatingKey(UserId.of("u1"), Optional.empty()),
            new Rating(25, 8), new Rating(26, 7.5)))));
    assertThat(read.result()).isEmpty();
    assertThat(read.changes().get(0).streakBefore()).isEmpty();
  }

  @Property(tries = 200)
  void corrections(@ForAll("instants") Instant at, @ForAll("texts") String reason) {
    MatchAudit audit = MatchAudit.of("M1", new ResultCorrection(MatchResult.win(0),
        MatchResult.draw(), Member.of("7", "mod"), at, reason))
        .plus(new ResultCorrection(MatchResult.draw(), MatchResult.win(1), Member.of("8", "m2"),
            at, ""));
    roundTrips("corrections", audit.matchId(), audit);
  }

  @Property(tries = 300)
  void pops(@ForAll("pops") PopRecord pop) {
    roundTrips("pops", pop.matchId(), pop);
  }

  @Property(tries = 25)
  void everyStore_throughSqlite(@ForAll("parties") Party party, @ForAll("matches") MatchRecord match,
      @ForAll("queueEntries") QueueEntry entry, @ForAll("tallies") PartyTally tally,
      @ForAll("instants") Instant at, @ForAll("ratingKeys") RatingKey key,
      @ForAll("playerRecords") PlayerRecord record, @ForAll("ratedMatches") RatedMatch rated,
      @ForAll("pops") PopRecord pop) {
    Map<String, Map<Object, Object>> state = new LinkedHashMap<>();
    state.put("parties", Map.of(party.id(), party));
    state.put("leaders", Map.of(party.leaderId(), party.id()));
    state.put("channels", Map.of(party.id(), ChannelId.of("c1")));
    state.put("memberships", Map.of(party.leaderId(), party.id()));
    state.put("joinCodes", Map.of(party.joinCode(), party.id()));
    state.put("queue", Map.of(entry.slot(), entry));
    state.put("soloTickets", Map.of(UserId.of("u1"), entry.id()));
    state.put("tallies", Map.of(party.id(), tally));
    state.put("matches", Map.of(match.id(), match));
    state.put("history", Map.of(match.id(), match));
    state.put("playerMatches", Map.of(UserId.of("u1"), match.id()));
    state.put("subRequests", Map.of(UserId.of("u2"), match.id()));
    state.put("mapPolls", Map.of(match.id(), new org.relva.core.model.MapPoll(match.id(),
        List.of("Dust", "Nuke", "été"), Map.of(UserId.of("u2"), "été"), at)));
    state.put("recentMaps", Map.of(UserId.of("u2"),
        new org.relva.core.model.RecentMaps(List.of("Nuke", "Dust"))));
    state.put("drafts", Map.of(match.id(), new org.relva.core.model.DraftBoard(match.id(),
        List.of(UserId.of("u2")), List.of(UserId.of("u1"), UserId.of("u2")),
        List.of(List.of(entry), List.of()), List.of(entry), Optional.of(at))));
    state.put("stays", Map.of(party.id(), at));
    state.put("bans", Map.of(UserId.of("u1"), new QueueBan(at, "why")));
    state.put("cooldowns", Map.of(UserId.of("u1"), at));
    state.put("ratings", Map.of(key, record));
    state.put("ratedMatches", Map.of(rated.matchId(), rated));
    state.put("pops", Map.of(pop.matchId(), pop));
    state.put("popCounts", Map.of(pop.region(), 1L + pop.waits().size()));
    // One commit replaces the previous try's entries with this try's.
    List<Change> changes = new ArrayList<>();
    sqlite.load().forEach((store, entries) -> entries.keySet()
        .forEach(k -> changes.add(new Change(store, k, Optional.empty()))));
    state.forEach((store, entries) -> entries.forEach(
        (k, v) -> changes.add(new Change(store, k, Optional.of(v)))));
    sqlite.commit(changes);
    assertThat(sqlite.load()).isEqualTo(state);
  }

  private static void roundTrips(String store, Object key, Object value) {
    String k = CODECS.encodeKey(store, key);
    String v = CODECS.encodeValue(store, value);
    assertThat(CODECS.decodeKey(store, k)).as("%s key %s", store, k).isEqualTo(key);
    assertThat(CODECS.decodeValue(store, v)).as("%s value %s", store, v).isEqualTo(value);
    assertThat(CODECS.encodeKey(store, CODECS.decodeKey(store, k))).as("stable key").isEqualTo(k);
  }

  // Generators.

  @Provide
  Arbitrary<Party> parties() {
    return Combinators.combine(RelvaArbitraries.parties().ofSize(1, 5), instants())
        .as((p, at) -> new Party(p.id(), p.region(), p.leaderId(), p.joinCode(), p.members(), at));
  }

  @Provide
  Arbitrary<QueueEntry> queueEntries() {
    return Combinators.combine(
        Arbitraries.oneOf(RelvaArbitraries.parties(), RelvaArbitraries.solos()), instants(),
        Arbitraries.of(QueueId.DEFAULT, QueueId.of("duo"), QueueId.of("5v5-ranked")))
        .as(QueueEntry::new);
  }

  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Instant> any = Combinators.combine(
            Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
    Arbitrary<Instant> near = Arbitraries.longs().between(0, 86_400_000_000_000L)
        .map(RelvaArbitraries.EPOCH::plusNanos);
    return Arbitraries.frequencyOf(Tuple.of(1, any), Tuple.of(3, near))
        .edgeCases(c -> c.add(Instant.MIN, Instant.MAX, Instant.EPOCH));
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Combinators.combine(Arbitraries.longs().between(0, 10_000_000_000L),
        Arbitraries.integers().between(0, 999_999_999)).as(Duration::ofSeconds);
  }

  @Provide
  Arbitrary<String> texts() {
    // Valid Unicode: any code point but lone surrogates, which Discord never sends.
    return Arbitraries.integers().between(0, 0x10FFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF)
        .list().ofMaxSize(20)
        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
  }

  /** Any finite double, bit for bit, with the awkward ones as edge cases. */
  Arbitrary<Double> finiteDoubles() {
    return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)
        .edgeCases(c -> c.add(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-310));
  }

  Arbitrary<Double> anyDoubles() {
    return Arbitraries.frequencyOf(Tuple.of(8, finiteDoubles()),
        Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
  }

  @Provide
  Arbitrary<PartyTally> tallies() {
    Arbitrary<Integer> counts = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    return Combinators.combine(durations(), counts, counts, counts, counts).as(PartyTally::new);
  }

  Arbitrary<MatchResult> results() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 3).map(MatchResult::win),
        Arbitraries.just(MatchResult.draw()), Arbitraries.just(MatchResult.noResult()));
  }

  @Provide
  Arbitrary<MatchRecord> matches() {
    Arbitrary<List<QueueEntry>> queues = RelvaArbitraries.queues().ofSize(2, 10);
    return Combinators.combine(queues, Arbitraries.of(MatchRecord.State.class), instants(),
            instants(), results(), instants(), Combinators.combine(texts(), texts()).as(Tuple::of),
            Arbitraries.randoms())
        .as((queue, state, popped, readyBy, result, later, texts, random) -> {
          String reason = texts.get1();
          String id = texts.get2();
          List<QueueEntry> first = new ArrayList<>();
          List<QueueEntry> second = new ArrayList<>();
          for (int i = 0; i < queue.size(); i++) {
            (i % 2 == 0 ? first : second).add(queue.get(i));
          }
          Set<UserId> accepted = new LinkedHashSet<>();
          Map<UserId, MatchResult> reports = new LinkedHashMap<>();
          for (QueueEntry entry : queue) {
            for (Member m : entry.entity().members()) {
              if (random.nextBoolean()) {
                accepted.add(m.id());
              }
              if (random.nextInt(3) == 0) {
                reports.put(m.id(), random.nextBoolean() ? MatchResult.draw()
                    : MatchResult.win(random.nextInt(2)));
              }
            }
          }
          boolean open = state.isOpen();
          Optional<MatchResult> outcome = state == MatchRecord.State.FINISHED
              || (!open && random.nextBoolean()) ? Optional.of(result) : Optional.empty();
          Optional<Instant> confirmed = state == MatchRecord.State.POPPED && random.nextBoolean()
              ? Optional.empty() : Optional.of(later);
          return new MatchRecord("M" + id, queue.get(0).region(), List.of(first, second), state,
              popped, readyBy, accepted, reports, outcome, confirmed,
              open ? Optional.empty() : Optional.of(later),
              open ? Optional.empty() : Optional.of(reason),
              random.nextBoolean() ? Optional.of(reason.isBlank() ? "Dust" : reason.strip())
                  : Optional.empty(),
              random.nextBoolean() ? List.of() : List.of(Member.of("9" + random.nextInt(1000),
                  "Left " + random.nextInt(1000))));
        });
  }

  @Provide
  Arbitrary<RatingKey> ratingKeys() {
    return Combinators.combine(RelvaArbitraries.userIds(),
        RelvaArbitraries.regions().optional()).as(RatingKey::new);
  }

  Arbitrary<Rating> ratings() {
    return Combinators.combine(finiteDoubles(), finiteDoubles().map(Math::abs)
        .filter(s -> s > 0)).as(Rating::new);
  }

  @Provide
  Arbitrary<PlayerRecord> playerRecords() {
    Arbitrary<Integer> counts = Arbitraries.integers().between(0, 1_000_000);
    return Combinators.combine(ratings(), counts, counts, counts, Arbitraries.randoms(),
            instants(), texts())
        .as((rating, wins, losses, draws, random, at, match) -> {
          int games = wins + losses + draws;
          int streak = wins + losses == 0 ? 0
              : random.nextInt(wins + losses + 1) - losses;
          return new PlayerRecord(rating, games, wins, losses, draws, streak,
              games > 0 ? Optional.of(at) : Optional.empty(),
              games > 0 ? Optional.of(match) : Optional.empty());
        });
  }

  @Provide
  Arbitrary<RatedMatch> ratedMatches() {
    Arbitrary<OptionalInt> streaks = Arbitraries.integers().between(-50, 50).optional()
        .map(s -> s.map(OptionalInt::of).orElse(OptionalInt.empty()));
    Arbitrary<RatedMatch.Change> changes = Combinators.combine(ratingKeys(), ratings(), ratings(),
        streaks).as(RatedMatch.Change::new);
    return Combinators.combine(texts(), instants(), changes.list().ofMaxSize(10),
        results().optional()).as(RatedMatch::new);
  }

  @Provide
  Arbitrary<PopRecord> pops() {
    Arbitrary<Duration> waits = Combinators.combine(
            Arbitraries.longs().between(-1_000_000L, 1_000_000L),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Duration::ofSeconds);
    Arbitrary<PopRecord.Wait> wait = Combinators.combine(RelvaArbitraries.entityIds(),
        Arbitraries.of(true, false), Arbitraries.integers().between(1, 5), waits)
        .as(PopRecord.Wait::new);
    Arbitrary<Integer> counts = Arbitraries.integers().between(0, 10);
    return Combinators.combine(texts(), RelvaArbitraries.regions(), instants(),
            wait.list().ofMaxSize(10), anyDoubles().list().ofSize(3), counts, counts)
        .as((id, region, at, w, d, parties, solos) ->
            new PopRecord(id, region, at, w, d.get(0), d.get(1), d.get(2), parties, solos));
  }
}

package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.event.EventBus;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Regions;
import org.relva.matchmaking.Ratings;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.store.InMemoryJournal;

/**
 * Two rating ladders on one core with two queues, on one journal: each book rates its own queue's
 * matches, keeps them in its own stores, restores, replays and catches up alone.
 */
class RatingBookLadderTest {
  private static final QueueId DUO = QueueId.of("duo");
  private static final RelvaConfig CONFIG = RelvaConfig.defaults()
      .withQueue(QueueSpec.of("duo", "duo-lobby", Regions.of("us-e"), 2));
  private static final List<Member> PLAYERS = List.of(Member.of("1", "a"), Member.of("2", "b"),
      Member.of("3", "c"), Member.of("4", "d"));
  private static final Member MOD = Member.of("99", "mod");
  private static final Instant T0 = Instant.parse("2026-01-01T20:00:00Z");

  private final InMemoryJournal journal = new InMemoryJournal();
  private final MutableClock clock = MutableClock.at(T0);

  private Relva core() {
    return Relva.builder().config(CONFIG).channels(new FakePartyChannels()).clock(clock)
        .random(new SplittableRandom(clock.millis())).journal(journal).build();
  }

  private RatingBook defaultLadder() {
    return RatingBook.builder().journal(journal).queues(Set.of(QueueId.DEFAULT)).build();
  }

  private RatingBook duoLadder() {
    return RatingBook.builder().journal(journal).ladder("duo").queues(Set.of(DUO)).build();
  }

  /** The four play a 2v2 in {@code queue}, accepted by all, ended with {@code result}. */
  private String played(Relva relva, QueueId queue, MatchResult result) {
    for (Member m : PLAYERS) {
      relva.enqueue(m, relva.config().lobby(), queue, null).orElseThrow();
    }
    List<QueueEntry> q = relva.queue(queue);
    String id = relva.pop(queue, q.get(0).region(), List.of(List.of(q.get(0), q.get(1)),
        List.of(q.get(2), q.get(3)))).orElseThrow().matchId();
    for (Member m : PLAYERS) {
      relva.acceptMatch(m.id(), id).orElseThrow();
    }
    relva.setResult(id, result).orElseThrow();
    clock.advance(java.time.Duration.ofMinutes(1));
    return id;
  }

  private static List<PlayerStats> stats(RatingBook book) {
    return PLAYERS.stream().map(m -> book.stats(m.id())).toList();
  }

  @Test
  @DisplayName("a match of one queue moves only its ladder's ratings, in its ladder's stores")
  void aMatchMovesOnlyItsLadder() {
    Relva relva = core();
    RatingBook main = defaultLadder();
    RatingBook duo = duoLadder();
    main.attach(relva);
    duo.attach(relva);
    List<PlayerStats> mainBefore = stats(main);

    String duoMatch = played(relva, DUO, MatchResult.win(0));

    assertThat(stats(main)).as("the default ladder").isEqualTo(mainBefore);
    assertThat(main.rated(duoMatch)).isEmpty();
    assertThat(duo.rated(duoMatch).orElseThrow().changes()).hasSize(4);
    assertThat(duo.stats(PLAYERS.get(0).id()).games()).isEqualTo(1);
    assertThat(duo.leaderboard(10)).hasSize(4);
    assertThat(main.leaderboard(10)).isEmpty();
    Ratings duoRatings = duo.asRatings();
    assertThat(duoRatings.rating(PLAYERS.get(0).id())).isGreaterThan(Ratings.DEFAULT_RATING);
    assertThat(main.asRatings().rating(PLAYERS.get(0).id())).isEqualTo(Ratings.DEFAULT_RATING);

    String mainMatch = played(relva, QueueId.DEFAULT, MatchResult.win(1));
    assertThat(main.stats(PLAYERS.get(0).id()).games()).isEqualTo(1);
    assertThat(duo.stats(PLAYERS.get(0).id()).games()).as("the duo ladder").isEqualTo(1);
    assertThat(duo.rated(mainMatch)).isEmpty();
    assertThat(journal.state()).containsKeys("ratings", "ratedMatches", "ratings@duo",
        "ratedMatches@duo");
    assertThat(journal.state().get("ratedMatches")).containsOnlyKeys(mainMatch);
    assertThat(journal.state().get("ratedMatches@duo")).containsOnlyKeys(duoMatch);
  }

  @Test
  @DisplayName("a new book on the same journal restores each ladder's own records")
  void restartRestoresEachLadder() {
    Relva relva = core();
    RatingBook main = defaultLadder();
    RatingBook duo = duoLadder();
    main.attach(relva);
    duo.attach(relva);
    played(relva, DUO, MatchResult.win(0));
    played(relva, QueueId.DEFAULT, MatchResult.win(1));
    played(relva, DUO, MatchResult.draw());

    RatingBook mainAgain = defaultLadder();
    RatingBook duoAgain = duoLadder();

    assertThat(stats(mainAgain)).isEqualTo(stats(main));
    assertThat(stats(duoAgain)).isEqualTo(stats(duo));
    assertThat(stats(duoAgain)).isNotEqualTo(stats(mainAgain));
    assertThat(duoAgain.leaderboard(10)).isEqualTo(duo.leaderboard(10));
    assertThat(duoAgain.catchUp(relva)).as("nothing missed").isZero();
    assertThat(mainAgain.catchUp(relva)).isZero();
  }

  @Test
  @DisplayName("a correction replays only its own ladder")
  void aCorrectionReplaysOnlyItsLadder() {
    Relva relva = core();
    RatingBook main = defaultLadder();
    RatingBook duo = duoLadder();
    main.attach(relva);
    duo.attach(relva);
    String duoMatch = played(relva, DUO, MatchResult.win(0));
    played(relva, QueueId.DEFAULT, MatchResult.win(0));
    List<PlayerStats> mainBefore = stats(main);
    PlayerStats duoBefore = duo.stats(PLAYERS.get(0).id());

    relva.correctResult(duoMatch, MatchResult.win(1), MOD, "swapped").orElseThrow();

    assertThat(stats(main)).as("the default ladder").isEqualTo(mainBefore);
    PlayerStats duoAfter = duo.stats(PLAYERS.get(0).id());
    assertThat(duoAfter.record().losses()).isEqualTo(duoBefore.record().losses() + 1);
    assertThat(duoAfter.record().wins()).isEqualTo(duoBefore.record().wins() - 1);
    assertThat(main.replay(relva.match(duoMatch).orElseThrow(), null, relva::match))
        .as("another ladder's match").isZero();
    assertThat(stats(duoLadder())).as("after a restart").isEqualTo(stats(duo));
  }

  @Test
  @DisplayName("catching up after a crash rates exactly the missed matches of the book's queues")
  void catchUpRatesExactlyItsMissedMatches() {
    Relva relva = core();
    RatingBook main = defaultLadder();
    RatingBook duo = duoLadder();
    RatingBook mainReference = RatingBook.builder().queues(Set.of(QueueId.DEFAULT)).build();
    RatingBook duoReference = RatingBook.builder().ladder("duo").queues(Set.of(DUO)).build();
    EventBus.Subscription m = main.attach(relva);
    EventBus.Subscription d = duo.attach(relva);
    mainReference.attach(relva);
    duoReference.attach(relva);
    played(relva, DUO, MatchResult.win(0));
    played(relva, QueueId.DEFAULT, MatchResult.win(0));
    m.cancel(); // the process dies: neither book hears of these
    d.cancel();
    String missedDuo = played(relva, DUO, MatchResult.win(1));
    String missedMain1 = played(relva, QueueId.DEFAULT, MatchResult.draw());
    String missedMain2 = played(relva, QueueId.DEFAULT, MatchResult.win(1));

    Relva restarted = core();
    RatingBook mainAgain = defaultLadder();
    RatingBook duoAgain = duoLadder();
    assertThat(duoAgain.catchUp(restarted)).isEqualTo(1);
    assertThat(mainAgain.catchUp(restarted)).isEqualTo(2);

    assertThat(duoAgain.rated(missedDuo)).isPresent();
    assertThat(duoAgain.rated(missedMain1)).isEmpty();
    assertThat(mainAgain.rated(missedMain2)).isPresent();
    assertThat(mainAgain.rated(missedDuo)).isEmpty();
    assertThat(stats(duoAgain)).isEqualTo(stats(duoReference));
    assertThat(stats(mainAgain)).isEqualTo(stats(mainReference));
    assertThat(duoAgain.catchUp(restarted)).as("nothing is rated twice").isZero();
    assertThat(mainAgain.catchUp(restarted)).isZero();
  }

  @Test
  @DisplayName("a book naming no ladder and no queues keeps today's store names, and rates all")
  void theDefaultLadderKeepsTodaysNames() {
    Relva relva = core();
    RatingBook all = RatingBook.builder().journal(journal).build();
    all.attach(relva);
    played(relva, DUO, MatchResult.win(0));
    played(relva, QueueId.DEFAULT, MatchResult.win(0));

    assertThat(all.ladder()).isEqualTo("default");
    assertThat(all.queues()).isEmpty();
    assertThat(all.stats(PLAYERS.get(0).id()).games()).isEqualTo(2);
    assertThat(journal.state().keySet()).contains("ratings", "ratedMatches")
        .doesNotContain("ratings@default", "ratings@duo");
    assertThat(RatingBook.builder().ladder("default").journal(journal).build()
        .stats(PLAYERS.get(0).id())).isEqualTo(all.stats(PLAYERS.get(0).id()));
  }

  @Test
  void aLaddersName_isValidated() {
    for (String bad : List.of("", "Ranked", "a b", "x".repeat(33), "duo@2")) {
      assertThatThrownBy(() -> RatingBook.builder().ladder(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }
  }
}

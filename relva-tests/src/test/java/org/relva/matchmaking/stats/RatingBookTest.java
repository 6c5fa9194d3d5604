package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.relva.matchmaking.stats.Table.EU;
import static org.relva.matchmaking.stats.Table.US_E;
import static org.relva.matchmaking.stats.Table.succeeded;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.PartyStats;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.core.store.KeyValueStore;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.rating.RatingSystem;

class RatingBookTest {
  private static final Rating INITIAL = RatingSystem.openSkill().initial();

  private final Table table = new Table();
  private final RatingBook book = table.book;
  private final List<Member> blue = table.players(5);
  private final List<Member> red = table.players(5);

  private static List<UserId> ids(List<Member> members) {
    return members.stream().map(Member::id).toList();
  }

  @Nested
  class Results {
    @Test
    @DisplayName("a win moves the winners' ratings up and the losers' down, and counts the game")
    void win_ratesBothTeams() {
      MatchRecord match = table.played(blue, red, MatchResult.win(0));
      Instant end = match.endedAt().orElseThrow();

      for (UserId winner : ids(blue)) {
        PlayerStats stats = book.stats(winner);
        PlayerRecord record = stats.record();
        assertThat(record.rating().mu()).isGreaterThan(INITIAL.mu());
        assertThat(record.rating().sigma()).isLessThan(INITIAL.sigma());
        assertThat(record).extracting(PlayerRecord::games, PlayerRecord::wins,
            PlayerRecord::losses, PlayerRecord::draws, PlayerRecord::streak)
            .containsExactly(1, 1, 0, 0, 1);
        assertThat(record.lastPlayed()).contains(end);
        assertThat(record.lastMatch()).contains(match.id());
        assertThat(stats.matchmakingRating()).isGreaterThan(Ratings.DEFAULT_RATING);
        assertThat(stats.ordinal()).isEqualTo(book.system().ordinal(record.rating()));
      }
      for (UserId loser : ids(red)) {
        PlayerRecord record = book.stats(loser).record();
        assertThat(record.rating().mu()).isLessThan(INITIAL.mu());
        assertThat(record).extracting(PlayerRecord::games, PlayerRecord::wins,
            PlayerRecord::losses, PlayerRecord::draws, PlayerRecord::streak)
            .containsExactly(1, 0, 1, 0, -1);
        assertThat(record.lastPlayed()).contains(end);
      }
    }

    @Test
    @DisplayName("the second team's win is rated as such, not as the first team's")
    void win_ofTheSecondTeam() {
      table.played(blue, red, MatchResult.win(1));

      assertThat(book.stats(red.get(0).id()).record().wins()).isEqualTo(1);
      assertThat(book.stats(red.get(0).id()).rating().mu()).isGreaterThan(INITIAL.mu());
      assertThat(book.stats(blue.get(0).id()).record().losses()).isEqualTo(1);
    }

    @Test
    @DisplayName("a draw between equal teams counts a draw, leaves mu alone and shrinks sigma")
    void draw_ranksTheTeamsLevel() {
      table.played(blue, red, MatchResult.draw());

      for (Member player : concat(blue, red)) {
        PlayerRecord record = book.stats(player.id()).record();
        assertThat(record).extracting(PlayerRecord::games, PlayerRecord::draws,
            PlayerRecord::streak).containsExactly(1, 1, 0);
        assertThat(record.rating().mu()).isCloseTo(INITIAL.mu(), within(1e-9));
        assertThat(record.rating().sigma()).isLessThan(INITIAL.sigma());
      }
    }

    @Test
    @DisplayName("a streak counts wins in a row, turns negative on a loss and ends at a draw")
    void streaks() {
      UserId player = blue.get(0).id();
      table.played(blue, red, MatchResult.win(0));
      table.played(blue, red, MatchResult.win(0));
      assertThat(book.stats(player).record().streak()).isEqualTo(2);
      table.played(blue, red, MatchResult.win(1));
      table.played(blue, red, MatchResult.win(1));
      table.played(blue, red, MatchResult.win(1));
      assertThat(book.stats(player).record().streak()).isEqualTo(-3);
      table.played(blue, red, MatchResult.draw());
      PlayerRecord record = book.stats(player).record();
      assertThat(record.streak()).isZero();
      assertThat(record).extracting(PlayerRecord::games, PlayerRecord::wins,
          PlayerRecord::losses, PlayerRecord::draws).containsExactly(6, 2, 3, 1);
      assertThat(record.score()).isCloseTo(2.5 / 6, within(1e-12));
    }

    @Test
    @DisplayName("a moderator's result counts like a reported one")
    void moderatorResult_counts() {
      MatchRecord match = table.confirmed(US_E, List.of(blue, red));
      succeeded(table.relva.setResult(match.id(), MatchResult.win(1)));

      assertThat(book.stats(red.get(2).id()).record().wins()).isEqualTo(1);
      assertThat(book.stats(blue.get(2).id()).record().losses()).isEqualTo(1);
    }

    @Test
    @DisplayName("a match that expires with no result leaves ratings and records alone")
    void noResult_changesNothing() {
      table.confirmed(US_E, List.of(blue, red));
      table.clock.advance(table.relva.config().matches().resultExpiry());
      assertThat(table.relva.tick()).singleElement()
          .satisfies(m -> assertThat(m.result()).contains(MatchResult.noResult()));

      assertThat(table.finished).singleElement()
          .satisfies(f -> assertThat(book.apply(f)).isFalse());
      for (Member player : concat(blue, red)) {
        assertThat(book.stats(player.id()).record()).isEqualTo(PlayerRecord.unplayed(INITIAL));
      }
      assertThat(book.leaderboard(10)).isEmpty();
    }

    @Test
    @DisplayName("a moderator's \"no result\" and a cancelled match change nothing either")
    void moderatorNoResultAndCancel_changeNothing() {
      MatchRecord first = table.confirmed(US_E, List.of(blue, red));
      succeeded(table.relva.setResult(first.id(), MatchResult.noResult()));
      MatchRecord second = table.confirmed(US_E, List.of(blue, red));
      succeeded(table.relva.cancelMatch(second.id(), "server down"));

      assertThat(book.leaderboard(10)).isEmpty();
      assertThat(book.stats(blue.get(0).id()).games()).isZero();
    }

    @Test
    @DisplayName("a Finished delivered again, on the bus or by hand, is not applied twice")
    void duplicateDelivery_isIgnored() {
      table.played(blue, red, MatchResult.win(0));
      PlayerRecord once = book.stats(blue.get(0).id()).record();
      MatchEvent.Finished event = table.finished.get(0);

      table.relva.events().publish(event);
      assertThat(book.apply(event)).isFalse();

      assertThat(book.stats(blue.get(0).id()).record()).isEqualTo(once);
      assertThat(book.stats(red.get(0).id()).record().games()).isEqualTo(1);
    }

    @Test
    @DisplayName("a repeat older than the book's memory is still caught while the players' last "
        + "match is the repeated one")
    void duplicateDelivery_afterTheMemoryIsGone() {
      KeyValueStore<RatingKey, PlayerRecord> store = KeyValueStore.inMemory();
      Table small = new Table(RatingBook.builder().store(store).rememberedMatches(1).build());
      List<Member> a = small.players(5);
      List<Member> b = small.players(5);
      List<Member> c = small.players(5);
      small.played(a, b, MatchResult.win(0));
      small.played(c, small.players(5), MatchResult.win(0)); // pushes the first out of memory
      PlayerRecord before = small.book.stats(a.get(0).id()).record();

      assertThat(small.book.apply(small.finished.get(0))).isFalse();
      RatingBook restarted = RatingBook.builder().store(store).build();
      assertThat(restarted.apply(small.finished.get(1))).isFalse();

      assertThat(small.book.stats(a.get(0).id()).record()).isEqualTo(before);
      assertThat(restarted.stats(c.get(0).id()).games()).isEqualTo(1);
    }

    @Test
    @DisplayName("a repeat completes a delivery that wrote only some of the players")
    void halfAppliedDelivery_isCompletedByItsRepeat() {
      KeyValueStore<RatingKey, PlayerRecord> store = KeyValueStore.inMemory();
      Table first = new Table(RatingBook.builder().store(store).build());
      List<Member> a = first.players(5);
      List<Member> b = first.players(5);
      first.played(a, b, MatchResult.win(0));
      PlayerRecord written = store.get(RatingKey.global(a.get(0).id())).orElseThrow();
      for (Member loser : b) {
        store.remove(RatingKey.global(loser.id())); // as if the writes of team 1 were lost
      }

      RatingBook restarted = RatingBook.builder().store(store).build();
      assertThat(restarted.apply(first.finished.get(0))).isTrue();

      assertThat(restarted.stats(a.get(0).id()).record()).isEqualTo(written);
      assertThat(restarted.stats(b.get(0).id()).record().losses()).isEqualTo(1);
      assertThat(restarted.stats(b.get(0).id()).rating().mu()).isLessThan(INITIAL.mu());
    }

    @Test
    @DisplayName("a rating changed by another writer between the book's read and its write keeps "
        + "that change, and takes the match's on top")
    void foreignWrite_isKept() {
      InterferingStore store = new InterferingStore();
      Table shared = new Table(RatingBook.builder().store(store).build());
      List<Member> a = shared.players(1);
      List<Member> b = shared.players(1);
      RatingKey key = RatingKey.global(a.get(0).id());
      Rating foreign = new Rating(INITIAL.mu() + 5, INITIAL.sigma() / 2);
      store.beforeNextCompute(key, PlayerRecord.unplayed(foreign));

      shared.played(US_E, List.of(a, b), MatchResult.win(0));

      // What the match would have done to a player at INITIAL, against the same opponent.
      Rating alone = RatingSystem.openSkill()
          .rate(List.of(List.of(INITIAL), List.of(INITIAL)), new int[] {0, 1}).get(0).get(0);
      PlayerRecord record = shared.book.stats(key.user()).record();
      assertThat(record.games()).isEqualTo(1);
      assertThat(record.rating().mu())
          .isCloseTo(foreign.mu() + (alone.mu() - INITIAL.mu()), within(1e-9));
      assertThat(record.rating().sigma())
          .isCloseTo(foreign.sigma() * alone.sigma() / INITIAL.sigma(), within(1e-9));
    }
  }

  @Nested
  class Regions {
    private final Table regional = new Table(RatingBook.builder().perRegion(true).build());
    private final RatingBook book = regional.book;
    private final List<Member> a = regional.players(5);
    private final List<Member> b = regional.players(5);

    @Test
    @DisplayName("a per-region book rates each region's matches in that region alone")
    void perRegion_keepsRegionsApart() {
      regional.played(EU, List.of(a, b), MatchResult.win(0));
      regional.played(US_E, List.of(a, b), MatchResult.win(1));
      regional.played(US_E, List.of(a, b), MatchResult.win(1));

      PlayerStats inEu = book.stats(a.get(0).id(), EU);
      PlayerStats inUs = book.stats(a.get(0).id(), US_E);
      assertThat(inEu.region()).contains(EU);
      assertThat(inEu.record()).extracting(PlayerRecord::games, PlayerRecord::wins)
          .containsExactly(1, 1);
      assertThat(inUs.record()).extracting(PlayerRecord::games, PlayerRecord::losses)
          .containsExactly(2, 2);
      assertThat(inEu.rating().mu()).isGreaterThan(INITIAL.mu());
      assertThat(inUs.rating().mu()).isLessThan(INITIAL.mu());
      assertThat(book.asRatings(EU).rating(a.get(0).id())).isGreaterThan(Ratings.DEFAULT_RATING);
      assertThat(book.asRatings(US_E).rating(a.get(0).id())).isLessThan(Ratings.DEFAULT_RATING);
      // The matchmaker's one view answers by the region it asks about.
      Ratings live = book.asRatings();
      assertThat(live.rating(a.get(0).id(), EU))
          .isEqualTo(book.asRatings(EU).rating(a.get(0).id()));
      assertThat(live.rating(a.get(0).id(), US_E))
          .isEqualTo(book.asRatings(US_E).rating(a.get(0).id()));
      assertThat(live.rating(a.get(0).id(), Region.of("us-w"))).isEqualTo(Ratings.DEFAULT_RATING);
      assertThat(book.stats(a.get(0).id(), Region.of("us-w")).games())
          .isZero();
      assertThat(book.leaderboard(EU, 20)).hasSize(10)
          .allSatisfy(s -> assertThat(s.region()).contains(EU));
    }

    @Test
    @DisplayName("a per-region book refuses the calls that name no region")
    void perRegion_refusesGlobalCalls() {
      UserId user = a.get(0).id();
      assertThatThrownBy(() -> book.stats(user)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("per region");
      assertThatThrownBy(() -> book.leaderboard(5)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> book.asRatings().rating(user))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("in a region");
      assertThatThrownBy(() -> book.setRating(RatingKey.global(user), INITIAL))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name the region");
    }

    @Test
    @DisplayName("a book with one rating a player reads it for every region")
    void global_isTheSameInEveryRegion() {
      table.played(EU, List.of(blue, red), MatchResult.win(0));
      table.played(US_E, List.of(blue, red), MatchResult.win(0));

      PlayerStats inUs = RatingBookTest.this.book.stats(blue.get(0).id(), US_E);
      assertThat(inUs.region()).isEmpty();
      assertThat(inUs.record().wins()).isEqualTo(2);
      assertThat(inUs).isEqualTo(RatingBookTest.this.book.stats(blue.get(0).id(), EU));
      assertThat(RatingBookTest.this.book.leaderboard(EU, 3))
          .isEqualTo(RatingBookTest.this.book.leaderboard(3));
    }
  }

  @Nested
  class Leaderboard {
    @Test
    @DisplayName("the leaderboard ranks by ordinal, then by games, then by user id, up to the limit")
    void order() {
      List<Member> x = table.players(1);
      List<Member> y = table.players(1);
      table.played(x, y, MatchResult.win(0));
      table.played(x, y, MatchResult.win(0));
      table.played(blue, red, MatchResult.win(0));
      UserId fresh = table.players(1).get(0).id();
      book.setRating(RatingKey.global(fresh), book.stats(blue.get(0).id()).rating());

      List<PlayerStats> board = book.leaderboard(100);

      assertThat(board).hasSize(13);
      assertThat(board).extracting(PlayerStats::ordinal).isSortedAccordingTo((p, q) -> -Double
          .compare(p, q));
      assertThat(board.get(0).user()).isEqualTo(x.get(0).id());
      assertThat(board.get(board.size() - 1).user()).isEqualTo(y.get(0).id());
      // The admin-set player ties the five winners on ordinal and comes after them on games; the
      // winners tie on everything and come in id order.
      List<UserId> tied = board.stream()
          .filter(s -> s.ordinal() == book.stats(fresh).ordinal()).map(PlayerStats::user)
          .toList();
      assertThat(tied).containsExactly(blue.get(0).id(), blue.get(1).id(), blue.get(2).id(),
          blue.get(3).id(), blue.get(4).id(), fresh);
      assertThat(book.leaderboard(2)).isEqualTo(board.subList(0, 2));
      assertThat(book.leaderboard(0)).isEmpty();
    }

    @Test
    void negativeLimit_isRefused() {
      assertThatThrownBy(() -> book.leaderboard(-1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
  }

  @Nested
  class Admin {
    @Test
    @DisplayName("setRating replaces the rating and keeps the record")
    void setRating_keepsTheRecord() {
      table.played(blue, red, MatchResult.win(0));
      RatingKey key = RatingKey.global(blue.get(0).id());
      PlayerRecord before = book.stats(key.user()).record();

      PlayerRecord after = book.setRating(key, new Rating(30, 2));

      assertThat(after).isEqualTo(before.withRating(new Rating(30, 2)));
      assertThat(book.stats(key.user()).record()).isEqualTo(after);
      assertThat(book.asRatings().rating(key.user())).isCloseTo(1800, within(1e-9));
    }

    @Test
    @DisplayName("setRating of an unknown player stores an unplayed record")
    void setRating_ofAnUnknownPlayer() {
      UserId user = UserId.of("999");
      assertThat(book.setRating(RatingKey.global(user), new Rating(20, 3)))
          .isEqualTo(PlayerRecord.unplayed(new Rating(20, 3)));
      assertThat(book.leaderboard(5)).extracting(PlayerStats::user).containsExactly(user);
    }

    @Test
    @DisplayName("setRating refuses a region in a book with one rating a player, and bad ratings")
    void setRating_validates() {
      UserId user = blue.get(0).id();
      assertThatThrownBy(() -> book.setRating(RatingKey.in(user, EU), INITIAL))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one rating a player").hasMessageContaining("eu");
      assertThatThrownBy(() -> book.setRating(RatingKey.global(user), new Rating(25, 0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
      assertThatThrownBy(() -> new Rating(Double.NaN, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mu");
      assertThat(book.stats(user).record()).isEqualTo(PlayerRecord.unplayed(INITIAL));
    }
  }

  @Nested
  class MatchmakerScale {
    @Test
    @DisplayName("OpenSkill's mu maps to 1500 + (mu - 25) * 60, and unknown players are at 1500")
    void openSkill_mapping() {
      Ratings ratings = book.asRatings();
      assertThat(ratings.rating(UserId.of("nobody"))).isEqualTo(Ratings.DEFAULT_RATING);
      assertThat(book.matchmakingRating(INITIAL)).isEqualTo(1500);
      assertThat(book.matchmakingRating(new Rating(25 + 25.0 / 3, 1))).isCloseTo(2000,
          within(1e-9));
      assertThat(book.matchmakingRating(new Rating(0, 1))).isCloseTo(0, within(1e-9));
    }

    @Test
    @DisplayName("the matchmaker's view is live: it follows every result")
    void asRatings_isLive() {
      Ratings ratings = book.asRatings();
      table.played(blue, red, MatchResult.win(0));
      UserId winner = blue.get(0).id();
      assertThat(ratings.rating(winner))
          .isEqualTo(book.matchmakingRating(book.stats(winner).rating()))
          .isGreaterThan(Ratings.DEFAULT_RATING);
      assertThat(ratings.rating(red.get(0).id())).isLessThan(Ratings.DEFAULT_RATING);
    }

    @Test
    @DisplayName("with Elo the mapping is the identity")
    void elo_identity() {
      Table elo = new Table(RatingBook.builder().system(RatingSystem.elo()).build());
      List<Member> a = elo.players(5);
      elo.played(a, elo.players(5), MatchResult.win(0));
      PlayerStats stats = elo.book.stats(a.get(0).id());
      assertThat(stats.rating().mu()).isCloseTo(1516, within(1e-9));
      assertThat(stats.matchmakingRating()).isCloseTo(1516, within(1e-9));
      assertThat(stats.ordinal()).isCloseTo(1516, within(1e-9));
    }

    @Test
    @DisplayName("a scale can be set, and must be finite and positive")
    void scale_setting() {
      RatingBook scaled = RatingBook.builder().matchmakingScale(100).build();
      assertThat(scaled.matchmakingRating(new Rating(26, 1))).isCloseTo(1600, within(1e-9));
      assertThatThrownBy(() -> RatingBook.builder().matchmakingScale(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ratings.matchmakingScale");
      assertThatThrownBy(() -> RatingBook.builder().matchmakingScale(Double.POSITIVE_INFINITY))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> RatingBook.builder().rememberedMatches(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ratings.rememberedMatches");
    }

    @Test
    @DisplayName("a system that starts at mu 0 has no default scale and must be given one")
    void scale_requiredWhenTheInitialMuIsZero() {
      RatingSystem zero = RatingSystem.openSkill(
          new org.relva.matchmaking.rating.OpenSkillOptions(0, 1, 0.5, 0.0001, 0.01, 3, false,
              0.1));
      assertThatThrownBy(() -> RatingBook.builder().system(zero).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ratings.matchmakingScale").hasMessageContaining("mu 0.0");
      RatingBook book = RatingBook.builder().system(zero).matchmakingScale(300).build();
      assertThat(book.matchmakingRating(new Rating(1, 1))).isCloseTo(1800, within(1e-9));
    }
  }

  @Nested
  class PartyStatsShown {
    @Test
    @DisplayName("/party stats shows the members' ratings and the party's record")
    void partyStats() {
      List<Member> members = table.players(5);
      Party party = table.queuedParty(members, US_E);
      List<Member> solos = table.players(5);
      table.played(US_E, List.of(members, solos), MatchResult.win(0));
      table.played(US_E, List.of(members, solos), MatchResult.draw());
      MatchRecord lost = table.played(US_E, List.of(members, solos), MatchResult.win(1));
      table.clock.advance(Duration.ofMinutes(1));
      MatchRecord expired = table.confirmed(US_E, List.of(members, solos));
      succeeded(table.relva.setResult(expired.id(), MatchResult.noResult()));

      PartyStats core = succeeded(table.relva.partyStats(members.get(0).id(),
          table.relva.channel(party.id()).orElseThrow()));
      PartyStatsView view = book.partyStats(core);

      assertThat(view.party()).isEqualTo(core);
      assertThat(core).extracting(PartyStats::matches, PartyStats::wins, PartyStats::losses,
          PartyStats::draws).containsExactly(4, 1, 1, 1);
      assertThat(view.games()).isEqualTo(3);
      assertThat(view.members()).extracting(PlayerStats::user)
          .containsExactlyElementsOf(ids(core.party().members()));
      assertThat(view.members()).allSatisfy(s -> {
        assertThat(s.record()).extracting(PlayerRecord::games, PlayerRecord::wins,
            PlayerRecord::losses, PlayerRecord::draws, PlayerRecord::streak)
            .containsExactly(3, 1, 1, 1, -1);
        assertThat(s.record().lastMatch()).contains(lost.id());
      });
      assertThat(view.matchmakingRating()).isCloseTo(view.members().stream()
          .mapToDouble(PlayerStats::matchmakingRating).average().orElseThrow(), within(1e-9));
    }

    @Test
    @DisplayName("a view must hold the party's members in order")
    void view_validatesItsMembers() {
      List<Member> members = table.players(2);
      Party party = table.queuedParty(members, US_E);
      PartyStats core = succeeded(table.relva.partyStats(members.get(0).id(),
          table.relva.channel(party.id()).orElseThrow()));
      PlayerStats first = book.stats(members.get(0).id());
      PlayerStats second = book.stats(members.get(1).id());

      assertThatThrownBy(() -> new PartyStatsView(core, List.of(first)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 members");
      assertThatThrownBy(() -> new PartyStatsView(core, List.of(second, first)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 0");
      assertThat(new PartyStatsView(core, List.of(first, second)).games()).isZero();
    }
  }

  @Test
  void toString_saysWhatTheBookIs() {
    table.played(blue, red, MatchResult.win(0));
    assertThat(book).hasToString("RatingBook(openskill-plackett-luce, 10 records)");
    assertThat(book.perRegion()).isFalse();
    assertThat(RatingKey.in(UserId.of("7"), EU)).hasToString("7@eu");
    assertThat(RatingKey.global(UserId.of("7")).region()).isEqualTo(Optional.empty());
  }

  private static List<Member> concat(List<Member> first, List<Member> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}

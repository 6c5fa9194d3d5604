package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.matchmaking.rating.RatingSystem;

/**
 * The book against a plain tally, on random histories of finished matches among twelve players,
 * each delivered once or more: repeats never count, the records match the tally, and ratings move
 * the way results say.
 */
class RatingBookProperties {
  private static final int PLAYERS = 12;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** One finished match: who played (the first players of a shuffle), in how many teams. */
  record Game(List<Integer> order, int teams, int size, int result) {
    MatchResult matchResult() {
      return result < teams ? MatchResult.win(result)
          : result == teams ? MatchResult.draw() : MatchResult.noResult();
    }
  }

  /** A history, and after each match the indexes of earlier matches delivered again. */
  record History(List<Game> games, List<List<Integer>> repeats) {}

  @Provide
  Arbitrary<History> histories() {
    Arbitrary<List<Integer>> orders = Arbitraries.shuffle(
        java.util.stream.IntStream.range(0, PLAYERS).boxed().toList());
    Arbitrary<Game> games = Combinators.combine(orders, Arbitraries.integers().between(2, 3),
            Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 4))
        .as((order, teams, size, result) ->
            new Game(order, teams, size, Math.min(result, teams + 1)));
    return games.list().ofMinSize(1).ofMaxSize(25).flatMap(list ->
        Arbitraries.integers().between(0, 1_000).list().ofMaxSize(2).list()
            .ofSize(list.size()).map(repeats -> new History(list, repeats)));
  }

  private static List<Member> players() {
    List<Member> players = new ArrayList<>();
    for (int i = 0; i < PLAYERS; i++) {
      players.add(Member.of("2000" + i, "p" + i));
    }
    return players;
  }

  private static List<MatchEvent.Finished> events(History history) {
    List<Member> players = players();
    List<MatchEvent.Finished> events = new ArrayList<>();
    for (int g = 0; g < history.games().size(); g++) {
      Game game = history.games().get(g);
      List<List<Member>> teams = new ArrayList<>();
      for (int t = 0; t < game.teams(); t++) {
        List<Member> team = new ArrayList<>();
        for (int p = 0; p < game.size(); p++) {
          team.add(players.get(game.order().get(t * game.size() + p)));
        }
        teams.add(team);
      }
      events.add(Finished.match(g, teams, game.matchResult(), START.plusSeconds(60L * g)));
    }
    return ImmutableList.copyOf(events);
  }

  @Group
  class Repeats {
    @Property
    void aRepeatedDelivery_changesNothing(@ForAll("histories") History history) {
      List<MatchEvent.Finished> events = events(history);
      RatingBook once = RatingBook.builder().build();
      RatingBook repeated = RatingBook.builder().build();
      long applied = 0;
      boolean anyRepeat = false;
      for (int i = 0; i < events.size(); i++) {
        once.apply(events.get(i));
        if (repeated.apply(events.get(i))) {
          applied++;
        }
        for (int r : history.repeats().get(i)) {
          anyRepeat = true;
          assertThat(repeated.apply(events.get(r % (i + 1)))).isFalse();
        }
      }
      for (Member player : players()) {
        assertThat(repeated.stats(player.id())).isEqualTo(once.stats(player.id()));
      }
      assertThat(applied).isEqualTo(events.stream().filter(e -> e.result().counts()).count());
      Statistics.label("repeats").collect(anyRepeat);
      Statistics.label("repeats").coverage(c -> c.check(true).percentage(p -> p > 30));
    }
  }

  @Group
  class Records {
    @Property
    void records_matchAPlainTally(@ForAll("histories") History history) {
      List<MatchEvent.Finished> events = events(history);
      RatingBook book = RatingBook.builder().build();
      Map<UserId, List<PlayerRecord.Placing>> placings = new HashMap<>();
      Map<UserId, String> last = new HashMap<>();
      for (MatchEvent.Finished event : events) {
        book.apply(event);
        MatchResult result = event.result();
        Statistics.label("result").collect(result.kind());
        if (!result.counts()) {
          continue;
        }
        List<List<QueueEntry>> teams = event.match().teams();
        for (int t = 0; t < teams.size(); t++) {
          PlayerRecord.Placing placing = result.kind() == MatchResult.Kind.DRAW
              ? PlayerRecord.Placing.DREW
              : result.winner() == t ? PlayerRecord.Placing.WON : PlayerRecord.Placing.LOST;
          for (QueueEntry entry : teams.get(t)) {
            UserId user = entry.entity().members().get(0).id();
            placings.computeIfAbsent(user, u -> new ArrayList<>()).add(placing);
            last.put(user, event.match().id());
          }
        }
      }
      for (Member player : players()) {
        List<PlayerRecord.Placing> mine = placings.getOrDefault(player.id(), List.of());
        PlayerRecord record = book.stats(player.id()).record();
        assertThat(record.games()).isEqualTo(mine.size());
        assertThat(record.wins()).isEqualTo(count(mine, PlayerRecord.Placing.WON));
        assertThat(record.losses()).isEqualTo(count(mine, PlayerRecord.Placing.LOST));
        assertThat(record.draws()).isEqualTo(count(mine, PlayerRecord.Placing.DREW));
        assertThat(record.streak()).isEqualTo(streak(mine));
        assertThat(record.lastMatch()).isEqualTo(Optional.ofNullable(last.get(player.id())));
      }
      Statistics.label("result").coverage(c -> {
        c.check(MatchResult.Kind.DRAW).count(n -> n > 0);
        c.check(MatchResult.Kind.NO_RESULT).count(n -> n > 0);
      });
    }

    /**
     * Only two-team matches: with three, two losers rank level, which the models read as a draw
     * between them, and that can lift a much weaker loser.
     */
    @Property
    void aTwoTeamWin_raisesEveryWinnerAndLowersEveryLoser(@ForAll("histories") History history,
        @ForAll boolean thurstoneMosteller) {
      RatingBook book = RatingBook.builder().system(thurstoneMosteller
          ? RatingSystem.openSkillThurstoneMosteller() : RatingSystem.openSkill()).build();
      for (MatchEvent.Finished event : events(history)) {
        Map<UserId, Double> before = new HashMap<>();
        Set<UserId> winners = new HashSet<>();
        List<List<QueueEntry>> teams = event.match().teams();
        if (teams.size() != 2) {
          book.apply(event);
          continue;
        }
        for (int t = 0; t < teams.size(); t++) {
          for (QueueEntry entry : teams.get(t)) {
            UserId user = entry.entity().members().get(0).id();
            before.put(user, book.stats(user).rating().mu());
            if (event.result().kind() == MatchResult.Kind.WIN && event.result().winner() == t) {
              winners.add(user);
            }
          }
        }
        book.apply(event);
        before.forEach((user, mu) -> {
          double now = book.stats(user).rating().mu();
          switch (event.result().kind()) {
            case WIN -> assertThat(now).isNotEqualTo(mu)
                .matches(x -> winners.contains(user) == (x > mu), "moves with the result");
            case DRAW, NO_RESULT -> { }
            default -> throw new AssertionError(event.result());
          }
        });
      }
    }

    @Property
    void theLeaderboard_isSortedAndHoldsEveryRatedPlayer(@ForAll("histories") History history) {
      RatingBook book = RatingBook.builder().build();
      events(history).forEach(book::apply);
      List<PlayerStats> board = book.leaderboard(PLAYERS);
      assertThat(board).allSatisfy(s -> assertThat(s.games()).isPositive());
      assertThat(board.stream().map(PlayerStats::user).distinct().count())
          .isEqualTo(board.size());
      for (int i = 1; i < board.size(); i++) {
        PlayerStats above = board.get(i - 1);
        PlayerStats below = board.get(i);
        assertThat(above.ordinal() > below.ordinal() || above.ordinal() == below.ordinal()
            && above.games() >= below.games()).as("%s above %s", above, below).isTrue();
      }
      long rated = players().stream().filter(p -> book.stats(p.id()).games() > 0).count();
      assertThat(board).hasSize((int) rated);
    }
  }

  private static int count(List<PlayerRecord.Placing> placings, PlayerRecord.Placing which) {
    return (int) placings.stream().filter(which::equals).count();
  }

  /** The run at the end of {@code placings}: +wins, -losses, 0 after a draw. */
  private static int streak(List<PlayerRecord.Placing> placings) {
    int streak = 0;
    for (int i = placings.size() - 1; i >= 0; i--) {
      PlayerRecord.Placing p = placings.get(i);
      if (p == PlayerRecord.Placing.DREW) {
        break;
      }
      int step = p == PlayerRecord.Placing.WON ? 1 : -1;
      if (streak != 0 && Integer.signum(streak) != step) {
        break;
      }
      streak += step;
    }
    return streak;
  }
}

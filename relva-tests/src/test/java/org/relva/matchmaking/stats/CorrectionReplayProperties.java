package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.ResultCorrection;
import org.relva.testkit.store.InMemoryJournal;

/**
 * A corrected result, replayed, leaves the book exactly as a fresh book that rated the corrected
 * history from the start: every player's stats, the leaderboard and every rated match. Random
 * histories of up to 30 matches among ten players (two or three teams of one to three, some with
 * no result), one to three corrections of random matches to a random other result, on a book in
 * memory or on a journal.
 */
class CorrectionReplayProperties {
  private static final int PLAYERS = 10;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Member MODERATOR = Member.of("9999", "mod");

  /** One finished match: who played (the first players of a shuffle), in how many teams. */
  record Game(List<Integer> order, int teams, int size, int result) {}

  /** A correction: which match (an index, wrapped), and the new result's code (wrapped). */
  record Fix(int match, int result) {}

  record Case(List<Game> games, List<Fix> fixes, boolean journal) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<Integer>> orders =
        Arbitraries.shuffle(IntStream.range(0, PLAYERS).boxed().toList());
    Arbitrary<Game> games = Combinators.combine(orders, Arbitraries.integers().between(2, 3),
            Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 4))
        .as((order, teams, size, result) ->
            new Game(order, teams, size, Math.min(result, teams + 1)));
    Arbitrary<Fix> fixes = Combinators.combine(Arbitraries.integers().between(0, 1_000),
        Arbitraries.integers().between(0, 1_000)).as(Fix::new);
    return Combinators.combine(games.list().ofMinSize(1).ofMaxSize(30),
        fixes.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false)).as(Case::new);
  }

  /** Code {@code code} of a match of {@code teams} teams: a win of that team, a draw, none. */
  private static MatchResult result(int code, int teams) {
    return code < teams ? MatchResult.win(code)
        : code == teams ? MatchResult.draw() : MatchResult.noResult();
  }

  @Property(tries = 300)
  void replayedBookEqualsOneRatedFromTheStart(@ForAll("cases") Case c) {
    List<Member> players = new ArrayList<>();
    for (int i = 0; i < PLAYERS; i++) {
      players.add(Member.of("3000" + i, "p" + i));
    }
    List<MatchEvent.Finished> events = new ArrayList<>();
    for (int g = 0; g < c.games().size(); g++) {
      Game game = c.games().get(g);
      List<List<Member>> teams = new ArrayList<>();
      for (int t = 0; t < game.teams(); t++) {
        List<Member> team = new ArrayList<>();
        for (int p = 0; p < game.size(); p++) {
          team.add(players.get(game.order().get(t * game.size() + p)));
        }
        teams.add(team);
      }
      events.add(Finished.match(g, teams, result(game.result(), game.teams()),
          START.plusSeconds(60L * g)));
    }

    RatingBook book = c.journal()
        ? RatingBook.builder().journal(new InMemoryJournal()).build()
        : RatingBook.builder().build();
    events.forEach(book::apply);
    Map<String, MatchRecord> history = new HashMap<>();
    events.forEach(e -> history.put(e.match().id(), e.match()));
    Map<String, MatchAudit> audits = new HashMap<>();
    for (Fix fix : c.fixes()) {
      MatchRecord match = events.get(fix.match() % events.size()).match();
      MatchRecord now = history.get(match.id());
      int teams = match.teams().size();
      MatchResult from = now.result().orElseThrow();
      MatchResult to = result(fix.result() % (teams + 1), teams);
      if (to.equals(from)) {
        continue;
      }
      Statistics.label("correction").collect(from.counts() ? "of a result" : "of no result");
      ResultCorrection correction = new ResultCorrection(from, to, MODERATOR, START, "");
      MatchAudit audit = audits.containsKey(match.id())
          ? audits.get(match.id()).plus(correction) : MatchAudit.of(match.id(), correction);
      audits.put(match.id(), audit);
      MatchRecord corrected = now.correct(to);
      history.put(match.id(), corrected);

      book.replay(corrected, audit, id -> Optional.ofNullable(history.get(id)));

      assertThat(book.replay(corrected, audit, id -> Optional.ofNullable(history.get(id))))
          .as("a replay repeated").isZero();
    }
    Statistics.label("corrections").collect(audits.size());
    Statistics.label("correction").coverage(cover -> {
      cover.check("of a result").percentage(p -> p > 30);
      cover.check("of no result").percentage(p -> p > 10);
    });

    RatingBook fresh = RatingBook.builder().build();
    for (MatchEvent.Finished e : events) {
      MatchRecord match = history.get(e.match().id());
      fresh.apply(new MatchEvent.Finished(match, match.result().orElseThrow(), e.at()));
    }

    for (Member p : players) {
      assertThat(book.stats(p.id())).as("stats of %s", p).isEqualTo(fresh.stats(p.id()));
    }
    assertThat(book.leaderboard(PLAYERS)).isEqualTo(fresh.leaderboard(PLAYERS));
    for (MatchEvent.Finished e : events) {
      assertThat(book.rated(e.match().id())).as("rated %s", e.match().id())
          .isEqualTo(fresh.rated(e.match().id()));
    }
  }
}

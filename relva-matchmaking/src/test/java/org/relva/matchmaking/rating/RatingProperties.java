package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The properties the issue asks of every rating system: results move means the right way,
 * uncertainty does not grow from playing, draws between equals change nothing, and nothing
 * overflows. Matches are 2 to 4 teams of 1 to 5 players, with {@code mu} in [-100, 200] and
 * {@code sigma} in [0.1, 20] unless a group says otherwise.
 */
class RatingProperties {

  /** A match about to be rated. */
  record Match(RatingSystem system, List<List<Rating>> teams, int[] ranks) {
    @Override
    public String toString() {
      return system.name() + " " + teams + " ranks " + Arrays.toString(ranks);
    }
  }

  static Arbitrary<RatingSystem> systems() {
    return Arbitraries.of(RatingSystem.openSkill(), RatingSystem.openSkillThurstoneMosteller(),
        RatingSystem.elo(),
        RatingSystem.openSkill(OpenSkillOptions.defaults().withLimitSigma(true)),
        RatingSystem.openSkillThurstoneMosteller(OpenSkillOptions.defaults().withTau(0)));
  }

  static Arbitrary<Rating> ratings(double minMu, double maxMu, double minSigma, double maxSigma) {
    return Combinators.combine(Arbitraries.doubles().between(minMu, maxMu),
        Arbitraries.doubles().between(minSigma, maxSigma)).as(Rating::new);
  }

  static Arbitrary<List<List<Rating>>> teams(Arbitrary<Rating> ratings, int minTeams) {
    return ratings.list().ofMinSize(1).ofMaxSize(5).list().ofMinSize(minTeams).ofMaxSize(4);
  }

  /** Ranks for {@code count} teams drawn from 1..count, so that draws are common. */
  static Arbitrary<int[]> ranks(int count) {
    return Arbitraries.integers().between(1, count).array(int[].class).ofSize(count);
  }

  static double tau(RatingSystem system) {
    return system instanceof WengLin wengLin ? wengLin.options.tau() : 0;
  }

  static void label(Match match) {
    boolean draw = false;
    for (int i = 0; i < match.ranks().length; i++) {
      for (int q = i + 1; q < match.ranks().length; q++) {
        draw |= match.ranks()[i] == match.ranks()[q];
      }
    }
    Statistics.label("teams").collect(match.teams().size());
    Statistics.label("draw").collect(draw);
  }

  @Provide
  Arbitrary<Match> anyMatch() {
    return Combinators.combine(systems(), teams(ratings(-100, 200, 0.1, 20), 2))
        .flatAs((system, teams) -> ranks(teams.size())
            .map(ranks -> new Match(system, teams, ranks)));
  }

  /** Two teams and a decisive result; the first team listed may be the winner or the loser. */
  static Arbitrary<Match> decided(Arbitrary<Rating> ratings) {
    Arbitrary<List<List<Rating>>> twoTeams =
        ratings.list().ofMinSize(1).ofMaxSize(5).list().ofSize(2);
    Arbitrary<int[]> results = Arbitraries.of(new int[] {1, 2}, new int[] {2, 1});
    return Combinators.combine(systems(), twoTeams, results).as(Match::new);
  }

  @Group
  class MeansFollowTheResult {

    @Provide
    Arbitrary<Match> wideMatch() {
      return decided(ratings(-100, 200, 0.1, 20));
    }

    /** Ratings of everyday players, where no result is a foregone conclusion. */
    @Provide
    Arbitrary<Match> everydayMatch() {
      return decided(ratings(0, 50, 1, 10));
    }

    @Property
    void winnersDoNotFall_losersDoNotRise(@ForAll("wideMatch") Match match) {
      List<List<Rating>> after = match.system().rate(match.teams(), match.ranks());
      for (int i = 0; i < 2; i++) {
        boolean won = match.ranks()[i] == 1;
        for (int j = 0; j < after.get(i).size(); j++) {
          double before = match.teams().get(i).get(j).mu();
          double now = after.get(i).get(j).mu();
          if (won) {
            assertThat(now).as("winner %s/%s", i, j).isGreaterThanOrEqualTo(before);
          } else {
            assertThat(now).as("loser %s/%s", i, j).isLessThanOrEqualTo(before);
          }
        }
      }
    }

    /**
     * Strictly, where the result was not a foregone conclusion. When one side is many standard
     * deviations stronger, the favourite's win moves the means by less than the last digit of a
     * double (a gap of 9 spreads moves them by about 1e-18), which is why the wide-range property
     * above allows equality; here matches whose quality is below 1e-6 (a gap of more than about
     * 5.3 spreads) are skipped.
     */
    @Property
    void winnersRise_losersFall(@ForAll("everydayMatch") Match match) {
      Assume.that(match.system().quality(match.teams()) > 1e-6);
      List<List<Rating>> after = match.system().rate(match.teams(), match.ranks());
      for (int i = 0; i < 2; i++) {
        boolean won = match.ranks()[i] == 1;
        for (int j = 0; j < after.get(i).size(); j++) {
          double before = match.teams().get(i).get(j).mu();
          double now = after.get(i).get(j).mu();
          if (won) {
            assertThat(now).as("winner %s/%s", i, j).isGreaterThan(before);
          } else {
            assertThat(now).as("loser %s/%s", i, j).isLessThan(before);
          }
        }
      }
    }
  }

  @Group
  class UncertaintyDoesNotGrow {

    @Property
    void sigmaStaysWithinTheDynamicsTerm(@ForAll("anyMatch") Match match) {
      label(match);
      double tau = tau(match.system());
      List<List<Rating>> after = match.system().rate(match.teams(), match.ranks());
      for (int i = 0; i < after.size(); i++) {
        for (int j = 0; j < after.get(i).size(); j++) {
          double sigma = match.teams().get(i).get(j).sigma();
          assertThat(after.get(i).get(j).sigma()).as("player %s/%s", i, j)
              .isLessThanOrEqualTo(Math.sqrt(sigma * sigma + tau * tau));
        }
      }
      Statistics.label("teams").coverage(coverage -> {
        coverage.check(2).percentage(p -> p > 10);
        coverage.check(3).percentage(p -> p > 10);
        coverage.check(4).percentage(p -> p > 10);
      });
    }

    @Property
    void limitSigma_neverAboveBefore(@ForAll("anyMatch") Match match) {
      RatingSystem limited = match.system() instanceof ThurstoneMosteller
          ? RatingSystem.openSkillThurstoneMosteller(OpenSkillOptions.defaults().withTau(1)
              .withLimitSigma(true))
          : RatingSystem.openSkill(OpenSkillOptions.defaults().withTau(1).withLimitSigma(true));
      List<List<Rating>> after = limited.rate(match.teams(), match.ranks());
      for (int i = 0; i < after.size(); i++) {
        for (int j = 0; j < after.get(i).size(); j++) {
          assertThat(after.get(i).get(j).sigma())
              .isLessThanOrEqualTo(match.teams().get(i).get(j).sigma());
        }
      }
    }
  }

  @Group
  class DrawsBetweenEquals {

    @Provide
    Arbitrary<Match> equalTeamsDrawing() {
      Arbitrary<List<Rating>> team = ratings(-100, 200, 0.1, 20).list().ofMinSize(1).ofMaxSize(5);
      return Combinators.combine(systems(), team, Arbitraries.integers().between(2, 4),
          Arbitraries.randoms()).as((system, players, count, random) -> {
            List<List<Rating>> teams = new ArrayList<>();
            for (int t = 0; t < count; t++) {
              // The same players in another order: equal teams, summed in another order.
              List<Rating> copy = new ArrayList<>(players);
              Collections.shuffle(copy, random);
              teams.add(copy);
            }
            int[] ranks = new int[count];
            Arrays.fill(ranks, 7);
            return new Match(system, teams, ranks);
          });
    }

    @Property
    void meansUnchanged(@ForAll("equalTeamsDrawing") Match match) {
      Statistics.label("teams").collect(match.teams().size());
      List<List<Rating>> after = match.system().rate(match.teams(), match.ranks());
      for (int i = 0; i < after.size(); i++) {
        for (int j = 0; j < after.get(i).size(); j++) {
          double before = match.teams().get(i).get(j).mu();
          assertThat(after.get(i).get(j).mu()).as("player %s/%s", i, j)
              .isCloseTo(before, within(1e-9 * Math.max(1, Math.abs(before))));
        }
      }
    }

    @Property
    void evenMatchHasQualityOne(@ForAll("equalTeamsDrawing") Match match) {
      assertThat(match.system().quality(match.teams())).isCloseTo(1, within(1e-12));
    }
  }

  @Group
  class NumbersStayNumbers {

    @Property
    void rate_finite(@ForAll("anyMatch") Match match) {
      label(match);
      List<List<Rating>> after = match.system().rate(match.teams(), match.ranks());
      // Rating's constructor rejects NaN, infinities and non-positive sigma, so reaching here
      // already proves most of it; the shape is checked too.
      assertThat(after).hasSameSizeAs(match.teams());
      for (int i = 0; i < after.size(); i++) {
        assertThat(after.get(i)).hasSameSizeAs(match.teams().get(i));
        for (Rating rating : after.get(i)) {
          assertThat(rating.mu()).isFinite();
          assertThat(rating.sigma()).isFinite().isPositive();
        }
      }
      Statistics.label("draw").coverage(coverage -> {
        coverage.check(true).percentage(p -> p > 20);
        coverage.check(false).percentage(p -> p > 5);
      });
    }

    @Property
    void quality_inRange_andSymmetric(@ForAll("anyMatch") Match match) {
      List<List<Rating>> teams = match.teams();
      double quality = match.system().quality(teams);
      assertThat(quality).isBetween(0.0, 1.0);
      List<List<Rating>> reversed = new ArrayList<>(teams);
      Collections.reverse(reversed);
      double other = match.system().quality(reversed);
      if (teams.size() == 2) {
        assertThat(other).isEqualTo(quality);
      } else {
        assertThat(other).isCloseTo(quality, within(1e-12));
      }
    }
  }
}

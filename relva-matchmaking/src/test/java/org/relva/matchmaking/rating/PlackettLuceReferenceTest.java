package org.relva.matchmaking.rating;

import static org.relva.matchmaking.rating.Expect.r;
import static org.relva.matchmaking.rating.Expect.ratings;
import static org.relva.matchmaking.rating.Expect.teamsOf;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Plackett-Luce model against values published by the two reference implementations. Only
 * the numbers are taken from them; each case says where. Matched to {@value Expect#TOLERANCE}.
 */
class PlackettLuceReferenceTest {

  /**
   * openskill.py (github.com/vivekjoshy/openskill.py, v6.2.0), fixture {@code
   * tests/models/data/plackettluce.json}, read by {@code test_rate} in {@code
   * tests/models/weng_lin/test_plackett_luce.py}. The model there is {@code PlackettLuce(mu,
   * sigma)} with the fixture's random mu and sigma and the library's other defaults, which do not
   * scale with them: beta 25/6, tau 25/300, kappa 0.0001. Every player starts at (mu, sigma).
   */
  @Nested
  @DisplayName("openskill.py plackettluce.json")
  class OpenSkillPy {
    final Rating start = r(20.35125162611535, 8.33148112355601);
    final OpenSkillOptions options = new OpenSkillOptions(start.mu(), start.sigma(), 25.0 / 6,
        0.0001, 25.0 / 300, 3, false, 0.1);
    final RatingSystem system = RatingSystem.openSkill(options);

    @Test
    @DisplayName("normal: 1 player beats 2")
    void normal() {
      ratings(system.rate(teamsOf(start, 1, 2), new int[] {1, 2}),
          23.855123082692877, 8.22447878583752,
          16.84738016953782, 8.179571171464575,
          16.84738016953782, 8.179571171464575);
    }

    @Test
    @DisplayName("ranks: four teams finishing 2, 1, 4, 3")
    void ranks() {
      ratings(system.rate(teamsOf(start, 1, 2, 1, 2), new int[] {2, 1, 4, 3}),
          22.35555943890167, 8.265434830225024,
          22.373451456616035, 8.258479912445537,
          22.373451456616035, 8.258479912445537,
          18.311159777900297, 8.219170401234347,
          18.364835831043397, 8.112716571808326,
          18.364835831043397, 8.112716571808326);
    }

    @Test
    @DisplayName("limit_sigma: teams of 1, 2, 3 finishing 2, 1, 3 with limitSigma")
    void limitSigma() {
      ratings(RatingSystem.openSkill(options.withLimitSigma(true))
              .rate(teamsOf(start, 1, 2, 3), new int[] {2, 1, 3}),
          22.81664991565251, 8.28331609373364,
          22.74645120129216, 8.268148437657915,
          22.74645120129216, 8.268148437657915,
          15.49065376140138, 8.18959307104567,
          15.49065376140138, 8.18959307104567,
          15.49065376140138, 8.18959307104567);
    }

    /** The Python test sets limit_sigma on its model in the previous case, and it stays on. */
    @Test
    @DisplayName("ties: teams of 1, 2, 3 finishing 1, 2, 1")
    void ties() {
      ratings(RatingSystem.openSkill(options.withLimitSigma(true))
              .rate(teamsOf(start, 1, 2, 3), new int[] {1, 2, 1}),
          21.63766806988004, 8.310709773172306,
          19.53956360838512, 8.268148437657915,
          19.53956360838512, 8.268148437657915,
          19.87652320008089, 8.237522411103104,
          19.87652320008089, 8.237522411103104,
          19.87652320008089, 8.237522411103104);
    }
  }

  /**
   * openskill.js (github.com/philihp/openskill.js, main after v5.0.1), {@code
   * src/__tests__/rate.test.ts}: its {@code rate()} with default options (mu 25, sigma 25/3, beta
   * 25/6, tau 25/300), unless the case says otherwise.
   */
  @Nested
  @DisplayName("openskill.js rate.test.ts")
  class OpenSkillJsRate {
    final RatingSystem system = RatingSystem.openSkill();
    final Rating a1 = r(29.182, 4.782);
    final Rating b1 = r(27.174, 4.922);
    final Rating c1 = r(16.672, 6.217);
    final Rating d1 = system.initial();

    @Test
    @DisplayName("rate accepts and runs a placket-luce model by default (four-player free-for-all)")
    void freeForAll() {
      ratings(system.rate(List.of(List.of(a1), List.of(b1), List.of(c1), List.of(d1)),
              new int[] {1, 2, 3, 4}),
          30.210227447000438, 4.765617924939384,
          27.644725221915632, 4.883479590134575,
          17.4036218889969, 6.101259408259549,
          19.21460876538932, 7.854669920480409);
    }

    @Test
    @DisplayName("rate accepts and runs a placket-luce model by default for teams (2v2)")
    void twoVersusTwo() {
      ratings(system.rate(List.of(List.of(a1, b1), List.of(c1, d1)), new int[] {1, 2}),
          29.607340941337068, 4.755311788972862,
          27.624602782532037, 4.892807828777459,
          15.953170429143093, 6.125902065139878,
          23.70858117648013, 8.111707446126035);
    }

    @Test
    @DisplayName("allows ties: ranks 1, 2, 2")
    void ties() {
      ratings(system.rate(List.of(List.of(r(10, 8)), List.of(r(5, 10)), List.of(r(0, 12))),
              new int[] {1, 2, 2}),
          11.942996666741225, 7.926888197620324,
          2.9381178546315034, 9.653804487570165,
          -1.4024317012198733, 11.323641575516767);
    }

    @Test
    @DisplayName("four-way-tie with newbies leaves mu at 25")
    void fourWayTie() {
      ratings(system.rate(teamsOf(d1, 1, 1, 1, 1), new int[] {1, 1, 1, 1}),
          25, 8.263571791259416,
          25, 8.263571791259416,
          25, 8.263571791259416,
          25, 8.263571791259416);
    }

    @Test
    @DisplayName("prevents sigma from rising: tau 0.3 with limitSigma")
    void limitSigma() {
      RatingSystem limited =
          RatingSystem.openSkill(OpenSkillOptions.defaults().withTau(0.3).withLimitSigma(true));
      ratings(limited.rate(List.of(List.of(r(40, 3)), List.of(r(-20, 3))), new int[] {1, 2}),
          40.00032667136128, 3,
          -20.000326671361275, 3);
    }

    @Test
    @DisplayName("accepts a tau term: tau 0.3")
    void tau() {
      RatingSystem withTau = RatingSystem.openSkill(OpenSkillOptions.defaults().withTau(0.3));
      ratings(withTau.rate(List.of(List.of(r(25, 3)), List.of(r(25, 3))), new int[] {1, 2}),
          25.624880438870754, 2.9879993738476953,
          24.375119561129246, 2.9879993738476953);
    }
  }

  /**
   * openskill.js, {@code src/models/__tests__/plackett-luce.test.ts}: the model called directly,
   * which skips the tau step of {@code rate()}, so these run with tau 0.
   */
  @Nested
  @DisplayName("openskill.js plackett-luce.test.ts (no tau)")
  class OpenSkillJsModel {
    final RatingSystem system = RatingSystem.openSkill(OpenSkillOptions.defaults().withTau(0));
    final Rating start = system.initial();

    @Test
    @DisplayName("2p FFA")
    void twoPlayers() {
      ratings(system.rate(teamsOf(start, 1, 1), new int[] {1, 2}),
          27.63523138347365, 8.065506316323548,
          22.36476861652635, 8.065506316323548);
    }

    @Test
    @DisplayName("5p FFA")
    void fivePlayers() {
      ratings(system.rate(teamsOf(start, 1, 1, 1, 1, 1), new int[] {1, 2, 3, 4, 5}),
          27.666666666666668, 8.290556877154474,
          26.833333333333332, 8.240145629781066,
          25.72222222222222, 8.179996679645559,
          24.055555555555557, 8.111796013701358,
          20.72222222222222, 8.111796013701358);
    }

    @Test
    @DisplayName("3 teams different sized players")
    void differentSizes() {
      ratings(system.rate(teamsOf(start, 3, 1, 2), new int[] {1, 2, 3}),
          25.939870821784513, 8.247641552260456,
          25.939870821784513, 8.247641552260456,
          25.939870821784513, 8.247641552260456,
          27.21366020491262, 8.274321317985242,
          21.84646897330287, 8.213058173195341,
          21.84646897330287, 8.213058173195341);
    }
  }
}

package org.relva.matchmaking.rating;

import static org.relva.matchmaking.rating.Expect.ratings;
import static org.relva.matchmaking.rating.Expect.teamsOf;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Thurstone-Mosteller full-pairing model against values published by the two reference
 * implementations. Only the numbers are taken from them; each case says where. Matched to
 * {@value Expect#TOLERANCE}.
 */
class ThurstoneMostellerReferenceTest {

  /**
   * openskill.py (github.com/vivekjoshy/openskill.py, v6.2.0), fixture {@code
   * tests/models/data/thurstonemostellerfull.json}, read by {@code test_rate} in {@code
   * tests/models/weng_lin/test_thurstone_mosteller_full.py}: the fixture's random mu and sigma,
   * beta 25/6, tau 25/300, kappa 0.0001, epsilon (our draw margin) 0.1.
   */
  @Nested
  @DisplayName("openskill.py thurstonemostellerfull.json")
  class OpenSkillPy {
    final Rating start = new Rating(17.369819397619647, 5.379790119094205);
    final OpenSkillOptions options = new OpenSkillOptions(start.mu(), start.sigma(), 25.0 / 6,
        0.0001, 25.0 / 300, 3, false, 0.1);
    final RatingSystem system = RatingSystem.openSkillThurstoneMosteller(options);

    @Test
    @DisplayName("normal: 1 player beats 2")
    void normal() {
      ratings(system.rate(teamsOf(start, 1, 2), new int[] {1, 2}),
          22.64925412780908, 5.105413295791267,
          12.090384667430214, 4.987055119379737,
          12.090384667430214, 4.987055119379737);
    }

    @Test
    @DisplayName("ranks: four teams finishing 2, 1, 4, 3")
    void ranks() {
      ratings(system.rate(teamsOf(start, 1, 2, 1, 2), new int[] {2, 1, 4, 3}),
          24.742920978542813, 4.703892673813669,
          19.91742257235955, 4.97447451720664,
          19.91742257235955, 4.97447451720664,
          14.297181388007196, 4.929870018015774,
          10.521752651569031, 4.654743459534082,
          10.521752651569031, 4.654743459534082);
    }

    @Test
    @DisplayName("limit_sigma: teams of 1, 2, 3 finishing 2, 1, 3 with limitSigma")
    void limitSigma() {
      ratings(RatingSystem.openSkillThurstoneMosteller(options.withLimitSigma(true))
              .rate(teamsOf(start, 1, 2, 3), new int[] {2, 1, 3}),
          24.439837648240836, 5.097619302832102,
          21.52900161729248, 5.073466074339694,
          21.52900161729248, 5.073466074339694,
          6.140618927325626, 4.725957788249715,
          6.140618927325626, 4.725957788249715,
          6.140618927325626, 4.725957788249715);
    }

    /** As in the Python test, limit_sigma is still on from the previous case. */
    @Test
    @DisplayName("ties: teams of 1, 2, 3 finishing 1, 2, 1")
    void ties() {
      ratings(RatingSystem.openSkillThurstoneMosteller(options.withLimitSigma(true))
              .rate(teamsOf(start, 1, 2, 3), new int[] {1, 2, 1}),
          29.3305463246164, 4.860405772327232,
          11.673700042291802, 4.910478681463609,
          11.673700042291802, 4.910478681463609,
          11.105211825950738, 4.877671631940031,
          11.105211825950738, 4.877671631940031,
          11.105211825950738, 4.877671631940031);
    }
  }

  /**
   * openskill.js (github.com/philihp/openskill.js, main after v5.0.1), {@code
   * src/models/__tests__/thurstone-mosteller-full.test.ts}: the model called directly with
   * default options, which skips the tau step of {@code rate()}, so these run with tau 0.
   */
  @Nested
  @DisplayName("openskill.js thurstone-mosteller-full.test.ts (no tau)")
  class OpenSkillJsModel {
    final RatingSystem system =
        RatingSystem.openSkillThurstoneMosteller(OpenSkillOptions.defaults().withTau(0));
    final Rating start = system.initial();

    @Test
    @DisplayName("2p FFA")
    void twoPlayers() {
      ratings(system.rate(teamsOf(start, 1, 1), new int[] {1, 2}),
          29.230718708993216, 7.630934718709003,
          20.769281291006784, 7.630934718709003);
    }

    @Test
    @DisplayName("3 teams different sized players")
    void differentSizes() {
      ratings(system.rate(teamsOf(start, 3, 1, 2), new int[] {1, 2, 3}),
          25.729796801442728, 8.153169236399172,
          25.729796801442728, 8.153169236399172,
          25.729796801442728, 8.153169236399172,
          34.02513843037207, 7.757460494129447,
          15.245064768185204, 7.372121080126496,
          15.245064768185204, 7.372121080126496);
    }

    @Test
    @DisplayName("works with ties in ranks: 1, 2, 2, 4, 5")
    void ties() {
      ratings(system.rate(teamsOf(start, 1, 1, 1, 1, 1), new int[] {1, 2, 2, 4, 5}),
          41.92287483597286, 4.958964145006544,
          29.230718708993216, 4.270448833386869,
          29.230718708993216, 4.270448833386869,
          16.53856258201357, 4.958964145006544,
          8.077125164027137, 4.958964145006544);
    }
  }

  /**
   * openskill.js, {@code src/__tests__/rate.test.ts}, "runs a model with ties for first": {@code
   * rate()} with default options (tau 25/300) and scores 100, 84, 100, 72, which are the ranks 1,
   * 3, 1, 4.
   */
  @Test
  @DisplayName("openskill.js rate.test.ts: ties for first with tau")
  void tiesForFirstWithTau() {
    RatingSystem system = RatingSystem.openSkillThurstoneMosteller();
    ratings(system.rate(teamsOf(system.initial(), 1, 1, 1, 1), new int[] {1, 3, 1, 4}),
        33.46194304822656, 5.426947616252378,
        20.76902847588672, 5.9839100819896975,
        33.46194304822656, 5.426947616252378,
        12.307085427660162, 5.9839100819896975);
  }
}

package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.relva.matchmaking.rating.Expect.r;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Match quality: symmetric in the teams, 1 for an even match, lower for a lopsided one whichever
 * side is the stronger.
 */
class QualityTest {

  static Stream<RatingSystem> systems() {
    return Stream.of(RatingSystem.openSkill(), RatingSystem.openSkillThurstoneMosteller(),
        RatingSystem.elo());
  }

  /** Two teams of {@code strong} against two of {@code weak}, on each system's own scale. */
  private static List<List<Rating>> match(RatingSystem system, double strong, double weak) {
    double scale = system.name().equals("elo") ? 40 : 1;
    double base = system.initial().mu();
    Rating s = r(base + strong * scale, 3);
    Rating w = r(base + weak * scale, 3);
    return List.of(List.of(s, s), List.of(w, w));
  }

  private static <T> List<T> reversed(List<T> list) {
    return List.of(list.get(1), list.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("quality(A, B) equals quality(B, A) exactly")
  void symmetric(RatingSystem system) {
    for (double gap : new double[] {0.1, 1, 3, 10}) {
      List<List<Rating>> teams = match(system, gap, 0);
      assertThat(system.quality(teams)).isEqualTo(system.quality(reversed(teams)));
    }
  }

  /**
   * The regression the issue warns of: com.pocketcombats:openskill scores match quality from the
   * signed difference of the team means, so any match where the first team is the weaker one
   * comes out perfect. Here the weaker team is listed first.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("a lopsided match with the weaker team first is not scored as perfect")
  void weakerFirst_notPerfect(RatingSystem system) {
    List<List<Rating>> weakerFirst = reversed(match(system, 5, 0));
    assertThat(system.quality(weakerFirst)).isLessThan(0.5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("an even match scores 1, and lopsided ones lower, whichever side is stronger")
  void lopsided_scoresLower(RatingSystem system) {
    double even = system.quality(match(system, 0, 0));
    assertThat(even).isCloseTo(1, within(1e-15));
    double previous = even;
    for (double gap : new double[] {0.5, 1, 2, 4, 8}) {
      double strongerFirst = system.quality(match(system, gap, 0));
      double weakerFirst = system.quality(match(system, 0, gap));
      assertThat(strongerFirst).as("gap %s, stronger first", gap).isLessThan(previous);
      assertThat(weakerFirst).as("gap %s, weaker first", gap).isLessThan(previous);
      assertThat(weakerFirst).isEqualTo(strongerFirst);
      previous = strongerFirst;
    }
    assertThat(previous).isBetween(0.0, 1.0);
  }

  @Test
  @DisplayName("OpenSkill quality is exp(-d^2 / 2) of the standardised gap")
  void openSkill_knownValue() {
    // Default options: beta^2 = (25/6)^2. Teams (30, 3) and (25, 4): c^2 = 9 + 16 + 2 beta^2.
    double c2 = 9 + 16 + 2 * (25.0 / 6) * (25.0 / 6);
    double expected = Math.exp(-25 / (2 * c2));
    assertThat(RatingSystem.openSkill().quality(List.of(List.of(r(30, 3)), List.of(r(25, 4)))))
        .isCloseTo(expected, within(1e-15));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("with three teams, the order of the teams changes the score only by rounding")
  void threeTeams_orderFree(RatingSystem system) {
    List<Rating> a = match(system, 3, 0).get(0);
    List<Rating> b = match(system, 1, 0).get(0);
    List<Rating> c = match(system, 0, 0).get(0);
    double abc = system.quality(List.of(a, b, c));
    assertThat(system.quality(List.of(c, a, b))).isCloseTo(abc, within(1e-15));
    assertThat(system.quality(List.of(b, c, a))).isCloseTo(abc, within(1e-15));
    assertThat(abc).isBetween(0.0, 1.0);
  }

  @Test
  @DisplayName("uncertainty widens the spread: the same gap between unknowns scores higher")
  void uncertainty_raisesQuality() {
    RatingSystem system = RatingSystem.openSkill();
    double sure = system.quality(List.of(List.of(r(30, 1)), List.of(r(25, 1))));
    double unsure = system.quality(List.of(List.of(r(30, 8)), List.of(r(25, 8))));
    assertThat(unsure).isGreaterThan(sure);
  }
}

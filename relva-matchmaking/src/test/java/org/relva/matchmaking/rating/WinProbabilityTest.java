package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each team's chance to win, on ratings whose answers are known. */
class WinProbabilityTest {
  /** Phi(1), the standard normal distribution at one standard deviation. */
  private static final double PHI_1 = 0.8413447460685429;

  static Stream<RatingSystem> systems() {
    return Stream.of(RatingSystem.openSkill(), RatingSystem.openSkillThurstoneMosteller(),
        RatingSystem.elo());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("equal teams have an even chance, two teams or three")
  void equalTeams_evenChances(RatingSystem system) {
    Rating r = system.initial();
    assertThat(system.winProbabilities(List.of(List.of(r, r), List.of(r, r))))
        .containsExactly(new double[] {0.5, 0.5}, within(1e-12));
    assertThat(system.winProbabilities(List.of(List.of(r), List.of(r), List.of(r))))
        .containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-12));
  }

  @Test
  @DisplayName("openskill, 1v1 one standard deviation apart: Phi(1) and 1 - Phi(1)")
  void openSkill_oneDeviationApart() {
    double beta = OpenSkillOptions.defaults().beta();
    // The difference's variance is 2 beta^2 + 2 sigma^2; make it 100, so a lead of 10 is one
    // standard deviation.
    double sigma = Math.sqrt(50 - beta * beta);
    List<List<Rating>> match =
        List.of(List.of(new Rating(35, sigma)), List.of(new Rating(25, sigma)));

    for (RatingSystem system : List.of(RatingSystem.openSkill(),
        RatingSystem.openSkillThurstoneMosteller())) {
      assertThat(system.winProbabilities(match))
          .containsExactly(new double[] {PHI_1, 1 - PHI_1}, within(1e-9));
    }
  }

  @Test
  @DisplayName("openskill sums a team's players: 5v5, each player 2 mu ahead, is a likely win")
  void openSkill_teamsAreSums() {
    Rating strong = new Rating(27, 1);
    Rating weak = new Rating(25, 1);
    double beta = OpenSkillOptions.defaults().beta();
    double expected = Gaussian.cdf(10 / Math.sqrt(2 * beta * beta + 10));

    double[] chances = RatingSystem.openSkill().winProbabilities(List.of(
        List.of(strong, strong, strong, strong, strong), List.of(weak, weak, weak, weak, weak)));

    assertThat(chances[0]).isCloseTo(expected, within(1e-12)).isGreaterThan(0.8);
    assertThat(chances[1]).isCloseTo(1 - expected, within(1e-12));
  }

  @Test
  @DisplayName("elo: team means 1600 against 1400 is 1 / (1 + 10^-0.5), about 76%")
  void elo_twoHundredPointsApart() {
    RatingSystem elo = RatingSystem.elo();
    double[] chances = elo.winProbabilities(List.of(
        List.of(new Rating(1700, 1), new Rating(1500, 1)),
        List.of(new Rating(1400, 1), new Rating(1400, 1))));

    assertThat(chances).containsExactly(
        new double[] {0.7597469266479578, 0.24025307335204222}, within(1e-12));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("three uneven teams: the chances sum to 1 and follow the strength")
  void threeTeams_sumToOneInOrder(RatingSystem system) {
    double step = system.name().equals("elo") ? 100 : 2;
    double base = system.initial().mu();
    double[] chances = system.winProbabilities(List.of(
        List.of(new Rating(base + step, 3)), List.of(new Rating(base, 3)),
        List.of(new Rating(base - step, 3))));

    assertThat(Arrays.stream(chances).sum()).isCloseTo(1, within(1e-12));
    assertThat(chances[0]).isGreaterThan(chances[1]);
    assertThat(chances[1]).isGreaterThan(chances[2]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("fewer than two teams is refused")
  void oneTeam_refused(RatingSystem system) {
    assertThatThrownBy(() -> system.winProbabilities(List.of(List.of(system.initial()))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

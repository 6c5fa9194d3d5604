package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.relva.matchmaking.rating.Expect.r;
import static org.relva.matchmaking.rating.Expect.ratings;
import static org.relva.matchmaking.rating.Expect.teamsOf;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Elo against hand-computed values. */
class EloTest {
  private final RatingSystem elo = RatingSystem.elo();

  @Test
  @DisplayName("1500 beats 1500 with K = 32: 1516 and 1484")
  void equals_win() {
    ratings(elo.rate(teamsOf(elo.initial(), 1, 1), new int[] {1, 2}), 1516, 1, 1484, 1);
  }

  @Test
  @DisplayName("the result is read from the ranks, not the order of the teams")
  void equals_loss() {
    ratings(elo.rate(teamsOf(elo.initial(), 1, 1), new int[] {2, 1}), 1484, 1, 1516, 1);
  }

  @Test
  @DisplayName("a draw between equals changes nothing")
  void equals_draw() {
    ratings(elo.rate(teamsOf(elo.initial(), 1, 1), new int[] {1, 1}), 1500, 1, 1500, 1);
  }

  /**
   * 1700 against 1500: E = 1 / (1 + 10^(-200/400)) = 1 / (1 + 1/sqrt(10)) = 0.759746926647958;
   * an upset moves each side 32 * 0.759746926647958 = 24.311901652734656.
   */
  @Test
  @DisplayName("an upset moves ratings by K times the favourite's expected score")
  void upset() {
    double move = 32 / (1 + 1 / Math.sqrt(10));
    assertThat(move).isCloseTo(24.311901652734656, within(1e-12));
    ratings(elo.rate(List.of(List.of(r(1700, 1)), List.of(r(1500, 1))), new int[] {2, 1}),
        1700 - move, 1, 1500 + move, 1);
  }

  @Test
  @DisplayName("the K-factor is configurable")
  void kFactor() {
    RatingSystem k16 = RatingSystem.elo(EloOptions.defaults().withKFactor(16));
    ratings(k16.rate(teamsOf(k16.initial(), 1, 1), new int[] {1, 2}), 1508, 1, 1492, 1);
  }

  @Test
  @DisplayName("a team is as strong as its members' mean, and every member takes the team's change")
  void teams_mean() {
    // Means 1600 and 1600: an even match whatever the spread inside the teams.
    List<List<Rating>> teams = List.of(
        List.of(r(1800, 1), r(1400, 1)),
        List.of(r(1600, 1), r(1600, 1)));
    ratings(elo.rate(teams, new int[] {1, 2}), 1816, 1, 1416, 1, 1584, 1, 1584, 1);
    assertThat(elo.quality(teams)).isEqualTo(1);
  }

  @Test
  @DisplayName("five 1500s beating five 1500s gain 16 each")
  void fiveVersusFive() {
    List<List<Rating>> result = elo.rate(teamsOf(elo.initial(), 5, 5), new int[] {1, 2});
    assertThat(result.get(0)).extracting(Rating::mu).containsOnly(1516.0);
    assertThat(result.get(1)).extracting(Rating::mu).containsOnly(1484.0);
  }

  @Test
  @DisplayName("with three teams, K is shared across the two opponents and the changes sum to zero")
  void threeTeams() {
    List<List<Rating>> result = elo.rate(teamsOf(elo.initial(), 1, 1, 1), new int[] {1, 2, 3});
    // K / (3 - 1) = 16 per opponent; every pair is even (E = 1/2), so each result is worth
    // 16 * (+-1/2) = +-8: the winner +8 +8, the second -8 +8, the last -8 -8.
    ratings(result, 1516, 1, 1500, 1, 1484, 1);
  }

  @Test
  @DisplayName("sigma passes through unchanged and the ordinal is mu")
  void sigma_unchanged() {
    List<List<Rating>> result =
        elo.rate(List.of(List.of(r(1500, 7)), List.of(r(1500, 0.5))), new int[] {1, 2});
    assertThat(result.get(0).get(0).sigma()).isEqualTo(7);
    assertThat(result.get(1).get(0).sigma()).isEqualTo(0.5);
    assertThat(elo.ordinal(r(1234, 100))).isEqualTo(1234);
  }

  @Test
  void quality_knownValue() {
    // The weaker side of 1700 v 1500 expects 1 - 0.759746926647958; doubled.
    assertThat(elo.quality(List.of(List.of(r(1700, 1)), List.of(r(1500, 1)))))
        .isCloseTo(2 * (1 - 1 / (1 + 1 / Math.sqrt(10))), within(1e-12));
  }

  @Test
  void name_and_initial() {
    assertThat(elo.name()).isEqualTo("elo");
    assertThat(elo.initial()).isEqualTo(r(1500, 1));
    assertThat(RatingSystem.elo(EloOptions.defaults().withInitialRating(1000)).initial().mu())
        .isEqualTo(1000);
  }

  @Test
  void options_validated() {
    assertThatIllegalArgumentException().isThrownBy(() -> EloOptions.defaults().withKFactor(0))
        .withMessage("kFactor must be finite and positive, got 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> EloOptions.defaults().withScale(-400))
        .withMessage("scale must be finite and positive, got -400.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EloOptions.defaults().withInitialRating(Double.NaN))
        .withMessage("initialRating must be finite, got NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> new EloOptions(1500, 32, 400, 0))
        .withMessage("sigma must be finite and positive, got 0.0");
  }
}

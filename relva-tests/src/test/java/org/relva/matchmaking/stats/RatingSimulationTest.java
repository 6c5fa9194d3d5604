package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.rating.RatingSystem;
import org.relva.testkit.matchmaking.RatingSimulation;
import org.relva.testkit.matchmaking.RatingSimulation.Checkpoint;
import org.relva.testkit.matchmaking.RatingSimulation.Report;

/**
 * The proof of the ratings: thousands of matches among players with hidden skills, made by the
 * real daemon from what the book learns. The thresholds hold with a margin on every seed tried
 * (seeds 1 to 5: a rank correlation of 0.971 to 0.986 with the default noise and 0.913 to 0.962
 * with noise 1, the higher-rated team winning 48.9% to 53.2%).
 */
class RatingSimulationTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  @DisplayName("after 2,000 matches among 100 players the ratings' order is close to the true "
      + "order, and the higher-rated team wins about half the time")
  void openSkill_converges(long seed, TestReporter reporter) {
    Report report = RatingSimulation.builder().seed(seed).build().run();
    reporter.publishEntry("report", report.toString());

    assertThat(report.problems()).isEmpty();
    assertThat(report.matches()).isEqualTo(2_000);
    assertThat(report.rankCorrelation()).as("%s", report).isGreaterThan(0.9);
    assertThat(report.favouredMatches()).isGreaterThan(900);
    assertThat(report.favouredWinRate()).as("%s", report).isBetween(0.4, 0.6);
    assertThat(report.trueEdge()).as("%s", report).isLessThan(report.randomSplitEdge());
    assertThat(report.checkpoints()).hasSize(8).extracting(Checkpoint::matches)
        .startsWith(250, 500).endsWith(2_000);
    assertThat(report.checkpoints().get(0).rankCorrelation())
        .isLessThan(report.rankCorrelation());
  }

  @Test
  @DisplayName("with luck counting as much as skill the ratings still find the order")
  void openSkill_convergesWithMoreLuck(TestReporter reporter) {
    Report report = RatingSimulation.builder().seed(4).performanceNoise(1).build().run();
    reporter.publishEntry("report", report.toString());

    assertThat(report.problems()).isEmpty();
    assertThat(report.rankCorrelation()).as("%s", report).isGreaterThan(0.85);
    assertThat(report.favouredWinRate()).as("%s", report).isBetween(0.4, 0.6);
  }

  @Test
  @DisplayName("Thurstone-Mosteller and Elo books converge too")
  void otherSystems_converge(TestReporter reporter) {
    for (RatingSystem system : new RatingSystem[] {
        RatingSystem.openSkillThurstoneMosteller(), RatingSystem.elo()}) {
      Report report = RatingSimulation.builder().seed(5).system(system).matches(1_500).build()
          .run();
      reporter.publishEntry(system.name(), report.toString());
      assertThat(report.problems()).as(system.name()).isEmpty();
      assertThat(report.rankCorrelation()).as("%s: %s", system.name(), report)
          .isGreaterThan(0.85);
      assertThat(report.favouredWinRate()).as("%s: %s", system.name(), report)
          .isBetween(0.4, 0.6);
    }
  }

  @Test
  @DisplayName("a run is repeatable to the last figure for a seed")
  void run_isDeterministic() {
    RatingSimulation simulation = RatingSimulation.builder().seed(9).players(30).matches(150)
        .checkpointEvery(50).step(Duration.ofSeconds(10)).build();
    Report first = simulation.run();
    Report second = simulation.run();

    assertThat(second).isEqualTo(first);
    assertThat(first.checkpoints()).extracting(Checkpoint::matches).containsExactly(50, 100, 150);
    assertThat(RatingSimulation.builder().seed(10).players(30).matches(150).build().run())
        .isNotEqualTo(first);
  }

  @Test
  @DisplayName("a smaller format works, and the report prints its figures")
  void smallerFormat() {
    Report report = RatingSimulation.builder().seed(3).players(20).matches(300)
        .matchmaking(MatchmakingConfig.defaults().withFormat(MatchFormat.of(2, 2))).build().run();

    assertThat(report.problems()).isEmpty();
    assertThat(report.matches()).isEqualTo(300);
    assertThat(report.rankCorrelation()).isGreaterThan(0.5);
    assertThat(report.toString()).startsWith("20 players, 300 matches: rank correlation ")
        .contains("300:").endsWith("0 problems");
  }

  @Test
  @DisplayName("the builder refuses settings the simulation cannot run")
  void builder_validates() {
    assertThatThrownBy(() -> RatingSimulation.builder().players(9).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 players");
    assertThatThrownBy(() -> RatingSimulation.builder().matches(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches");
    assertThatThrownBy(() -> RatingSimulation.builder().performanceNoise(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("performanceNoise");
    assertThatThrownBy(() -> RatingSimulation.builder()
        .matchmaking(MatchmakingConfig.defaults().withFormat(MatchFormat.of(3, 2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two-team");
    assertThatThrownBy(() -> RatingSimulation.builder().step(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
  }

  @Test
  @DisplayName("Spearman's correlation: 1 for the same order, -1 reversed, ties averaged")
  void rankCorrelation() {
    double[] x = {1, 2, 3, 4, 5};
    assertThat(RatingSimulation.rankCorrelation(x, new double[] {10, 20, 30, 40, 50}))
        .isCloseTo(1, within(1e-12));
    assertThat(RatingSimulation.rankCorrelation(x, new double[] {5, 4, 3, 2, 1}))
        .isCloseTo(-1, within(1e-12));
    // Ranks of y: 1, 2.5, 2.5, 4, 5 -> Pearson with 1..5 = 9.5 / sqrt(10 * 9.5).
    assertThat(RatingSimulation.rankCorrelation(x, new double[] {0, 7, 7, 8, 9}))
        .isCloseTo(9.5 / Math.sqrt(95), within(1e-12));
    // Monotone but not linear: ranks only.
    assertThat(RatingSimulation.rankCorrelation(x, new double[] {1, 8, 27, 64, 1e6}))
        .isCloseTo(1, within(1e-12));
    assertThat(RatingSimulation.rankCorrelation(x, new double[] {3, 3, 3, 3, 3})).isZero();
    assertThatThrownBy(() -> RatingSimulation.rankCorrelation(x, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.Region;
import org.relva.testkit.matchmaking.Simulation;

/** An evening of traffic through the real core and daemon, for each built-in algorithm. */
class SimulationTest {
  private static final double ARRIVALS_PER_MINUTE = 6;
  /** The default size mix's mean arrival size: 0.7*1 + 0.12*2 + 0.08*3 + 0.05*4 + 0.05*5. */
  private static final double MEAN_ARRIVAL_SIZE = 1.63;

  /**
   * The wait nobody should exceed with steady arrivals: every rule has relaxed once the last
   * expansion step has passed (the rating window opening to any rating, the premade rule, any
   * region link), and after that a match needs only enough players, which arrive at
   * {@code rate x mean size} a minute per region; three times that gathering time allows for
   * packing whole parties.
   */
  private static Duration waitBound(MatchmakingConfig config) {
    Duration relaxed = config.premadeRelaxAfter();
    for (RatingWindow.Step step : config.ratingWindow().steps()) {
      if (step.after().compareTo(relaxed) > 0) {
        relaxed = step.after();
      }
    }
    for (RegionPolicy.Link link : config.regionPolicy().links()) {
      if (link.after().compareTo(relaxed) > 0) {
        relaxed = link.after();
      }
    }
    double playersPerSecond = ARRIVALS_PER_MINUTE * MEAN_ARRIVAL_SIZE / 60;
    long gather = Math.round(config.format().players() / playersPerSecond);
    return relaxed.plusSeconds(3 * gather);
  }

  private static Simulation.Report run(MatchmakingConfig config, long seed) {
    return Simulation.builder().seed(seed).duration(Duration.ofMinutes(60))
        .arrivalsPerMinute(ARRIVALS_PER_MINUTE).matchmaking(config).build().run();
  }

  private static void assertHealthy(Simulation.Report report, MatchmakingConfig config) {
    Duration bound = waitBound(config);
    assertThat(report.problems()).as("problems in %s", report).isEmpty();
    assertThat(report.soloWaits().p99()).as("solo p99 in %s", report).isLessThan(bound);
    assertThat(report.partyWaits().p99()).as("party p99 in %s", report).isLessThan(bound);
    assertThat(report.longestStillWaiting()).as("still waiting in %s", report).isLessThan(bound);
    // Nearly every player who arrived has played: the queue does not silt up.
    assertThat(report.stillQueued()).as("left in %s", report).isLessThan(report.arrivals() / 20);
  }

  @Test
  @DisplayName("balanced: with steady arrivals the p99 wait stays under the derived bound")
  void balancedWaitsAreBounded() {
    MatchmakingConfig config = MatchmakingConfig.defaults();
    Simulation.Report report = run(config, 7);
    assertHealthy(report, config);
    assertThat(report.matches()).isGreaterThan(90);
  }

  @Test
  @DisplayName("fifo: with steady arrivals the p99 wait stays under the derived bound")
  void fifoWaitsAreBounded() {
    MatchmakingConfig config = MatchmakingConfig.defaults().withAlgorithm("fifo");
    assertHealthy(run(config, 7), config);
  }

  @Test
  @DisplayName("balanced makes closer matches than fifo on the same traffic")
  void balancedIsFairerThanFifo() {
    Simulation.Report balanced = run(MatchmakingConfig.defaults(), 11);
    Simulation.Report fifo = run(MatchmakingConfig.defaults().withAlgorithm("fifo"), 11);
    assertThat(balanced.arrivals()).isEqualTo(fifo.arrivals());
    assertThat(balanced.meanTeamGap()).isLessThan(fifo.meanTeamGap() / 2);
    assertThat(balanced.meanQuality()).isGreaterThan(fifo.meanQuality());
  }

  @Test
  @DisplayName("a region link lets a thin region's players play in its neighbour after the wait")
  void regionLinksServeThinRegions() {
    MatchmakingConfig config = MatchmakingConfig.defaults()
        .withRegionPolicy(RegionPolicy.none().withLink("us-e", "eu", Duration.ofMinutes(3)));
    Simulation.Report report = Simulation.builder().seed(3).duration(Duration.ofMinutes(60))
        .arrivalsPerMinute(ARRIVALS_PER_MINUTE).matchmaking(config).build().run();
    assertHealthy(report, config);
  }

  @Test
  @DisplayName("the same seed gives the same evening, to the last figure")
  void runsAreDeterministic() {
    MatchmakingConfig config = MatchmakingConfig.defaults();
    assertThat(run(config, 5)).isEqualTo(run(config, 5));
    assertThat(run(config, 5)).isNotEqualTo(run(config, 6));
  }

  @Test
  @DisplayName("a 3v3 format with parties of at most three matches too")
  void smallFormat() {
    MatchmakingConfig config = MatchmakingConfig.defaults().withFormat(MatchFormat.of(2, 3));
    Simulation.Report report = Simulation.builder().seed(9).duration(Duration.ofMinutes(30))
        .arrivalsPerMinute(ARRIVALS_PER_MINUTE).sizeMix(0.8, 0.15, 0.05, 0, 0)
        .regions(Region.of("us-e")).matchmaking(config).build().run();
    assertThat(report.problems()).isEmpty();
    assertThat(report.matches()).isGreaterThan(40);
  }
}

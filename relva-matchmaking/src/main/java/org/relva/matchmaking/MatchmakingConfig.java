package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;

/**
 * The matchmaker's settings. Immutable; {@link #defaults()} gives sensible ones to start from, and
 * each {@code with} method returns a changed copy. A bad value fails on construction, or in
 * {@link #validate} when it disagrees with the core's configuration, with a message that names the
 * setting.
 *
 * @param algorithm the name of the algorithm to run, looked up in an {@link AlgorithmRegistry}
 * @param format the number of teams and the team size
 * @param regionPolicy which regions may play together after a wait
 * @param ratingWindow for {@code balanced}: how far from the anchor's rating candidates may be
 * @param premadeRelaxAfter for {@code balanced}: how long a party that fills a whole team waits
 *     before it may face a team made only of solo players; zero turns the rule off
 * @param tickPeriod how often the daemon re-evaluates the queue with no event, so that waits relax
 *     the rules
 * @param teams how the chosen players are split into teams: the algorithm's own split, or at
 *     random
 */
public record MatchmakingConfig(String algorithm, MatchFormat format, RegionPolicy regionPolicy,
    RatingWindow ratingWindow, Duration premadeRelaxAfter, Duration tickPeriod,
    TeamChoice teams) {

  /** The algorithm of {@link #defaults()}. */
  public static final String DEFAULT_ALGORITHM = "balanced";

  public MatchmakingConfig {
    requireNonNull(algorithm, "matchmaking.algorithm");
    requireNonNull(format, "matchmaking.format");
    requireNonNull(regionPolicy, "matchmaking.regionPolicy");
    requireNonNull(ratingWindow, "matchmaking.ratingWindow");
    requireNonNull(premadeRelaxAfter, "matchmaking.premadeRelaxAfter");
    requireNonNull(tickPeriod, "matchmaking.tickPeriod");
    requireNonNull(teams, "matchmaking.teams");
    checkArgument(!algorithm.isBlank(), "matchmaking.algorithm must name an algorithm");
    checkArgument(!premadeRelaxAfter.isNegative(),
        "matchmaking.premadeRelaxAfter must not be negative, got %s", premadeRelaxAfter);
    checkArgument(!tickPeriod.isNegative() && !tickPeriod.isZero(),
        "matchmaking.tickPeriod must be positive, got %s", tickPeriod);
  }

  /**
   * {@code balanced}, 5v5, no region links, the default rating window, full-team parties facing
   * parties for their first 90 s, a tick every 5 s, the algorithm's own teams.
   */
  public static MatchmakingConfig defaults() {
    return new MatchmakingConfig(DEFAULT_ALGORITHM, MatchFormat.defaults(), RegionPolicy.none(),
        RatingWindow.defaults(), Duration.ofSeconds(90), Duration.ofSeconds(5),
        TeamChoice.BALANCED);
  }

  /**
   * Checks the settings against the core's configured {@code regions}: every region the policy
   * links must be one of them.
   *
   * @return this configuration
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public MatchmakingConfig validate(Regions regions) {
    for (Region region : regionPolicy.regions()) {
      checkArgument(regions.contains(region),
          "matchmaking.regionPolicy links region '%s', which is not configured (configured: %s)",
          region, regions.describe());
    }
    return this;
  }

  public MatchmakingConfig withAlgorithm(String algorithm) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }

  public MatchmakingConfig withFormat(MatchFormat format) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }

  public MatchmakingConfig withRegionPolicy(RegionPolicy regionPolicy) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }

  public MatchmakingConfig withRatingWindow(RatingWindow ratingWindow) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }

  public MatchmakingConfig withPremadeRelaxAfter(Duration premadeRelaxAfter) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }

  public MatchmakingConfig withTickPeriod(Duration tickPeriod) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }

  public MatchmakingConfig withTeams(TeamChoice teams) {
    return new MatchmakingConfig(algorithm, format, regionPolicy, ratingWindow, premadeRelaxAfter,
        tickPeriod, teams);
  }
}

package org.relva.matchmaking.builtin;

import org.relva.matchmaking.AlgorithmProvider;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;

/**
 * Provides the built-in {@code balanced} algorithm, the default: the oldest entity anchors a match,
 * candidates lie within {@link MatchmakingConfig#ratingWindow()} of its rating (widening as it
 * waits), and the teams are the split, over every split that keeps parties whole, with the smallest
 * gap in mean rating. A party that fills a whole team faces no team of solo players until it has
 * waited {@link MatchmakingConfig#premadeRelaxAfter()}.
 *
 * <p>The split search is exact, so formats are limited to those with at most 200,000 splits: two
 * teams of up to 10, three of up to 5, four of 3, and so on.
 *
 * <p>Public only because {@link java.util.ServiceLoader} instantiates it; select the algorithm by
 * name through {@link org.relva.matchmaking.AlgorithmRegistry}. Thread-safe.
 */
public final class BalancedProvider implements AlgorithmProvider {
  /** The algorithm's name. */
  public static final String NAME = "balanced";

  /** Called by {@link java.util.ServiceLoader}. */
  public BalancedProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The algorithm with {@code config}'s rating window and full-party rule.
   *
   * @throws IllegalArgumentException if the format has too many splits to search exactly
   */
  @Override
  public MatchmakingAlgorithm create(MatchmakingConfig config) {
    AnchoredMatchmaker.checkSplits(config.format());
    return AnchoredMatchmaker.balanced(config.ratingWindow(), config.premadeRelaxAfter());
  }
}

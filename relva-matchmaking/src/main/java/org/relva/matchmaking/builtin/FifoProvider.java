package org.relva.matchmaking.builtin;

import org.relva.matchmaking.AlgorithmProvider;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;

/**
 * Provides the built-in {@code fifo} algorithm: per region, oldest first, parties kept whole, with
 * an exact packing search, so it finds a match whenever the region's entities can make one. Ratings
 * are ignored and the teams are any valid split.
 *
 * <p>Public only because {@link java.util.ServiceLoader} instantiates it; select the algorithm by
 * name through {@link org.relva.matchmaking.AlgorithmRegistry}. Thread-safe.
 */
public final class FifoProvider implements AlgorithmProvider {
  /** The algorithm's name. */
  public static final String NAME = "fifo";

  private static final MatchmakingAlgorithm FIFO = AnchoredMatchmaker.fifo();

  /** Called by {@link java.util.ServiceLoader}. */
  public FifoProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /** The algorithm; it takes the format and region policy from each call's context. */
  @Override
  public MatchmakingAlgorithm create(MatchmakingConfig config) {
    return FIFO;
  }
}

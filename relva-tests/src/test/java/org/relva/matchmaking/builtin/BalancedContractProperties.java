package org.relva.matchmaking.builtin;

import java.time.Duration;
import org.relva.matchmaking.AlgorithmRegistry;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.testkit.matchmaking.MatchmakingAlgorithmContract;

/**
 * The built-in {@code balanced} keeps the contract; completeness is owed once the default rating
 * window has opened to any rating (120 s) and the premade rule has relaxed (90 s).
 */
class BalancedContractProperties extends MatchmakingAlgorithmContract {
  @Override
  protected MatchmakingAlgorithm algorithm() {
    return AlgorithmRegistry.discover().create(MatchmakingConfig.defaults());
  }

  @Override
  protected Duration completeAfter() {
    return Duration.ofSeconds(120);
  }
}

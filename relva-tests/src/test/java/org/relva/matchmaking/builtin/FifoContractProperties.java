package org.relva.matchmaking.builtin;

import org.relva.matchmaking.AlgorithmRegistry;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.testkit.matchmaking.MatchmakingAlgorithmContract;

/** The built-in {@code fifo} keeps the contract, completeness included from the first second. */
class FifoContractProperties extends MatchmakingAlgorithmContract {
  @Override
  protected MatchmakingAlgorithm algorithm() {
    return AlgorithmRegistry.discover().create(MatchmakingConfig.defaults().withAlgorithm("fifo"));
  }
}

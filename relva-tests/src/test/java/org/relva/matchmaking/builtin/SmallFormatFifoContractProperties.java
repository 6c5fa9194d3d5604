package org.relva.matchmaking.builtin;

import org.relva.matchmaking.AlgorithmRegistry;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.testkit.matchmaking.MatchmakingAlgorithmContract;

/** {@code fifo} keeps the contract in a three-team 3v3v3 format too. */
class SmallFormatFifoContractProperties extends MatchmakingAlgorithmContract {
  @Override
  protected MatchmakingAlgorithm algorithm() {
    return AlgorithmRegistry.discover().create(
        MatchmakingConfig.defaults().withAlgorithm("fifo").withFormat(format()));
  }

  @Override
  protected MatchFormat format() {
    return MatchFormat.of(3, 3);
  }
}

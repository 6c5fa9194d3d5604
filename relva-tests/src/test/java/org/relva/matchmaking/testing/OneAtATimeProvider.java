package org.relva.matchmaking.testing;

import java.util.List;
import org.relva.matchmaking.AlgorithmProvider;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.builtin.FifoProvider;

/**
 * A plugged-in algorithm, registered through this test folder's
 * {@code META-INF/services/org.relva.matchmaking.AlgorithmProvider}: {@code fifo}'s first proposal
 * only, so a daemon must re-run to drain the queue.
 */
public final class OneAtATimeProvider implements AlgorithmProvider {
  public static final String NAME = "one-at-a-time";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MatchmakingAlgorithm create(MatchmakingConfig config) {
    MatchmakingAlgorithm fifo = new FifoProvider().create(config);
    return new MatchmakingAlgorithm() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public List<Proposal> propose(MatchContext context) {
        List<Proposal> all = fifo.propose(context);
        return all.isEmpty() ? List.of() : List.of(all.get(0));
      }
    };
  }
}

package org.relva.matchmaking.testing;

import java.util.List;
import java.util.function.Function;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.builtin.FifoProvider;

/** Algorithms made up on the spot, for daemon tests. */
public final class Algorithms {
  private Algorithms() {}

  /** An algorithm named {@code name} that proposes what {@code body} returns. */
  public static MatchmakingAlgorithm of(String name,
      Function<MatchContext, List<Proposal>> body) {
    return new MatchmakingAlgorithm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Proposal> propose(MatchContext context) {
        return body.apply(context);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** The built-in {@code fifo}. */
  public static MatchmakingAlgorithm fifo() {
    return new FifoProvider().create(MatchmakingConfig.defaults());
  }
}

package org.relva.testkit.matchmaking;

import java.util.List;
import org.relva.core.Refusal;
import org.relva.matchmaking.MatchmakingListener;
import org.relva.matchmaking.Proposal;

/**
 * A daemon listener that writes every rejected or refused proposal, and every error, into a list
 * of problems, for the simulations' reports. Not thread-safe: the simulations run on one thread.
 */
final class ProblemLog implements MatchmakingListener {
  private final List<String> problems;

  ProblemLog(List<String> problems) {
    this.problems = problems;
  }

  @Override
  public void onRejected(Proposal proposal, List<String> violations) {
    problems.add("rejected " + proposal + ": " + violations);
  }

  @Override
  public void onRefused(Proposal proposal, Refusal refusal, String message) {
    problems.add("refused " + proposal + ": " + message);
  }

  @Override
  public void onError(Throwable error) {
    problems.add("error: " + error);
  }
}

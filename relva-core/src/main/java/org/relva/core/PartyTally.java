package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.relva.core.model.MatchResult;

/**
 * A party's running totals, kept in its own store: time spent in the queue in earlier stays,
 * matches popped, and the record of the ones that finished with a result.
 *
 * @param queuedBefore total time in the queue, not counting a stay in progress
 * @param matches matches popped, whatever became of them
 * @param wins finished matches the party's team won
 * @param losses finished matches it lost
 * @param draws finished matches that were drawn
 */
public record PartyTally(Duration queuedBefore, int matches, int wins, int losses, int draws) {
  public static final PartyTally EMPTY = new PartyTally(Duration.ZERO, 0);

  public PartyTally {
    requireNonNull(queuedBefore, "queuedBefore");
    checkArgument(!queuedBefore.isNegative() && matches >= 0 && wins >= 0 && losses >= 0
        && draws >= 0, "tallies are never negative");
  }

  /** Totals with no finished match yet. */
  public PartyTally(Duration queuedBefore, int matches) {
    this(queuedBefore, matches, 0, 0, 0);
  }

  PartyTally plusQueued(Duration stay) {
    return new PartyTally(queuedBefore.plus(stay), matches, wins, losses, draws);
  }

  PartyTally plusMatch() {
    return new PartyTally(queuedBefore, matches + 1, wins, losses, draws);
  }

  PartyTally plusResult(boolean won, boolean drawn) {
    return new PartyTally(queuedBefore, matches, wins + (won ? 1 : 0),
        losses + (!won && !drawn ? 1 : 0), draws + (drawn ? 1 : 0));
  }

  /** These totals with a corrected match's result {@code from} replaced by {@code to}. */
  PartyTally correctedResult(int team, MatchResult from, MatchResult to) {
    PartyTally without = from.counts() ? new PartyTally(queuedBefore, matches,
        wins - (won(team, from) ? 1 : 0), losses - (lost(team, from) ? 1 : 0),
        draws - (from.kind() == MatchResult.Kind.DRAW ? 1 : 0)) : this;
    return without.plusResult(won(team, to), to.kind() == MatchResult.Kind.DRAW);
  }

  private static boolean won(int team, MatchResult result) {
    return result.kind() == MatchResult.Kind.WIN && result.winner() == team;
  }

  private static boolean lost(int team, MatchResult result) {
    return result.kind() == MatchResult.Kind.WIN && result.winner() != team;
  }
}

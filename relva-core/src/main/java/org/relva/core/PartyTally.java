package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A party's running totals, kept in its own store: time spent in the queue in earlier stays, and
 * matches popped.
 *
 * @param queuedBefore total time in the queue, not counting a stay in progress
 * @param matches matches popped
 */
public record PartyTally(Duration queuedBefore, int matches) {
  public static final PartyTally EMPTY = new PartyTally(Duration.ZERO, 0);

  public PartyTally {
    requireNonNull(queuedBefore, "queuedBefore");
    checkArgument(!queuedBefore.isNegative() && matches >= 0, "tallies are never negative");
  }

  PartyTally plusQueued(Duration stay) {
    return new PartyTally(queuedBefore.plus(stay), matches);
  }

  PartyTally plusMatch() {
    return new PartyTally(queuedBefore, matches + 1);
  }
}

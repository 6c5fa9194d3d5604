package org.relva.core;

import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * Where the core reads players' ratings from: a captains' {@link Draft} chooses its captains and
 * makes a timed-out captain's pick by them. A rating book from the matchmaking module is one
 * ({@code RatingBook.asRatings()}); without one every player is rated the same, so captains are
 * drawn at random among equals. Implementations must be quick and thread-safe: the core reads
 * them with its lock held.
 */
@FunctionalInterface
public interface PlayerRatings {
  /** {@code user}'s rating for a match in {@code region}; higher is better. */
  double rating(UserId user, Region region);

  /** Everyone rated the same. */
  static PlayerRatings none() {
    return (user, region) -> 0;
  }
}

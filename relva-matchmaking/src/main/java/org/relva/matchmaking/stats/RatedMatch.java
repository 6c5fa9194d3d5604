package org.relva.matchmaking.stats;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import org.relva.matchmaking.rating.Rating;

/**
 * What rating one finished match did: each rated player's rating before and after it. The rating
 * book keeps one for every match it rated, so a match is rated exactly once, across restarts too,
 * and a match's history shows what it did to each player. Immutable.
 *
 * @param matchId the match
 * @param at when it was rated
 * @param changes one per rated player, in team order
 */
public record RatedMatch(String matchId, Instant at, List<Change> changes) {
  public RatedMatch {
    requireNonNull(matchId, "matchId");
    requireNonNull(at, "at");
    changes = ImmutableList.copyOf(changes);
  }

  /**
   * One player's rating before and after the match.
   *
   * @param key the player, and the region, in a book that keeps regions apart
   * @param before the rating before
   * @param after the rating after
   */
  public record Change(RatingKey key, Rating before, Rating after) {
    public Change {
      requireNonNull(key, "key");
      requireNonNull(before, "before");
      requireNonNull(after, "after");
    }
  }
}

package org.relva.matchmaking.stats;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.relva.core.model.MatchResult;
import org.relva.matchmaking.rating.Rating;

/**
 * What rating one finished match did: each rated player's rating before and after it. The rating
 * book keeps one for every match it rated, so a match is rated exactly once, across restarts too,
 * and a match's history shows what it did to each player. Immutable.
 *
 * <p>Rows written before result corrections existed lack {@code result} and each change's {@code
 * streakBefore}; they read as empty (see {@link RatingBook#replay}).
 *
 * @param matchId the match
 * @param at when it was rated
 * @param changes one per rated player, in team order
 * @param result the result the book rated it with (after a correction, the corrected one); for a
 *     match with nothing to rate, its result if it finished, empty if it was cancelled
 */
public record RatedMatch(String matchId, Instant at, List<Change> changes,
    Optional<MatchResult> result) {
  public RatedMatch { // result is null only in a row written before it was kept
    requireNonNull(matchId, "matchId");
    requireNonNull(at, "at");
    changes = ImmutableList.copyOf(changes);
    result = result == null ? Optional.empty() : result;
  }

  /** A rated match with no result recorded: as rows written before corrections existed read. */
  public RatedMatch(String matchId, Instant at, List<Change> changes) {
    this(matchId, at, changes, Optional.empty());
  }

  /**
   * One player's rating before and after the match.
   *
   * @param key the player, and the region, in a book that keeps regions apart
   * @param before the rating before
   * @param after the rating after
   * @param streakBefore the player's streak before the match, which a correction of this match's
   *     result needs to recompute the streak; empty in rows written before it was kept
   */
  public record Change(RatingKey key, Rating before, Rating after, OptionalInt streakBefore) {
    public Change { // streakBefore is null only in a row written before it was kept
      requireNonNull(key, "key");
      requireNonNull(before, "before");
      requireNonNull(after, "after");
      streakBefore = streakBefore == null ? OptionalInt.empty() : streakBefore;
    }

    /** A change with no streak recorded: as rows written before corrections existed read. */
    public Change(RatingKey key, Rating before, Rating after) {
      this(key, before, after, OptionalInt.empty());
    }
  }
}

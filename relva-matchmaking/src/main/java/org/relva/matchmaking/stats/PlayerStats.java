package org.relva.matchmaking.stats;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.matchmaking.rating.Rating;

/**
 * A player's stats as {@code /stats}, a leaderboard or {@code /party stats} shows them: the
 * stored {@link PlayerRecord} and the two numbers derived from its rating. Immutable and
 * value-based.
 *
 * @param user the player
 * @param region the region the record rates them in; empty for a book with one rating a player
 * @param record the stored record (an unplayed one, at the system's initial rating, for a player
 *     the book does not know)
 * @param ordinal the number leaderboards rank by: the rating system's conservative estimate,
 *     {@code mu - 3 sigma} for OpenSkill (0 for a new player, rising as they play and prove
 *     themselves), {@code mu} for Elo
 * @param matchmakingRating the rating the matchmaker balances teams on, on {@link
 *     org.relva.matchmaking.Ratings}' Elo-like scale around 1500 (see {@link RatingBook} for the
 *     mapping)
 */
public record PlayerStats(UserId user, Optional<Region> region, PlayerRecord record,
    double ordinal, double matchmakingRating) {
  public PlayerStats {
    requireNonNull(user, "user");
    requireNonNull(region, "region");
    requireNonNull(record, "record");
    checkArgument(Double.isFinite(ordinal), "the ordinal must be finite, got %s", ordinal);
    checkArgument(Double.isFinite(matchmakingRating),
        "the matchmaking rating must be finite, got %s", matchmakingRating);
  }

  /** The stored rating. */
  public Rating rating() {
    return record.rating();
  }

  /** Rated matches played. */
  public int games() {
    return record.games();
  }
}

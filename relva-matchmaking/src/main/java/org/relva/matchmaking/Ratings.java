package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import org.relva.core.PlayerRatings;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * Where matchmaking reads players' skill ratings from. The scale is the embedder's (Elo-like
 * numbers around {@value #DEFAULT_RATING} by default); the match lifecycle updates them.
 *
 * <p>A queue entity's rating is the mean of its members' ({@link #rating(QueueEntity)}), and a
 * team's rating is the mean of its players'. Ratings must be finite.
 *
 * <p>Implementations must be thread-safe: the daemon reads them on its own thread while others may
 * update them. The factories here return immutable ones.
 */
@FunctionalInterface
public interface Ratings extends PlayerRatings {
  /** The rating a player starts with, and the default of {@link #constant} users. */
  double DEFAULT_RATING = 1500;

  /** {@code user}'s rating; a player the source does not know gets its default rating. */
  double rating(UserId user);

  /**
   * {@code user}'s rating for a match in {@code region}: the same everywhere unless the source keeps
   * ratings per region (a {@code RatingBook} built {@code perRegion}), in which case it is the
   * region's. The built-in algorithms and the analytics read ratings this way, with the region the
   * entity queued in, and so does a captains' draft in the core.
   */
  @Override
  default double rating(UserId user, Region region) {
    return rating(user);
  }

  /** The mean rating of {@code entity}'s members. */
  default double rating(QueueEntity entity) {
    double sum = 0;
    for (Member member : entity.members()) {
      sum += rating(member.id());
    }
    return sum / entity.size();
  }

  /** Everyone rated {@code rating}. */
  static Ratings constant(double rating) {
    checkArgument(Double.isFinite(rating), "a rating must be finite, got %s", rating);
    return new MapRatings(Map.of(), rating);
  }

  /** The ratings in {@code ratings} (copied), and {@code defaultRating} for everyone else. */
  static Ratings of(Map<UserId, Double> ratings, double defaultRating) {
    checkArgument(Double.isFinite(defaultRating), "a rating must be finite, got %s", defaultRating);
    ratings.forEach((user, rating) -> checkArgument(Double.isFinite(rating),
        "%s's rating must be finite, got %s", user, rating));
    return new MapRatings(ratings, defaultRating);
  }
}

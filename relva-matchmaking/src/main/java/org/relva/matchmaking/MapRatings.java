package org.relva.matchmaking;

import com.google.common.collect.ImmutableMap;
import org.relva.core.model.UserId;

/** The immutable {@link Ratings} of {@link Ratings#of} and {@link Ratings#constant}. */
final class MapRatings implements Ratings {
  private final ImmutableMap<UserId, Double> ratings;
  private final double defaultRating;

  MapRatings(ImmutableMap<UserId, Double> ratings, double defaultRating) {
    this.ratings = ratings;
    this.defaultRating = defaultRating;
  }

  @Override
  public double rating(UserId user) {
    Double rating = ratings.get(user);
    return rating == null ? defaultRating : rating;
  }

  @Override
  public String toString() {
    return "Ratings(" + ratings.size() + " rated, default " + defaultRating + ")";
  }
}

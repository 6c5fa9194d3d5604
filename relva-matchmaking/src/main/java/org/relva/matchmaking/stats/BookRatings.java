package org.relva.matchmaking.stats;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.matchmaking.Ratings;

/**
 * The matchmaker's live view of a {@link RatingBook}'s records in one scope (a region, or none),
 * on the book's Elo-like scale. Thread-safe: each read is one read of the book's store.
 */
final class BookRatings implements Ratings {
  private final RatingBook book;
  private final Optional<Region> scope;

  BookRatings(RatingBook book, Optional<Region> scope) {
    this.book = requireNonNull(book, "book");
    this.scope = requireNonNull(scope, "scope");
  }

  @Override
  public double rating(UserId user) {
    if (book.perRegion() && scope.isEmpty()) {
      throw new IllegalStateException("this book keeps ratings per region: ask for a player's "
          + "rating in a region");
    }
    return book.matchmakingRating(requireNonNull(user, "user"), scope);
  }

  @Override
  public double rating(UserId user, Region region) {
    requireNonNull(region, "region");
    Optional<Region> where = scope.isPresent() || !book.perRegion() ? scope : Optional.of(region);
    return book.matchmakingRating(requireNonNull(user, "user"), where);
  }

  @Override
  public String toString() {
    return "Ratings(" + book + scope.map(r -> " in " + r).orElse("") + ")";
  }
}

package org.relva.matchmaking.stats;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * The key of a {@link PlayerRecord} in a {@link RatingBook}'s store: a player, and the region the
 * record rates them in when the book keeps regions apart. Immutable and value-based.
 *
 * @param user the player
 * @param region the region, for a book that keeps ratings per region; empty for one rating a
 *     player
 */
public record RatingKey(UserId user, Optional<Region> region) {
  public RatingKey {
    requireNonNull(user, "user");
    requireNonNull(region, "region");
  }

  /** The key of {@code user}'s one rating, in a book that does not keep regions apart. */
  public static RatingKey global(UserId user) {
    return new RatingKey(user, Optional.empty());
  }

  /** The key of {@code user}'s rating in {@code region}, in a book that keeps regions apart. */
  public static RatingKey in(UserId user, Region region) {
    return new RatingKey(user, Optional.of(requireNonNull(region, "region")));
  }

  @Override
  public String toString() {
    return region.map(r -> user + "@" + r).orElseGet(user::toString);
  }
}

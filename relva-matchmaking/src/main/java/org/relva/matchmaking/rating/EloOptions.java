package org.relva.matchmaking.rating;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The settings of an Elo rating system. Immutable; {@link #defaults()} gives the customary ones.
 *
 * <p>Elo has no uncertainty, but a {@link Rating} needs a {@code sigma}: new players get {@code
 * sigma} here, and every {@code sigma} passes through a match unchanged. It means nothing to Elo.
 *
 * @param initialRating the rating of a new player
 * @param kFactor the most a team can gain or lose in one two-team match; positive
 * @param scale the rating difference at which the stronger side is expected to score ten times as
 *     much as the weaker (400 in chess); positive
 * @param sigma the placeholder {@code sigma} of a new player; positive
 */
public record EloOptions(double initialRating, double kFactor, double scale, double sigma) {

  public EloOptions {
    checkArgument(Double.isFinite(initialRating), "initialRating must be finite, got %s",
        initialRating);
    checkArgument(Double.isFinite(kFactor) && kFactor > 0,
        "kFactor must be finite and positive, got %s", kFactor);
    checkArgument(Double.isFinite(scale) && scale > 0,
        "scale must be finite and positive, got %s", scale);
    checkArgument(Double.isFinite(sigma) && sigma > 0,
        "sigma must be finite and positive, got %s", sigma);
  }

  /** Start at 1500 with K = 32 and the chess scale 400; placeholder {@code sigma} 1. */
  public static EloOptions defaults() {
    return new EloOptions(1500, 32, 400, 1);
  }

  public EloOptions withInitialRating(double initialRating) {
    return new EloOptions(initialRating, kFactor, scale, sigma);
  }

  public EloOptions withKFactor(double kFactor) {
    return new EloOptions(initialRating, kFactor, scale, sigma);
  }

  public EloOptions withScale(double scale) {
    return new EloOptions(initialRating, kFactor, scale, sigma);
  }
}

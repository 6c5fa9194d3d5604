package org.relva.matchmaking.rating;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One player's skill as a normal belief: {@code mu} is the estimated skill and {@code sigma} the
 * uncertainty about it (one standard deviation). Immutable and value-based.
 *
 * <p>For a leaderboard, show {@link #ordinal()} rather than {@code mu}: a newcomer's {@code mu}
 * is a guess, and the conservative ordinal ranks them below proven players of the same {@code mu}
 * until their {@code sigma} shrinks. Elo, which has no uncertainty, keeps {@code sigma} only
 * because this type requires one; see {@link RatingSystem#elo()}.
 *
 * @param mu the estimated skill; finite
 * @param sigma the uncertainty of {@code mu}; finite and positive
 */
public record Rating(double mu, double sigma) {
  /** The number of standard deviations {@link #ordinal()} subtracts: about 99.7% confidence. */
  public static final double DEFAULT_Z = 3;

  public Rating {
    checkArgument(Double.isFinite(mu), "mu must be finite, got %s", mu);
    checkArgument(Double.isFinite(sigma) && sigma > 0,
        "sigma must be finite and positive, got %s", sigma);
  }

  /** The conservative skill estimate {@code mu - 3 * sigma}. */
  public double ordinal() {
    return mu - DEFAULT_Z * sigma;
  }

  /**
   * The skill estimate {@code mu - z * sigma}: with {@code z = 3}, the true skill is above it with
   * about 99.7% confidence.
   *
   * @param z how many standard deviations to subtract; finite and not negative
   */
  public double ordinal(double z) {
    checkArgument(Double.isFinite(z) && z >= 0, "z must be finite and not negative, got %s", z);
    return mu - z * sigma;
  }
}

package org.relva.matchmaking.rating;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The settings of an OpenSkill rating system. Immutable; {@link #defaults()} gives OpenSkill's own
 * defaults, and each {@code with...} method returns a copy with one setting changed. The canonical
 * constructor checks every setting and names the one that is wrong.
 *
 * @param mu the {@code mu} of a new player
 * @param sigma the {@code sigma} of a new player; positive
 * @param beta the spread of a single performance around a player's skill: the larger, the more
 *     luck decides a match and the less one result moves ratings; positive
 * @param kappa the floor of the factor by which a match can multiply a variance, so that {@code
 *     sigma} never collapses to zero; strictly between 0 and 1
 * @param tau the additive dynamics term: before each update every {@code sigma} becomes {@code
 *     sqrt(sigma^2 + tau^2)}, so that ratings keep moving as skills drift; 0 turns it off
 * @param z how many standard deviations the conservative {@linkplain Rating#ordinal(double)
 *     ordinal} subtracts; not negative
 * @param limitSigma whether to cap every new {@code sigma} at its value before the match, so that
 *     {@code tau} can never make a player's uncertainty grow (and their ordinal fall) by playing
 * @param drawMargin the Thurstone-Mosteller draw margin (openskill's {@code epsilon}): how close
 *     two performances must be to count as a draw; positive; the Plackett-Luce model ignores it
 */
public record OpenSkillOptions(double mu, double sigma, double beta, double kappa, double tau,
    double z, boolean limitSigma, double drawMargin) {

  public OpenSkillOptions {
    checkArgument(Double.isFinite(mu), "mu must be finite, got %s", mu);
    checkArgument(Double.isFinite(sigma) && sigma > 0,
        "sigma must be finite and positive, got %s", sigma);
    checkArgument(Double.isFinite(beta) && beta > 0,
        "beta must be finite and positive, got %s", beta);
    checkArgument(kappa > 0 && kappa < 1, "kappa must be between 0 and 1 (exclusive), got %s",
        kappa);
    checkArgument(Double.isFinite(tau) && tau >= 0,
        "tau must be finite and not negative, got %s", tau);
    checkArgument(Double.isFinite(z) && z >= 0, "z must be finite and not negative, got %s", z);
    checkArgument(Double.isFinite(drawMargin) && drawMargin > 0,
        "drawMargin must be finite and positive, got %s", drawMargin);
  }

  /**
   * OpenSkill's defaults: {@code mu} 25, {@code sigma} 25/3, {@code beta} 25/6, {@code kappa}
   * 0.0001, {@code tau} 25/300, {@code z} 3, {@code limitSigma} off, {@code drawMargin} 0.1.
   */
  public static OpenSkillOptions defaults() {
    return new OpenSkillOptions(25, 25.0 / 3, 25.0 / 6, 0.0001, 25.0 / 300, Rating.DEFAULT_Z, false,
        0.1);
  }

  /**
   * Options for a different scale, with the other settings derived as OpenSkill derives its
   * defaults: {@code beta = sigma / 2} and {@code tau = sigma / 100} (which is OpenSkill's {@code
   * mu / 300} when {@code sigma = mu / 3}, but does not depend on where the scale starts).
   * For example {@code scaled(1500, 500)} gives ratings on an Elo-like scale.
   */
  public static OpenSkillOptions scaled(double mu, double sigma) {
    return new OpenSkillOptions(mu, sigma, sigma / 2, 0.0001, sigma / 100, Rating.DEFAULT_Z,
        false, 0.1);
  }

  public OpenSkillOptions withBeta(double beta) {
    return new OpenSkillOptions(mu, sigma, beta, kappa, tau, z, limitSigma, drawMargin);
  }

  public OpenSkillOptions withKappa(double kappa) {
    return new OpenSkillOptions(mu, sigma, beta, kappa, tau, z, limitSigma, drawMargin);
  }

  public OpenSkillOptions withTau(double tau) {
    return new OpenSkillOptions(mu, sigma, beta, kappa, tau, z, limitSigma, drawMargin);
  }

  public OpenSkillOptions withZ(double z) {
    return new OpenSkillOptions(mu, sigma, beta, kappa, tau, z, limitSigma, drawMargin);
  }

  public OpenSkillOptions withLimitSigma(boolean limitSigma) {
    return new OpenSkillOptions(mu, sigma, beta, kappa, tau, z, limitSigma, drawMargin);
  }

  public OpenSkillOptions withDrawMargin(double drawMargin) {
    return new OpenSkillOptions(mu, sigma, beta, kappa, tau, z, limitSigma, drawMargin);
  }
}

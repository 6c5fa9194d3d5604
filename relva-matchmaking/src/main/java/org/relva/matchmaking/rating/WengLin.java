package org.relva.matchmaking.rating;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The shared part of OpenSkill's two models: Weng and Lin's Bayesian approximation of online
 * ranking ("A Bayesian Approximation Method for Online Ranking", JMLR 12, 2011), as implemented
 * by openskill.py and openskill.js. Immutable and thread-safe.
 *
 * <h2>How an update works</h2>
 *
 * <p>Each player's skill is a normal belief {@code N(mu, sigma^2)}; a team's is the sum of its
 * members', {@code N(sum mu, sum sigma^2)}. A match is evidence about the teams' performances,
 * and the update moves each belief towards what the result suggests:
 *
 * <ol>
 *   <li>Dynamics: every {@code sigma} first becomes {@code sqrt(sigma^2 + tau^2)}, so that skill
 *       is allowed to drift between matches and ratings never freeze.
 *   <li>The model (Plackett-Luce or Thurstone-Mosteller, the only part that differs) computes for
 *       each team {@code i} two numbers: {@code omega_i}, how far the team's mean should move,
 *       and {@code delta_i}, how much its variance should shrink.
 *   <li>Each player takes a share of the team's update in proportion to their part of the team's
 *       variance, {@code sigma_j^2 / sigma_team^2}: uncertain players move most. So {@code mu_j +=
 *       share * omega_i} and {@code sigma_j^2 *= max(1 - share * delta_i, kappa)}; the floor
 *       {@code kappa} keeps a variance from collapsing to zero or below.
 *   <li>With {@code limitSigma}, no {@code sigma} may end above its value before the match.
 * </ol>
 *
 * <p>{@code delta} is never negative, so apart from the {@code tau} term a match only ever
 * shrinks {@code sigma}. Only the order of the ranks enters the models, and each team's update
 * depends on the others only through that order and their ratings, so teams need not be sorted
 * by rank first (openskill sorts them and sorts back; the results are the same up to rounding).
 *
 * <p>What this does not do, compared with openskill: scores and margins of victory, per-player
 * weights for partial play, the {@code balance} option, custom {@code gamma} functions, and
 * openskill's "partial pairing" and Bradley-Terry models. Those are additions to the same
 * framework, not corrections of it.
 *
 * <h2>Match quality</h2>
 *
 * <p>The quality of two teams {@code i} and {@code q} is {@code exp(-d^2 / 2)} where {@code d =
 * (mu_i - mu_q) / c_iq} and {@code c_iq^2 = sigma_i^2 + sigma_q^2 + 2 beta^2} is the variance of
 * the difference of their performances: 1 for equal means, about 0.61 one spread apart, 0.14 two
 * apart. This is TrueSkill's match quality (the chance of a draw relative to that of the most even
 * match) without its factor {@code sqrt(2 beta^2 / c_iq^2)}: that factor would score every match
 * between uncertain players as poor however even it is, which says nothing about which of two
 * proposals for the same players is fairer. It depends only on {@code d^2}, so it is symmetric in
 * the two teams by construction; a signed difference would call every match in which the first
 * team is the weaker one perfect. For more than two teams it is the mean over all pairs.
 *
 * <h2>Win probabilities</h2>
 *
 * <p>Team {@code i} beats team {@code q} with probability {@code Phi((mu_i - mu_q) / sqrt(k beta^2
 * + sigma_i^2 + sigma_q^2))} for {@code k} teams, {@code Phi} the standard normal distribution:
 * for two teams, the chance that the first team's performance exceeds the second's. For more
 * teams each team's chances against the others are summed and divided by the number of pairs,
 * {@code k (k - 1) / 2}, so that they sum to 1. This is openskill's {@code predict_win}.
 */
abstract class WengLin implements RatingSystem {
  final OpenSkillOptions options;
  final double betaSquared;

  WengLin(OpenSkillOptions options) {
    this.options = requireNonNull(options, "options");
    this.betaSquared = options.beta() * options.beta();
  }

  /**
   * Fills {@code omega} and {@code delta} for every team from the teams' summed means and
   * variances (after the {@code tau} term) and their ranks. The arrays all have one entry per
   * team; only the two output arrays may be written.
   */
  abstract void corrections(double[] mu, double[] sigmaSquared, int[] ranks, double[] omega,
      double[] delta);

  @Override
  public final Rating initial() {
    return new Rating(options.mu(), options.sigma());
  }

  @Override
  public final double[] winProbabilities(List<? extends List<Rating>> teams) {
    Matches.checkTeams(teams);
    int count = teams.size();
    double[] mu = new double[count];
    double[] sigmaSquared = new double[count];
    for (int i = 0; i < count; i++) {
      for (Rating rating : teams.get(i)) {
        mu[i] += rating.mu();
        sigmaSquared[i] += rating.sigma() * rating.sigma();
      }
    }
    double[] chance = new double[count];
    double pairs = count * (count - 1) / 2.0;
    for (int i = 0; i < count; i++) {
      for (int q = 0; q < count; q++) {
        if (q != i) {
          chance[i] += Gaussian.cdf((mu[i] - mu[q])
              / Math.sqrt(count * betaSquared + sigmaSquared[i] + sigmaSquared[q]));
        }
      }
      chance[i] /= pairs;
    }
    return chance;
  }

  @Override
  public final double ordinal(Rating rating) {
    return rating.mu() - options.z() * rating.sigma();
  }

  @Override
  public final List<List<Rating>> rate(List<? extends List<Rating>> teams, int[] ranks) {
    Matches.checkTeams(teams);
    int count = teams.size();
    Matches.checkRanks(count, ranks);

    double tauSquared = options.tau() * options.tau();
    double[] mu = new double[count];
    double[] sigmaSquared = new double[count];
    for (int i = 0; i < count; i++) {
      List<Rating> team = teams.get(i);
      for (int j = 0, size = team.size(); j < size; j++) {
        Rating player = team.get(j);
        mu[i] += player.mu();
        sigmaSquared[i] += player.sigma() * player.sigma() + tauSquared;
      }
    }
    double[] omega = new double[count];
    double[] delta = new double[count];
    corrections(mu, sigmaSquared, ranks, omega, delta);

    double kappa = options.kappa();
    boolean limitSigma = options.limitSigma();
    ImmutableList.Builder<List<Rating>> result = ImmutableList.builderWithExpectedSize(count);
    for (int i = 0; i < count; i++) {
      List<Rating> team = teams.get(i);
      int size = team.size();
      ImmutableList.Builder<Rating> updated = ImmutableList.builderWithExpectedSize(size);
      for (int j = 0; j < size; j++) {
        Rating player = team.get(j);
        double variance = player.sigma() * player.sigma() + tauSquared;
        double share = variance / sigmaSquared[i];
        double newMu = player.mu() + share * omega[i];
        double newSigma = Math.sqrt(variance * Math.max(1 - share * delta[i], kappa));
        if (limitSigma) {
          newSigma = Math.min(newSigma, player.sigma());
        }
        updated.add(new Rating(newMu, newSigma));
      }
      result.add(updated.build());
    }
    return result.build();
  }

  @Override
  public final double quality(List<? extends List<Rating>> teams) {
    Matches.checkTeams(teams);
    int count = teams.size();
    double[] mu = new double[count];
    double[] sigmaSquared = new double[count];
    for (int i = 0; i < count; i++) {
      List<Rating> team = teams.get(i);
      for (int j = 0, size = team.size(); j < size; j++) {
        Rating player = team.get(j);
        mu[i] += player.mu();
        sigmaSquared[i] += player.sigma() * player.sigma();
      }
    }
    double total = 0;
    for (int i = 0; i < count; i++) {
      for (int q = i + 1; q < count; q++) {
        double difference = mu[i] - mu[q];
        double spread = sigmaSquared[i] + sigmaSquared[q] + 2 * betaSquared;
        total += Math.exp(-difference * difference / (2 * spread));
      }
    }
    return total / (count * (count - 1) / 2);
  }

  @Override
  public String toString() {
    return name() + " " + options;
  }
}

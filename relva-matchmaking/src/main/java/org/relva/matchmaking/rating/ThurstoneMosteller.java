package org.relva.matchmaking.rating;

/**
 * OpenSkill's Thurstone-Mosteller model with full pairing (Weng and Lin's Algorithm 3): every
 * pair of teams is a separate comparison of two normal performances, a win when one beats the
 * other by more than the draw margin, a draw otherwise. Immutable and thread-safe.
 *
 * <p>For teams {@code i} and {@code q}, with {@code c_iq^2 = sigma_i^2 + sigma_q^2 + 2 beta^2},
 * {@code d = (mu_i - mu_q) / c_iq} and {@code t = drawMargin / c_iq}, team {@code i} adds
 * {@code sigma_i^2 / c_iq * v(d, t)} to {@code omega_i} for a win, {@code -sigma_i^2 / c_iq *
 * v(-d, t)} for a loss and {@code sigma_i^2 / c_iq * vt(d, t)} for a draw, and the matching
 * {@code w}, {@code wt} terms, times {@code sigma_i / c_iq} (openskill's default {@code gamma}),
 * to {@code delta_i}. The truncated-normal functions are in {@link Gaussian}.
 *
 * <p>It moves ratings further per match than Plackett-Luce, and with many teams much further,
 * since each team takes one full update per opponent. O(k^2) pairs for {@code k} teams.
 */
final class ThurstoneMosteller extends WengLin {

  ThurstoneMosteller(OpenSkillOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "openskill-thurstone-mosteller";
  }

  @Override
  void corrections(double[] mu, double[] sigmaSquared, int[] ranks, double[] omega,
      double[] delta) {
    int count = mu.length;
    double drawMargin = options.drawMargin();
    for (int i = 0; i < count; i++) {
      double omegaSum = 0;
      double deltaSum = 0;
      double sigma = Math.sqrt(sigmaSquared[i]);
      for (int q = 0; q < count; q++) {
        if (q == i) {
          continue;
        }
        double c = Math.sqrt(sigmaSquared[i] + sigmaSquared[q] + 2 * betaSquared);
        double d = (mu[i] - mu[q]) / c;
        double t = drawMargin / c;
        double eta = sigmaSquared[i] / c;
        double deltaScale = (sigma / c) * eta / c;
        if (ranks[i] < ranks[q]) {
          double v = Gaussian.v(d, t);
          omegaSum += eta * v;
          deltaSum += deltaScale * Gaussian.w(v, d, t);
        } else if (ranks[i] > ranks[q]) {
          double v = Gaussian.v(-d, t);
          omegaSum -= eta * v;
          deltaSum += deltaScale * Gaussian.w(v, -d, t);
        } else {
          omegaSum += eta * Gaussian.vt(d, t);
          deltaSum += deltaScale * Gaussian.wt(d, t);
        }
      }
      omega[i] = omegaSum;
      delta[i] = deltaSum;
    }
  }
}

package org.relva.matchmaking.rating;

/**
 * OpenSkill's Plackett-Luce model (Weng and Lin's Algorithm 4): a ranking is read as a sequence of
 * choices, the winner picked from all the teams, the runner-up from the rest, and so on, each
 * team picked with probability proportional to {@code exp(mu / c)}. Immutable and thread-safe.
 *
 * <p>With {@code c^2 = sum over teams of (sigma^2 + beta^2)}, {@code C_q} the teams that finished
 * level with or behind team {@code q}, {@code p_iq = exp(mu_i / c) / sum over C_q of exp(mu_s /
 * c)} and {@code A_q} the number of teams tied with {@code q}, team {@code i} gets, summing over
 * the teams {@code q} that finished level with or ahead of it:
 *
 * <pre>
 *   omega_i = sigma_i^2 / c   * sum_q ([i == q] - p_iq) / A_q
 *   delta_i = sigma_i^3 / c^3 * sum_q p_iq (1 - p_iq) / A_q
 * </pre>
 *
 * <p>(the extra {@code sigma_i / c} in {@code delta} is openskill's default {@code gamma}). The
 * exponentials are shifted by the largest {@code mu / c} in each {@code C_q} before they are
 * taken, which changes no ratio but keeps them from overflowing or underflowing to 0/0 when teams
 * are very far apart. One model evaluation costs O(k^2) exponentials for {@code k} teams.
 */
final class PlackettLuce extends WengLin {

  PlackettLuce(OpenSkillOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "openskill-plackett-luce";
  }

  @Override
  void corrections(double[] mu, double[] sigmaSquared, int[] ranks, double[] omega,
      double[] delta) {
    int count = mu.length;
    double cSquared = 0;
    for (int q = 0; q < count; q++) {
      cSquared += sigmaSquared[q] + betaSquared;
    }
    double c = Math.sqrt(cSquared);

    double[] scaled = new double[count];
    for (int s = 0; s < count; s++) {
      scaled[s] = mu[s] / c;
    }
    // For each q: the shift (largest scaled mean among C_q), the shifted sum over C_q, and A_q.
    double[] shift = new double[count];
    double[] sum = new double[count];
    int[] tied = new int[count];
    for (int q = 0; q < count; q++) {
      double largest = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < count; s++) {
        if (ranks[s] >= ranks[q]) {
          largest = Math.max(largest, scaled[s]);
        }
        if (ranks[s] == ranks[q]) {
          tied[q]++;
        }
      }
      double total = 0;
      for (int s = 0; s < count; s++) {
        if (ranks[s] >= ranks[q]) {
          total += Math.exp(scaled[s] - largest);
        }
      }
      shift[q] = largest;
      sum[q] = total;
    }

    for (int i = 0; i < count; i++) {
      double omegaSum = 0;
      double deltaSum = 0;
      for (int q = 0; q < count; q++) {
        if (ranks[q] > ranks[i]) {
          continue;
        }
        double p = Math.exp(scaled[i] - shift[q]) / sum[q];
        omegaSum += ((i == q ? 1 : 0) - p) / tied[q];
        deltaSum += p * (1 - p) / tied[q];
      }
      double gamma = Math.sqrt(sigmaSquared[i]) / c;
      omega[i] = omegaSum * sigmaSquared[i] / c;
      delta[i] = deltaSum * sigmaSquared[i] / cSquared * gamma;
    }
  }
}

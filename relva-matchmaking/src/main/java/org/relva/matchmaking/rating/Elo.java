package org.relva.matchmaking.rating;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Elo for teams: a team's strength is the mean {@code mu} of its members, and every member gains
 * or loses the team's whole change. Immutable and thread-safe.
 *
 * <p>Team {@code i} expects to score {@code E_iq = 1 / (1 + 10^((R_q - R_i) / scale))} against
 * team {@code q}, and actually scores {@code S_iq} = 1 for finishing ahead, 1/2 for level and 0
 * for behind. Its change is {@code K / (k - 1) * sum over q != i of (S_iq - E_iq)} for {@code k}
 * teams, which for two teams is the familiar {@code K * (S - E)}: 1500 beating 1500 with K = 32
 * gains 16. The changes of the teams sum to zero.
 *
 * <p>The mean, not the sum, so that teams of different sizes compare sensibly and a team of
 * 1500-rated players is a 1500-rated team; with a sum, a gap of 10 points a player would count as
 * 50 in a 5v5. The whole change to every member, not a share, so that a 5v5 moves each player as
 * far as a 1v1 would. Elo has no uncertainty: {@code sigma} passes through unchanged, the ordinal
 * is {@code mu}, and newcomers move no faster than veterans (that is what OpenSkill adds).
 *
 * <p>Match quality is the mean over pairs of teams of {@code 2 * min(E_iq, E_qi)}: the weaker
 * side's expected score, doubled so that an even match scores 1. It is computed from {@code |R_i
 * - R_q|}, so it is symmetric in the teams.
 *
 * <p>The chance that team {@code i} wins is its expected score {@code E_iq} for two teams; for
 * {@code k} teams, its expected scores against the others summed and divided by the number of
 * pairs, {@code k (k - 1) / 2}, so that the chances sum to 1.
 */
final class Elo implements RatingSystem {
  private final EloOptions options;

  Elo(EloOptions options) {
    this.options = requireNonNull(options, "options");
  }

  @Override
  public String name() {
    return "elo";
  }

  @Override
  public Rating initial() {
    return new Rating(options.initialRating(), options.sigma());
  }

  @Override
  public double ordinal(Rating rating) {
    return rating.mu();
  }

  @Override
  public List<List<Rating>> rate(List<? extends List<Rating>> teams, int[] ranks) {
    Matches.checkTeams(teams);
    int count = teams.size();
    Matches.checkRanks(count, ranks);
    double[] strength = strengths(teams);

    double kPerOpponent = options.kFactor() / (count - 1);
    ImmutableList.Builder<List<Rating>> result = ImmutableList.builderWithExpectedSize(count);
    for (int i = 0; i < count; i++) {
      double surprise = 0;
      for (int q = 0; q < count; q++) {
        if (q != i) {
          double actual = ranks[i] < ranks[q] ? 1 : ranks[i] == ranks[q] ? 0.5 : 0;
          surprise += actual - expected(strength[i], strength[q]);
        }
      }
      double change = kPerOpponent * surprise;
      List<Rating> team = teams.get(i);
      int size = team.size();
      ImmutableList.Builder<Rating> updated = ImmutableList.builderWithExpectedSize(size);
      for (int j = 0; j < size; j++) {
        Rating player = team.get(j);
        updated.add(new Rating(player.mu() + change, player.sigma()));
      }
      result.add(updated.build());
    }
    return result.build();
  }

  @Override
  public double quality(List<? extends List<Rating>> teams) {
    Matches.checkTeams(teams);
    int count = teams.size();
    double[] strength = strengths(teams);
    double total = 0;
    for (int i = 0; i < count; i++) {
      for (int q = i + 1; q < count; q++) {
        total += 2 * expected(-Math.abs(strength[i] - strength[q]));
      }
    }
    return total / (count * (count - 1) / 2);
  }

  @Override
  public double[] winProbabilities(List<? extends List<Rating>> teams) {
    Matches.checkTeams(teams);
    int count = teams.size();
    double[] strength = strengths(teams);
    double[] chance = new double[count];
    double pairs = count * (count - 1) / 2.0;
    for (int i = 0; i < count; i++) {
      for (int q = 0; q < count; q++) {
        if (q != i) {
          chance[i] += expected(strength[i], strength[q]);
        }
      }
      chance[i] /= pairs;
    }
    return chance;
  }

  private static double[] strengths(List<? extends List<Rating>> teams) {
    double[] strength = new double[teams.size()];
    for (int i = 0; i < strength.length; i++) {
      List<Rating> team = teams.get(i);
      double sum = 0;
      for (int j = 0, size = team.size(); j < size; j++) {
        sum += team.get(j).mu();
      }
      strength[i] = sum / team.size();
    }
    return strength;
  }

  private double expected(double rating, double opponent) {
    return expected(rating - opponent);
  }

  /** The expected score of a side {@code lead} points stronger than its opponent. */
  private double expected(double lead) {
    return 1 / (1 + Math.pow(10, -lead / options.scale()));
  }

  @Override
  public String toString() {
    return name() + " " + options;
  }
}

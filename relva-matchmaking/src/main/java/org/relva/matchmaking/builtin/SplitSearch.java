package org.relva.matchmaking.builtin;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.relva.matchmaking.MatchFormat;

/**
 * Splits a match's entities into teams, exactly: a depth-first walk over every assignment of whole
 * entities to teams that fills each team, visiting each split once (teams are interchangeable, so
 * an entity may open only the first empty team). Entities should come largest first, which keeps
 * the walk short.
 *
 * <p>{@link #best} returns the split with the smallest <em>spread</em>, the highest team rating
 * minus the lowest, a team's rating being the mean of its players' (for two teams, the gap between
 * them); ties go to the split found first, and a split of spread zero ends the walk. With {@code noSoloTeam} (the full-party rule), splits
 * with a team made only of solo players are skipped.
 *
 * <p>How many splits there are is bounded by the format: ten solo players make 126 splits into
 * 5v5, twenty make 92,378 into 10v10; parties only reduce the number. {@link #splits} gives the
 * bound. Not thread-safe; one per search.
 */
final class SplitSearch {
  /**
   * {@link #splits} by format, since {@code balanced} checks its format on every pass and the
   * factorials cost more than a pass over a short queue. There are only some hundred formats of
   * at most {@value MatchFormat#MAX_PLAYERS} players, so the map stays small.
   */
  private static final ConcurrentMap<MatchFormat, BigInteger> SPLITS = new ConcurrentHashMap<>();

  private final int teams;
  private final int teamSize;
  private final int[] sizes;
  private final double[] sums;
  private final boolean noSoloTeam;

  private final int[] assignment;
  private final int[] left;
  private final int[] parties;
  private final double[] totals;
  private int @Nullable [] best;
  private double bestSpread = Double.POSITIVE_INFINITY;

  private SplitSearch(MatchFormat format, int[] sizes, double[] sums, boolean noSoloTeam) {
    this.teams = format.teams();
    this.teamSize = format.teamSize();
    this.sizes = sizes;
    this.sums = sums;
    this.noSoloTeam = noSoloTeam;
    this.assignment = new int[sizes.length];
    this.left = new int[teams];
    this.parties = new int[teams];
    this.totals = new double[teams];
    Arrays.fill(left, teamSize);
  }

  /**
   * The split of smallest spread, as the team of each entity, or null if there is none.
   *
   * @param sizes each entity's players, largest first
   * @param sums each entity's total rating (the sum over its members)
   * @param noSoloTeam whether a team made only of solo players is forbidden
   */
  static int @Nullable [] best(MatchFormat format, int[] sizes, double[] sums, boolean noSoloTeam) {
    SplitSearch search = new SplitSearch(format, sizes, sums, noSoloTeam);
    search.walk(0, 0);
    return search.best;
  }

  /**
   * The number of ways to split a match of only solo players into the format's teams, the most any
   * match of the format has: {@code (teams * teamSize)! / (teamSize!^teams * teams!)}.
   */
  static BigInteger splits(MatchFormat format) {
    return SPLITS.computeIfAbsent(format, SplitSearch::countSplits);
  }

  private static BigInteger countSplits(MatchFormat format) {
    BigInteger result = factorial(format.players());
    result = result.divide(factorial(format.teamSize()).pow(format.teams()));
    return result.divide(factorial(format.teams()));
  }

  private static BigInteger factorial(int n) {
    BigInteger result = BigInteger.ONE;
    for (int i = 2; i <= n; i++) {
      result = result.multiply(BigInteger.valueOf(i));
    }
    return result;
  }

  /** Assigns entity {@code unit} and the rest; teams at {@code open} and after are empty. */
  private void walk(int unit, int open) {
    if (bestSpread == 0) {
      return; // nothing beats a perfect split
    }
    if (unit == sizes.length) {
      leaf();
      return;
    }
    int size = sizes[unit];
    int last = Math.min(open, teams - 1);
    for (int t = 0; t <= last; t++) {
      if (left[t] < size) {
        continue;
      }
      assignment[unit] = t;
      left[t] -= size;
      parties[t] += size > 1 ? 1 : 0;
      double before = totals[t];
      totals[t] = before + sums[unit];
      walk(unit + 1, t == open ? open + 1 : open);
      totals[t] = before;
      left[t] += size;
      parties[t] -= size > 1 ? 1 : 0;
    }
  }

  private void leaf() {
    for (int t = 0; t < teams; t++) {
      if (left[t] != 0 || (noSoloTeam && parties[t] == 0)) {
        return;
      }
    }
    // The totals are running sums, but each is restored to its saved value as the walk backs out
    // rather than subtracted, so they never drift: every total is the sum of its team's entities
    // in entity order, exactly as if it were summed afresh here.
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double total : totals) {
      max = Math.max(max, total / teamSize);
      min = Math.min(min, total / teamSize);
    }
    double spread = max - min;
    if (spread < bestSpread) {
      bestSpread = spread;
      best = assignment.clone();
    }
  }
}

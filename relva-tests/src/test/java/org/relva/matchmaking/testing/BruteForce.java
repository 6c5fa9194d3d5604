package org.relva.matchmaking.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.MatchFormat;

/** Slow, obviously correct answers to check the built-ins against, for small inputs. */
public final class BruteForce {
  private static final Map<String, Boolean> PACKS = new ConcurrentHashMap<>();

  private BruteForce() {}

  /**
   * Whether entities of these sizes, all of them, split into the format's full teams, by trying
   * every assignment of entities to teams. Cached by the multiset of sizes.
   */
  public static boolean packs(int[] sizes, MatchFormat format) {
    return packs(sizes, format, false);
  }

  /** As {@link #packs(int[], MatchFormat)}, and with {@code noSoloTeam} no team of only solos. */
  public static boolean packs(int[] sizes, MatchFormat format, boolean noSoloTeam) {
    int total = Arrays.stream(sizes).sum();
    if (total != format.players()) {
      return false;
    }
    int[] sorted = sizes.clone();
    Arrays.sort(sorted);
    return PACKS.computeIfAbsent(format + Arrays.toString(sorted) + noSoloTeam,
        key -> minSpread(sorted, new double[sorted.length], format, noSoloTeam).isPresent());
  }

  /** Every subset of {@code pool}, as a bit mask, that makes exactly one match. */
  public static List<Integer> matches(List<QueueEntry> pool, MatchFormat format) {
    List<Integer> masks = new ArrayList<>();
    for (int mask = 1; mask < (1 << pool.size()); mask++) {
      if (packs(sizes(subset(pool, mask)), format)) {
        masks.add(mask);
      }
    }
    return masks;
  }

  /**
   * The smallest spread (highest mean team rating minus lowest) over every assignment of the
   * entities to teams that fills each team; empty if none does. With {@code noSoloTeam}, a team of
   * only size-1 entities is not allowed.
   */
  public static Optional<Double> minSpread(int[] sizes, double[] sums, MatchFormat format,
      boolean noSoloTeam) {
    int teams = format.teams();
    long combinations = Math.round(Math.pow(teams, sizes.length));
    double best = Double.POSITIVE_INFINITY;
    int[] fill = new int[teams];
    int[] parties = new int[teams];
    double[] total = new double[teams];
    for (long code = 0; code < combinations; code++) {
      long c = code;
      Arrays.fill(fill, 0);
      Arrays.fill(parties, 0);
      Arrays.fill(total, 0);
      boolean over = false;
      for (int i = 0; i < sizes.length && !over; i++) {
        int t = (int) (c % teams);
        c /= teams;
        fill[t] += sizes[i];
        total[t] += sums[i];
        parties[t] += sizes[i] > 1 ? 1 : 0;
        over = fill[t] > format.teamSize();
      }
      if (over) {
        continue;
      }
      boolean ok = true;
      double max = Double.NEGATIVE_INFINITY;
      double min = Double.POSITIVE_INFINITY;
      for (int t = 0; t < teams; t++) {
        ok &= fill[t] == format.teamSize() && (!noSoloTeam || parties[t] > 0);
        max = Math.max(max, total[t] / format.teamSize());
        min = Math.min(min, total[t] / format.teamSize());
      }
      if (ok) {
        best = Math.min(best, max - min);
      }
    }
    return best == Double.POSITIVE_INFINITY ? Optional.empty() : Optional.of(best);
  }

  public static int[] sizes(List<QueueEntry> entries) {
    return entries.stream().mapToInt(e -> e.entity().size()).toArray();
  }

  /** The entries of {@code pool} that {@code mask} selects. */
  public static List<QueueEntry> subset(List<QueueEntry> pool, int mask) {
    List<QueueEntry> subset = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        subset.add(pool.get(i));
      }
    }
    return subset;
  }
}

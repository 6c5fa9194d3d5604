package org.relva.matchmaking.builtin;

import java.util.Arrays;

/**
 * The entities of one class in a pool, in order of a key (the rating for {@code balanced}, the
 * queue rank for {@code fifo}), with a segment tree over them that answers, for a range of keys,
 * the oldest active entity and the number of active ones, each in O(log n). Entities are
 * deactivated as they are matched, or tried and set aside.
 *
 * <p>Not thread-safe; one per pool and pass.
 */
final class ClassIndex {
  static final int NONE = Integer.MAX_VALUE;

  private final double[] keys;
  private final int[] ranks;
  private final int leaves;
  private final int[] oldest;
  private final int[] count;

  /** {@code keys} ascending, {@code ranks} the queue rank of the entity at each position. */
  ClassIndex(double[] keys, int[] ranks) {
    this.keys = keys;
    this.ranks = ranks;
    int n = Math.max(1, ranks.length);
    this.leaves = Integer.highestOneBit(n) == n ? n : Integer.highestOneBit(n) << 1;
    this.oldest = new int[2 * leaves];
    this.count = new int[2 * leaves];
    Arrays.fill(oldest, NONE);
    for (int i = 0; i < ranks.length; i++) {
      oldest[leaves + i] = ranks[i];
      count[leaves + i] = 1;
    }
    for (int node = leaves - 1; node >= 1; node--) {
      oldest[node] = Math.min(oldest[2 * node], oldest[2 * node + 1]);
      count[node] = count[2 * node] + count[2 * node + 1];
    }
  }

  int size() {
    return ranks.length;
  }

  /** The queue rank of the entity at {@code position}. */
  int rank(int position) {
    return ranks[position];
  }

  /** The first position whose key is at least {@code low}. */
  int from(double low) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < low) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first position whose key is above {@code high}. */
  int to(double high) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] <= high) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The smallest queue rank of an active entity at positions {@code [from, to)}, or {@link #NONE}. */
  int oldest(int from, int to) {
    if (from == 0 && to == ranks.length) {
      return oldest[1];
    }
    int best = NONE;
    for (int l = from + leaves, r = to + leaves; l < r; l >>= 1, r >>= 1) {
      if ((l & 1) == 1) {
        best = Math.min(best, oldest[l++]);
      }
      if ((r & 1) == 1) {
        best = Math.min(best, oldest[--r]);
      }
    }
    return best;
  }

  /** The number of active entities at positions {@code [from, to)}. */
  int count(int from, int to) {
    if (from == 0 && to == ranks.length) {
      return count[1];
    }
    int total = 0;
    for (int l = from + leaves, r = to + leaves; l < r; l >>= 1, r >>= 1) {
      if ((l & 1) == 1) {
        total += count[l++];
      }
      if ((r & 1) == 1) {
        total += count[--r];
      }
    }
    return total;
  }

  /** Marks the entity at {@code position} active or not. */
  void set(int position, boolean active) {
    int node = leaves + position;
    oldest[node] = active ? ranks[position] : NONE;
    count[node] = active ? 1 : 0;
    for (node >>= 1; node >= 1; node >>= 1) {
      oldest[node] = Math.min(oldest[2 * node], oldest[2 * node + 1]);
      count[node] = count[2 * node] + count[2 * node + 1];
    }
  }

  /**
   * Sorts {@code keys} ascending, carrying {@code ranks} along; stable, so equal keys stay in rank
   * order. A merge sort on primitives: no boxing on a pass over 100,000 entities.
   */
  static void sortByKey(double[] keys, int[] ranks) {
    int n = keys.length;
    double[] keyBuffer = new double[n];
    int[] rankBuffer = new int[n];
    double[] srcKeys = keys;
    int[] srcRanks = ranks;
    double[] dstKeys = keyBuffer;
    int[] dstRanks = rankBuffer;
    for (int width = 1; width < n; width <<= 1) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          if (i < mid && (j >= hi || srcKeys[i] <= srcKeys[j])) {
            dstKeys[k] = srcKeys[i];
            dstRanks[k] = srcRanks[i++];
          } else {
            dstKeys[k] = srcKeys[j];
            dstRanks[k] = srcRanks[j++];
          }
        }
      }
      double[] swapKeys = srcKeys;
      srcKeys = dstKeys;
      dstKeys = swapKeys;
      int[] swapRanks = srcRanks;
      srcRanks = dstRanks;
      dstRanks = swapRanks;
    }
    if (srcKeys != keys) {
      System.arraycopy(srcKeys, 0, keys, 0, n);
      System.arraycopy(srcRanks, 0, ranks, 0, n);
    }
  }
}

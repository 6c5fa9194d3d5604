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
  /** Arrays up to this long are insertion-sorted: fewer moves than the counting passes. */
  private static final int INSERTION_SORT_MAX = 48;

  private final double[] keys;
  private final int[] ranks;
  private final int leaves;
  /**
   * The segment tree, both of its values side by side so that a step up the tree reads one cache
   * line: node {@code i}'s oldest active rank at {@code 2 * i}, its count of active ones at
   * {@code 2 * i + 1}; the root is node 1 and the leaves start at node {@link #leaves}.
   */
  private final int[] tree;

  /** {@code keys} ascending, {@code ranks} the queue rank of the entity at each position. */
  ClassIndex(double[] keys, int[] ranks) {
    this.keys = keys;
    this.ranks = ranks;
    int n = Math.max(1, ranks.length);
    this.leaves = Integer.highestOneBit(n) == n ? n : Integer.highestOneBit(n) << 1;
    this.tree = new int[4 * leaves];
    for (int node = 1; node < 2 * leaves; node++) {
      tree[2 * node] = NONE;
    }
    for (int i = 0; i < ranks.length; i++) {
      tree[2 * (leaves + i)] = ranks[i];
      tree[2 * (leaves + i) + 1] = 1;
    }
    for (int node = leaves - 1; node >= 1; node--) {
      pull(node);
    }
  }

  private void pull(int node) {
    int left = 4 * node;
    tree[2 * node] = Math.min(tree[left], tree[left + 2]);
    tree[2 * node + 1] = tree[left + 1] + tree[left + 3];
  }

  int size() {
    return ranks.length;
  }

  /** The queue rank of the entity at {@code position}. */
  int rank(int position) {
    return ranks[position];
  }

  /**
   * The first position whose key is at least {@code low}. The searches here are branch-free (the
   * comparison picks the next base, which the JIT turns into a conditional move): a pass makes a
   * dozen of them per anchor, and a mispredicted branch at every step of each was a visible share
   * of a pass over 100,000 entities.
   */
  int from(double low) {
    int n = keys.length;
    if (n == 0) {
      return 0;
    }
    int base = 0;
    while (n > 1) {
      int half = n >>> 1;
      base = keys[base + half - 1] < low ? base + half : base;
      n -= half;
    }
    return keys[base] < low ? base + 1 : base;
  }

  /** The first position whose key is above {@code high}. */
  int to(double high) {
    int n = keys.length;
    if (n == 0) {
      return 0;
    }
    int base = 0;
    while (n > 1) {
      int half = n >>> 1;
      base = keys[base + half - 1] <= high ? base + half : base;
      n -= half;
    }
    return keys[base] <= high ? base + 1 : base;
  }

  /** The smallest queue rank of an active entity at positions {@code [from, to)}, or {@link #NONE}. */
  int oldest(int from, int to) {
    if (from == 0 && to == ranks.length) {
      return tree[2];
    }
    int best = NONE;
    for (int l = from + leaves, r = to + leaves; l < r; l >>= 1, r >>= 1) {
      if ((l & 1) == 1) {
        best = Math.min(best, tree[2 * l++]);
      }
      if ((r & 1) == 1) {
        best = Math.min(best, tree[2 * --r]);
      }
    }
    return best;
  }

  /** The number of active entities at positions {@code [from, to)}. */
  int count(int from, int to) {
    if (from == 0 && to == ranks.length) {
      return tree[3];
    }
    int total = 0;
    for (int l = from + leaves, r = to + leaves; l < r; l >>= 1, r >>= 1) {
      if ((l & 1) == 1) {
        total += tree[2 * l++ + 1];
      }
      if ((r & 1) == 1) {
        total += tree[2 * --r + 1];
      }
    }
    return total;
  }

  /** Marks the entity at {@code position} active or not. */
  void set(int position, boolean active) {
    int node = leaves + position;
    tree[2 * node] = active ? ranks[position] : NONE;
    tree[2 * node + 1] = active ? 1 : 0;
    for (node >>= 1; node >= 1; node >>= 1) {
      pull(node);
    }
  }

  /**
   * Sorts {@code keys} ascending, carrying {@code ranks} along; stable, so equal keys stay in rank
   * order. Keys must not be NaN. On primitives, so a pass over 100,000 entities boxes nothing: an
   * insertion sort for short arrays, otherwise a least-significant-digit radix sort on the keys'
   * bits (stable by construction, and linear: eight counting passes at most, fewer when the keys
   * share their leading bytes, as ratings of one scale do).
   */
  static void sortByKey(double[] keys, int[] ranks) {
    int n = keys.length;
    if (n <= INSERTION_SORT_MAX) {
      insertionSort(keys, ranks);
      return;
    }
    long[] bits = new long[n];
    long all = -1L;
    long any = 0L;
    for (int i = 0; i < n; i++) {
      long b = sortable(keys[i]);
      bits[i] = b;
      all &= b;
      any |= b;
    }
    long varying = all ^ any; // the bits in which some keys differ
    long[] bitBuffer = new long[n];
    int[] rankBuffer = new int[n];
    long[] srcBits = bits;
    int[] srcRanks = ranks;
    long[] dstBits = bitBuffer;
    int[] dstRanks = rankBuffer;
    int[] counts = new int[256];
    for (int shift = 0; shift < 64; shift += 8) {
      if (((varying >>> shift) & 0xFF) == 0) {
        continue; // every key has the same byte here: this pass would move nothing
      }
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) (srcBits[i] >>> shift) & 0xFF]++;
      }
      int start = 0;
      for (int d = 0; d < 256; d++) {
        int count = counts[d];
        counts[d] = start;
        start += count;
      }
      for (int i = 0; i < n; i++) {
        int at = counts[(int) (srcBits[i] >>> shift) & 0xFF]++;
        dstBits[at] = srcBits[i];
        dstRanks[at] = srcRanks[i];
      }
      long[] swapBits = srcBits;
      srcBits = dstBits;
      dstBits = swapBits;
      int[] swapRanks = srcRanks;
      srcRanks = dstRanks;
      dstRanks = swapRanks;
    }
    for (int i = 0; i < n; i++) {
      keys[i] = fromSortable(srcBits[i]);
    }
    if (srcRanks != ranks) {
      System.arraycopy(srcRanks, 0, ranks, 0, n);
    }
  }

  private static void insertionSort(double[] keys, int[] ranks) {
    for (int i = 1; i < keys.length; i++) {
      double key = keys[i];
      int rank = ranks[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > key) {
        keys[j + 1] = keys[j];
        ranks[j + 1] = ranks[j];
        j--;
      }
      keys[j + 1] = key;
      ranks[j + 1] = rank;
    }
  }

  /**
   * The bits of {@code key} as a long whose unsigned order is the numeric order of the keys:
   * negative keys have every bit flipped, the others only the sign bit. Negative zero becomes
   * positive zero first, since the two compare equal and must keep their rank order.
   */
  private static long sortable(double key) {
    long bits = Double.doubleToRawLongBits(key == 0 ? 0.0 : key);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  private static double fromSortable(long sortable) {
    return Double.longBitsToDouble(sortable < 0 ? sortable ^ Long.MIN_VALUE : ~sortable);
  }
}

package org.relva.matchmaking.analytics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;

/**
 * Wait percentiles over a sample. Immutable.
 *
 * @param count how many waits the sample holds
 * @param p50 the median wait
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the longest wait
 */
public record Percentiles(int count, Duration p50, Duration p90, Duration p99, Duration max) {
  /** The percentiles of no waits at all. */
  public static final Percentiles NONE =
      new Percentiles(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public Percentiles {
    requireNonNull(p50, "p50");
    requireNonNull(p90, "p90");
    requireNonNull(p99, "p99");
    requireNonNull(max, "max");
  }

  /** The percentiles of {@code millis} (nearest-rank); {@link #NONE} for an empty sample. */
  public static Percentiles ofMillis(long[] millis) {
    if (millis.length == 0) {
      return NONE;
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90),
        rank(sorted, 0.99), Duration.ofMillis(sorted[sorted.length - 1]));
  }

  private static Duration rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return Duration.ofMillis(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }
}

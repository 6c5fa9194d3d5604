package org.relva.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the footprint benchmarks measure the heap with: the heap in use once collections settle,
 * and the share of a figure that one measured iteration records. Stateless and thread-safe.
 */
final class BenchHeap {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private BenchHeap() {}

  /** The heap in use once collections stop freeing anything. */
  static long settledHeap() {
    long used = Long.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      System.gc();
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used - 1024) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }

  /**
   * The part of a figure each measured iteration records: JMH adds event counters up over every
   * measured iteration of every fork, so a figure recorded times this share sums to the mean.
   */
  static double share(BenchmarkParams params) {
    return 1.0 / (Math.max(1, params.getForks()) * params.getMeasurement().getCount());
  }
}

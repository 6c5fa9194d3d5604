/**
 * Relva's JMH benchmarks, built into {@code benchmarks.jar} by {@code mvn package}. Each class
 * measures one scenario and the baseline it is judged against in the same run; see
 * {@link org.relva.bench.PartyCycleBenchmark}.
 */
@NullMarked
package org.relva.bench;

import org.jspecify.annotations.NullMarked;

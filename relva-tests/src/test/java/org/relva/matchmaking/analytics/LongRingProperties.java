package org.relva.matchmaking.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The analytics' window of recent waits, which grows as values come. */
class LongRingProperties {

  @Property(tries = 300)
  @Label("a ring holds the newest values up to its capacity, oldest first, however it grew")
  void holdsTheNewest(@ForAll @IntRange(min = 1, max = 70) int capacity,
      @ForAll @Size(max = 200) List<Long> values) {
    QueueAnalytics.LongRing ring = new QueueAnalytics.LongRing(capacity);
    values.forEach(ring::add);

    List<Long> newest = values.subList(Math.max(0, values.size() - capacity), values.size());
    assertThat(ring.toArray()).containsExactly(newest.stream().mapToLong(Long::longValue)
        .toArray());
    assertThat(ring.values.length).isLessThanOrEqualTo(Math.max(16, capacity));
  }
}

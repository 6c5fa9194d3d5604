package org.relva.matchmaking.analytics;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import org.relva.core.model.Region;

/**
 * A region's running aggregates, as {@code /queue stats} shows them. Immutable.
 *
 * @param region the region
 * @param matches matches popped since the analytics started
 * @param soloWaits solo players' waits over the most recent pops
 * @param partyWaits parties' waits over the most recent pops
 * @param meanQuality the mean {@link MatchQuality} score of the recent pops, or 0 with none
 * @param queuedEntities entities queued in the region now
 * @param queuedPlayers players queued in the region now
 * @param depth the queue's depth over time: one sample per minute with a change, oldest first
 */
public record RegionStats(Region region, long matches, Percentiles soloWaits,
    Percentiles partyWaits, double meanQuality, int queuedEntities, int queuedPlayers,
    List<DepthSample> depth) {

  public RegionStats {
    requireNonNull(region, "region");
    requireNonNull(soloWaits, "soloWaits");
    requireNonNull(partyWaits, "partyWaits");
    depth = ImmutableList.copyOf(depth);
  }

  /**
   * The queue's depth in a region at the end of one minute.
   *
   * @param minute the start of the minute
   * @param entities entities queued
   * @param players players queued
   */
  public record DepthSample(Instant minute, int entities, int players) {
    public DepthSample {
      requireNonNull(minute, "minute");
    }
  }
}

package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;

/**
 * What an algorithm is given for one evaluation: a snapshot of the queue, the time, the format, the
 * ratings and the region policy. Immutable, apart from whatever the {@link Ratings} do.
 *
 * @param queue the queue at one moment, oldest first, ties broken by id (as
 *     {@link org.relva.core.Relva#queue()} gives it)
 * @param now the time of the evaluation, by the daemon's clock
 * @param format the match format
 * @param ratings the players' ratings
 * @param regions which regions may play together after a wait
 */
public record MatchContext(List<QueueEntry> queue, Instant now, MatchFormat format,
    Ratings ratings, RegionPolicy regions) {

  /** The order of {@link #queue}: oldest first, then by id. */
  public static final Comparator<QueueEntry> QUEUE_ORDER =
      Comparator.comparing(QueueEntry::joinedAt).thenComparing(QueueEntry::id);

  public MatchContext {
    queue = ImmutableList.copyOf(queue);
    requireNonNull(now, "now");
    requireNonNull(format, "format");
    requireNonNull(ratings, "ratings");
    requireNonNull(regions, "regions");
    for (int i = 1; i < queue.size(); i++) {
      checkArgument(QUEUE_ORDER.compare(queue.get(i - 1), queue.get(i)) < 0,
          "the queue must be oldest first without repeats, but %s comes before %s",
          queue.get(i - 1).id(), queue.get(i).id());
    }
  }

  /** How long {@code entry} has waited at {@link #now}; zero if it joined later. */
  public Duration waited(QueueEntry entry) {
    Duration waited = Duration.between(entry.joinedAt(), now);
    return waited.isNegative() ? Duration.ZERO : waited;
  }

  /** Whether {@code entry} may play in a match in {@code region} now (see {@link RegionPolicy}). */
  public boolean accepts(QueueEntry entry, Region region) {
    return regions.accepts(entry.region(), region, waited(entry));
  }
}

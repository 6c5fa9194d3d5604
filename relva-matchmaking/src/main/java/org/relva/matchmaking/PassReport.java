package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What one evaluation pass of the {@link QueueDaemon} did, for analytics and tests. Immutable.
 *
 * @param at the time of the pass, by the daemon's clock
 * @param queued the entities in the snapshot
 * @param proposed the proposals the algorithm made
 * @param popped the matches taken out of the queue
 * @param rejected the proposals the {@link ProposalValidator} rejected
 * @param refused the proposals the core refused because the queue had changed since the snapshot
 * @param failed whether the algorithm threw instead of proposing
 */
public record PassReport(Instant at, int queued, int proposed, int popped, int rejected,
    int refused, boolean failed) {
  public PassReport {
    requireNonNull(at, "at");
    checkArgument(queued >= 0 && proposed >= 0 && popped >= 0 && rejected >= 0 && refused >= 0,
        "counts are never negative");
  }
}

package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.relva.core.model.Party;

/**
 * What {@code /party stats} shows of what the core knows: the members, when the party was made,
 * how long it has spent queued and how many matches it has popped into. Ratings and results come
 * from the match lifecycle, which adds them.
 *
 * @param party the party
 * @param createdAt when it was created
 * @param queuedSince when its current stay in the queue began, if it is queued
 * @param timeQueued its total time in the queue, the current stay included
 * @param matches how many matches it has been popped into
 */
public record PartyStats(Party party, Instant createdAt, Optional<Instant> queuedSince,
    Duration timeQueued, int matches) {
  public PartyStats {
    requireNonNull(party, "party");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(queuedSince, "queuedSince");
    requireNonNull(timeQueued, "timeQueued");
  }
}

package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.relva.core.model.Party;

/**
 * What the core knows of a party's history: the members, when the party was made,
 * how long it has spent queued, how many matches it has popped into, and its record in those that
 * finished. The members' ratings come from the matchmaking module's rating book.
 *
 * @param party the party
 * @param createdAt when it was created
 * @param queuedSince when its current stay in the queue began, if it is queued
 * @param timeQueued its total time in the queue, the current stay included
 * @param matches how many matches it has been popped into
 * @param wins finished matches it won
 * @param losses finished matches it lost
 * @param draws finished matches drawn
 */
public record PartyStats(Party party, Instant createdAt, Optional<Instant> queuedSince,
    Duration timeQueued, int matches, int wins, int losses, int draws) {
  public PartyStats {
    requireNonNull(party, "party");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(queuedSince, "queuedSince");
    requireNonNull(timeQueued, "timeQueued");
  }

  /** Stats of a party that has finished no match yet. */
  public PartyStats(Party party, Instant createdAt, Optional<Instant> queuedSince,
      Duration timeQueued, int matches) {
    this(party, createdAt, queuedSince, timeQueued, matches, 0, 0, 0);
  }
}

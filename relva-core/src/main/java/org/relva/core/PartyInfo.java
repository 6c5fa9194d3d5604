package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;

/**
 * What a member may read of their party: the party, its channel, and whether it is queued.
 *
 * @param party the party
 * @param channel its channel
 * @param queuedSince when it joined the queue, if it is queued
 */
public record PartyInfo(Party party, ChannelId channel, Optional<Instant> queuedSince) {
  public PartyInfo {
    requireNonNull(party, "party");
    requireNonNull(channel, "channel");
    requireNonNull(queuedSince, "queuedSince");
  }
}

package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.QueueBan;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.core.store.KeyValueStore;

/**
 * The key-value stores behind a {@link Relva}: the three the spec names, the indexes that
 * correctness needs, and every other piece of state that must outlive the process. The core keeps
 * them in agreement; nothing else should write to them.
 *
 * <p>Everything a restart must keep is here, so stores that are durable make the whole core
 * durable. What the core holds outside them is either rebuilt from them when it is built (the
 * queue's order, the set of open matches) or deliberately forgotten on restart: the wrong-join-code
 * limiter's recent guesses, and the reservations of a party creation whose channel is still being
 * opened (no party exists until its channel does).
 *
 * @param parties party id to party (the spec's party store)
 * @param leaders leader's user id to party id (the spec's leader store)
 * @param channels party id to the party's channel (the spec's channel store)
 * @param memberships every member's user id to their party id
 * @param joinCodes live join code to party id
 * @param queue queued entity id to its entry, parties and solo players alike
 * @param soloTickets a solo-queued user's id to their solo entity id
 * @param tallies party id to its running totals
 * @param matches match id to its record, open or ended
 * @param playerMatches a player in an open match to that match's id
 * @param stays a queued party's id to when its current stay in the queue began (its join time,
 *     or when it came back after a cancelled ready check)
 * @param bans a banned user's id to their ban from queueing
 * @param cooldowns a user who dodged a ready check to when they may queue again
 */
public record RelvaStores(
    KeyValueStore<EntityId, Party> parties,
    KeyValueStore<UserId, EntityId> leaders,
    KeyValueStore<EntityId, ChannelId> channels,
    KeyValueStore<UserId, EntityId> memberships,
    KeyValueStore<JoinCode, EntityId> joinCodes,
    KeyValueStore<EntityId, QueueEntry> queue,
    KeyValueStore<UserId, EntityId> soloTickets,
    KeyValueStore<EntityId, PartyTally> tallies,
    KeyValueStore<String, MatchRecord> matches,
    KeyValueStore<UserId, String> playerMatches,
    KeyValueStore<EntityId, Instant> stays,
    KeyValueStore<UserId, QueueBan> bans,
    KeyValueStore<UserId, Instant> cooldowns) {

  public RelvaStores {
    requireNonNull(parties, "parties");
    requireNonNull(leaders, "leaders");
    requireNonNull(channels, "channels");
    requireNonNull(memberships, "memberships");
    requireNonNull(joinCodes, "joinCodes");
    requireNonNull(queue, "queue");
    requireNonNull(soloTickets, "soloTickets");
    requireNonNull(tallies, "tallies");
    requireNonNull(matches, "matches");
    requireNonNull(playerMatches, "playerMatches");
    requireNonNull(stays, "stays");
    requireNonNull(bans, "bans");
    requireNonNull(cooldowns, "cooldowns");
  }

  /** Fresh, empty in-memory stores. */
  public static RelvaStores inMemory() {
    return new RelvaStores(KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory());
  }
}

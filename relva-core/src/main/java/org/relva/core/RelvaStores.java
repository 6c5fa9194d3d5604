package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relva.core.model.ChannelId;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MapPoll;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.QueueBan;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.RecentMaps;
import org.relva.core.model.UserId;
import org.relva.core.store.ChangeLog;
import org.relva.core.store.KeyValueStore;
import org.relva.core.store.StateJournal;

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
 * @param queue where an entity waits (its queue and id) to its entry, parties and solo players
 *     alike; an entity waits in a queue at most once, and in several only with
 *     {@link RelvaConfig#multiQueue()}
 * @param soloTickets a solo-queued user's id to their solo entity id (one, whatever queues it
 *     waits in)
 * @param tallies party id to its running totals
 * @param matches an open match's id to its record
 * @param history an ended (finished or cancelled) match's id to its record. With a durable
 *     journal the core keeps this history in the journal instead of this store and reads it on
 *     demand ({@link KeyValueStore#archive}), so a restart does not load years of matches; this
 *     store then stays empty, and {@link Relva#match} reads either
 * @param playerMatches a player in an open match to that match's id
 * @param stays a queued party's id to when its current stay in the queues began (its first join
 *     time, or when it came back after a cancelled ready check); it ends when it is in none
 * @param bans a banned user's id to their ban from queueing
 * @param cooldowns a user who dodged a ready check to when they may queue again
 * @param corrections a corrected match's id to the audit of its corrections. Corrections are
 *     rare, so this store is loaded at a restart; a rating book reads it to find a correction it
 *     did not replay before a crash
 * @param subRequests a player of an open match who asked for a substitute to that match's id
 * @param mapPolls a confirmed match's id to its map vote, while it runs
 * @param recentMaps a player to the maps of their last matches, for the map cooldown
 * @param drafts an open match's id to its captains' draft: its volunteers during the ready check,
 *     its picks while the captains pick
 */
public record RelvaStores(
    KeyValueStore<EntityId, Party> parties,
    KeyValueStore<UserId, EntityId> leaders,
    KeyValueStore<EntityId, ChannelId> channels,
    KeyValueStore<UserId, EntityId> memberships,
    KeyValueStore<JoinCode, EntityId> joinCodes,
    KeyValueStore<QueueSlot, QueueEntry> queue,
    KeyValueStore<UserId, EntityId> soloTickets,
    KeyValueStore<EntityId, PartyTally> tallies,
    KeyValueStore<String, MatchRecord> matches,
    KeyValueStore<String, MatchRecord> history,
    KeyValueStore<UserId, String> playerMatches,
    KeyValueStore<EntityId, Instant> stays,
    KeyValueStore<UserId, QueueBan> bans,
    KeyValueStore<UserId, Instant> cooldowns,
    KeyValueStore<String, MatchAudit> corrections,
    KeyValueStore<UserId, String> subRequests,
    KeyValueStore<String, MapPoll> mapPolls,
    KeyValueStore<UserId, RecentMaps> recentMaps,
    KeyValueStore<String, DraftBoard> drafts) {

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
    requireNonNull(history, "history");
    requireNonNull(playerMatches, "playerMatches");
    requireNonNull(stays, "stays");
    requireNonNull(bans, "bans");
    requireNonNull(cooldowns, "cooldowns");
    requireNonNull(corrections, "corrections");
    requireNonNull(subRequests, "subRequests");
    requireNonNull(mapPolls, "mapPolls");
    requireNonNull(recentMaps, "recentMaps");
    requireNonNull(drafts, "drafts");
  }

  /** The stores a restore does not load: read from the journal on demand instead. */
  public static final Set<String> ARCHIVED = Set.of("history");

  /**
   * Every store by its name, in a fixed order: the names a {@link StateJournal} keeps them under
   * ({@code parties}, {@code leaders}, {@code channels}, {@code memberships}, {@code joinCodes},
   * {@code queue}, {@code soloTickets}, {@code tallies}, {@code matches}, {@code history},
   * {@code playerMatches}, {@code stays}, {@code bans}, {@code cooldowns}, {@code corrections},
   * {@code subRequests}, {@code mapPolls}, {@code recentMaps}, {@code drafts}).
   */
  public Map<String, KeyValueStore<?, ?>> byName() {
    Map<String, KeyValueStore<?, ?>> all = new LinkedHashMap<>();
    all.put("parties", parties);
    all.put("leaders", leaders);
    all.put("channels", channels);
    all.put("memberships", memberships);
    all.put("joinCodes", joinCodes);
    all.put("queue", queue);
    all.put("soloTickets", soloTickets);
    all.put("tallies", tallies);
    all.put("matches", matches);
    all.put("history", history);
    all.put("playerMatches", playerMatches);
    all.put("stays", stays);
    all.put("bans", bans);
    all.put("cooldowns", cooldowns);
    all.put("corrections", corrections);
    all.put("subRequests", subRequests);
    all.put("mapPolls", mapPolls);
    all.put("recentMaps", recentMaps);
    all.put("drafts", drafts);
    return Collections.unmodifiableMap(all);
  }

  /** These stores, each writing through {@code log} under its name, to commit or undo as one. */
  public RelvaStores tracked(ChangeLog log) {
    return new RelvaStores(log.track("parties", parties), log.track("leaders", leaders),
        log.track("channels", channels), log.track("memberships", memberships),
        log.track("joinCodes", joinCodes), log.track("queue", queue),
        log.track("soloTickets", soloTickets), log.track("tallies", tallies),
        log.track("matches", matches), log.track("history", history),
        log.track("playerMatches", playerMatches),
        log.track("stays", stays), log.track("bans", bans), log.track("cooldowns", cooldowns),
        log.track("corrections", corrections), log.track("subRequests", subRequests),
        log.track("mapPolls", mapPolls), log.track("recentMaps", recentMaps),
        log.track("drafts", drafts));
  }

  /**
   * These stores with the history kept in {@code journal}'s {@code history} store and read from
   * it on demand ({@link KeyValueStore#archive}); these stores themselves if it keeps nothing.
   */
  public RelvaStores archivedIn(StateJournal journal) {
    if (!journal.isDurable()) {
      return this;
    }
    return new RelvaStores(parties, leaders, channels, memberships, joinCodes, queue,
        soloTickets, tallies, matches, KeyValueStore.archive(journal, "history"), playerMatches,
        stays, bans, cooldowns, corrections, subRequests, mapPolls, recentMaps, drafts);
  }

  /**
   * Fills these stores, which must be empty, with {@code state}: a store's name to its entries,
   * as a {@link StateJournal} loads them. Names no store has are refused.
   *
   * @throws IllegalArgumentException for an unknown store name, or a store that is not empty
   * @throws ClassCastException if an entry is not of its store's types
   */
  @SuppressWarnings("unchecked")
  public void restore(Map<String, ? extends Map<?, ?>> state) {
    Map<String, KeyValueStore<?, ?>> all = byName();
    for (String name : state.keySet()) {
      checkArgument(all.containsKey(name), "no store is named %s; the stores are %s", name,
          all.keySet());
    }
    all.forEach((name, store) -> checkArgument(store.size() == 0,
        "store %s is not empty: restore into fresh stores", name));
    state.forEach((name, entries) -> {
      KeyValueStore<Object, Object> store = (KeyValueStore<Object, Object>) all.get(name);
      entries.forEach(store::put);
    });
  }

  /**
   * Every violated invariant of the core, described; empty when the stores agree:
   *
   * <ul>
   *   <li>every party has 1 to 5 members and exactly one leader, who is a member;
   *   <li>no user is in two parties; the membership index holds exactly the parties' members, and
   *       the leader index exactly their leaders;
   *   <li>every party has exactly one live join code, one channel and one tally, and nothing else
   *       has either (no channel without a party);
   *   <li>no user is queued twice (alone and with a party, or in two entries); every queued party
   *       has 2 to 5 members and is queued as it is now; every solo ticket points to its entry and
   *       its player is in no party;
   *   <li>every player an open match holds plays in it, nobody is queued during their match's
   *       ready check, and no ended match holds anyone;
   *   <li>exactly the queued parties have a stay, which began no earlier than they joined;
   *   <li>a draft runs only for an open match: taking volunteers in its ready check, picking once
   *       confirmed, its teams and pool exactly the match's entries, no team over full, one
   *       captain per team who opens it, and no map vote until its teams are set.
   * </ul>
   *
   * <p>It reads each store's snapshot, so run it while nothing changes the stores.
   */
  public List<String> violations() {
    return StateCheck.violations(this);
  }

  /**
   * {@link #violations()}, and those of {@code config}'s queues: every entry's queue is one of
   * them, and no entity waits in several unless {@link RelvaConfig#multiQueue()}.
   */
  public List<String> violations(RelvaConfig config) {
    return StateCheck.violations(this, config);
  }

  /** Fresh, empty in-memory stores. */
  public static RelvaStores inMemory() {
    return new RelvaStores(KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory(), KeyValueStore.inMemory(),
        KeyValueStore.inMemory(), KeyValueStore.inMemory());
  }
}

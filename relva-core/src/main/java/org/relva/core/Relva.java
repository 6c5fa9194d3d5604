package org.relva.core;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyChannels.ChannelException;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.PartyEvent.DisbandReason;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.core.store.KeyValueStore;

/**
 * Relva's core: the parties and the queue of the spec, with their rules, kept in
 * {@link RelvaStores} and announced on an {@link EventBus}. Build one with {@link #builder()}.
 *
 * <p>Every operation names who runs it and the channel it was run from, checks the spec's rules
 * (who may do it, and where), and returns an {@link Outcome}: a success carrying the new state, or
 * a failure that says why and what to do. A failed operation changes no stored state. The one
 * exception is a wrong join code, which counts against the user's guess limit.
 *
 * <h2>Channel rule</h2>
 * Party commands other than create and join work only from the party's own channel (the
 * {@link ChannelId} its {@link PartyChannels} gave back); solo queue commands work only from the
 * lobby channel. The rule lives here so that every front end obeys it.
 *
 * <h2>Concurrency</h2>
 * This class is thread-safe. A change touches several stores (a join updates the party, the
 * membership index and maybe the queue), and those stores must never disagree, so every change
 * runs under one lock: Relva runs as a single instance (the spec says so), and an in-memory
 * operation takes well under a microsecond, so one lock costs little and makes every operation
 * atomic. Nothing foreign runs under the lock: opening a channel happens between two locked steps
 * (the user and the new id are reserved in between, so nobody else can take them), and the other
 * channel changes and the events are queued under the lock and run after it, one at a time in
 * the order of the changes.
 */
public final class Relva {
  private static final System.Logger LOG = System.getLogger(Relva.class.getName());
  private static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final RelvaConfig config;
  private final RelvaStores stores;
  private final PartyChannels channelPort;
  private final EventBus events;
  private final Clock clock;
  private final RandomGenerator random;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: what a party creation in progress holds while its channel is being opened.
  private final Set<UserId> creating = new HashSet<>();
  private final Set<EntityId> reservedIds = new HashSet<>();
  private final Set<JoinCode> reservedCodes = new HashSet<>();
  private final Map<UserId, ArrayDeque<Instant>> wrongCodes = new HashMap<>();
  // Guarded by lock: the queue store's entries in queue order (oldest first, then by id), so a
  // snapshot costs a copy rather than a sort. Rebuilt from nothing: the stores start empty.
  private final TreeMap<QueueKey, QueueEntry> queueOrder = new TreeMap<>();
  // Guarded by lock: the ids of open matches (so ticks need not scan ended ones), and who may
  // not queue until when after dodging a ready check.
  private final Set<String> openMatches = new HashSet<>();
  private final Map<UserId, Instant> cooldowns = new HashMap<>();
  private final Map<UserId, Ban> bans = new HashMap<>();
  // Guarded by lock: when each queued party's current stay began. A party put back after a
  // cancelled ready check keeps its place (its original join time) but its time queued counts
  // from its return, so the ready check is not counted as waiting.
  private final Map<EntityId, Instant> stayBegan = new HashMap<>();

  // Effects (events and channel changes) queued under the lock, run after it in order.
  private final ConcurrentLinkedQueue<Runnable> effects = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean runningEffects = new AtomicBoolean();

  private Relva(Builder builder) {
    this.config = builder.config;
    this.stores = builder.stores;
    this.channelPort = requireNonNull(builder.channels, "channels: set a PartyChannels port");
    this.events = builder.events;
    this.clock = builder.clock;
    this.random = builder.random;
  }

  /** A builder with the default configuration, in-memory stores and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings this core runs with. */
  public RelvaConfig config() {
    return config;
  }

  /** The bus this core publishes its events on. */
  public EventBus events() {
    return events;
  }

  /** The clock this core reads time from. */
  public Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------------------------------------
  // Parties

  /**
   * Creates a party led by {@code user} in {@code region} (the default region when null or
   * blank), and opens its channel. Works from any channel.
   */
  public Outcome<Party> createParty(Member user, ChannelId from, @Nullable String region) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    EntityId id;
    JoinCode code;
    Region where;
    lock.lock();
    try {
      Outcome<Region> resolved = resolveRegion(region);
      if (!resolved.isSuccess()) {
        return refuse(resolved);
      }
      where = resolved.orElseThrow();
      Optional<Outcome<Party>> busy = refuseIfOccupied(user.id());
      if (busy.isPresent()) {
        return busy.get();
      }
      id = newEntityId();
      code = newJoinCode();
      creating.add(user.id());
      reservedIds.add(id);
      reservedCodes.add(code);
    } finally {
      lock.unlock();
    }

    ChannelId channel = null;
    try {
      channel = requireNonNull(channelPort.open(id, Party.channelName(id), user),
          "PartyChannels.open returned null");
    } catch (ChannelException e) {
      LOG.log(Level.WARNING, () -> "could not open the channel of party " + id, e);
      return Outcome.failure(Refusal.CHANNEL_UNAVAILABLE, "Your party's channel could not be "
          + "opened (" + e.getMessage() + "), so no party was created. Try again in a moment.");
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, () -> "the channel port failed opening party " + id, e);
      return Outcome.failure(Refusal.CHANNEL_UNAVAILABLE, "Your party's channel could not be "
          + "opened because of an internal error, so no party was created. Try again later.");
    } finally {
      if (channel == null) {
        release(user.id(), id, code); // whatever went wrong, even an Error, frees the reservation
      }
    }

    lock.lock();
    try {
      creating.remove(user.id());
      reservedIds.remove(id);
      reservedCodes.remove(code);
      Party party = Party.create(id, where, user, code, clock.instant());
      insertNew(stores.parties(), id, party);
      insertNew(stores.leaders(), user.id(), id);
      insertNew(stores.memberships(), user.id(), id);
      insertNew(stores.joinCodes(), code, id);
      insertNew(stores.channels(), id, channel);
      stores.tallies().put(id, PartyTally.EMPTY);
      publish(new PartyEvent.Created(party, party.createdAt()));
      return Outcome.success(party);
    } finally {
      lock.unlock();
      runEffects();
    }
  }

  /**
   * Adds {@code user} to the party whose join code is {@code code} (typed in any case, with or
   * without the hyphen). Works from any channel. Refused while the party is queued or full; wrong
   * codes are limited per user ({@link RelvaConfig#wrongCodeLimit()}).
   */
  public Outcome<Party> joinParty(Member user, ChannelId from, String code) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    requireNonNull(code, "code");
    return locked(() -> {
      Optional<Outcome<Party>> busy = refuseIfOccupied(user.id());
      if (busy.isPresent()) {
        return busy.get();
      }
      Instant now = clock.instant();
      Optional<Duration> wait = guessLimit(user.id(), now);
      if (wait.isPresent()) {
        return Outcome.failure(Refusal.TOO_MANY_ATTEMPTS, "Too many wrong join codes. Try again in "
            + Math.max(1, wait.get().toSeconds()) + " s.");
      }
      Optional<Party> found = JoinCode.parse(code)
          .flatMap(stores.joinCodes()::get)
          .flatMap(stores.parties()::get);
      if (found.isEmpty()) {
        recordWrongCode(user.id(), now);
        return Outcome.failure(Refusal.NO_SUCH_CODE, "No party has the join code '" + code.strip()
            + "'. Check it with the party's leader: a new code replaces the old one.");
      }
      Party party = found.get();
      if (party.size() >= config.maxPartySize()) {
        return Outcome.failure(Refusal.PARTY_FULL,
            "Party " + party.id() + " is full (" + config.maxPartySize() + " players).");
      }
      if (stores.queue().containsKey(party.id())) {
        return Outcome.failure(Refusal.PARTY_QUEUED, "Party " + party.id()
            + " is in the queue. Ask " + party.leader().displayName()
            + " to take it out of the queue so you can join.");
      }
      Optional<MatchRecord> playing = openMatchOfLocked(party.leaderId());
      if (playing.isPresent()) {
        return Outcome.failure(Refusal.PARTY_QUEUED, "Party " + party.id() + " is in match "
            + playing.get().id() + ". You can join once it is over.");
      }
      Party after = party.plus(user);
      replaceParty(party, after);
      insertNew(stores.memberships(), user.id(), party.id());
      ChannelId channel = channelOf(party.id());
      effect(() -> channelPort.grant(channel, user));
      publish(new PartyEvent.MemberJoined(after, user, now));
      return Outcome.success(after);
    });
  }

  /**
   * Takes {@code user} out of their party. A leader's leadership passes to the longest-standing
   * member; the last member's leaving disbands the party. A queued party leaves the queue.
   */
  public Outcome<Departure> leaveParty(UserId user, ChannelId from) {
    return inOwnParty(user, from, party -> {
      Member member = party.member(user).orElseThrow();
      dodgeIfInReadyCheck(party, user, member.displayName() + " left their party");
      if (party.size() == 1) {
        Optional<LeaveReason> dequeued = disband(party, DisbandReason.LAST_MEMBER_LEFT);
        return Outcome.success(new Departure(member, party, Optional.empty(), dequeued));
      }
      Optional<LeaveReason> dequeued = dequeue(party.id(), LeaveReason.MEMBER_LEFT);
      Party after = party.minus(user);
      replaceParty(party, after);
      removeMember(party, user);
      publish(new PartyEvent.MemberLeft(after, member, clock.instant()));
      return Outcome.success(new Departure(member, party, Optional.of(after), dequeued));
    });
  }

  /** Disbands {@code leader}'s party, taking it out of the queue and closing its channel. */
  public Outcome<Party> disbandParty(UserId leader, ChannelId from) {
    return asLeader(leader, from, "disband the party", party -> {
      dodgeIfInReadyCheck(party, leader, party.leader().displayName() + " disbanded their party");
      disband(party, DisbandReason.BY_LEADER);
      return Outcome.success(party);
    });
  }

  /** Removes {@code target} from {@code leader}'s party. A queued party leaves the queue. */
  public Outcome<Departure> removeMember(UserId leader, ChannelId from, UserId target) {
    requireNonNull(target, "target");
    return asLeader(leader, from, "remove players", party -> {
      if (target.equals(leader)) {
        return Outcome.failure(Refusal.CANNOT_TARGET_SELF,
            "You can't remove yourself. To leave, use /party leave; to end the party, /party disband.");
      }
      Optional<Member> member = party.member(target);
      if (member.isEmpty()) {
        return Outcome.failure(Refusal.NOT_A_MEMBER, "That user is not in your party.");
      }
      dodgeIfInReadyCheck(party, leader, party.leader().displayName() + " removed "
          + member.get().displayName() + " from their party");
      Optional<LeaveReason> dequeued = dequeue(party.id(), LeaveReason.MEMBER_REMOVED);
      Party after = party.minus(target);
      replaceParty(party, after);
      removeMember(party, target);
      publish(new PartyEvent.MemberRemoved(after, member.get(), leader, clock.instant()));
      return Outcome.success(new Departure(member.get(), party, Optional.of(after), dequeued));
    });
  }

  /** Makes {@code target} the leader of {@code leader}'s party. */
  public Outcome<Party> promote(UserId leader, ChannelId from, UserId target) {
    requireNonNull(target, "target");
    return asLeader(leader, from, "promote another leader", party -> {
      if (target.equals(leader)) {
        return Outcome.failure(Refusal.CANNOT_TARGET_SELF, "You already lead this party.");
      }
      if (!party.hasMember(target)) {
        return Outcome.failure(Refusal.NOT_A_MEMBER, "That user is not in your party.");
      }
      Party after = party.ledBy(target);
      replaceParty(party, after);
      checkedRemove(stores.leaders(), leader, party.id());
      insertNew(stores.leaders(), target, party.id());
      publish(new PartyEvent.LeaderPromoted(after, leader, clock.instant()));
      return Outcome.success(after);
    });
  }

  /** Gives {@code leader}'s party a new join code; the old one stops working at once. */
  public Outcome<Party> newJoinCode(UserId leader, ChannelId from) {
    return asLeader(leader, from, "make a new join code", party -> {
      JoinCode code = newJoinCode();
      Party after = party.withJoinCode(code);
      replaceParty(party, after);
      checkedRemove(stores.joinCodes(), party.joinCode(), party.id());
      insertNew(stores.joinCodes(), code, party.id());
      publish(new PartyEvent.JoinCodeChanged(after, clock.instant()));
      return Outcome.success(after);
    });
  }

  /** {@code user}'s party, its channel, and whether it is queued. Any member may ask. */
  public Outcome<PartyInfo> partyInfo(UserId user, ChannelId from) {
    return inOwnParty(user, from, party -> Outcome.success(new PartyInfo(party,
        channelOf(party.id()), stores.queue().get(party.id()).map(QueueEntry::joinedAt))));
  }

  /** What the core knows of {@code user}'s party's history. Any member may ask. */
  public Outcome<PartyStats> partyStats(UserId user, ChannelId from) {
    return inOwnParty(user, from, party -> {
      PartyTally tally = stores.tallies().get(party.id()).orElse(PartyTally.EMPTY);
      Optional<Instant> since = stores.queue().get(party.id()).map(QueueEntry::joinedAt);
      Duration queued = tally.queuedBefore().plus(since.isEmpty() ? Duration.ZERO
          : Duration.between(stayBegan.getOrDefault(party.id(), since.get()), clock.instant()));
      return Outcome.success(
          new PartyStats(party, party.createdAt(), since, queued, tally.matches(), tally.wins(),
              tally.losses(), tally.draws()));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The queue

  /** Puts {@code leader}'s party in the queue, from its channel. It needs 2 to 5 members. */
  public Outcome<QueueEntry> queueParty(UserId leader, ChannelId from) {
    return asLeader(leader, from, "queue the party", party -> {
      Optional<QueueEntry> queued = stores.queue().get(party.id());
      if (queued.isPresent()) {
        return Outcome.failure(Refusal.ALREADY_QUEUED, "Your party is already in the queue.");
      }
      Optional<Outcome<QueueEntry>> blocked = refuseIfBlocked(party.members());
      if (blocked.isPresent()) {
        return blocked.get();
      }
      if (!party.canQueue()) {
        return Outcome.failure(Refusal.PARTY_TOO_SMALL, "A party needs " + Party.MIN_QUEUE_SIZE
            + " to " + Party.MAX_SIZE + " players to queue; yours has " + party.size()
            + ". Share the join code " + party.joinCode().display() + ".");
      }
      QueueEntry entry = new QueueEntry(party, clock.instant());
      enqueue(entry);
      publish(new QueueEvent.PartyJoin(entry));
      return Outcome.success(entry);
    });
  }

  /** Takes {@code leader}'s party out of the queue, from its channel. */
  public Outcome<QueueEntry> dequeueParty(UserId leader, ChannelId from) {
    return asLeader(leader, from, "take the party out of the queue", party -> {
      Optional<QueueEntry> entry = stores.queue().get(party.id());
      if (entry.isEmpty()) {
        return Outcome.failure(Refusal.NOT_QUEUED, "Your party is not in the queue.");
      }
      dequeue(party.id(), LeaveReason.LEFT);
      return Outcome.success(entry.get());
    });
  }

  /**
   * Queues {@code user} alone in {@code region} (the default when null or blank), from the lobby
   * channel. A party member is refused: their leader queues the party from its channel.
   */
  public Outcome<QueueEntry> joinQueue(Member user, ChannelId from, @Nullable String region) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    return locked(() -> {
      Optional<Party> party = partyOfLocked(user.id());
      if (party.isPresent()) {
        Party p = party.get();
        return Outcome.failure(Refusal.IN_PARTY, p.isLeader(user.id())
            ? "You lead party " + p.id() + ": queue it with /queue join in " + p.channelName() + "."
            : "You are in party " + p.id() + ": parties queue together. Ask your leader, "
                + p.leader().displayName() + ", to queue the party in " + p.channelName() + ".");
      }
      if (!from.equals(config.lobby())) {
        return Outcome.failure(Refusal.WRONG_CHANNEL,
            "Solo queueing works only in #" + config.lobby() + ".");
      }
      if (creating.contains(user.id())) {
        return busy();
      }
      if (stores.soloTickets().containsKey(user.id())) {
        return Outcome.failure(Refusal.ALREADY_QUEUED, "You are already in the queue.");
      }
      Optional<Outcome<QueueEntry>> blocked = refuseIfBlocked(List.of(user));
      if (blocked.isPresent()) {
        return blocked.get();
      }
      Outcome<Region> resolved = resolveRegion(region);
      if (!resolved.isSuccess()) {
        return refuse(resolved);
      }
      SoloPlayer solo = new SoloPlayer(newEntityId(), resolved.orElseThrow(), user);
      QueueEntry entry = new QueueEntry(solo, clock.instant());
      enqueue(entry);
      insertNew(stores.soloTickets(), user.id(), solo.id());
      publish(new QueueEvent.SoloJoin(entry));
      return Outcome.success(entry);
    });
  }

  /** Takes solo-queued {@code user} out of the queue, from the lobby channel. */
  public Outcome<QueueEntry> leaveQueue(UserId user, ChannelId from) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    return locked(() -> {
      Optional<EntityId> ticket = stores.soloTickets().get(user);
      if (ticket.isEmpty()) {
        Optional<Party> party = partyOfLocked(user);
        return Outcome.failure(Refusal.NOT_QUEUED, party.isPresent()
            ? "You are not queued alone. Your party's leader queues and de-queues the party in "
                + party.get().channelName() + "."
            : "You are not in the queue.");
      }
      if (!from.equals(config.lobby())) {
        return Outcome.failure(Refusal.WRONG_CHANNEL,
            "Solo queue commands work only in #" + config.lobby() + ".");
      }
      QueueEntry entry = stores.queue().get(ticket.get()).orElseThrow(
          () -> new IllegalStateException("solo ticket " + ticket.get() + " has no queue entry"));
      dequeue(ticket.get(), LeaveReason.LEFT);
      return Outcome.success(entry);
    });
  }

  /**
   * Takes a match's entries out of the queue, all or none, and publishes {@code queuePop}. Each
   * proposed entry must still be queued as it was proposed: the same id, join time and members.
   * An entity that left in the meantime (even if it came back) refuses the whole match, so a
   * match is never made of anyone who is no longer waiting.
   *
   * @param region the region the match is played in
   * @param teams the teams, each a list of the queue entries in it
   * @return the match, holding the entries as they were when taken
   */
  public Outcome<PoppedMatch> pop(Region region, List<List<QueueEntry>> teams) {
    requireNonNull(region, "region");
    requireNonNull(teams, "teams");
    return locked(() -> {
      if (teams.size() < 2 || teams.stream().anyMatch(List::isEmpty)) {
        return Outcome.failure(Refusal.INVALID, "A match needs at least two non-empty teams.");
      }
      Set<EntityId> seen = new HashSet<>();
      ImmutableList.Builder<List<QueueEntry>> current = ImmutableList.builder();
      for (List<QueueEntry> team : teams) {
        ImmutableList.Builder<QueueEntry> members = ImmutableList.builder();
        for (QueueEntry proposed : team) {
          if (!seen.add(proposed.id())) {
            return Outcome.failure(Refusal.INVALID, proposed.id() + " is in the match twice.");
          }
          Optional<QueueEntry> now = stores.queue().get(proposed.id());
          if (now.isEmpty() || !sameStay(now.get(), proposed)) {
            return Outcome.failure(Refusal.ENTRY_CHANGED,
                proposed.id() + " is no longer in the queue as proposed.");
          }
          members.add(now.get());
        }
        current.add(members.build());
      }
      Instant now = clock.instant();
      PoppedMatch match = new PoppedMatch(newMatchId(), region, current.build(), now);
      for (QueueEntry entry : match.entries()) {
        takeOutOfQueue(entry, now);
        if (entry.entity() instanceof Party) {
          stores.tallies().compute(entry.id(),
              (id, t) -> (t == null ? PartyTally.EMPTY : t).plusMatch());
        }
      }
      publish(new QueueEvent.QueuePop(match));
      openMatch(match, now);
      return Outcome.success(match);
    });
  }


  // ---------------------------------------------------------------------------------------------
  // Matches: the ready check, results, and the way out of every state

  /**
   * Records {@code user}'s acceptance of match {@code matchId}'s ready check; when everyone has
   * accepted, the match is confirmed. Accepting twice, or after confirmation, changes nothing and
   * succeeds.
   */
  public Outcome<MatchRecord> acceptMatch(UserId user, String matchId) {
    requireNonNull(user, "user");
    requireNonNull(matchId, "matchId");
    return onMatch(matchId, user, match -> {
      if (!match.state().isOpen()) {
        return ended(match);
      }
      if (match.state() == MatchRecord.State.CONFIRMED || match.accepted().contains(user)) {
        return Outcome.success(match);
      }
      Instant now = clock.instant();
      MatchRecord after = match.accept(user);
      replaceMatch(match, after);
      publish(new MatchEvent.Accepted(after, user, now));
      if (after.notAccepted().isEmpty()) {
        after = confirm(after, now);
      }
      return Outcome.success(after);
    });
  }

  /**
   * Declines match {@code matchId}'s ready check for {@code user}, which cancels it: the user and
   * their party leave the queue (with the configured cooldown for the user), and everyone else goes
   * back into it with their original join time.
   */
  public Outcome<MatchRecord> declineMatch(UserId user, String matchId) {
    requireNonNull(user, "user");
    requireNonNull(matchId, "matchId");
    return onMatch(matchId, user, match -> {
      if (match.state() == MatchRecord.State.CONFIRMED) {
        return Outcome.failure(Refusal.MATCH_CONFIRMED, "Match " + match.id()
            + " is already on. If it cannot be played, ask a moderator to cancel it.");
      }
      if (!match.state().isOpen()) {
        return ended(match);
      }
      String name = match.players().stream().filter(m -> m.id().equals(user)).findFirst()
          .map(Member::displayName).orElse(user.value());
      return Outcome.success(cancelReadyCheck(match, Set.of(user), name + " declined"));
    });
  }

  /**
   * Reports the result of {@code user}'s confirmed match. The result is final once more than half
   * of the match's players report the same one. Reporting the same result again changes nothing;
   * a different one replaces the user's earlier report.
   */
  public Outcome<MatchRecord> reportResult(UserId user, String matchId, MatchResult claimed) {
    requireNonNull(user, "user");
    requireNonNull(matchId, "matchId");
    requireNonNull(claimed, "claimed");
    return onMatch(matchId, user, match -> {
      Optional<Outcome<MatchRecord>> refused = refuseResult(match, claimed);
      if (refused.isPresent()) {
        return refused.get();
      }
      if (claimed.equals(match.reports().get(user))) {
        return Outcome.success(match);
      }
      Instant now = clock.instant();
      MatchRecord after = match.report(user, claimed);
      replaceMatch(match, after);
      publish(new MatchEvent.Reported(after, user, claimed, now));
      long agreeing = after.reports().values().stream().filter(claimed::equals).count();
      if (agreeing * 2 > after.players().size()) {
        after = finish(after, claimed, now, agreeing + " of " + after.players().size()
            + " players reported " + claimed);
      }
      return Outcome.success(after);
    });
  }

  /** A moderator's final word on a confirmed match's result. */
  public Outcome<MatchRecord> setResult(String matchId, MatchResult result) {
    requireNonNull(matchId, "matchId");
    requireNonNull(result, "result");
    return onMatch(matchId, null, match -> {
      if (result.kind() == MatchResult.Kind.NO_RESULT) {
        if (match.state() != MatchRecord.State.CONFIRMED) {
          return refuseResult(match, MatchResult.draw()).orElseThrow();
        }
      } else {
        Optional<Outcome<MatchRecord>> refused = refuseResult(match, result);
        if (refused.isPresent()) {
          return refused.get();
        }
      }
      return Outcome.success(finish(match, result, clock.instant(), "a moderator set it"));
    });
  }

  /**
   * A moderator calls off an open match. In its ready check nobody is at fault, so every entry
   * goes back into the queue; a confirmed match simply ends and frees its players.
   */
  public Outcome<MatchRecord> cancelMatch(String matchId, String reason) {
    requireNonNull(matchId, "matchId");
    requireNonNull(reason, "reason");
    return onMatch(matchId, null, match -> {
      if (!match.state().isOpen()) {
        return ended(match);
      }
      String why = reason.isBlank() ? "a moderator cancelled it" : reason.strip();
      if (match.state() == MatchRecord.State.POPPED) {
        return Outcome.success(cancelReadyCheck(match, Set.of(), why));
      }
      Instant now = clock.instant();
      MatchRecord after = match.cancel(now, why);
      closeMatch(match, after);
      publish(new MatchEvent.Cancelled(after, why, Set.of(), Set.of(), List.of(), now));
      return Outcome.success(after);
    });
  }

  /**
   * Moves matches on with time: ready checks past their deadline are cancelled (whoever did not
   * accept counts as declining), confirmed matches past the result expiry end with no result, and
   * spent cooldowns are forgotten. Call it periodically (the bot does, every few seconds) and after
   * moving a test clock.
   *
   * @return the matches this tick ended
   */
  public List<MatchRecord> tick() {
    return locked(() -> {
      Instant now = clock.instant();
      ImmutableList.Builder<MatchRecord> ended = ImmutableList.builder();
      for (String id : List.copyOf(openMatches)) {
        MatchRecord match = stores.matches().get(id).orElseThrow();
        MatchRecord after = expireIfDue(match);
        if (!after.state().isOpen()) {
          ended.add(after);
        }
      }
      cooldowns.values().removeIf(until -> !until.isAfter(now));
      bans.values().removeIf(ban -> !ban.until().isAfter(now));
      return ended.build();
    });
  }

  /** The match with id {@code matchId}, open or ended, if there is one. */
  public Optional<MatchRecord> match(String matchId) {
    return stores.matches().get(matchId);
  }

  /** The open match (in its ready check, or confirmed) that holds {@code user}, if any. */
  public Optional<MatchRecord> openMatchOf(UserId user) {
    return locked(() -> openMatchOfLocked(user));
  }

  /** Every open match, oldest first. */
  public List<MatchRecord> openMatches() {
    return locked(() -> openMatches.stream().map(id -> stores.matches().get(id).orElseThrow())
        .sorted(Comparator.comparing(MatchRecord::poppedAt).thenComparing(MatchRecord::id))
        .collect(ImmutableList.toImmutableList()));
  }

  /**
   * {@code match} after whatever its deadlines say has happened by now: a ready check past its
   * deadline is cancelled, a confirmed match past the result expiry ends with no result. Every
   * operation on a match calls this first, so a deadline counts at once, not at the next tick.
   */
  private MatchRecord expireIfDue(MatchRecord match) {
    Instant now = clock.instant();
    if (match.state() == MatchRecord.State.POPPED && !now.isBefore(match.readyBy())) {
      Set<UserId> missing = new HashSet<>();
      match.notAccepted().forEach(m -> missing.add(m.id()));
      return cancelReadyCheck(match, missing, "the ready check timed out");
    }
    if (match.state() == MatchRecord.State.CONFIRMED && !now.isBefore(
        match.confirmedAt().orElseThrow().plus(config.matches().resultExpiry()))) {
      return finish(match, MatchResult.noResult(), now, "no result was reported in time");
    }
    return match;
  }

  private Optional<MatchRecord> openMatchOfLocked(UserId user) {
    return stores.playerMatches().get(user).flatMap(stores.matches()::get)
        .filter(m -> m.state().isOpen());
  }

  private void openMatch(PoppedMatch popped, Instant now) {
    MatchRules rules = config.matches();
    MatchRecord match = MatchRecord.popped(popped,
        rules.readyCheck() ? now.plus(rules.readyTimeout()) : now);
    insertNew(stores.matches(), match.id(), match);
    for (Member m : match.players()) {
      stores.playerMatches().put(m.id(), match.id());
    }
    openMatches.add(match.id());
    if (!rules.readyCheck()) {
      confirm(match, now);
    }
  }

  private MatchRecord confirm(MatchRecord match, Instant now) {
    MatchRecord after = match.confirm(now);
    replaceMatch(match, after);
    publish(new MatchEvent.Confirmed(after, now));
    return after;
  }

  private MatchRecord finish(MatchRecord match, MatchResult result, Instant now, String why) {
    MatchRecord after = match.finish(result, now, why);
    closeMatch(match, after);
    if (result.counts()) {
      for (int t = 0; t < after.teams().size(); t++) {
        boolean won = result.kind() == MatchResult.Kind.WIN && result.winner() == t;
        boolean drawn = result.kind() == MatchResult.Kind.DRAW;
        for (QueueEntry entry : after.teams().get(t)) {
          if (entry.entity() instanceof Party) {
            stores.tallies().compute(entry.id(),
                (id, tally) -> tally == null ? null : tally.plusResult(won, drawn));
          }
        }
      }
    }
    publish(new MatchEvent.Finished(after, result, now));
    return after;
  }

  /**
   * Cancels a match in its ready check: the entries holding a dodger leave for good (the dodgers
   * get the cooldown), and every other entry goes back into the queue with its original join time
   * if it is still as it was.
   */
  private MatchRecord cancelReadyCheck(MatchRecord match, Set<UserId> dodgers, String reason) {
    Instant now = clock.instant();
    MatchRecord after = match.cancel(now, reason);
    closeMatch(match, after);
    Set<UserId> removed = new HashSet<>();
    List<QueueEntry> back = new ArrayList<>();
    for (QueueEntry entry : match.entries()) {
      boolean dodged = entry.entity().members().stream().anyMatch(m -> dodgers.contains(m.id()));
      if (dodged) {
        entry.entity().members().forEach(m -> removed.add(m.id()));
      } else {
        requeueable(entry).ifPresent(back::add);
      }
    }
    Duration cooldown = config.matches().dodgeCooldown();
    if (!cooldown.isZero()) {
      dodgers.forEach(user -> cooldowns.put(user, now.plus(cooldown)));
    }
    publish(new MatchEvent.Cancelled(after, reason, dodgers, removed, back, now));
    for (QueueEntry entry : back) {
      enqueue(entry);
      if (entry.entity() instanceof SoloPlayer) {
        insertNew(stores.soloTickets(), ((SoloPlayer) entry.entity()).member().id(), entry.id());
        publish(new QueueEvent.SoloJoin(entry));
      } else {
        publish(new QueueEvent.PartyJoin(entry));
      }
    }
    return after;
  }

  /** {@code entry} as it can go back into the queue, if its players are still free as they were. */
  private Optional<QueueEntry> requeueable(QueueEntry entry) {
    QueueEntity entity = entry.entity();
    for (Member m : entity.members()) {
      boolean held = openMatchOfLocked(m.id()).filter(x -> x.state() == MatchRecord.State.POPPED
          || config.matches().blockQueueWhileInMatch()).isPresent();
      if (held || stores.soloTickets().containsKey(m.id())) {
        return Optional.empty();
      }
    }
    if (entity instanceof Party) {
      Optional<Party> now = stores.parties().get(entity.id());
      if (now.isEmpty() || !memberIds(now.get()).equals(memberIds(entity))
          || stores.queue().containsKey(entity.id())) {
        return Optional.empty();
      }
      return Optional.of(new QueueEntry(now.get(), entry.joinedAt()));
    }
    SoloPlayer solo = (SoloPlayer) entity;
    if (stores.memberships().containsKey(solo.member().id())) {
      return Optional.empty();
    }
    EntityId id = solo.id();
    if (reservedIds.contains(id) || stores.parties().containsKey(id)
        || stores.queue().containsKey(id)) {
      id = newEntityId();
    }
    return Optional.of(new QueueEntry(new SoloPlayer(id, solo.region(), solo.member()),
        entry.joinedAt()));
  }

  /** A party change by {@code actor} during its ready check calls the match off, as a decline. */
  private void dodgeIfInReadyCheck(Party party, UserId actor, String what) {
    openMatchOfLocked(actor)
        .filter(m -> m.state() == MatchRecord.State.POPPED)
        .filter(m -> m.entries().stream().anyMatch(e -> e.id().equals(party.id())))
        .ifPresent(m -> cancelReadyCheck(m, Set.of(actor), what + " during the ready check"));
  }

  private void replaceMatch(MatchRecord before, MatchRecord after) {
    if (!stores.matches().replace(before.id(), before, after)) {
      throw new IllegalStateException("match " + before.id() + " changed outside the core");
    }
  }

  private void closeMatch(MatchRecord before, MatchRecord after) {
    replaceMatch(before, after);
    openMatches.remove(after.id());
    for (Member m : after.players()) {
      if (stores.playerMatches().remove(m.id(), after.id())) {
        // With the queue block off a player can be in two open matches; the other still holds
        // them.
        for (String other : openMatches) {
          MatchRecord open = stores.matches().get(other).orElseThrow();
          if (open.hasPlayer(m.id())) {
            stores.playerMatches().put(m.id(), other);
            break;
          }
        }
      }
    }
  }

  private interface MatchOperation {
    Outcome<MatchRecord> apply(MatchRecord match);
  }

  /**
   * Runs {@code body} on match {@code matchId} (its id trimmed) with its due deadlines applied
   * first, under the lock; if {@code player} is given, only if they play in it.
   */
  private Outcome<MatchRecord> onMatch(String matchId, @Nullable UserId player,
      MatchOperation body) {
    requireNonNull(matchId, "matchId");
    return locked(() -> {
      Optional<MatchRecord> found = stores.matches().get(matchId.strip());
      if (found.isEmpty()) {
        return noSuchMatch(matchId);
      }
      if (player != null && !found.get().hasPlayer(player)) {
        return Outcome.failure(Refusal.NOT_IN_MATCH, "You are not playing in match "
            + found.get().id() + ".");
      }
      return body.apply(expireIfDue(found.get()));
    });
  }


  private Optional<Outcome<MatchRecord>> refuseResult(MatchRecord match, MatchResult claimed) {
    if (match.state() == MatchRecord.State.POPPED) {
      return Optional.of(Outcome.failure(Refusal.MATCH_NOT_CONFIRMED, "Match " + match.id()
          + " is still in its ready check; there is no result to report yet."));
    }
    if (!match.state().isOpen()) {
      return Optional.of(ended(match));
    }
    switch (claimed.kind()) {
      case WIN -> {
        if (claimed.winner() >= match.teams().size()) {
          return Optional.of(Outcome.failure(Refusal.INVALID, "Match " + match.id() + " has "
              + match.teams().size() + " teams; there is no team " + (claimed.winner() + 1) + "."));
        }
      }
      case DRAW -> {
        if (!config.matches().allowDraws()) {
          return Optional.of(Outcome.failure(Refusal.INVALID,
              "Draws are not allowed here: report the winning team."));
        }
      }
      case NO_RESULT -> {
        return Optional.of(Outcome.failure(Refusal.INVALID,
            "Report the winning team, or a draw; a match with no result ends by itself."));
      }
      default -> throw new AssertionError(claimed);
    }
    return Optional.empty();
  }

  private static <T> Outcome<T> ended(MatchRecord match) {
    return Outcome.failure(Refusal.MATCH_ENDED, "Match " + match.id() + " has already "
        + (match.state() == MatchRecord.State.FINISHED ? "finished" : "been cancelled") + " ("
        + match.endReason().orElse("") + ").");
  }

  private static <T> Outcome<T> noSuchMatch(String matchId) {
    return Outcome.failure(Refusal.NO_SUCH_MATCH, "There is no match '" + matchId.strip() + "'.");
  }

  /** A refusal if any of {@code members} may not queue now. */
  private <T> Optional<Outcome<T>> refuseIfBlocked(List<Member> members) {
    Instant now = clock.instant();
    boolean alone = members.size() == 1;
    for (Member m : members) {
      String who = alone ? "You" : m.displayName();
      Ban ban = bans.get(m.id());
      if (ban != null && ban.until().isAfter(now)) {
        return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED, who + (alone ? " are" : " is")
            + " banned from queueing for " + describe(Duration.between(now, ban.until()))
            + (ban.reason().isBlank() ? "" : " (" + ban.reason() + ")") + "."));
      }
      Instant until = cooldowns.get(m.id());
      if (until != null && until.isAfter(now)) {
        return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED, who
            + " missed or declined a ready check and can queue again in "
            + describe(Duration.between(now, until)) + "."));
      }
      Optional<MatchRecord> match = openMatchOfLocked(m.id());
      if (match.isPresent() && (match.get().state() == MatchRecord.State.POPPED
          || config.matches().blockQueueWhileInMatch())) {
        return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED, match.get().state()
            == MatchRecord.State.POPPED
            ? who + (alone ? " have" : " has") + " match " + match.get().id()
                + " waiting for the ready check."
            : who + (alone ? " are" : " is") + " still playing match " + match.get().id()
                + ": report its result with /match report first."));
      }
    }
    return Optional.empty();
  }

  private static String describe(Duration d) {
    long seconds = Math.max(1, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
    return seconds < 60 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
  }


  // ---------------------------------------------------------------------------------------------
  // Moderation. The front end decides who is a moderator (a role, or Manage Server); the core
  // applies what they ask with the same care as everything else.

  /** A moderator's ban from queueing, until a time, with a reason shown to the user. */
  private record Ban(Instant until, String reason) {}

  /**
   * Bans {@code user} from queueing for {@code duration}, taking them out of the queue if they are
   * queued alone (a party member's party leaves the queue too).
   */
  public Outcome<Instant> banFromQueue(UserId user, Duration duration, String reason) {
    requireNonNull(user, "user");
    requireNonNull(duration, "duration");
    requireNonNull(reason, "reason");
    return locked(() -> {
      if (duration.isNegative() || duration.isZero()
          || duration.compareTo(Duration.ofDays(365)) > 0) {
        return Outcome.failure(Refusal.INVALID, "A ban lasts from 1 s to 365 days; got "
            + describe(duration) + ".");
      }
      Instant until = clock.instant().plus(duration);
      bans.put(user, new Ban(until, reason.strip()));
      stores.soloTickets().get(user).ifPresent(id -> dequeue(id, LeaveReason.CLEARED));
      stores.memberships().get(user).ifPresent(id -> dequeue(id, LeaveReason.CLEARED));
      return Outcome.success(until);
    });
  }

  /** Lifts {@code user}'s ban from queueing. */
  public Outcome<UserId> liftBan(UserId user) {
    requireNonNull(user, "user");
    return locked(() -> bans.remove(user) != null ? Outcome.success(user)
        : Outcome.failure(Refusal.INVALID, "That user is not banned from queueing."));
  }

  /** Takes every entity out of the queue; returns what was taken out, oldest first. */
  public List<QueueEntry> clearQueue() {
    return locked(() -> {
      List<QueueEntry> all = ImmutableList.copyOf(queueOrder.values());
      for (QueueEntry entry : all) {
        dequeue(entry.id(), LeaveReason.CLEARED);
      }
      return all;
    });
  }

  /** A moderator disbands party {@code id}, wherever they are. */
  public Outcome<Party> disbandAsModerator(EntityId id) {
    requireNonNull(id, "id");
    return locked(() -> {
      Optional<Party> party = stores.parties().get(id);
      if (party.isEmpty()) {
        return Outcome.failure(Refusal.NOT_IN_PARTY, "There is no party " + id + ".");
      }
      // Nobody in the party is at fault: its ready check, if any, is called off without a dodger,
      // after the party is gone so that it is not put back in the queue.
      Optional<MatchRecord> checking = openMatchOfLocked(party.get().leaderId())
          .filter(m -> m.state() == MatchRecord.State.POPPED);
      disband(party.get(), DisbandReason.BY_MODERATOR);
      checking.ifPresent(m -> cancelReadyCheck(m, Set.of(),
          "a moderator disbanded party " + id + " during the ready check"));
      return Outcome.success(party.get());
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** The party {@code user} is in, if any. */
  public Optional<Party> partyOf(UserId user) {
    return locked(() -> partyOfLocked(user));
  }

  /** The party with id {@code id}, if it exists. */
  public Optional<Party> party(EntityId id) {
    return stores.parties().get(id);
  }

  /** The channel of party {@code id}, if it exists. */
  public Optional<ChannelId> channel(EntityId id) {
    return stores.channels().get(id);
  }

  /** Every live party, by id. */
  public List<Party> parties() {
    return stores.parties().snapshot().values().stream()
        .sorted(Comparator.comparing(Party::id))
        .collect(ImmutableList.toImmutableList());
  }

  /** The queue at one moment, oldest first (ties broken by id). */
  public List<QueueEntry> queue() {
    return locked(() -> ImmutableList.copyOf(queueOrder.values()));
  }

  /** The queue entry that holds {@code user}, alone or with their party, if any. */
  public Optional<QueueEntry> queueEntryOf(UserId user) {
    return locked(() -> stores.soloTickets().get(user)
        .or(() -> stores.memberships().get(user))
        .flatMap(stores.queue()::get));
  }

  // ---------------------------------------------------------------------------------------------
  // The machinery: all of it runs with the lock held unless it says otherwise.

  private <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
      runEffects();
    }
  }

  private interface PartyOperation<T> {
    Outcome<T> apply(Party party);
  }

  /** Runs {@code body} on {@code user}'s party if they have one and spoke from its channel. */
  private <T> Outcome<T> inOwnParty(UserId user, ChannelId from, PartyOperation<T> body) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    return locked(() -> {
      Optional<Party> party = partyOfLocked(user);
      if (party.isEmpty()) {
        return creating.contains(user) ? busy() : Outcome.failure(Refusal.NOT_IN_PARTY,
            "You are not in a party. Create one with /party create, or join one with /party join.");
      }
      ChannelId channel = channelOf(party.get().id());
      if (!channel.equals(from)) {
        return Outcome.failure(Refusal.WRONG_CHANNEL,
            "Party commands work only in your party's channel, " + party.get().channelName() + ".");
      }
      return body.apply(party.get());
    });
  }

  /** As {@link #inOwnParty}, and only if {@code user} leads the party. */
  private <T> Outcome<T> asLeader(UserId user, ChannelId from, String what,
      PartyOperation<T> body) {
    return inOwnParty(user, from, party -> party.isLeader(user) ? body.apply(party)
        : Outcome.failure(Refusal.NOT_LEADER, "Only the party's leader, "
            + party.leader().displayName() + ", can " + what + "."));
  }

  private Optional<Party> partyOfLocked(UserId user) {
    return stores.memberships().get(user).flatMap(stores.parties()::get);
  }

  private ChannelId channelOf(EntityId party) {
    return stores.channels().get(party).orElseThrow(
        () -> new IllegalStateException("party " + party + " has no channel"));
  }

  /** A refusal if {@code user} may not start or join a party now. */
  private <T> Optional<Outcome<T>> refuseIfOccupied(UserId user) {
    Optional<Party> party = partyOfLocked(user);
    if (party.isPresent()) {
      return Optional.of(Outcome.failure(Refusal.ALREADY_IN_PARTY, "You are already in party "
          + party.get().id() + ". Leave it first with /party leave in its channel."));
    }
    if (creating.contains(user)) {
      return Optional.of(busy());
    }
    if (stores.soloTickets().containsKey(user)) {
      return Optional.of(Outcome.failure(Refusal.ALREADY_QUEUED, "You are in the queue on your own."
          + " Leave it first with /queue leave in #" + config.lobby() + "."));
    }
    return Optional.empty();
  }

  private static <T> Outcome<T> busy() {
    return Outcome.failure(Refusal.BUSY, "Your party is still being created. Try again in a moment.");
  }

  private static <T> Outcome<T> refuse(Outcome<?> failure) {
    Outcome.Failure<?> f = failure.failure().orElseThrow();
    return Outcome.failure(f.refusal(), f.message());
  }

  private Outcome<Region> resolveRegion(@Nullable String input) {
    if (input == null || input.isBlank()) {
      return Outcome.success(config.regions().defaultRegion());
    }
    return config.regions().find(input).<Outcome<Region>>map(Outcome::success)
        .orElseGet(() -> Outcome.failure(Refusal.UNKNOWN_REGION, "There is no region '"
            + input.strip() + "'. Choose one of: " + config.regions().describe() + "."));
  }

  /** How long {@code user} must wait before guessing again, if they are over the limit. */
  private Optional<Duration> guessLimit(UserId user, Instant now) {
    ArrayDeque<Instant> recent = wrongCodes.get(user);
    if (recent == null) {
      return Optional.empty();
    }
    Instant cutoff = now.minus(config.wrongCodeWindow());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
      recent.removeFirst();
    }
    if (recent.isEmpty()) {
      wrongCodes.remove(user);
      return Optional.empty();
    }
    if (recent.size() < config.wrongCodeLimit()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(cutoff, recent.peekFirst()));
  }

  private void recordWrongCode(UserId user, Instant now) {
    if (wrongCodes.size() >= 10_000) {
      // Forget users whose guesses have all aged out, so the map stays small.
      Instant cutoff = now.minus(config.wrongCodeWindow());
      wrongCodes.values().removeIf(q -> q.isEmpty() || !q.peekLast().isAfter(cutoff));
    }
    wrongCodes.computeIfAbsent(user, u -> new ArrayDeque<>()).addLast(now);
  }

  private EntityId newEntityId() {
    while (true) {
      char[] chars = new char[7];
      chars[0] = 'K';
      for (int i = 1; i < chars.length; i++) {
        chars[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
      }
      EntityId id = new EntityId(new String(chars));
      if (!reservedIds.contains(id) && !stores.parties().containsKey(id)
          && !stores.queue().containsKey(id)) {
        return id;
      }
    }
  }

  private JoinCode newJoinCode() {
    while (true) {
      JoinCode code = JoinCode.random(random);
      if (!reservedCodes.contains(code) && !stores.joinCodes().containsKey(code)) {
        return code;
      }
    }
  }

  private String newMatchId() {
    char[] chars = new char[9];
    chars[0] = 'M';
    for (int i = 1; i < chars.length; i++) {
      chars[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
    }
    return new String(chars);
  }

  private void release(UserId user, EntityId id, JoinCode code) {
    lock.lock();
    try {
      creating.remove(user);
      reservedIds.remove(id);
      reservedCodes.remove(code);
    } finally {
      lock.unlock();
    }
  }

  private void replaceParty(Party before, Party after) {
    if (!stores.parties().replace(before.id(), before, after)) {
      throw new IllegalStateException("party " + before.id() + " changed outside the core");
    }
    stores.queue().get(before.id()).ifPresent(entry -> {
      QueueEntry updated = new QueueEntry(after, entry.joinedAt());
      if (!stores.queue().replace(before.id(), entry, updated)) {
        throw new IllegalStateException("queue entry " + before.id() + " changed outside the core");
      }
      queueOrder.put(QueueKey.of(entry), updated);
    });
  }

  /** Drops {@code user} from the indexes of {@code before} (a party they just left). */
  private void removeMember(Party before, UserId user) {
    checkedRemove(stores.memberships(), user, before.id());
    if (before.isLeader(user)) {
      Party after = stores.parties().get(before.id()).orElseThrow();
      checkedRemove(stores.leaders(), user, before.id());
      insertNew(stores.leaders(), after.leaderId(), before.id());
    }
    ChannelId channel = channelOf(before.id());
    effect(() -> channelPort.revoke(channel, user));
  }

  /** Removes {@code party} and every index of it; returns why it left the queue, if it did. */
  private Optional<LeaveReason> disband(Party party, DisbandReason reason) {
    Optional<LeaveReason> dequeued = dequeue(party.id(), LeaveReason.DISBANDED);
    checkedRemove(stores.parties(), party.id(), party);
    checkedRemove(stores.leaders(), party.leaderId(), party.id());
    for (Member m : party.members()) {
      checkedRemove(stores.memberships(), m.id(), party.id());
    }
    checkedRemove(stores.joinCodes(), party.joinCode(), party.id());
    stores.tallies().remove(party.id());
    ChannelId channel = stores.channels().remove(party.id()).orElseThrow(
        () -> new IllegalStateException("party " + party.id() + " had no channel"));
    effect(() -> channelPort.close(channel));
    publish(new PartyEvent.Disbanded(party, reason, clock.instant()));
    return dequeued;
  }

  /** Takes entity {@code id} out of the queue if it is there; returns {@code reason} if it was. */
  private Optional<LeaveReason> dequeue(EntityId id, LeaveReason reason) {
    Optional<QueueEntry> entry = stores.queue().get(id);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    takeOutOfQueue(entry.get(), now);
    QueueEntity entity = entry.get().entity();
    publish(entity instanceof Party
        ? new QueueEvent.PartyLeave(entry.get(), reason, now)
        : new QueueEvent.SoloLeave(entry.get(), reason, now));
    return Optional.of(reason);
  }

  private void enqueue(QueueEntry entry) {
    insertNew(stores.queue(), entry.id(), entry);
    queueOrder.put(QueueKey.of(entry), entry);
    if (entry.entity() instanceof Party) {
      stayBegan.put(entry.id(), clock.instant());
    }
  }

  /** Where an entry stands in the queue: oldest first, ties broken by id. */
  private record QueueKey(Instant joinedAt, EntityId id) implements Comparable<QueueKey> {
    static QueueKey of(QueueEntry entry) {
      return new QueueKey(entry.joinedAt(), entry.id());
    }

    @Override
    public int compareTo(QueueKey other) {
      int byTime = joinedAt.compareTo(other.joinedAt);
      return byTime != 0 ? byTime : id.compareTo(other.id);
    }
  }

  private void takeOutOfQueue(QueueEntry entry, Instant now) {
    checkedRemove(stores.queue(), entry.id(), entry);
    queueOrder.remove(QueueKey.of(entry));
    QueueEntity entity = entry.entity();
    if (entity instanceof SoloPlayer) {
      checkedRemove(stores.soloTickets(), ((SoloPlayer) entity).member().id(), entity.id());
    } else {
      Instant began = stayBegan.remove(entity.id());
      Duration stay = Duration.between(began == null ? entry.joinedAt() : began, now);
      stores.tallies().compute(entity.id(),
          (id, t) -> (t == null ? PartyTally.EMPTY : t).plusQueued(stay));
    }
  }

  private static boolean sameStay(QueueEntry current, QueueEntry proposed) {
    return current.joinedAt().equals(proposed.joinedAt())
        && memberIds(current.entity()).equals(memberIds(proposed.entity()));
  }

  private static Set<UserId> memberIds(QueueEntity entity) {
    Set<UserId> ids = new HashSet<>();
    for (Member m : entity.members()) {
      ids.add(m.id());
    }
    return ids;
  }

  private static <K, V> void insertNew(
      KeyValueStore<K, V> store, K key, V value) {
    Optional<V> existing = store.putIfAbsent(key, value);
    if (existing.isPresent()) {
      throw new IllegalStateException(
          "store already holds " + key + " -> " + existing.get() + "; refusing " + value);
    }
  }

  private static <K, V> void checkedRemove(
      KeyValueStore<K, V> store, K key, V expected) {
    if (!store.remove(key, expected)) {
      throw new IllegalStateException("store does not hold " + key + " -> " + expected);
    }
  }

  private void publish(RelvaEvent event) {
    effect(() -> events.publish(event));
  }

  private void effect(Runnable effect) {
    effects.add(effect);
  }

  /**
   * Runs queued effects in order, outside the lock. One thread at a time runs them; a thread that
   * finds another running returns at once (the runner will reach its effects), and a listener that
   * calls back into the core queues its effects behind the ones running.
   */
  private void runEffects() {
    if (lock.isHeldByCurrentThread()) {
      return; // a nested call: the outermost unlock runs them
    }
    while (!effects.isEmpty() && runningEffects.compareAndSet(false, true)) {
      try {
        Runnable next;
        while ((next = effects.poll()) != null) {
          try {
            next.run();
          } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a channel change or event delivery failed", e);
          }
        }
      } finally {
        runningEffects.set(false);
      }
    }
  }

  @Override
  public String toString() {
    return "Relva(" + stores.parties().size() + " parties, " + stores.queue().size() + " queued)";
  }

  /** Builds a {@link Relva}. Every setting has a default except the channel port. */
  public static final class Builder {
    private RelvaConfig config = RelvaConfig.defaults();
    private RelvaStores stores = RelvaStores.inMemory();
    private @Nullable PartyChannels channels;
    private EventBus events = EventBus.direct();
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SecureRandom();

    private Builder() {}

    public Builder config(RelvaConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** The stores to keep state in; they must be empty. */
    public Builder stores(RelvaStores stores) {
      this.stores = requireNonNull(stores, "stores");
      return this;
    }

    /** The port that opens, changes and closes party channels. Required. */
    public Builder channels(PartyChannels channels) {
      this.channels = requireNonNull(channels, "channels");
      return this;
    }

    public Builder events(EventBus events) {
      this.events = requireNonNull(events, "events");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where ids and join codes come from. The default is a {@link SecureRandom}; a seeded generator
     * makes tests repeatable but ids guessable, so never use one in production.
     */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    public Relva build() {
      return new Relva(this);
    }
  }
}

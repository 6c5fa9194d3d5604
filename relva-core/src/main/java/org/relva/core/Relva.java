package org.relva.core;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyChannels.ChannelException;
import org.relva.core.event.EventBus;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * Relva's core: the parties and the queue of the spec, with their rules, kept in
 * {@link RelvaStores} and announced on an {@link EventBus}. Build one with {@link #builder()}.
 *
 * <p>Every operation names who runs it and the channel it was run from, checks the spec's rules
 * (who may do it, and where), and returns an {@link Outcome}: a success carrying the new state, or
 * a failure that says why and what to do. A failed operation changes no stored state. The one
 * exception is a wrong join code, which counts against the user's guess limit.
 *
 * <h2>Concurrency</h2>
 * This class is thread-safe. A change touches several stores (a join updates the party, the
 * membership index and maybe the queue), and those stores must never disagree, so every change
 * runs under one lock: Relva runs as a single instance (the spec says so), and an in-memory
 * operation takes well under a microsecond, so one lock costs little and makes every operation
 * atomic. Nothing foreign runs under the lock: opening a channel happens between two locked steps
 * (the user and the new id are reserved in between, so nobody else can take them), and the other
 * channel changes and the events are queued under the lock as {@link Effects} and run after it,
 * one at a time in the order of the changes.
 *
 * <h2>Where each rule lives</h2>
 * This class owns the lock and the running of effects, and nothing else: each public operation is
 * one locked call into a package-private part, the way Caffeine's {@code BoundedLocalCache} keeps
 * its helpers. The parts are not thread-safe on their own and are only ever called with the lock
 * held; they never call the channel port or the event bus, only queue effects.
 * <ul>
 *   <li>{@link Access}: the channel rule and the leader rule (who may do what, and where);
 *   <li>{@link Parties}: creating, joining, leaving and leading a party, and the join-code rules;
 *   <li>{@link JoinCodeGuard}: the limit on wrong join-code guesses;
 *   <li>{@link Ids}: party, solo and match ids, join codes, and a creation's reservations;
 *   <li>{@link Queueing}: queueing a party or a solo player, leaving, and the pop;
 *   <li>{@link QueueIndex}: the queue's bookkeeping, its order and each party's stay;
 *   <li>{@link QueueBlocks}: who may not queue now (bans, dodge cooldowns, open matches);
 *   <li>{@link ReadyChecks}: a match's life after the pop, its ready check, results and deadlines;
 *   <li>{@link Moderation}: bans and a moderator's disband;
 *   <li>{@link Context}, {@link Effects}, {@link StoreWrites}: what the parts share.
 * </ul>
 *
 * <h2>State</h2>
 * Everything that must outlive the process is in {@link RelvaStores}. Built on stores that already
 * hold state, the core rebuilds its indexes from them (the queue's order, the open matches). Only
 * the wrong-code limiter's recent guesses and the reservations of creations in progress are kept in
 * memory alone, deliberately: a restart loses nothing a user was told had happened.
 */
public final class Relva {
  private static final System.Logger LOG = System.getLogger(Relva.class.getName());

  private final RelvaConfig config;
  private final RelvaStores stores;
  private final PartyChannels channelPort;
  private final EventBus events;
  private final Clock clock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Effects effects;
  private final QueueIndex queueIndex;
  private final Parties parties;
  private final Queueing queueing;
  private final QueueBlocks blocks;
  private final ReadyChecks readyChecks;
  private final Moderation moderation;

  private Relva(Builder builder) {
    this.config = builder.config;
    this.stores = builder.stores;
    this.channelPort = requireNonNull(builder.channels, "channels: set a PartyChannels port");
    this.events = builder.events;
    this.clock = builder.clock;
    this.effects = new Effects(channelPort, events);
    Context ctx = new Context(config, stores, clock, builder.random, effects);
    Ids ids = new Ids(ctx);
    Access access = new Access(ctx, ids);
    this.queueIndex = new QueueIndex(ctx);
    this.blocks = new QueueBlocks(ctx);
    this.readyChecks = new ReadyChecks(ctx, queueIndex, blocks, ids);
    this.parties = new Parties(ctx, access, ids, new JoinCodeGuard(config), queueIndex,
        readyChecks);
    this.queueing = new Queueing(ctx, access, ids, queueIndex, blocks, readyChecks);
    this.moderation = new Moderation(ctx, queueIndex, blocks, parties, readyChecks);
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
    Outcome<Parties.Creation> reserved = lockedWithoutEffects(() -> parties.reserve(user, region));
    if (!reserved.isSuccess()) {
      return Context.refuse(reserved);
    }
    Parties.Creation creation = reserved.orElseThrow();
    EntityId id = creation.reservation().id();
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
        // whatever went wrong, even an Error, frees the reservation
        lockedWithoutEffects(() -> {
          parties.abandon(creation);
          return null;
        });
      }
    }
    ChannelId opened = channel;
    return locked(() -> Outcome.success(parties.create(creation, user, opened)));
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
    return locked(() -> parties.join(user, code));
  }

  /**
   * Takes {@code user} out of their party. A leader's leadership passes to the longest-standing
   * member; the last member's leaving disbands the party. A queued party leaves the queue.
   */
  public Outcome<Departure> leaveParty(UserId user, ChannelId from) {
    requireUserAndChannel(user, from);
    return locked(() -> parties.leave(user, from));
  }

  /** Disbands {@code leader}'s party, taking it out of the queue and closing its channel. */
  public Outcome<Party> disbandParty(UserId leader, ChannelId from) {
    requireUserAndChannel(leader, from);
    return locked(() -> parties.disband(leader, from));
  }

  /** Removes {@code target} from {@code leader}'s party. A queued party leaves the queue. */
  public Outcome<Departure> removeMember(UserId leader, ChannelId from, UserId target) {
    requireNonNull(target, "target");
    requireUserAndChannel(leader, from);
    return locked(() -> parties.remove(leader, from, target));
  }

  /** Makes {@code target} the leader of {@code leader}'s party. */
  public Outcome<Party> promote(UserId leader, ChannelId from, UserId target) {
    requireNonNull(target, "target");
    requireUserAndChannel(leader, from);
    return locked(() -> parties.promote(leader, from, target));
  }

  /** Gives {@code leader}'s party a new join code; the old one stops working at once. */
  public Outcome<Party> newJoinCode(UserId leader, ChannelId from) {
    requireUserAndChannel(leader, from);
    return locked(() -> parties.newJoinCode(leader, from));
  }

  /**
   * Moves {@code leader}'s party to {@code region} (the default when null or blank), from its
   * channel. Refused while the party is queued: take it out first.
   */
  public Outcome<Party> changePartyRegion(UserId leader, ChannelId from, @Nullable String region) {
    requireUserAndChannel(leader, from);
    return locked(() -> parties.changeRegion(leader, from, region));
  }

  /** {@code user}'s party, its channel, and whether it is queued. Any member may ask. */
  public Outcome<PartyInfo> partyInfo(UserId user, ChannelId from) {
    requireUserAndChannel(user, from);
    return locked(() -> parties.info(user, from));
  }

  /** What the core knows of {@code user}'s party's history. Any member may ask. */
  public Outcome<PartyStats> partyStats(UserId user, ChannelId from) {
    requireUserAndChannel(user, from);
    return locked(() -> parties.stats(user, from));
  }

  // ---------------------------------------------------------------------------------------------
  // The queue

  /** Puts {@code leader}'s party in the queue, from its channel. It needs 2 to 5 members. */
  public Outcome<QueueEntry> queueParty(UserId leader, ChannelId from) {
    requireUserAndChannel(leader, from);
    return locked(() -> queueing.queueParty(leader, from));
  }

  /** Takes {@code leader}'s party out of the queue, from its channel. */
  public Outcome<QueueEntry> dequeueParty(UserId leader, ChannelId from) {
    requireUserAndChannel(leader, from);
    return locked(() -> queueing.dequeueParty(leader, from));
  }

  /**
   * Queues {@code user} alone in {@code region} (the default when null or blank), from the lobby
   * channel. A party member is refused: their leader queues the party from its channel.
   */
  public Outcome<QueueEntry> joinQueue(Member user, ChannelId from, @Nullable String region) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    return locked(() -> queueing.joinSolo(user, from, region));
  }

  /** Takes solo-queued {@code user} out of the queue, from the lobby channel. */
  public Outcome<QueueEntry> leaveQueue(UserId user, ChannelId from) {
    requireUserAndChannel(user, from);
    return locked(() -> queueing.leaveSolo(user, from));
  }

  /**
   * Queues whatever {@code user} queues for from {@code from}: in their party's channel, the party
   * (only its leader may, and it plays in its own region, so naming one is refused); anywhere else,
   * themself alone in {@code region}, which works only from the lobby and never for a party member.
   * A front end with one "queue me" command calls this, so the decision is the core's.
   */
  public Outcome<QueueEntry> enqueue(Member user, ChannelId from, @Nullable String region) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
    return locked(() -> queueing.enqueue(user, from, region));
  }

  /**
   * Takes whatever {@code user} queued for out of the queue: their party, from its channel (only
   * its leader may), or themself, from the lobby.
   */
  public Outcome<QueueEntry> dequeue(UserId user, ChannelId from) {
    requireUserAndChannel(user, from);
    return locked(() -> queueing.dequeue(user, from));
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
    return locked(() -> queueing.pop(region, teams));
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
    return locked(() -> readyChecks.accept(user, matchId));
  }

  /**
   * Declines match {@code matchId}'s ready check for {@code user}, which cancels it: the user and
   * their party leave the queue (with the configured cooldown for the user), and everyone else goes
   * back into it with their original join time.
   */
  public Outcome<MatchRecord> declineMatch(UserId user, String matchId) {
    requireNonNull(user, "user");
    requireNonNull(matchId, "matchId");
    return locked(() -> readyChecks.decline(user, matchId));
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
    return locked(() -> readyChecks.report(user, matchId, claimed));
  }

  /** A moderator's final word on a confirmed match's result. */
  public Outcome<MatchRecord> setResult(String matchId, MatchResult result) {
    requireNonNull(matchId, "matchId");
    requireNonNull(result, "result");
    return locked(() -> readyChecks.setResult(matchId, result));
  }

  /**
   * A moderator calls off an open match. In its ready check nobody is at fault, so every entry
   * goes back into the queue; a confirmed match simply ends and frees its players.
   */
  public Outcome<MatchRecord> cancelMatch(String matchId, String reason) {
    return cancelMatch(matchId, reason, true);
  }

  /**
   * A moderator calls off an open match, choosing what happens to its players if it is in its
   * ready check: with {@code requeue} every entry goes back into the queue keeping its place (as
   * {@link #cancelMatch(String, String)}); without, every entry leaves the queue, with no
   * cooldown, since nobody dodged. A confirmed match simply ends either way.
   */
  public Outcome<MatchRecord> cancelMatch(String matchId, String reason, boolean requeue) {
    requireNonNull(matchId, "matchId");
    requireNonNull(reason, "reason");
    return locked(() -> readyChecks.cancel(matchId, reason, requeue));
  }

  /**
   * Moves matches on with time: ready checks past their deadline are cancelled (whoever did not
   * accept counts as declining), confirmed matches past the result expiry end with no result, and
   * spent bans and cooldowns are forgotten. Call it periodically (the bot does, every few seconds)
   * and after moving a test clock.
   *
   * @return the matches this tick ended
   */
  public List<MatchRecord> tick() {
    return locked(() -> {
      List<MatchRecord> ended = readyChecks.expireDue();
      blocks.forgetSpent(clock.instant());
      return ended;
    });
  }

  /** The match with id {@code matchId}, open or ended, if there is one. */
  public Optional<MatchRecord> match(String matchId) {
    return stores.matches().get(matchId);
  }

  /** The open match (in its ready check, or confirmed) that holds {@code user}, if any. */
  public Optional<MatchRecord> openMatchOf(UserId user) {
    return locked(() -> stores.playerMatches().get(user).flatMap(stores.matches()::get)
        .filter(m -> m.state().isOpen()));
  }

  /** Every open match, oldest first. */
  public List<MatchRecord> openMatches() {
    return locked(readyChecks::openMatches);
  }

  // ---------------------------------------------------------------------------------------------
  // Moderation. The front end decides who is a moderator (a role, or Manage Server).

  /**
   * Bans {@code user} from queueing for {@code duration}, taking them out of the queue if they are
   * queued alone (a party member's party leaves the queue too).
   */
  public Outcome<Instant> banFromQueue(UserId user, Duration duration, String reason) {
    requireNonNull(user, "user");
    requireNonNull(duration, "duration");
    requireNonNull(reason, "reason");
    return locked(() -> moderation.ban(user, duration, reason));
  }

  /** Lifts {@code user}'s ban from queueing. */
  public Outcome<UserId> liftBan(UserId user) {
    requireNonNull(user, "user");
    return locked(() -> moderation.lift(user));
  }

  /** Takes every entity out of the queue; returns what was taken out, oldest first. */
  public List<QueueEntry> clearQueue() {
    return locked(queueing::clear);
  }

  /** A moderator disbands party {@code id}, wherever they are. */
  public Outcome<Party> disbandAsModerator(EntityId id) {
    requireNonNull(id, "id");
    return locked(() -> moderation.disband(id));
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** The party {@code user} is in, if any. */
  public Optional<Party> partyOf(UserId user) {
    return locked(() -> stores.memberships().get(user).flatMap(stores.parties()::get));
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
    return locked(queueIndex::snapshot);
  }

  /** The queue entry that holds {@code user}, alone or with their party, if any. */
  public Optional<QueueEntry> queueEntryOf(UserId user) {
    return locked(() -> stores.soloTickets().get(user)
        .or(() -> stores.memberships().get(user))
        .flatMap(stores.queue()::get));
  }

  // ---------------------------------------------------------------------------------------------
  // The lock and the effects: the only place that takes the one or runs the other.

  /** Runs {@code body} under the lock, then the effects it queued, after unlocking. */
  private <T> T locked(Supplier<T> body) {
    try {
      return lockedWithoutEffects(body);
    } finally {
      runEffects();
    }
  }

  private <T> T lockedWithoutEffects(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs the queued effects, unless this thread holds the lock (its outermost call will). */
  private void runEffects() {
    if (!lock.isHeldByCurrentThread()) {
      effects.run();
    }
  }

  private static void requireUserAndChannel(UserId user, ChannelId from) {
    requireNonNull(user, "user");
    requireNonNull(from, "from");
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

    /**
     * The stores to keep state in. They may hold the state of an earlier run (durable stores, say);
     * the core rebuilds its indexes from what they hold.
     */
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

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyChannels.ChannelException;
import org.relva.core.event.EventBus;
import org.relva.core.model.ChannelId;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.EntityId;
import org.relva.core.model.MapPoll;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;

/**
 * Relva's core: the parties and the queue of the spec, with their rules, kept in
 * {@link RelvaStores} and announced on an {@link EventBus}. Build one with {@link #builder()}.
 *
 * <p>Every operation names who runs it and the channel it was run from, checks the spec's rules
 * (who may do it, and where), and returns an {@link Outcome}: a success carrying the new state, or
 * a failure that says why and what to do. A failed operation changes no stored state but two:
 * a wrong join code counts against the guess limit, and deadlines passed apply first.
 *
 * <h2>Concurrency</h2>
 * This class is thread-safe. Every change runs under one lock (an operation takes about a
 * microsecond), so the stores never disagree. Nothing foreign runs under it but the journal's
 * commit: a channel opens between two locked steps (its user and id reserved meanwhile), and the
 * other channel changes and the events run after it, one at a time in the order of the changes.
 *
 * <h2>Durability</h2>
 * With a {@link StateJournal} ({@link Builder#journal}), each operation's writes are committed in
 * one transaction under the lock, before the outcome is returned and its effects let out: nobody
 * hears of a change a crash could lose. A failed commit undoes it ({@link
 * Refusal#STORAGE_UNAVAILABLE}).
 *
 * <h2>Where each rule lives</h2>
 * This class is the core's surface: each operation is one call through {@code Guard} (the lock
 * and the effects) into a package-private part, which only queues effects; the package's
 * documentation lists the parts. All durable state is in {@link RelvaStores}.
 */
public final class Relva {
  private static final System.Logger LOG = System.getLogger(Relva.class.getName());

  private final RelvaStores stores;
  private final PartyChannels channelPort;
  private final EventBus events;
  private final Clock clock;

  private final Context ctx;
  private final Journaling journaling;
  private final Guard guard;
  private final Effects effects;
  private final QueueIndex queueIndex;
  private final Parties parties;
  private final Queueing queueing;
  private final QueueBlocks blocks;
  private final ReadyChecks readyChecks;
  private final Moderation moderation;
  private final Substitutes substitutes;
  private final MapVotes mapVotes;
  private final Drafts drafts;
  private final QueueChoice choice;

  private Relva(Builder builder) {
    this.stores = builder.stores;
    this.channelPort = requireNonNull(builder.channels, "channels: set a PartyChannels port");
    this.events = builder.events;
    this.clock = builder.clock;
    this.journaling = new Journaling(builder.journal, stores);
    this.effects = new Effects(channelPort, events);
    this.guard = new Guard(journaling, effects);
    this.ctx = new Context(builder.config, journaling.working(), clock, builder.random, effects,
        builder.ratings);
    this.queueIndex = new QueueIndex(ctx);
    Ids ids = new Ids(ctx, queueIndex);
    Access access = new Access(ctx, ids);
    this.blocks = new QueueBlocks(ctx);
    this.mapVotes = new MapVotes(ctx);
    this.drafts = new Drafts(ctx, mapVotes);
    this.readyChecks = new ReadyChecks(ctx, queueIndex, blocks, ids, mapVotes, drafts);
    this.parties = new Parties(ctx, access, ids, new JoinCodeGuard(builder.config), queueIndex,
        readyChecks);
    this.choice = new QueueChoice(ctx, queueIndex);
    this.queueing = new Queueing(ctx, access, ids, queueIndex, blocks, readyChecks, choice);
    this.substitutes = new Substitutes(ctx, ids, blocks, mapVotes, drafts);
    this.moderation = new Moderation(ctx, queueIndex, blocks, parties, readyChecks);
    journaling.indexes(queueIndex, readyChecks);
    guard.locked(() -> Outcome.success(choice.apply(builder.config))); // a removed queue's rest
  }

  /** A builder with the default configuration, in-memory stores and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings this core runs with now. */
  public RelvaConfig config() {
    return ctx.config();
  }

  /** Runs on {@code next}'s queues from now on, in one journaled step (see QueueChoice). */
  public Outcome<RelvaConfig> reconfigure(RelvaConfig next) {
    requireNonNull(next, "next");
    RelvaConfig before = ctx.config();
    return guard.locked(() -> {
      try {
        return choice.refuseReconfigure(next).orElseGet(() -> Outcome.success(choice.apply(next)));
      } catch (RuntimeException | Error e) {
        ctx.reconfigure(before);
        throw e;
      }
    }, notSaved -> {
      ctx.reconfigure(before);
      return Outcome.failure(Refusal.STORAGE_UNAVAILABLE, "The new settings could not be saved, "
          + "so nothing changed. Try again in a moment.");
    });
  }

  /** The bus this core publishes its events on. */
  public EventBus events() {
    return events;
  }

  /** The clock this core reads time from. */
  public Clock clock() {
    return clock;
  }

  // Parties

  /** Creates a party led by {@code user} in {@code region} (null: the default), its channel. */
  public Outcome<Party> createParty(Member user, ChannelId from, @Nullable String region) {
    requireBoth(user, "user", from, "from");
    Outcome<Parties.Creation> reserved = guard.locked(() -> parties.reserve(user, region));
    if (!reserved.isSuccess()) {
      return Context.refuse(reserved);
    }
    Parties.Creation creation = reserved.orElseThrow();
    EntityId id = creation.reservation().id();
    ChannelId channel = null;
    try {
      channel = requireNonNull(channelPort.open(id, Party.channelName(id), user),
          "PartyChannels.open returned null");
    } catch (ChannelException | RuntimeException e) {
      boolean refused = e instanceof ChannelException; // Discord said no, rather than a bug
      LOG.log(refused ? Level.WARNING : Level.ERROR, () -> "no channel for party " + id, e);
      return Outcome.failure(Refusal.CHANNEL_UNAVAILABLE, "Your party's channel could not be "
          + "opened" + (refused ? " (" + e.getMessage() + ")" : " because of an internal error")
          + ", so no party was created. Try again " + (refused ? "in a moment." : "later."));
    } finally {
      if (channel == null) {
        // whatever went wrong, even an Error, frees the reservation
        guard.locked(() -> {
          parties.abandon(creation);
          return Outcome.success(id);
        });
      }
    }
    ChannelId opened = channel;
    Outcome<Party> made = guard.locked(() -> Outcome.success(parties.create(creation, user, opened)));
    if (made.refused().filter(Refusal.STORAGE_UNAVAILABLE::equals).isPresent()) {
      effects.closeNow(opened); // no party holds it: it would be left over
    }
    return made;
  }

  /** Adds {@code user} to the party of join code {@code code}; wrong codes are limited. */
  public Outcome<Party> joinParty(Member user, ChannelId from, String code) {
    requireBoth(user, "user", from, "from");
    requireNonNull(code, "code");
    return guard.locked(() -> parties.join(user, code));
  }

  /** Takes {@code user} out of their party (leadership passes on; the last one disbands it). */
  public Outcome<Departure> leaveParty(UserId user, ChannelId from) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> parties.leave(user, from));
  }

  /** Disbands {@code leader}'s party, taking it out of the queue and closing its channel. */
  public Outcome<Party> disbandParty(UserId leader, ChannelId from) {
    requireBoth(leader, "leader", from, "from");
    return guard.locked(() -> parties.disband(leader, from));
  }

  /** Removes {@code target} from {@code leader}'s party. A queued party leaves the queue. */
  public Outcome<Departure> removeMember(UserId leader, ChannelId from, UserId target) {
    requireBoth(target, "target", leader, "leader");
    requireNonNull(from, "from");
    return guard.locked(() -> parties.remove(leader, from, target));
  }

  /** Makes {@code target} the leader of {@code leader}'s party. */
  public Outcome<Party> promote(UserId leader, ChannelId from, UserId target) {
    requireBoth(target, "target", leader, "leader");
    requireNonNull(from, "from");
    return guard.locked(() -> parties.promote(leader, from, target));
  }

  /** Gives {@code leader}'s party a new join code; the old one stops working at once. */
  public Outcome<Party> newJoinCode(UserId leader, ChannelId from) {
    requireBoth(leader, "leader", from, "from");
    return guard.locked(() -> parties.newJoinCode(leader, from));
  }

  /** Moves {@code leader}'s unqueued party to {@code region} (null: the default). */
  public Outcome<Party> changePartyRegion(UserId leader, ChannelId from, @Nullable String region) {
    requireBoth(leader, "leader", from, "from");
    return guard.locked(() -> parties.changeRegion(leader, from, region));
  }

  /** {@code user}'s party, its channel, and whether it is queued. Any member may ask. */
  public Outcome<PartyInfo> partyInfo(UserId user, ChannelId from) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> parties.info(user, from));
  }

  /** What the core knows of {@code user}'s party's history. Any member may ask. */
  public Outcome<PartyStats> partyStats(UserId user, ChannelId from) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> parties.stats(user, from));
  }

  // The queue

  /** Puts {@code leader}'s party (2 to 5) in the only queue, from its channel. */
  public Outcome<QueueEntry> queueParty(UserId leader, ChannelId from) {
    requireBoth(leader, "leader", from, "from");
    return guard.locked(() -> queueing.queueParty(leader, from, null));
  }

  /** Takes {@code leader}'s party out of every queue, from its channel. */
  public Outcome<QueueEntry> dequeueParty(UserId leader, ChannelId from) {
    requireBoth(leader, "leader", from, "from");
    return guard.locked(() -> queueing.dequeueParty(leader, from, null));
  }

  /** Queues {@code user} alone in {@code region} (null: the default), in lobby {@code from}. */
  public Outcome<QueueEntry> joinQueue(Member user, ChannelId from, @Nullable String region) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> queueing.joinSolo(user, from, null, region));
  }

  /** Takes solo-queued {@code user} out of every queue, from a lobby. */
  public Outcome<QueueEntry> leaveQueue(UserId user, ChannelId from) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> queueing.leaveSolo(user, from, null));
  }

  /**
   * Queues whatever {@code user} queues for from {@code from}: in their party's channel, the party
   * (only its leader may, and it plays in its own region, so naming one is refused); anywhere else,
   * themself alone in {@code region}, which works only from the lobby and never for a party member.
   * A front end with one "queue me" command calls this, so the decision is the core's.
   */
  public Outcome<QueueEntry> enqueue(Member user, ChannelId from, @Nullable String region) {
    return enqueue(user, from, null, region);
  }

  /** {@link #enqueue(Member, ChannelId, String)} for {@code queue} (null: see QueueChoice). */
  public Outcome<QueueEntry> enqueue(Member user, ChannelId from, @Nullable QueueId queue,
      @Nullable String region) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> queueing.enqueue(user, from, queue, region));
  }

  /** Takes what {@code user} queued (their party, from its channel) out of every queue. */
  public Outcome<QueueEntry> dequeue(UserId user, ChannelId from) {
    return dequeue(user, from, null);
  }

  /** {@link #dequeue(UserId, ChannelId)} of queue {@code queue} only (null: every queue). */
  public Outcome<QueueEntry> dequeue(UserId user, ChannelId from, @Nullable QueueId queue) {
    requireBoth(user, "user", from, "from");
    return guard.locked(() -> queueing.dequeue(user, from, queue));
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
    return pop(QueueId.DEFAULT, region, teams);
  }

  /** {@link #pop(Region, List)} from {@code queue}: its entities leave every queue they wait in. */
  public Outcome<PoppedMatch> pop(QueueId queue, Region region, List<List<QueueEntry>> teams) {
    requireBoth(region, "region", teams, "teams");
    requireNonNull(queue, "queue");
    return guard.locked(() -> queueing.pop(queue, region, teams));
  }

  // Matches: the ready check, results, and the way out of every state

  /** {@code user} accepts match {@code matchId}'s ready check (again: no change). */
  public Outcome<MatchRecord> acceptMatch(UserId user, String matchId) {
    requireBoth(matchId, "matchId", user, "user");
    return guard.locked(() -> readyChecks.accept(user, matchId));
  }

  /** {@code user} declines, cancelling the ready check: the others go back to its queue. */
  public Outcome<MatchRecord> declineMatch(UserId user, String matchId) {
    requireBoth(matchId, "matchId", user, "user");
    return guard.locked(() -> readyChecks.decline(user, matchId));
  }

  /** {@code user} reports their confirmed match's result; final when most agree. */
  public Outcome<MatchRecord> reportResult(UserId user, String matchId, MatchResult claimed) {
    requireBoth(matchId, "matchId", claimed, "claimed");
    requireNonNull(user, "user");
    return guard.locked(() -> readyChecks.report(user, matchId, claimed));
  }

  /** A moderator's final word on a confirmed match's result. */
  public Outcome<MatchRecord> setResult(String matchId, MatchResult result) {
    requireBoth(matchId, "matchId", result, "result");
    return guard.locked(() -> readyChecks.setResult(matchId, result));
  }

  /** A moderator corrects finished match {@code matchId}'s result (audited: corrections()). */
  public Outcome<MatchRecord> correctResult(String matchId, MatchResult result, Member by,
      String reason) {
    requireBoth(matchId, "matchId", result, "result");
    requireBoth(by, "by", reason, "reason");
    return guard.locked(() -> readyChecks.correct(matchId, result, by, reason));
  }

  /** The audit of every corrected match, by id; corrections are rare, so kept in memory. */
  public Map<String, MatchAudit> corrections() {
    return guard.read(() -> stores.corrections().snapshot());
  }

  /** A moderator calls off an open match: {@code cancelMatch(matchId, reason, true)}. */
  public Outcome<MatchRecord> cancelMatch(String matchId, String reason) {
    return cancelMatch(matchId, reason, true);
  }

  /** A moderator calls off an open match; in its ready check, {@code requeue} puts them back. */
  public Outcome<MatchRecord> cancelMatch(String matchId, String reason, boolean requeue) {
    requireBoth(matchId, "matchId", reason, "reason");
    return guard.locked(() -> readyChecks.cancel(matchId, reason, requeue));
  }

  /**
   * Moves matches on with time: ready checks past their deadline are cancelled (whoever did not
   * accept counts as declining), confirmed matches past the result expiry end with no result,
   * late picks and map votes are settled, and spent bans and cooldowns are forgotten; returns the
   * matches it ended. Call it every few seconds (the bot does) and after moving a test clock.
   */
  public List<MatchRecord> tick() {
    return guard.locked(() -> {
      List<MatchRecord> ended = readyChecks.expireDue(); // late picks included
      mapVotes.closeDue();
      blocks.forgetSpent(clock.instant());
      return ended;
    }, notSaved -> List.of()); // the next tick tries again
  }

  /** The match {@code matchId}, open or ended (then maybe read from the journal), if any. */
  public Optional<MatchRecord> match(String matchId) {
    return guard.read(() -> readyChecks.find(matchId));
  }

  /** The ids of every ended match; with a durable journal, read from it. */
  public Set<String> endedMatchIds() {
    return guard.read(journaling::endedMatchIds);
  }

  /** The open match (in its ready check, or confirmed) that holds {@code user}, if any. */
  public Optional<MatchRecord> openMatchOf(UserId user) {
    return guard.read(() -> ctx.openMatchOf(user));
  }

  /** Every open match, oldest first. */
  public List<MatchRecord> openMatches() {
    return guard.read(readyChecks::openMatches);
  }

  /** {@code user} votes for {@code map} in their confirmed match's map vote ({@link MapVote}). */
  public Outcome<MapPoll> voteMap(UserId user, String map) {
    requireBoth(user, "user", map, "map");
    return guard.locked(() -> mapVotes.vote(user, map));
  }

  /** {@code user} volunteers to captain their match, during its ready check ({@link Draft}). */
  public Outcome<DraftBoard> volunteerCaptain(UserId user) {
    requireNonNull(user, "user");
    return guard.locked(() -> drafts.volunteer(user));
  }

  /** {@code captain}, on turn, picks {@code target} (and party); late picks are made first. */
  public Outcome<MatchRecord> pick(UserId captain, UserId target) {
    requireBoth(captain, "captain", target, "target");
    return guard.locked(() -> drafts.pick(captain, target));
  }

  /** The captains' draft of open match {@code matchId}, while it runs (rules: {@code Drafts}). */
  public Optional<DraftBoard> draft(String matchId) {
    return guard.read(() -> stores.drafts().get(matchId.strip()));
  }

  // Substitutes: the rules are in Substitutes.

  /** {@code user} asks for someone to take their place in their open match. */
  public Outcome<MatchRecord> requestSub(UserId user) {
    requireNonNull(user, "user");
    return guard.locked(() -> substitutes.request(user));
  }

  /** {@code taker}, who is free to queue, takes the place {@code out} asked to leave. */
  public Outcome<MatchRecord> takeSub(Member taker, UserId out) {
    requireBoth(taker, "taker", out, "out");
    return guard.locked(() -> substitutes.take(taker, out));
  }

  /** A moderator puts {@code in}, who is free to queue, in {@code out}'s place in their match. */
  public Outcome<MatchRecord> substitute(UserId out, Member in) {
    requireBoth(out, "out", in, "in");
    return guard.locked(() -> substitutes.replace(out, in));
  }

  // Moderation. The front end decides who is a moderator (a role, or Manage Server).

  /** Bans {@code user} from queueing for {@code duration}, taking them (and party) out. */
  public Outcome<Instant> banFromQueue(UserId user, Duration duration, String reason) {
    requireBoth(user, "user", duration, "duration");
    requireNonNull(reason, "reason");
    return guard.locked(() -> moderation.ban(user, duration, reason));
  }

  /** Lifts {@code user}'s ban from queueing. */
  public Outcome<UserId> liftBan(UserId user) {
    requireNonNull(user, "user");
    return guard.locked(() -> moderation.lift(user));
  }

  /** Takes every entity out of the queue; returns what was taken out, oldest first. */
  public List<QueueEntry> clearQueue() {
    return guard.locked(queueing::clear, notSaved -> List.of());
  }

  /** A moderator disbands party {@code id}, wherever they are. */
  public Outcome<Party> disbandAsModerator(EntityId id) {
    requireNonNull(id, "id");
    return guard.locked(() -> moderation.disband(id));
  }

  // Queries

  /** The party {@code user} is in, if any. */
  public Optional<Party> partyOf(UserId user) {
    return guard.read(() -> ctx.partyOf(user));
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

  /** Every queue's entries at one moment, oldest first (ties by id, then queue). */
  public List<QueueEntry> queue() {
    return guard.read(queueIndex::snapshot);
  }

  /** Queue {@code queue} at one moment, oldest first (ties broken by id). */
  public List<QueueEntry> queue(QueueId queue) {
    return guard.read(() -> queueIndex.snapshot(queue));
  }

  /** The oldest queue entry that holds {@code user}, alone or with their party, if any. */
  public Optional<QueueEntry> queueEntryOf(UserId user) {
    return guard.read(() -> stores.soloTickets().get(user)
        .or(() -> stores.memberships().get(user))
        .flatMap(queueIndex::oldest));
  }

  private static void requireBoth(Object one, String oneName, Object other, String otherName) {
    requireNonNull(one, oneName);
    requireNonNull(other, otherName);
  }

  /** Builds a {@link Relva}. Every setting has a default except the channel port. */
  public static final class Builder {
    private RelvaConfig config = RelvaConfig.defaults();
    private RelvaStores stores = RelvaStores.inMemory();
    private @Nullable PartyChannels channels;
    private EventBus events = EventBus.direct();
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SecureRandom();
    private StateJournal journal = StateJournal.none();
    private PlayerRatings ratings = PlayerRatings.none();

    private Builder() {}

    public Builder config(RelvaConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** The stores to keep state in; if they hold state, the core rebuilds its indexes from it. */
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

    /**
     * The durable copy of the stores (SQLite or PostgreSQL): loaded into the (empty) stores at
     * build, committed to by every operation; the default keeps nothing. After a restart, attach
     * the listeners, {@link Relva#tick()} (for deadlines due meanwhile), then start the matchmaker.
     */
    public Builder journal(StateJournal journal) {
      this.journal = requireNonNull(journal, "journal");
      return this;
    }

    /** The ratings a captains' draft reads (by default everyone is rated the same). */
    public Builder ratings(PlayerRatings ratings) {
      this.ratings = requireNonNull(ratings, "ratings");
      return this;
    }

    /** Builds the core; a restored state that breaks an invariant is refused (ISE). */
    public Relva build() {
      return new Relva(this);
    }
  }
}

package org.relva.core;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * The queue's operations: a leader queues and de-queues the party, a solo player joins and leaves,
 * and the daemon pops a match. This is the place to change who may queue and how a pop takes its
 * entries; who may not queue for now is {@link QueueBlocks}' business, and the queue's bookkeeping
 * {@link QueueIndex}'s. Not thread-safe: used with {@link Relva}'s lock held.
 */
final class Queueing {
  private final Context ctx;
  private final Access access;
  private final Ids ids;
  private final QueueIndex queue;
  private final QueueBlocks blocks;
  private final ReadyChecks readyChecks;

  Queueing(Context ctx, Access access, Ids ids, QueueIndex queue, QueueBlocks blocks,
      ReadyChecks readyChecks) {
    this.ctx = ctx;
    this.access = access;
    this.ids = ids;
    this.queue = queue;
    this.blocks = blocks;
    this.readyChecks = readyChecks;
  }

  /**
   * "Queue me": from the party's channel a leader queues the party (in its own region, so naming
   * one is refused); anywhere else it is a solo queue, which refuses party members with the reason.
   */
  Outcome<QueueEntry> enqueue(Member user, ChannelId from, @Nullable String region) {
    if (access.speaksForParty(user.id(), from)) {
      Party party = ctx.partyOf(user.id()).orElseThrow();
      if (region != null && !region.isBlank()) {
        return Outcome.failure(Refusal.INVALID, new RefusalDetail.PartyRegion(party.region()),
            "A party queues in its own region, " + party.region() + "; name no region.");
      }
      return queueParty(user.id(), from);
    }
    return joinSolo(user, from, region);
  }

  /** "Take me out": the party from its channel (its leader only), or a solo player anywhere. */
  Outcome<QueueEntry> dequeue(UserId user, ChannelId from) {
    return access.speaksForParty(user, from) ? dequeueParty(user, from) : leaveSolo(user, from);
  }

  /**
   * The refusal for leaving a queue that a ready check has already taken {@code user} out of:
   * what they mean is to decline the match.
   */
  private Optional<Outcome<QueueEntry>> inReadyCheck(UserId user) {
    return readyChecks.readyCheckOf(user).map(match -> Outcome.failure(Refusal.NOT_QUEUED,
        new RefusalDetail.InReadyCheck(match.id()), "You are no longer in the queue: match "
            + match.id() + " popped with you in it. To leave, decline the match."));
  }

  Outcome<QueueEntry> queueParty(UserId leader, ChannelId from) {
    return access.asLeader(leader, from, "queue the party", party -> {
      if (queue.contains(party.id())) {
        return Outcome.failure(Refusal.ALREADY_QUEUED, "Your party is already in the queue.");
      }
      Optional<Outcome<QueueEntry>> blocked = blocks.refuseIfBlocked(party.members());
      if (blocked.isPresent()) {
        return blocked.get();
      }
      if (!party.canQueue()) {
        int cap = ctx.config().maxPartySize();
        return Outcome.failure(Refusal.PARTY_TOO_SMALL,
            new RefusalDetail.PartySize(party.size(), Party.MIN_QUEUE_SIZE, cap, party.joinCode()),
            "A party needs " + (cap == Party.MIN_QUEUE_SIZE ? "" + cap
                : Party.MIN_QUEUE_SIZE + " to " + cap) + " players to queue; yours has "
                + party.size() + ". Share the join code " + party.joinCode().display() + ".");
      }
      QueueEntry entry = new QueueEntry(party, ctx.now());
      queue.enqueue(entry);
      ctx.publish(new QueueEvent.PartyJoin(entry));
      return Outcome.success(entry);
    });
  }

  Outcome<QueueEntry> dequeueParty(UserId leader, ChannelId from) {
    return access.asLeader(leader, from, "take the party out of the queue", party -> {
      Optional<QueueEntry> entry = ctx.stores().queue().get(party.id());
      if (entry.isEmpty()) {
        return inReadyCheck(leader).orElseGet(() ->
            Outcome.failure(Refusal.NOT_QUEUED, "Your party is not in the queue."));
      }
      queue.dequeue(party.id(), LeaveReason.LEFT);
      return Outcome.success(entry.get());
    });
  }

  Outcome<QueueEntry> joinSolo(Member user, ChannelId from, @Nullable String region) {
    Optional<Outcome<QueueEntry>> refused = access.refuseSoloJoin(user.id(), from);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (ctx.stores().soloTickets().containsKey(user.id())) {
      return Outcome.failure(Refusal.ALREADY_QUEUED, "You are already in the queue.");
    }
    Optional<Outcome<QueueEntry>> blocked = blocks.refuseIfBlocked(List.of(user));
    if (blocked.isPresent()) {
      return blocked.get();
    }
    Outcome<Region> where = ctx.region(region);
    if (!where.isSuccess()) {
      return Context.refuse(where);
    }
    SoloPlayer solo = new SoloPlayer(ids.newEntityId(), where.orElseThrow(), user);
    QueueEntry entry = new QueueEntry(solo, ctx.now());
    queue.enqueue(entry);
    ctx.publish(new QueueEvent.SoloJoin(entry));
    return Outcome.success(entry);
  }

  Outcome<QueueEntry> leaveSolo(UserId user, ChannelId from) {
    Optional<EntityId> ticket = ctx.stores().soloTickets().get(user);
    if (ticket.isEmpty()) {
      Optional<Party> party = ctx.partyOf(user);
      if (party.isPresent()) {
        return Outcome.failure(Refusal.NOT_QUEUED, Access.inParty(party.get(), user),
            "You are not queued alone. Your party's leader queues and de-queues the party in "
                + party.get().channelName() + ".");
      }
      return inReadyCheck(user).orElseGet(() ->
          Outcome.failure(Refusal.NOT_QUEUED, "You are not in the queue."));
    }
    Optional<Outcome<QueueEntry>> refused = access.refuseSoloLeave(from);
    if (refused.isPresent()) {
      return refused.get();
    }
    QueueEntry entry = ctx.stores().queue().get(ticket.get()).orElseThrow(
        () -> new IllegalStateException("solo ticket " + ticket.get() + " has no queue entry"));
    queue.dequeue(ticket.get(), LeaveReason.LEFT);
    return Outcome.success(entry);
  }

  /**
   * Takes a match's entries out of the queue, all or none, publishes {@code queuePop} and opens
   * the match. Each proposed entry must still be queued as it was proposed.
   */
  Outcome<PoppedMatch> pop(Region region, List<List<QueueEntry>> teams) {
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
        Optional<QueueEntry> now = ctx.stores().queue().get(proposed.id());
        if (now.isEmpty() || !sameStay(now.get(), proposed)) {
          return Outcome.failure(Refusal.ENTRY_CHANGED,
              proposed.id() + " is no longer in the queue as proposed.");
        }
        members.add(now.get());
      }
      current.add(members.build());
    }
    Instant now = ctx.now();
    PoppedMatch match = new PoppedMatch(ids.newMatchId(), region, current.build(), now);
    for (QueueEntry entry : match.entries()) {
      queue.takeOut(entry, now);
      if (entry.entity() instanceof Party) {
        ctx.stores().tallies().compute(entry.id(),
            (id, t) -> (t == null ? PartyTally.EMPTY : t).plusMatch());
      }
    }
    ctx.publish(new QueueEvent.QueuePop(match));
    readyChecks.open(match, now);
    return Outcome.success(match);
  }

  /** Takes every entity out of the queue; returns what was taken out, oldest first. */
  List<QueueEntry> clear() {
    List<QueueEntry> all = queue.snapshot();
    for (QueueEntry entry : all) {
      queue.dequeue(entry.id(), LeaveReason.CLEARED);
    }
    return all;
  }

  private static boolean sameStay(QueueEntry current, QueueEntry proposed) {
    return current.joinedAt().equals(proposed.joinedAt())
        && QueueIndex.sameMembers(current.entity(), proposed.entity());
  }
}

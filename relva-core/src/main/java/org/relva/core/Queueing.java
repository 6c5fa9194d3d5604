package org.relva.core;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * The queues' operations: a leader queues and de-queues the party, a solo player joins and
 * leaves, and a daemon pops a match; which queue is meant is {@link QueueChoice}'s business.
 * This is the place to change who may queue and how a pop takes its
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

  private final QueueChoice choice;

  Queueing(Context ctx, Access access, Ids ids, QueueIndex queue, QueueBlocks blocks,
      ReadyChecks readyChecks, QueueChoice choice) {
    this.choice = choice;
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
   * {@code named} is the queue, or null for the one meant ({@link QueueChoice}).
   */
  Outcome<QueueEntry> enqueue(Member user, ChannelId from, @Nullable QueueId named,
      @Nullable String region) {
    if (access.speaksForParty(user.id(), from)) {
      Party party = ctx.partyOf(user.id()).orElseThrow();
      if (region != null && !region.isBlank()) {
        return Outcome.failure(Refusal.INVALID, new RefusalDetail.PartyRegion(party.region()),
            "A party queues in its own region, " + party.region() + "; name no region.");
      }
      return queueParty(user.id(), from, named);
    }
    return joinSolo(user, from, named, region);
  }

  /**
   * "Take me out": the party from its channel (its leader only), or a solo player from a lobby;
   * of queue {@code named}, or (null) of every queue it waits in.
   */
  Outcome<QueueEntry> dequeue(UserId user, ChannelId from, @Nullable QueueId named) {
    return access.speaksForParty(user, from) ? dequeueParty(user, from, named)
        : leaveSolo(user, from, named);
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

  Outcome<QueueEntry> queueParty(UserId leader, ChannelId from, @Nullable QueueId named) {
    return access.asLeader(leader, from, "queue the party", party -> {
      Outcome<QueueSpec> spec = choice.forParty(named);
      if (!spec.isSuccess()) {
        return Context.refuse(spec);
      }
      QueueSpec q = spec.orElseThrow();
      Optional<Outcome<QueueEntry>> waiting = choice.refuseIfWaiting(party.id(), q,
          "Your party is");
      if (waiting.isPresent()) {
        return waiting.get();
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
      Optional<Outcome<QueueEntry>> large = choice.refuseIfTooLarge(party.size(), q);
      if (large.isPresent()) {
        return large.get();
      }
      Outcome<Region> where = QueueChoice.offered(q, party.region());
      if (!where.isSuccess()) {
        return Context.refuse(where);
      }
      QueueEntry entry = new QueueEntry(party, ctx.now(), q.id());
      queue.enqueue(entry);
      ctx.publish(new QueueEvent.PartyJoin(entry));
      return Outcome.success(entry);
    });
  }

  Outcome<QueueEntry> dequeueParty(UserId leader, ChannelId from, @Nullable QueueId named) {
    return access.asLeader(leader, from, "take the party out of the queue", party -> {
      Outcome<List<QueueEntry>> entries = waitingIn(party.id(), named);
      if (!entries.isSuccess()) {
        return Context.refuse(entries);
      }
      if (entries.orElseThrow().isEmpty()) {
        return inReadyCheck(leader).orElseGet(() ->
            Outcome.failure(Refusal.NOT_QUEUED, "Your party is not in the queue."));
      }
      entries.orElseThrow().forEach(e -> queue.dequeue(e, LeaveReason.LEFT));
      return Outcome.success(entries.orElseThrow().get(0));
    });
  }

  /** Entity {@code id}'s entries in queue {@code named}, or in every queue when it is null. */
  private Outcome<List<QueueEntry>> waitingIn(EntityId id, @Nullable QueueId named) {
    if (named == null) {
      return Outcome.success(queue.entries(id));
    }
    Outcome<QueueSpec> spec = choice.named(named);
    if (!spec.isSuccess() && queue.entry(named, id).isEmpty()) {
      return Context.refuse(spec); // a removed queue's leftover may still be left
    }
    return Outcome.success(queue.entry(named, id).stream().toList());
  }

  Outcome<QueueEntry> joinSolo(Member user, ChannelId from, @Nullable QueueId named,
      @Nullable String region) {
    Optional<Outcome<QueueEntry>> refused = access.refuseSoloJoin(user.id(), from);
    if (refused.isPresent()) {
      return refused.get();
    }
    Outcome<QueueSpec> spec = choice.forSolo(named, from);
    if (!spec.isSuccess()) {
      return Context.refuse(spec);
    }
    QueueSpec q = spec.orElseThrow();
    Optional<EntityId> ticket = ctx.stores().soloTickets().get(user.id());
    if (ticket.isPresent()) {
      Optional<Outcome<QueueEntry>> waiting = choice.refuseIfWaiting(ticket.get(), q, "You are");
      if (waiting.isPresent()) {
        return waiting.get();
      }
    }
    Optional<Outcome<QueueEntry>> blocked = blocks.refuseIfBlocked(List.of(user));
    if (blocked.isPresent()) {
      return blocked.get();
    }
    Outcome<Region> where = Context.region(q.regions(), region);
    if (!where.isSuccess()) {
      return Context.refuse(where);
    }
    SoloPlayer solo = new SoloPlayer(ticket.orElseGet(ids::newEntityId), where.orElseThrow(),
        user);
    QueueEntry entry = new QueueEntry(solo, ctx.now(), q.id());
    queue.enqueue(entry);
    ctx.publish(new QueueEvent.SoloJoin(entry));
    return Outcome.success(entry);
  }

  Outcome<QueueEntry> leaveSolo(UserId user, ChannelId from, @Nullable QueueId named) {
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
    Outcome<List<QueueEntry>> entries = waitingIn(ticket.get(), named);
    if (!entries.isSuccess()) {
      return Context.refuse(entries);
    }
    if (entries.orElseThrow().isEmpty()) {
      return Outcome.failure(Refusal.NOT_QUEUED, "You are not in the queue " + named + ".");
    }
    entries.orElseThrow().forEach(e -> queue.dequeue(e, LeaveReason.LEFT));
    return Outcome.success(entries.orElseThrow().get(0));
  }

  /**
   * Takes a match's entries out of queue {@code from}, and out of every other queue their
   * entities wait in, all or none; publishes the leaves from the other queues
   * ({@link LeaveReason#POPPED_ELSEWHERE}), then {@code queuePop}, and opens the match. Each
   * proposed entry must still be queued in {@code from} as it was proposed.
   */
  Outcome<PoppedMatch> pop(QueueId from, Region region, List<List<QueueEntry>> teams) {
    if (teams.size() < 2 || teams.stream().anyMatch(List::isEmpty)) {
      return Outcome.failure(Refusal.INVALID, "A match needs at least two non-empty teams.");
    }
    Outcome<QueueSpec> spec = choice.named(from);
    if (!spec.isSuccess()) {
      return Context.refuse(spec);
    }
    Set<EntityId> seen = new HashSet<>();
    ImmutableList.Builder<List<QueueEntry>> current = ImmutableList.builder();
    for (List<QueueEntry> team : teams) {
      ImmutableList.Builder<QueueEntry> members = ImmutableList.builder();
      for (QueueEntry proposed : team) {
        if (!seen.add(proposed.id())) {
          return Outcome.failure(Refusal.INVALID, proposed.id() + " is in the match twice.");
        }
        Optional<QueueEntry> now = queue.entry(from, proposed.id());
        if (!proposed.queue().equals(from) || now.isEmpty() || !sameStay(now.get(), proposed)) {
          return Outcome.failure(Refusal.ENTRY_CHANGED,
              proposed.id() + " is no longer in the queue"
                  + (from.equals(QueueId.DEFAULT) ? "" : " " + from) + " as proposed.");
        }
        members.add(now.get());
      }
      current.add(members.build());
    }
    Instant now = ctx.now();
    String matchId = ids.newMatchId();
    ImmutableList<List<QueueEntry>> popped = current.build();
    Map<EntityId, List<QueueId>> alsoLeft = new LinkedHashMap<>();
    List<QueueEntry> elsewhere = new ArrayList<>();
    for (List<QueueEntry> team : popped) {
      for (QueueEntry entry : team) {
        for (QueueEntry other : queue.entries(entry.id())) {
          if (!other.queue().equals(from)) {
            elsewhere.add(other);
            alsoLeft.computeIfAbsent(entry.id(), k -> new ArrayList<>()).add(other.queue());
          }
        }
      }
    }
    PoppedMatch match = new PoppedMatch(matchId, region, popped, now, from, alsoLeft);
    for (QueueEntry other : elsewhere) {
      queue.dequeue(other, LeaveReason.POPPED_ELSEWHERE, now, Optional.of(matchId));
    }
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
      queue.dequeue(entry, LeaveReason.CLEARED);
    }
    return all;
  }

  private static boolean sameStay(QueueEntry current, QueueEntry proposed) {
    return current.joinedAt().equals(proposed.joinedAt())
        && QueueIndex.sameMembers(current.entity(), proposed.entity());
  }
}

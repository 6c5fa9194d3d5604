package org.relva.core;

import static org.relva.core.StoreWrites.checkedRemove;
import static org.relva.core.StoreWrites.checkedReplace;
import static org.relva.core.StoreWrites.insertNew;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.PartyEvent.DisbandReason;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.ChannelId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * Parties: making one, joining it with its code, leaving, the leader's powers (disband, remove,
 * promote, a new code), and what members may read. This is the place to change the join-code
 * rules, the party cap's use, and what a party change does to the queue and to a ready check.
 *
 * <p>A change keeps every index in step with the party: its leader, memberships, join code,
 * channel and tally, and its queue entry if it is queued. Not thread-safe: used with
 * {@link Relva}'s lock held.
 */
final class Parties {
  /** A party creation between its two locked steps: what it reserved, and where it plays. */
  record Creation(Ids.Reservation reservation, Region region) {}

  private final Context ctx;
  private final Access access;
  private final Ids ids;
  private final JoinCodeGuard guard;
  private final QueueIndex queue;
  private final ReadyChecks readyChecks;

  Parties(Context ctx, Access access, Ids ids, JoinCodeGuard guard, QueueIndex queue,
      ReadyChecks readyChecks) {
    this.ctx = ctx;
    this.access = access;
    this.ids = ids;
    this.guard = guard;
    this.queue = queue;
    this.readyChecks = readyChecks;
  }

  /** The first step of a creation: checks the rules, and reserves an id and a code. */
  Outcome<Creation> reserve(Member user, @Nullable String region) {
    Outcome<Region> where = ctx.region(region);
    if (!where.isSuccess()) {
      return Context.refuse(where);
    }
    Optional<Outcome<Creation>> busy = access.refuseIfOccupied(user.id());
    if (busy.isPresent()) {
      return busy.get();
    }
    return Outcome.success(new Creation(ids.reserve(user.id()), where.orElseThrow()));
  }

  /** The last step of a creation: the channel is open, so the party is made. */
  Party create(Creation creation, Member leader, ChannelId channel) {
    Ids.Reservation r = creation.reservation();
    ids.release(r);
    Party party = Party.create(r.id(), creation.region(), leader, r.code(), ctx.now());
    insertNew(ctx.stores().parties(), party.id(), party);
    insertNew(ctx.stores().leaders(), leader.id(), party.id());
    insertNew(ctx.stores().memberships(), leader.id(), party.id());
    insertNew(ctx.stores().joinCodes(), party.joinCode(), party.id());
    insertNew(ctx.stores().channels(), party.id(), channel);
    ctx.stores().tallies().put(party.id(), PartyTally.EMPTY);
    ctx.publish(new PartyEvent.Created(party, party.createdAt()));
    return party;
  }

  /** Gives back a creation's reservation when its channel could not be opened. */
  void abandon(Creation creation) {
    ids.release(creation.reservation());
  }

  Outcome<Party> join(Member user, String code) {
    Optional<Outcome<Party>> busy = access.refuseIfOccupied(user.id());
    if (busy.isPresent()) {
      return busy.get();
    }
    Instant now = ctx.now();
    Optional<Duration> wait = guard.waitFor(user.id(), now);
    if (wait.isPresent()) {
      return Outcome.failure(Refusal.TOO_MANY_ATTEMPTS, new RefusalDetail.TryAgainIn(wait.get()),
          "Too many wrong join codes. Try again in " + Math.max(1, wait.get().toSeconds()) + " s.");
    }
    Optional<Party> found = JoinCode.parse(code)
        .flatMap(ctx.stores().joinCodes()::get)
        .flatMap(ctx.stores().parties()::get);
    if (found.isEmpty()) {
      guard.recordWrong(user.id(), now);
      return Outcome.failure(Refusal.NO_SUCH_CODE, "No party has the join code '" + code.strip()
          + "'. Check it with the party's leader: a new code replaces the old one.");
    }
    Party party = found.get();
    int cap = ctx.config().largestParty();
    if (party.size() >= cap) {
      return Outcome.failure(Refusal.PARTY_FULL, new RefusalDetail.PartyFull(party.id(), cap),
          "Party " + party.id() + " is full (" + cap + " players).");
    }
    if (queue.contains(party.id())) {
      return Outcome.failure(Refusal.PARTY_QUEUED, "Party " + party.id()
          + " is in the queue. Ask " + party.leader().displayName()
          + " to take it out of the queue so you can join.");
    }
    Optional<MatchRecord> playing = ctx.openMatchOf(party.leaderId());
    if (playing.isPresent()) {
      return Outcome.failure(Refusal.PARTY_QUEUED, "Party " + party.id() + " is in match "
          + playing.get().id() + ". You can join once it is over.");
    }
    Party after = party.plus(user);
    replace(party, after);
    insertNew(ctx.stores().memberships(), user.id(), party.id());
    ctx.effects().grant(ctx.channelOf(party.id()), user);
    ctx.publish(new PartyEvent.MemberJoined(after, user, now));
    return Outcome.success(after);
  }

  Outcome<Departure> leave(UserId user, ChannelId from) {
    return access.inOwnParty(user, from, party -> {
      Member member = party.member(user).orElseThrow();
      readyChecks.dodgeIfInReadyCheck(party, user, member.displayName() + " left their party");
      if (party.size() == 1) {
        Optional<LeaveReason> dequeued = disband(party, DisbandReason.LAST_MEMBER_LEFT);
        return Outcome.success(new Departure(member, party, Optional.empty(), dequeued));
      }
      Optional<LeaveReason> dequeued = queue.dequeue(party.id(), LeaveReason.MEMBER_LEFT);
      Party after = party.minus(user);
      replace(party, after);
      dropMember(party, user);
      ctx.publish(new PartyEvent.MemberLeft(after, member, party.isLeader(user), ctx.now()));
      return Outcome.success(new Departure(member, party, Optional.of(after), dequeued));
    });
  }

  Outcome<Party> disband(UserId leader, ChannelId from) {
    return access.asLeader(leader, from, "disband the party", party -> {
      readyChecks.dodgeIfInReadyCheck(party, leader,
          party.leader().displayName() + " disbanded their party");
      disband(party, DisbandReason.BY_LEADER);
      return Outcome.success(party);
    });
  }

  Outcome<Departure> remove(UserId leader, ChannelId from, UserId target) {
    return access.asLeader(leader, from, "remove players", party -> {
      if (target.equals(leader)) {
        return Outcome.failure(Refusal.CANNOT_TARGET_SELF, new RefusalDetail.TargetIsSelf("remove"),
            "You can't remove yourself. Leave the party instead, or disband it.");
      }
      Optional<Member> member = party.member(target);
      if (member.isEmpty()) {
        return Outcome.failure(Refusal.NOT_A_MEMBER, "That user is not in your party.");
      }
      readyChecks.dodgeIfInReadyCheck(party, leader, party.leader().displayName() + " removed "
          + member.get().displayName() + " from their party");
      Optional<LeaveReason> dequeued = queue.dequeue(party.id(), LeaveReason.MEMBER_REMOVED);
      Party after = party.minus(target);
      replace(party, after);
      dropMember(party, target);
      ctx.publish(new PartyEvent.MemberRemoved(after, member.get(), leader, ctx.now()));
      return Outcome.success(new Departure(member.get(), party, Optional.of(after), dequeued));
    });
  }

  Outcome<Party> promote(UserId leader, ChannelId from, UserId target) {
    return access.asLeader(leader, from, "promote another leader", party -> {
      if (target.equals(leader)) {
        return Outcome.failure(Refusal.CANNOT_TARGET_SELF,
            new RefusalDetail.TargetIsSelf("promote"), "You already lead this party.");
      }
      if (!party.hasMember(target)) {
        return Outcome.failure(Refusal.NOT_A_MEMBER, "That user is not in your party.");
      }
      Party after = party.ledBy(target);
      replace(party, after);
      checkedRemove(ctx.stores().leaders(), leader, party.id());
      insertNew(ctx.stores().leaders(), target, party.id());
      ctx.publish(new PartyEvent.LeaderPromoted(after, leader, ctx.now()));
      return Outcome.success(after);
    });
  }

  Outcome<Party> newJoinCode(UserId leader, ChannelId from) {
    return access.asLeader(leader, from, "make a new join code", party -> {
      JoinCode code = ids.newJoinCode();
      Party after = party.withJoinCode(code);
      replace(party, after);
      checkedRemove(ctx.stores().joinCodes(), party.joinCode(), party.id());
      insertNew(ctx.stores().joinCodes(), code, party.id());
      ctx.publish(new PartyEvent.JoinCodeChanged(after, ctx.now()));
      return Outcome.success(after);
    });
  }

  /** Moves the leader's party to another region; refused while it is queued. */
  Outcome<Party> changeRegion(UserId leader, ChannelId from, @Nullable String region) {
    return access.asLeader(leader, from, "change the party's region", party -> {
      if (queue.contains(party.id())) {
        return Outcome.failure(Refusal.PARTY_QUEUED, new RefusalDetail.PartyRegion(party.region()),
            "The party is in the queue in " + party.region() + ". Take it out of the queue first, "
                + "then change its region.");
      }
      Outcome<Region> where = ctx.region(region);
      if (!where.isSuccess()) {
        return Context.refuse(where);
      }
      Party after = party.withRegion(where.orElseThrow());
      if (!after.region().equals(party.region())) {
        replace(party, after);
        ctx.publish(new PartyEvent.RegionChanged(after, party.region(), ctx.now()));
      }
      return Outcome.success(after);
    });
  }

  /** When {@code party} joined the queue it has waited in longest, if it is queued. */
  private Optional<Instant> queuedSince(Party party) {
    return queue.oldest(party.id()).map(QueueEntry::joinedAt);
  }

  Outcome<PartyInfo> info(UserId user, ChannelId from) {
    return access.inOwnParty(user, from, party -> Outcome.success(new PartyInfo(party,
        ctx.channelOf(party.id()), queuedSince(party))));
  }

  Outcome<PartyStats> stats(UserId user, ChannelId from) {
    return access.inOwnParty(user, from, party -> {
      PartyTally tally = ctx.stores().tallies().get(party.id()).orElse(PartyTally.EMPTY);
      Optional<Instant> since = queuedSince(party);
      Duration queued = tally.queuedBefore().plus(queue.currentStay(party.id(), ctx.now()));
      return Outcome.success(new PartyStats(party, party.createdAt(), since, queued,
          tally.matches(), tally.wins(), tally.losses(), tally.draws()));
    });
  }

  /** Removes {@code party} and every index of it; returns why it left the queue, if it did. */
  Optional<LeaveReason> disband(Party party, DisbandReason reason) {
    Optional<LeaveReason> dequeued = queue.dequeue(party.id(), LeaveReason.DISBANDED);
    checkedRemove(ctx.stores().parties(), party.id(), party);
    checkedRemove(ctx.stores().leaders(), party.leaderId(), party.id());
    for (Member m : party.members()) {
      checkedRemove(ctx.stores().memberships(), m.id(), party.id());
    }
    checkedRemove(ctx.stores().joinCodes(), party.joinCode(), party.id());
    ctx.stores().tallies().remove(party.id());
    ChannelId channel = ctx.stores().channels().remove(party.id()).orElseThrow(
        () -> new IllegalStateException("party " + party.id() + " had no channel"));
    ctx.effects().close(channel);
    ctx.publish(new PartyEvent.Disbanded(party, reason, ctx.now()));
    return dequeued;
  }

  private void replace(Party before, Party after) {
    checkedReplace(ctx.stores().parties(), before.id(), before, after);
    queue.partyChanged(after);
  }

  /** Drops {@code user} from the indexes of {@code before} (a party they just left). */
  private void dropMember(Party before, UserId user) {
    checkedRemove(ctx.stores().memberships(), user, before.id());
    if (before.isLeader(user)) {
      Party after = ctx.stores().parties().get(before.id()).orElseThrow();
      checkedRemove(ctx.stores().leaders(), user, before.id());
      insertNew(ctx.stores().leaders(), after.leaderId(), before.id());
    }
    ctx.effects().revoke(ctx.channelOf(before.id()), user);
  }
}

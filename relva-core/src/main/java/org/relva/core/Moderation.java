package org.relva.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.relva.core.event.PartyEvent.DisbandReason;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;

/**
 * What a moderator may do beyond the players' rules: ban from queueing and lift a ban, and disband
 * any party. The front end decides who is a moderator (a role, or Manage Server); the core applies
 * what they ask with the same care as everything else. Clearing the queue and calling off or
 * settling a match live with the queue and the match lifecycle. Not thread-safe: used with
 * {@link Relva}'s lock held.
 */
final class Moderation {
  private final Context ctx;
  private final QueueIndex queue;
  private final QueueBlocks blocks;
  private final Parties parties;
  private final ReadyChecks readyChecks;

  Moderation(Context ctx, QueueIndex queue, QueueBlocks blocks, Parties parties,
      ReadyChecks readyChecks) {
    this.ctx = ctx;
    this.queue = queue;
    this.blocks = blocks;
    this.parties = parties;
    this.readyChecks = readyChecks;
  }

  /** Bans {@code user}, taking them (and a party they are in) out of the queue. */
  Outcome<Instant> ban(UserId user, Duration duration, String reason) {
    Outcome<Instant> banned = blocks.ban(user, duration, reason);
    if (banned.isSuccess()) {
      ctx.stores().soloTickets().get(user).ifPresent(id -> queue.dequeue(id, LeaveReason.CLEARED));
      ctx.stores().memberships().get(user).ifPresent(id -> queue.dequeue(id, LeaveReason.CLEARED));
    }
    return banned;
  }

  Outcome<UserId> lift(UserId user) {
    return blocks.lift(user) ? Outcome.success(user)
        : Outcome.failure(Refusal.INVALID, "That user is not banned from queueing.");
  }

  /**
   * Disbands party {@code id}. Nobody in it is at fault: its ready check, if any, is called off
   * without a dodger, after the party is gone so that it is not put back in the queue.
   */
  Outcome<Party> disband(EntityId id) {
    Optional<Party> party = ctx.stores().parties().get(id);
    if (party.isEmpty()) {
      return Outcome.failure(Refusal.NOT_IN_PARTY, "There is no party " + id + ".");
    }
    Optional<MatchRecord> checking = readyChecks.readyCheckOf(party.get().leaderId());
    parties.disband(party.get(), DisbandReason.BY_MODERATOR);
    checking.ifPresent(m -> readyChecks.callOff(m,
        "a moderator disbanded party " + id + " during the ready check"));
    return Outcome.success(party.get());
  }
}

package org.relva.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.relva.core.RefusalDetail.Blocked;
import org.relva.core.RefusalDetail.Blocked.Cause;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.QueueBan;
import org.relva.core.model.UserId;

/**
 * Who may not queue now, and why: a moderator's ban, the cooldown after dodging a ready check, or
 * an open match (its ready check, or, when {@link MatchRules#blockQueueWhileInMatch()}, the match
 * itself). Bans and cooldowns live in {@link RelvaStores#bans()} and
 * {@link RelvaStores#cooldowns()}, so they outlive a restart. Not thread-safe: used with
 * {@link Relva}'s lock held.
 */
final class QueueBlocks {
  static final Duration LONGEST_BAN = Duration.ofDays(365);

  private final Context ctx;

  QueueBlocks(Context ctx) {
    this.ctx = ctx;
  }

  /** A refusal if any of {@code members} may not queue now. */
  <T> Optional<Outcome<T>> refuseIfBlocked(List<Member> members) {
    Instant now = ctx.now();
    boolean alone = members.size() == 1;
    for (Member m : members) {
      String who = alone ? "You" : m.displayName();
      Optional<QueueBan> ban = ctx.stores().bans().get(m.id()).filter(b -> b.holdsAt(now));
      if (ban.isPresent()) {
        String reason = ban.get().reason();
        return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED,
            new Blocked(m, Cause.BANNED, Optional.of(ban.get().until()), reason, Optional.empty()),
            who + (alone ? " are" : " is") + " banned from queueing for "
                + describe(Duration.between(now, ban.get().until()))
                + (reason.isBlank() ? "" : " (" + reason + ")") + "."));
      }
      Optional<Instant> until = ctx.stores().cooldowns().get(m.id()).filter(u -> u.isAfter(now));
      if (until.isPresent()) {
        return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED,
            new Blocked(m, Cause.COOLDOWN, until, "", Optional.empty()),
            who + " missed or declined a ready check and can queue again in "
                + describe(Duration.between(now, until.get())) + "."));
      }
      Optional<MatchRecord> match = ctx.openMatchOf(m.id());
      if (match.isPresent() && holds(match.get())) {
        String id = match.get().id();
        boolean readyCheck = match.get().state() == MatchRecord.State.POPPED;
        return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED,
            new Blocked(m, readyCheck ? Cause.READY_CHECK : Cause.IN_MATCH, Optional.empty(), "",
                Optional.of(id)),
            readyCheck
                ? who + (alone ? " have" : " has") + " match " + id + " waiting for the ready check."
                : who + (alone ? " are" : " is") + " still playing match " + id
                    + ": report its result first."));
      }
    }
    return Optional.empty();
  }

  /** Whether open match {@code match} keeps its players from queueing. */
  boolean holds(MatchRecord match) {
    return match.state() == MatchRecord.State.POPPED
        || ctx.rules(match).blockQueueWhileInMatch();
  }

  /** Gives each of {@code dodgers} {@code cooldown} (their match queue's), unless it is zero. */
  void cooldown(Set<UserId> dodgers, Instant now, Duration cooldown) {
    if (!cooldown.isZero()) {
      dodgers.forEach(user -> ctx.stores().cooldowns().put(user, now.plus(cooldown)));
    }
  }

  /** Bans {@code user} for {@code duration}; refused unless it is from 1 s to 365 days. */
  Outcome<Instant> ban(UserId user, Duration duration, String reason) {
    if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST_BAN) > 0) {
      return Outcome.failure(Refusal.INVALID, "A ban lasts from 1 s to 365 days; got "
          + (duration.isNegative() || duration.isZero() ? duration.toSeconds() + " s"
              : describe(duration)) + ".");
    }
    Instant until = ctx.now().plus(duration);
    ctx.stores().bans().put(user, new QueueBan(until, reason.strip()));
    return Outcome.success(until);
  }

  /** Lifts {@code user}'s ban; whether there was one. */
  boolean lift(UserId user) {
    return ctx.stores().bans().remove(user).isPresent();
  }

  /** Forgets the bans and cooldowns that have run out by {@code now}. */
  void forgetSpent(Instant now) {
    ctx.stores().cooldowns().snapshot().forEach((user, until) -> {
      if (!until.isAfter(now)) {
        ctx.stores().cooldowns().remove(user, until);
      }
    });
    ctx.stores().bans().snapshot().forEach((user, ban) -> {
      if (!ban.holdsAt(now)) {
        ctx.stores().bans().remove(user, ban);
      }
    });
  }

  static String describe(Duration d) {
    long seconds = Math.max(1, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    String text = minutes < 60 ? minutes + " min" : minutes / 60 + " h"
        + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    return seconds % 60 == 0 ? text : text + " " + seconds % 60 + " s";
  }
}

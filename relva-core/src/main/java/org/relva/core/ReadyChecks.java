package org.relva.core;

import static com.google.common.base.Preconditions.checkState;
import static org.relva.core.StoreWrites.checkedReplace;
import static org.relva.core.StoreWrites.insertNew;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.ResultCorrection;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * A match's life after its pop: the ready check, confirmation or cancellation, result reports,
 * and the deadlines that end every open match in the end ({@link MatchRules}). This is the place
 * to change what a ready check does, how long it lasts, what happens to those who dodge it and to
 * everyone else, and when a result is final.
 *
 * <p>Every operation on a match applies its due deadlines first, so a deadline counts at once, not
 * at the next tick. The set of open matches is an index over {@link RelvaStores#matches()}, rebuilt
 * from it when the core is built, so ticks need not scan ended matches. Not thread-safe: used with
 * {@link Relva}'s lock held.
 */
final class ReadyChecks {
  private final Context ctx;
  private final QueueIndex queue;
  private final QueueBlocks blocks;
  private final Ids ids;
  private final MapVotes maps;
  private final Drafts drafts;
  private final Set<String> open = new HashSet<>();

  ReadyChecks(Context ctx, QueueIndex queue, QueueBlocks blocks, Ids ids, MapVotes maps,
      Drafts drafts) {
    this.ctx = ctx;
    this.queue = queue;
    this.blocks = blocks;
    this.ids = ids;
    this.maps = maps;
    this.drafts = drafts;
    rebuild();
  }

  /** Finds the open matches anew in the match store: at the start, and after an undone operation. */
  void rebuild() {
    open.clear();
    ctx.stores().matches().snapshot().forEach((id, match) -> {
      if (match.state().isOpen()) {
        open.add(id);
      }
    });
  }

  /** The match {@code id}, open or ended (an ended one maybe read from the journal), if any. */
  Optional<MatchRecord> find(String id) {
    return ctx.stores().matches().get(id).or(() -> ctx.stores().history().get(id));
  }

  /** Opens the match {@code popped}: its ready check, or, with none configured, confirmed. */
  void open(PoppedMatch popped, Instant now) {
    MatchRules rules = ctx.rules(popped.queue());
    MatchRecord match = MatchRecord.popped(popped,
        rules.readyCheck() ? now.plus(rules.readyTimeout()) : now);
    insertNew(ctx.stores().matches(), match.id(), match);
    for (Member m : match.players()) {
      ctx.stores().playerMatches().put(m.id(), match.id());
    }
    open.add(match.id());
    ctx.publish(new MatchEvent.Opened(match, rules.readyCheck(), now));
    if (!rules.readyCheck()) {
      confirm(match, now);
    }
  }

  Outcome<MatchRecord> accept(UserId user, String matchId) {
    return onMatch(matchId, user, match -> {
      if (!match.state().isOpen()) {
        return ended(match);
      }
      if (match.state() == MatchRecord.State.CONFIRMED || match.accepted().contains(user)) {
        return Outcome.success(match);
      }
      Instant now = ctx.now();
      MatchRecord after = match.accept(user);
      replace(match, after);
      ctx.publish(new MatchEvent.Accepted(after, user, now));
      if (after.notAccepted().isEmpty()) {
        after = confirm(after, now);
      }
      return Outcome.success(after);
    });
  }

  Outcome<MatchRecord> decline(UserId user, String matchId) {
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

  Outcome<MatchRecord> report(UserId user, String matchId, MatchResult claimed) {
    return onMatch(matchId, user, match -> {
      Optional<Outcome<MatchRecord>> refused = refuseResult(match, claimed);
      if (refused.isPresent()) {
        return refused.get();
      }
      if (claimed.equals(match.reports().get(user))) {
        return Outcome.success(match);
      }
      Instant now = ctx.now();
      MatchRecord after = match.report(user, claimed);
      replace(match, after);
      ctx.publish(new MatchEvent.Reported(after, user, claimed, now));
      long agreeing = after.reports().values().stream().filter(claimed::equals).count();
      if (agreeing * 2 > after.players().size()) {
        after = finish(after, claimed, now, agreeing + " of " + after.players().size()
            + " players reported " + claimed);
      }
      return Outcome.success(after);
    });
  }

  Outcome<MatchRecord> setResult(String matchId, MatchResult result) {
    return onMatch(matchId, null, match -> {
      if (result.kind() == MatchResult.Kind.NO_RESULT) {
        if (match.state() != MatchRecord.State.CONFIRMED || drafts.isPicking(match.id())) {
          return refuseResult(match, MatchResult.draw()).orElseThrow();
        }
      } else {
        Optional<Outcome<MatchRecord>> refused = refuseResult(match, result);
        if (refused.isPresent()) {
          return refused.get();
        }
      }
      return Outcome.success(finish(match, result, ctx.now(), "a moderator set it"));
    });
  }

  /**
   * A moderator's correction of a finished match's result: the match keeps its times, the new
   * result replaces the old one in the history, its parties' tallies follow, and the correction
   * joins the match's audit, all in the operation's one commit; {@link MatchEvent.Corrected}
   * then tells the rating book, which replays the ratings from this match on. Refused, changing
   * nothing, for an open or cancelled match, the result it already has, "no result", a team the
   * match does not have, and a draw where draws are not allowed.
   */
  Outcome<MatchRecord> correct(String matchId, MatchResult to, Member by, String reason) {
    return onMatch(matchId, null, match -> {
      if (match.state().isOpen()) {
        return Outcome.failure(Refusal.MATCH_OPEN, "Match " + match.id() + " is still "
            + (match.state() == MatchRecord.State.POPPED ? "in its ready check" : "being played")
            + "; there is no final result to correct yet. Set its result instead.");
      }
      if (match.state() == MatchRecord.State.CANCELLED) {
        return Outcome.failure(Refusal.MATCH_ENDED, "Match " + match.id() + " was cancelled ("
            + match.endReason().orElse("") + "); a cancelled match has no result to correct.");
      }
      Optional<Outcome<MatchRecord>> refused = refuseClaim(match, to);
      if (refused.isPresent()) {
        return refused.get();
      }
      MatchResult from = match.result().orElseThrow();
      if (from.equals(to)) {
        return Outcome.failure(Refusal.INVALID, "Match " + match.id() + " already ended with "
            + to + "; nothing to correct.");
      }
      Instant now = ctx.now();
      MatchRecord after = match.correct(to);
      checkedReplace(ctx.stores().history(), match.id(), match, after);
      for (int t = 0; t < after.teams().size(); t++) {
        int team = t;
        for (QueueEntry entry : after.teams().get(t)) {
          if (entry.entity() instanceof Party) {
            ctx.stores().tallies().compute(entry.id(),
                (id, tally) -> tally == null ? null : tally.correctedResult(team, from, to));
          }
        }
      }
      ResultCorrection correction = new ResultCorrection(from, to, by, now, reason.strip());
      ctx.stores().corrections().compute(match.id(), (id, audit) -> audit == null
          ? MatchAudit.of(id, correction) : audit.plus(correction));
      ctx.publish(new MatchEvent.Corrected(after, correction, now));
      return Outcome.success(after);
    });
  }

  Outcome<MatchRecord> cancel(String matchId, String reason, boolean requeue) {
    return onMatch(matchId, null, match -> {
      if (!match.state().isOpen()) {
        return ended(match);
      }
      String why = reason.isBlank() ? "a moderator cancelled it" : reason.strip();
      if (match.state() == MatchRecord.State.POPPED) {
        return Outcome.success(requeue ? cancelReadyCheck(match, Set.of(), why)
            : cancelReadyCheck(match, Set.of(), match.players().stream().map(Member::id)
                .collect(Collectors.toSet()), why));
      }
      Instant now = ctx.now();
      MatchRecord after = match.cancel(now, why);
      close(match, after);
      ctx.publish(new MatchEvent.Cancelled(after, why, Set.of(), Set.of(), List.of(), now));
      return Outcome.success(after);
    });
  }

  /** Applies every open match's due deadlines; returns the matches that ended. */
  List<MatchRecord> expireDue() {
    ImmutableList.Builder<MatchRecord> ended = ImmutableList.builder();
    for (String id : List.copyOf(open)) {
      MatchRecord after = expireIfDue(ctx.stores().matches().get(id).orElseThrow());
      if (!after.state().isOpen()) {
        ended.add(after);
      }
    }
    return ended.build();
  }

  /** Every open match, oldest first. */
  List<MatchRecord> openMatches() {
    return open.stream().map(id -> ctx.stores().matches().get(id).orElseThrow())
        .sorted(Comparator.comparing(MatchRecord::poppedAt).thenComparing(MatchRecord::id))
        .collect(ImmutableList.toImmutableList());
  }

  /** A party change by {@code actor} during its ready check calls the match off, as a decline. */
  void dodgeIfInReadyCheck(Party party, UserId actor, String what) {
    ctx.openMatchOf(actor)
        .filter(m -> m.state() == MatchRecord.State.POPPED)
        .filter(m -> m.entries().stream().anyMatch(e -> e.id().equals(party.id())))
        .ifPresent(m -> cancelReadyCheck(m, Set.of(actor), what + " during the ready check"));
  }

  /** The ready check {@code user} is in, if any. */
  Optional<MatchRecord> readyCheckOf(UserId user) {
    return ctx.openMatchOf(user).filter(m -> m.state() == MatchRecord.State.POPPED);
  }

  /**
   * Calls off {@code match}'s ready check with nobody at fault: every entry that still can goes
   * back into the queue.
   */
  void callOff(MatchRecord match, String reason) {
    cancelReadyCheck(match, Set.of(), reason);
  }

  /**
   * {@code match} after whatever its deadlines say has happened by now: a ready check past its
   * deadline is cancelled (whoever did not accept counts as declining), a confirmed match past the
   * result expiry ends with no result.
   */
  private MatchRecord expireIfDue(MatchRecord match) {
    Instant now = ctx.now();
    if (match.state() == MatchRecord.State.POPPED && !now.isBefore(match.readyBy())) {
      Set<UserId> missing = new HashSet<>();
      match.notAccepted().forEach(m -> missing.add(m.id()));
      return cancelReadyCheck(match, missing, "the ready check timed out");
    }
    if (match.state() == MatchRecord.State.CONFIRMED && !now.isBefore(
        match.confirmedAt().orElseThrow().plus(ctx.rules(match).resultExpiry()))) {
      return finish(match, MatchResult.noResult(), now, "no result was reported in time");
    }
    return drafts.pickIfDue(match);
  }

  private MatchRecord confirm(MatchRecord match, Instant now) {
    MatchRecord after = match.confirm(now);
    replace(match, after);
    ctx.publish(new MatchEvent.Confirmed(after, now));
    if (ctx.rules(after).draft().on()) {
      return drafts.begin(after, now);
    }
    drafts.drop(after.id()); // volunteers taken before a restart turned the draft off
    return maps.open(after, now);
  }

  private MatchRecord finish(MatchRecord match, MatchResult result, Instant now, String why) {
    MatchRecord after = match.finish(result, now, why);
    close(match, after);
    if (result.counts()) {
      for (int t = 0; t < after.teams().size(); t++) {
        boolean won = result.kind() == MatchResult.Kind.WIN && result.winner() == t;
        boolean drawn = result.kind() == MatchResult.Kind.DRAW;
        for (QueueEntry entry : after.teams().get(t)) {
          if (entry.entity() instanceof Party) {
            ctx.stores().tallies().compute(entry.id(),
                (id, tally) -> tally == null ? null : tally.plusResult(won, drawn));
          }
        }
      }
    }
    ctx.publish(new MatchEvent.Finished(after, result, now));
    return after;
  }

  /**
   * Cancels a match in its ready check: the entries holding a dodger leave for good (the dodgers
   * get the cooldown), and every other entry goes back into the queue with its original join time
   * if it is still as it was.
   */
  private MatchRecord cancelReadyCheck(MatchRecord match, Set<UserId> dodgers, String reason) {
    return cancelReadyCheck(match, dodgers, dodgers, reason);
  }

  /**
   * As {@link #cancelReadyCheck(MatchRecord, Set, String)}, with the entries holding any of
   * {@code out} leaving the queue as well (with no cooldown unless they are {@code dodgers}).
   */
  private MatchRecord cancelReadyCheck(MatchRecord match, Set<UserId> dodgers, Set<UserId> out,
      String reason) {
    Instant now = ctx.now();
    MatchRecord after = match.cancel(now, reason);
    close(match, after);
    Set<UserId> removed = new HashSet<>();
    List<QueueEntry> back = new ArrayList<>();
    // Its queue removed meanwhile: there is nowhere to go back to.
    boolean queueGone = ctx.config().queue(match.queue()).isEmpty();
    for (QueueEntry entry : match.entries()) {
      boolean dodged = entry.entity().members().stream().anyMatch(m -> out.contains(m.id()));
      if (dodged) {
        entry.entity().members().forEach(m -> removed.add(m.id()));
      } else {
        Optional<QueueEntry> again = queueGone ? Optional.empty() : requeueable(entry);
        again.ifPresent(back::add);
        if (again.isEmpty() && (entry.entity() instanceof Party || queueGone)) {
          // Nowhere to go back to, or a party whose copy in the match lost a member to a
          // substitute: it cannot go back as it is.
          entry.entity().members().forEach(m -> removed.add(m.id()));
        }
      }
    }
    blocks.cooldown(dodgers, now, ctx.rules(match).dodgeCooldown());
    ctx.publish(new MatchEvent.Cancelled(after, reason, dodgers, removed, back, now));
    for (QueueEntry entry : back) {
      queue.enqueue(entry);
      ctx.publish(entry.entity() instanceof SoloPlayer
          ? new QueueEvent.SoloJoin(entry) : new QueueEvent.PartyJoin(entry));
    }
    return after;
  }

  /** {@code entry} as it can go back into the queue, if its players are still free as they were. */
  private Optional<QueueEntry> requeueable(QueueEntry entry) {
    QueueEntity entity = entry.entity();
    for (Member m : entity.members()) {
      boolean held = ctx.openMatchOf(m.id()).filter(blocks::holds).isPresent();
      if (held || ctx.stores().soloTickets().containsKey(m.id())) {
        return Optional.empty();
      }
    }
    if (entity instanceof Party) {
      Optional<Party> now = ctx.stores().parties().get(entity.id());
      if (now.isEmpty() || !QueueIndex.sameMembers(now.get(), entity)
          || queue.contains(entity.id())) {
        return Optional.empty();
      }
      return Optional.of(entry.withEntity(now.get()));
    }
    SoloPlayer solo = (SoloPlayer) entity;
    if (ctx.stores().memberships().containsKey(solo.member().id())) {
      return Optional.empty();
    }
    EntityId id = ids.isFree(solo.id()) ? solo.id() : ids.newEntityId();
    return Optional.of(entry.withEntity(new SoloPlayer(id, solo.region(), solo.member())));
  }

  private void replace(MatchRecord before, MatchRecord after) {
    checkedReplace(ctx.stores().matches(), before.id(), before, after);
  }

  /** Ends the open match {@code before} as {@code after}: out of the open matches, into history. */
  private void close(MatchRecord before, MatchRecord after) {
    checkState(!after.state().isOpen(), "match %s does not end as %s", after.id(), after.state());
    if (!ctx.stores().matches().remove(before.id(), before)) {
      throw new IllegalStateException("match " + before.id() + " changed under the core's lock");
    }
    insertNew(ctx.stores().history(), after.id(), after);
    open.remove(after.id());
    maps.drop(after.id());
    drafts.drop(after.id());
    for (Member m : after.players()) {
      ctx.stores().subRequests().remove(m.id(), after.id());
      if (ctx.stores().playerMatches().remove(m.id(), after.id())) {
        // With the queue block off a player can be in two open matches; the other still holds
        // them.
        for (String other : open) {
          if (ctx.stores().matches().get(other).orElseThrow().hasPlayer(m.id())) {
            ctx.stores().playerMatches().put(m.id(), other);
            break;
          }
        }
      }
    }
  }

  /**
   * Runs {@code body} on match {@code matchId} (its id trimmed) with its due deadlines applied
   * first; if {@code player} is given, only if they play in it.
   */
  private Outcome<MatchRecord> onMatch(String matchId, @Nullable UserId player,
      Function<MatchRecord, Outcome<MatchRecord>> body) {
    Optional<MatchRecord> found = find(matchId.strip());
    if (found.isEmpty()) {
      return Outcome.failure(Refusal.NO_SUCH_MATCH, "There is no match '" + matchId.strip() + "'.");
    }
    if (player != null && !found.get().hasPlayer(player)) {
      return Outcome.failure(Refusal.NOT_IN_MATCH, "You are not playing in match "
          + found.get().id() + ".");
    }
    return body.apply(expireIfDue(found.get()));
  }

  private Optional<Outcome<MatchRecord>> refuseResult(MatchRecord match, MatchResult claimed) {
    Optional<Outcome<MatchRecord>> picking = drafts.refuseWhilePicking(match, "report the result");
    if (picking.isPresent()) {
      return picking;
    }
    if (match.state() == MatchRecord.State.POPPED) {
      return Optional.of(Outcome.failure(Refusal.MATCH_NOT_CONFIRMED, "Match " + match.id()
          + " is still in its ready check; there is no result to report yet."));
    }
    if (!match.state().isOpen()) {
      return Optional.of(ended(match));
    }
    return refuseClaim(match, claimed);
  }

  /** A refusal of {@code claimed} as {@code match}'s result, whatever its state, if it is wrong. */
  private Optional<Outcome<MatchRecord>> refuseClaim(MatchRecord match, MatchResult claimed) {
    switch (claimed.kind()) {
      case WIN -> {
        if (claimed.winner() >= match.teams().size()) {
          return Optional.of(Outcome.failure(Refusal.INVALID, "Match " + match.id() + " has "
              + match.teams().size() + " teams; there is no team " + (claimed.winner() + 1) + "."));
        }
      }
      case DRAW -> {
        if (!ctx.rules(match).allowDraws()) {
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
}

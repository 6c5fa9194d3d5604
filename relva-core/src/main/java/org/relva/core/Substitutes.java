package org.relva.core;

import static org.relva.core.StoreWrites.checkedReplace;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueBan;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * Substitutes: a player of an open match asks to be replaced ({@link #request}), a free player
 * takes a requested place ({@link #take}), or a moderator replaces anyone ({@link #replace}).
 *
 * <p>The substitute joins the team of the player who went out, as a solo entry (joined now: they
 * did not wait in the queue). A party member who goes out leaves the match's copy of the party,
 * not the party itself: the rest of the party stays whole on its team, and the live party keeps
 * all its members. In the ready check the substitute must still accept (the one who went out no
 * longer counts); in a confirmed match they count as having accepted, and the report of the one
 * who went out is dropped. A rating book rates a finished match's final teams, so the substitute
 * is rated with the match and the player who went out is not; the match keeps who left
 * ({@link MatchRecord#left()}), and the penalty for leaving is a time they may not queue, kept
 * as a ban that says why ({@link MatchRules#leaveCooldown()}, none by default; a longer ban
 * already held stays). Why: a loss counted for leaving would move a rating on a result the
 * player did not play out, and a rating system's numbers would then mean two things; a time out
 * of the queue is the penalty pick-up-game communities already use, and the record of who left
 * lets a community judge the rest. Not thread-safe: used with {@link Relva}'s lock held.
 */
final class Substitutes {
  private final Context ctx;
  private final Ids ids;
  private final QueueBlocks blocks;
  private final MapVotes maps;
  private final Drafts drafts;

  Substitutes(Context ctx, Ids ids, QueueBlocks blocks, MapVotes maps, Drafts drafts) {
    this.ctx = ctx;
    this.ids = ids;
    this.blocks = blocks;
    this.maps = maps;
    this.drafts = drafts;
  }

  /** {@code user} asks for a substitute in their open match; asking again changes nothing. */
  Outcome<MatchRecord> request(UserId user) {
    Optional<MatchRecord> match = ctx.openMatchOf(user);
    if (match.isEmpty()) {
      return Outcome.failure(Refusal.NOT_IN_MATCH, "You are not playing in an open match.");
    }
    Optional<Outcome<MatchRecord>> over = refuseIfDue(match.get());
    if (over.isPresent()) {
      return over.get();
    }
    String id = match.get().id();
    if (ctx.stores().subRequests().putIfAbsent(user, id).isEmpty()) {
      ctx.publish(new MatchEvent.SubRequested(match.get(), user, ctx.now()));
    }
    return Outcome.success(match.get());
  }

  /** {@code taker}, who is free to queue, takes the place {@code out} asked to leave. */
  Outcome<MatchRecord> take(Member taker, UserId out) {
    Optional<String> asked = ctx.stores().subRequests().get(out);
    if (asked.isEmpty()) {
      return Outcome.failure(Refusal.NO_SUB_ASKED, "That player has not asked for a substitute"
          + (ctx.openMatchOf(out).isPresent() ? "." : ": they are in no open match."));
    }
    return substitute(ctx.stores().matches().get(asked.get()).orElseThrow(), out, taker, false);
  }

  /** A moderator puts {@code in}, who is free to queue, in {@code out}'s place. */
  Outcome<MatchRecord> replace(UserId out, Member in) {
    Optional<MatchRecord> match = ctx.openMatchOf(out);
    if (match.isEmpty()) {
      return Outcome.failure(Refusal.NOT_IN_MATCH, "That player is not in an open match.");
    }
    return substitute(match.get(), out, in, true);
  }

  private Outcome<MatchRecord> substitute(MatchRecord match, UserId out, Member in,
      boolean byModerator) {
    if (in.id().equals(out) || match.hasPlayer(in.id())) {
      return Outcome.failure(Refusal.CANNOT_TARGET_SELF, in.displayName()
          + " already plays in match " + match.id() + ".");
    }
    Optional<Outcome<MatchRecord>> over = refuseIfDue(match);
    if (over.isPresent()) {
      return over.get();
    }
    match = drafts.pickIfDue(match);
    Optional<Outcome<MatchRecord>> picking = drafts.refuseWhilePicking(match,
        "swap players");
    if (picking.isPresent()) {
      return picking.get();
    }
    Optional<Outcome<MatchRecord>> busy = refuseIfBusy(in);
    if (busy.isPresent()) {
      return busy.get();
    }
    Member leaving = match.players().stream().filter(m -> m.id().equals(out)).findFirst()
        .orElseThrow();
    Instant now = ctx.now();
    List<List<QueueEntry>> teams = new ArrayList<>();
    for (List<QueueEntry> team : match.teams()) {
      List<QueueEntry> kept = new ArrayList<>();
      for (QueueEntry entry : team) {
        if (!entry.entity().members().contains(leaving)) {
          kept.add(entry);
          continue;
        }
        if (entry.entity() instanceof Party party && party.size() > 1) {
          kept.add(entry.withEntity(party.minus(out)));
        } // the party's last player in the match goes: its copy leaves the team with them
        kept.add(new QueueEntry(new SoloPlayer(ids.newEntityId(), match.region(), in), now,
            match.queue()));
      }
      teams.add(kept);
    }
    Set<UserId> accepted = new HashSet<>(match.accepted());
    accepted.remove(out);
    if (match.state() == MatchRecord.State.CONFIRMED) {
      accepted.add(in.id());
    }
    Map<UserId, MatchResult> reports = new LinkedHashMap<>(match.reports());
    reports.remove(out);
    MatchRecord after = new MatchRecord(match.id(), match.region(), teams, match.state(),
        match.poppedAt(), match.readyBy(), accepted, reports, match.result(),
        match.confirmedAt(), match.endedAt(), match.endReason(), match.map(),
        ImmutableList.<Member>builder().addAll(match.left()).add(leaving).build());
    checkedReplace(ctx.stores().matches(), match.id(), match, after);
    ctx.stores().subRequests().remove(out, match.id());
    maps.forget(match.id(), out);
    drafts.forget(match.id(), out);
    ctx.stores().playerMatches().remove(out, match.id());
    ctx.stores().playerMatches().put(in.id(), match.id());
    penalize(out, match, now);
    ctx.publish(new MatchEvent.Substituted(after, leaving, in, byModerator, now));
    return Outcome.success(after);
  }

  /**
   * Keeps {@code out} from queueing for the configured leave cooldown, as a ban whose reason says
   * why, unless a ban that lasts longer already holds them.
   */
  private void penalize(UserId out, MatchRecord match, Instant now) {
    String matchId = match.id();
    Duration penalty = ctx.rules(match).leaveCooldown();
    if (penalty.isZero()) {
      return;
    }
    Instant until = now.plus(penalty);
    Optional<QueueBan> ban = ctx.stores().bans().get(out).filter(b -> b.holdsAt(now));
    if (ban.isEmpty() || ban.get().until().isBefore(until)) {
      ctx.stores().bans().put(out, new QueueBan(until, "left match " + matchId
          + " for a substitute"));
    }
  }

  /**
   * A refusal if {@code match}'s deadline has passed: its ready check timed out, or its result
   * expired. The next tick ends it by the usual rules; a substitute must not walk into that.
   */
  private Optional<Outcome<MatchRecord>> refuseIfDue(MatchRecord match) {
    Instant now = ctx.now();
    boolean due = match.state() == MatchRecord.State.POPPED ? !now.isBefore(match.readyBy())
        : !now.isBefore(match.confirmedAt().orElseThrow()
            .plus(ctx.rules(match).resultExpiry()));
    return due ? Optional.of(Outcome.failure(Refusal.MATCH_ENDED, "Match " + match.id()
        + " is over: its " + (match.state() == MatchRecord.State.POPPED ? "ready check timed out"
        : "time for a result ran out") + ".")) : Optional.empty();
  }

  /** A refusal if {@code in} is not free to play: in a party, queued, blocked or in a match. */
  private Optional<Outcome<MatchRecord>> refuseIfBusy(Member in) {
    String who = in.displayName();
    if (ctx.stores().memberships().containsKey(in.id())) {
      return Optional.of(Outcome.failure(Refusal.IN_PARTY, who + " is in a party; a substitute "
          + "comes alone."));
    }
    if (ctx.stores().soloTickets().containsKey(in.id())) {
      return Optional.of(Outcome.failure(Refusal.ALREADY_QUEUED, who + " is in the queue; leave "
          + "it first."));
    }
    if (ctx.stores().playerMatches().containsKey(in.id())) {
      return Optional.of(Outcome.failure(Refusal.QUEUE_BLOCKED, who + " is in another match."));
    }
    return blocks.refuseIfBlocked(ImmutableList.of(in));
  }
}

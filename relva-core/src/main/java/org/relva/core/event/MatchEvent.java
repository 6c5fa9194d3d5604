package org.relva.core.event;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.ResultCorrection;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;

/**
 * A step in a match's life after its {@code queuePop}: the ready check, confirmation or
 * cancellation, result reports and the end. {@link #match()} is the match after the step.
 */
public sealed interface MatchEvent extends RelvaEvent {
  MatchRecord match();

  /**
   * A pop opened the match: its ready check has begun, or, with ready checks off, it is on at
   * once and a {@link Confirmed} follows. It carries the match, so nobody needs to read it back
   * from the core.
   *
   * @param match the match as opened
   * @param readyCheck whether its players must accept before {@link MatchRecord#readyBy()}
   * @param at when
   */
  record Opened(MatchRecord match, boolean readyCheck, Instant at) implements MatchEvent {
    public Opened {
      requireNonNull(match, "match");
      requireNonNull(at, "at");
    }
  }

  /** {@code user} accepted the ready check. */
  record Accepted(MatchRecord match, UserId user, Instant at) implements MatchEvent {
    public Accepted {
      requireNonNull(match, "match");
      requireNonNull(user, "user");
      requireNonNull(at, "at");
    }
  }

  /** Every player accepted: the match is on. */
  record Confirmed(MatchRecord match, Instant at) implements MatchEvent {
    public Confirmed {
      requireNonNull(match, "match");
      requireNonNull(at, "at");
    }
  }

  /**
   * The match was called off. Those in {@code removed} (who declined or did not answer, with their
   * parties) left the queue for good; the entries in {@code requeued} went back into it with their
   * original join times; the rest, if any, could not go back because their party changed.
   *
   * @param match the cancelled match
   * @param reason why, in words
   * @param dodgers who declined or timed out (empty for an admin's cancel)
   * @param removed everyone taken out with a dodger: the dodgers and their party-mates
   * @param requeued the entries put back in the queue
   * @param at when
   */
  record Cancelled(MatchRecord match, String reason, Set<UserId> dodgers, Set<UserId> removed,
      List<QueueEntry> requeued, Instant at) implements MatchEvent {
    public Cancelled {
      requireNonNull(match, "match");
      requireNonNull(reason, "reason");
      dodgers = ImmutableSet.copyOf(dodgers);
      removed = ImmutableSet.copyOf(removed);
      requeued = ImmutableList.copyOf(requeued);
      requireNonNull(at, "at");
    }
  }

  /** {@code user} reported {@code claimed}; the result is final once most players agree. */
  record Reported(MatchRecord match, UserId user, MatchResult claimed, Instant at)
      implements MatchEvent {
    public Reported {
      requireNonNull(match, "match");
      requireNonNull(user, "user");
      requireNonNull(claimed, "claimed");
      requireNonNull(at, "at");
    }
  }

  /** The match is over with its final result (possibly "no result"). */
  record Finished(MatchRecord match, MatchResult result, Instant at) implements MatchEvent {
    public Finished {
      requireNonNull(match, "match");
      requireNonNull(result, "result");
      requireNonNull(at, "at");
    }
  }

  /**
   * A moderator corrected the result of the finished match: {@link #match()} carries the new
   * result, {@code correction} the old one, who and when. A rating book replays its ratings from
   * this match on.
   */
  record Corrected(MatchRecord match, ResultCorrection correction, Instant at)
      implements MatchEvent {
    public Corrected {
      requireNonNull(match, "match");
      requireNonNull(correction, "correction");
      requireNonNull(at, "at");
    }
  }

  /** {@code user}, a player of the open match, asks for someone to take their place. */
  record SubRequested(MatchRecord match, UserId user, Instant at) implements MatchEvent {
    public SubRequested {
      requireNonNull(match, "match");
      requireNonNull(user, "user");
      requireNonNull(at, "at");
    }
  }

  /**
   * {@code in} took {@code out}'s place in the open match, on {@code out}'s team: by taking a
   * requested place, or put there by a moderator. During the ready check {@code in} must still
   * accept; {@code out} is free (in their party, if they have one, which stays as it was).
   */
  record Substituted(MatchRecord match, Member out, Member in, boolean byModerator, Instant at)
      implements MatchEvent {
    public Substituted {
      requireNonNull(match, "match");
      requireNonNull(out, "out");
      requireNonNull(in, "in");
      requireNonNull(at, "at");
    }
  }

  /**
   * Every player accepted a match whose captains pick its teams: the captains are chosen, one per
   * team in team order ({@link DraftBoard#captains()}), and the first pick is due by
   * {@link DraftBoard#pickBy()}. A {@link Picked} follows for every pick, then {@link TeamsPicked}.
   */
  record DraftStarted(MatchRecord match, DraftBoard draft, Instant at) implements MatchEvent {
    public DraftStarted {
      requireNonNull(match, "match");
      requireNonNull(draft, "draft");
      requireNonNull(at, "at");
    }
  }

  /**
   * {@code entry} (a player, or a party whole) joined team {@code team} of the draft, picked by
   * {@code captain} or for them ({@code how}); {@code draft} is the draft after it, whose
   * {@code pickBy} is when the next pick is due.
   */
  record Picked(MatchRecord match, DraftBoard draft, UserId captain, QueueEntry entry, int team,
      How how, Instant at) implements MatchEvent {
    /** How a pick was made. */
    public enum How {
      /** The captain picked. */
      CAPTAIN,
      /** The captain's time ran out: the best-rated player left was picked for them. */
      TIMED_OUT,
      /** Only this team had room left, so the players left joined it. */
      LAST_LEFT
    }

    public Picked {
      requireNonNull(match, "match");
      requireNonNull(draft, "draft");
      requireNonNull(captain, "captain");
      requireNonNull(entry, "entry");
      requireNonNull(how, "how");
      requireNonNull(at, "at");
    }
  }

  /**
   * The captains' draft is over: {@link #match()} carries the teams as picked, and
   * {@code captains} who picked them, one per team. With a draft configured
   * ({@code MatchRules.draft()}), this (not {@link Confirmed}) is when a confirmed match's teams
   * are set: team voice channels and the map vote wait for it.
   */
  record TeamsPicked(MatchRecord match, List<UserId> captains, Instant at) implements MatchEvent {
    public TeamsPicked {
      requireNonNull(match, "match");
      captains = ImmutableList.copyOf(captains);
      requireNonNull(at, "at");
    }
  }

  /** The confirmed match's map vote opened, offering {@code options} until {@code closesAt}. */
  record MapVoteOpened(MatchRecord match, List<String> options, Instant closesAt, Instant at)
      implements MatchEvent {
    public MapVoteOpened {
      requireNonNull(match, "match");
      options = ImmutableList.copyOf(options);
      requireNonNull(closesAt, "closesAt");
      requireNonNull(at, "at");
    }
  }

  /**
   * The match's map is chosen: {@code map}, with {@code votes} per map offered (empty when the
   * cooldown left one map, which needed no vote); a tie is broken at random.
   */
  record MapChosen(MatchRecord match, String map, Map<String, Integer> votes, Instant at)
      implements MatchEvent {
    public MapChosen {
      requireNonNull(match, "match");
      requireNonNull(map, "map");
      votes = ImmutableMap.copyOf(votes);
      requireNonNull(at, "at");
    }
  }
}

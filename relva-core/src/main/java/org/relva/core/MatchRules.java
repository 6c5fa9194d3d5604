package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The rules of a match's life after it pops. Immutable; {@link #defaults()} gives the usual ones.
 *
 * @param readyCheck whether every player must accept before the match is on
 * @param readyTimeout how long the ready check waits for everyone
 * @param dodgeCooldown how long a player who declines or lets the check time out may not queue
 *     again (zero for no penalty)
 * @param blockQueueWhileInMatch whether a player in an unfinished match is refused from the queue
 * @param resultExpiry how long a confirmed match waits for its result before it ends with none
 * @param allowDraws whether a draw may be reported
 * @param mapVote the map vote once a match is confirmed ({@link MapVote#none()}: none)
 * @param leaveCooldown how long a player who leaves an open match for a substitute may not queue
 *     again (zero for no penalty): the penalty for leaving. Whoever asked, or a moderator swapped
 *     out, is left out of the match's ratings either way
 * @param draft the captains' draft once a match is confirmed ({@link Draft#none()}: the
 *     matchmaker's teams stand)
 */
public record MatchRules(boolean readyCheck, Duration readyTimeout, Duration dodgeCooldown,
    boolean blockQueueWhileInMatch, Duration resultExpiry, boolean allowDraws, MapVote mapVote,
    Duration leaveCooldown, Draft draft) {

  public MatchRules {
    requireNonNull(draft, "draft");
    requireNonNull(readyTimeout, "readyTimeout");
    requireNonNull(dodgeCooldown, "dodgeCooldown");
    requireNonNull(resultExpiry, "resultExpiry");
    requireNonNull(mapVote, "mapVote");
    requireNonNull(leaveCooldown, "leaveCooldown");
    checkArgument(!leaveCooldown.isNegative(), "match.leaveCooldown must not be negative, got %s",
        leaveCooldown);
    checkArgument(readyTimeout.compareTo(Duration.ofSeconds(5)) >= 0
        && readyTimeout.compareTo(Duration.ofMinutes(10)) <= 0,
        "match.readyTimeout must be 5 s to 10 min, got %s", readyTimeout);
    checkArgument(!dodgeCooldown.isNegative(), "match.dodgeCooldown must not be negative, got %s",
        dodgeCooldown);
    checkArgument(resultExpiry.compareTo(Duration.ofMinutes(1)) >= 0,
        "match.resultExpiry must be at least 1 min, got %s", resultExpiry);
  }

  /** These rules with no map vote. */
  public MatchRules(boolean readyCheck, Duration readyTimeout, Duration dodgeCooldown,
      boolean blockQueueWhileInMatch, Duration resultExpiry, boolean allowDraws) {
    this(readyCheck, readyTimeout, dodgeCooldown, blockQueueWhileInMatch, resultExpiry,
        allowDraws, MapVote.none(), Duration.ZERO, Draft.none());
  }

  /**
   * A 30 s ready check, no dodge penalty, queueing blocked while in a match, 3 h to report, no
   * map vote, no penalty for leaving.
   */
  public static MatchRules defaults() {
    return new MatchRules(true, Duration.ofSeconds(30), Duration.ZERO, true, Duration.ofHours(3),
        true);
  }

  public MatchRules withReadyCheck(boolean on) {
    return new MatchRules(on, readyTimeout, dodgeCooldown, blockQueueWhileInMatch, resultExpiry,
        allowDraws, mapVote, leaveCooldown, draft);
  }

  public MatchRules withReadyTimeout(Duration timeout) {
    return new MatchRules(readyCheck, timeout, dodgeCooldown, blockQueueWhileInMatch,
        resultExpiry, allowDraws, mapVote, leaveCooldown, draft);
  }

  public MatchRules withDodgeCooldown(Duration cooldown) {
    return new MatchRules(readyCheck, readyTimeout, cooldown, blockQueueWhileInMatch,
        resultExpiry, allowDraws, mapVote, leaveCooldown, draft);
  }

  public MatchRules withBlockQueueWhileInMatch(boolean block) {
    return new MatchRules(readyCheck, readyTimeout, dodgeCooldown, block, resultExpiry,
        allowDraws, mapVote, leaveCooldown, draft);
  }

  public MatchRules withResultExpiry(Duration expiry) {
    return new MatchRules(readyCheck, readyTimeout, dodgeCooldown, blockQueueWhileInMatch, expiry,
        allowDraws, mapVote, leaveCooldown, draft);
  }

  public MatchRules withAllowDraws(boolean allow) {
    return new MatchRules(readyCheck, readyTimeout, dodgeCooldown, blockQueueWhileInMatch,
        resultExpiry, allow, mapVote, leaveCooldown, draft);
  }

  public MatchRules withMapVote(MapVote vote) {
    return new MatchRules(readyCheck, readyTimeout, dodgeCooldown, blockQueueWhileInMatch,
        resultExpiry, allowDraws, vote, leaveCooldown, draft);
  }

  public MatchRules withLeaveCooldown(Duration cooldown) {
    return new MatchRules(readyCheck, readyTimeout, dodgeCooldown, blockQueueWhileInMatch,
        resultExpiry, allowDraws, mapVote, cooldown, draft);
  }

  public MatchRules withDraft(Draft captains) {
    return new MatchRules(readyCheck, readyTimeout, dodgeCooldown, blockQueueWhileInMatch,
        resultExpiry, allowDraws, mapVote, leaveCooldown, captains);
  }
}

package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * How a match ended: a team won, it was a draw, or there is no result (it expired unreported, or
 * an admin said so). Immutable.
 *
 * @param kind which of the three
 * @param winner the winning team's index (0-based) for a win; -1 otherwise
 */
public record MatchResult(Kind kind, int winner) {

  /** The three ways a match can end. */
  public enum Kind { WIN, DRAW, NO_RESULT }

  public MatchResult {
    requireNonNull(kind, "kind");
    checkArgument(kind == Kind.WIN ? winner >= 0 : winner == -1,
        "a win names its team (0 or more) and nothing else does, got %s %s", kind, winner);
  }

  /** Team {@code team} (0-based) won. */
  public static MatchResult win(int team) {
    return new MatchResult(Kind.WIN, team);
  }

  public static MatchResult draw() {
    return new MatchResult(Kind.DRAW, -1);
  }

  public static MatchResult noResult() {
    return new MatchResult(Kind.NO_RESULT, -1);
  }

  /** Whether this result moves ratings: a win or a draw. */
  public boolean counts() {
    return kind != Kind.NO_RESULT;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case WIN -> "team " + (winner + 1) + " won";
      case DRAW -> "a draw";
      case NO_RESULT -> "no result";
    };
  }
}

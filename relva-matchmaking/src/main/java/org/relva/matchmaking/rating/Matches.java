package org.relva.matchmaking.rating;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;

/** Checks of the arguments every rating system receives, with messages that say what is wrong. */
final class Matches {
  private Matches() {}

  static void checkTeams(List<? extends List<Rating>> teams) {
    requireNonNull(teams, "teams");
    int count = teams.size();
    checkArgument(count >= 2, "a match needs at least 2 teams, got %s", count);
    for (int i = 0; i < count; i++) {
      List<Rating> team = teams.get(i);
      // The package is null-marked, but a caller outside it may still pass nulls; say where.
      if (team == null) {
        throw new NullPointerException("the team at index " + i + " is null");
      }
      int size = team.size();
      checkArgument(size > 0, "the team at index %s has no players", i);
      for (int j = 0; j < size; j++) {
        if (team.get(j) == null) {
          throw new NullPointerException(
              "the rating at index " + j + " of the team at index " + i + " is null");
        }
      }
    }
  }

  static void checkRanks(int teamCount, int[] ranks) {
    requireNonNull(ranks, "ranks");
    checkArgument(ranks.length == teamCount, "got %s ranks for %s teams: give one rank per team",
        ranks.length, teamCount);
  }
}

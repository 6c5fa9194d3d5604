package org.relva.testkit.matchmaking;

import java.util.List;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.MatchFormat;

/**
 * Decides exactly whether some entities can make one match: whether a selection of them, kept
 * whole, fills every team of a format to exactly its size. This is the oracle that completeness
 * is judged by, written as plainly as possible rather than fast: a search over how many entities
 * of each size go into each team.
 */
public final class Feasibility {
  private Feasibility() {}

  /** Whether whole entities chosen from {@code entries} can fill every team of {@code format}. */
  public static boolean exists(List<QueueEntry> entries, MatchFormat format) {
    int[] available = new int[format.teamSize() + 1];
    for (QueueEntry entry : entries) {
      int size = entry.entity().size();
      if (size <= format.teamSize()) {
        available[size] = Math.min(available[size] + 1, format.players());
      }
    }
    return fill(available, format.teams(), format.teamSize(), format.teamSize(), format.teamSize());
  }

  /**
   * Whether {@code teamsLeft} teams can be filled, the current one lacking {@code room} players,
   * using entity sizes no larger than {@code largest} for the rest of the current team (sizes are
   * taken in non-increasing order inside a team, so each team's multiset is tried once).
   */
  private static boolean fill(int[] available, int teamsLeft, int room, int largest, int size) {
    if (teamsLeft == 0) {
      return true;
    }
    if (room == 0) {
      return fill(available, teamsLeft - 1, size, size, size);
    }
    for (int s = Math.min(room, largest); s >= 1; s--) {
      if (available[s] > 0) {
        available[s]--;
        boolean done = fill(available, teamsLeft, room - s, s, size);
        available[s]++;
        if (done) {
          return true;
        }
      }
    }
    return false;
  }
}

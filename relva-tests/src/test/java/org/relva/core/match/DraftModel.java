package org.relva.core.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.QueueEntry;

/**
 * The captains' draft as its documentation states it, written down apart from the core so that
 * {@link DraftProperties} can hold the core to it: whose pick it is ("of the teams with room, the
 * one whose next slot in the order comes first"), and whether the entries left can still fill the
 * teams with every party whole.
 */
final class DraftModel {
  private DraftModel() {}

  /**
   * One round of {@code order} among {@code teams} teams: snake (ABBA), straight (AB), or the
   * letters of the teams that exist, followed by the teams they leave out.
   */
  static List<Integer> round(String order, int teams) {
    List<Integer> round = new ArrayList<>();
    switch (order) {
      case "straight" -> {
        for (int t = 0; t < teams; t++) {
          round.add(t);
        }
      }
      case "snake" -> {
        for (int t = 0; t < teams; t++) {
          round.add(t);
        }
        for (int t = teams - 1; t >= 0; t--) {
          round.add(t);
        }
      }
      default -> {
        for (char c : order.toCharArray()) {
          if (c - 'A' < teams) {
            round.add(c - 'A');
          }
        }
        for (int t = 0; t < teams; t++) {
          if (!round.contains(t)) {
            round.add(t);
          }
        }
      }
    }
    return round;
  }

  /**
   * The team on turn in {@code board}: each team has used one slot of the endless order per player
   * it picked (its captain's own entry uses none), and of the teams with room the one whose next
   * slot comes first picks.
   */
  static int turn(String order, DraftBoard board) {
    int teams = board.teams().size();
    List<Integer> round = round(order, teams);
    int best = -1;
    long bestSlot = Long.MAX_VALUE;
    for (int t = 0; t < teams; t++) {
      if (board.size(t) >= board.teamSize()) {
        continue;
      }
      int picked = board.size(t) - board.teams().get(t).get(0).entity().size();
      long slot = nthSlot(round, t, picked);
      if (slot < bestSlot) {
        bestSlot = slot;
        best = t;
      }
    }
    if (best < 0) {
      throw new AssertionError("no team of " + board.matchId() + " has room, yet it picks");
    }
    return best;
  }

  /** Where team {@code team}'s slot number {@code n} (from 0) falls in the endless order. */
  private static long nthSlot(List<Integer> round, int team, int n) {
    List<Integer> own = new ArrayList<>();
    for (int i = 0; i < round.size(); i++) {
      if (round.get(i) == team) {
        own.add(i);
      }
    }
    return (long) (n / own.size()) * round.size() + own.get(n % own.size());
  }

  /** The room left on each team of {@code board}. */
  static int[] rooms(DraftBoard board) {
    int[] rooms = new int[board.teams().size()];
    for (int t = 0; t < rooms.length; t++) {
      rooms[t] = board.teamSize() - board.size(t);
    }
    return rooms;
  }

  /** Whether {@code board}'s pool can still fill every team exactly, each entry whole. */
  static boolean fillable(DraftBoard board) {
    return fillable(rooms(board), board.pool());
  }

  /** Whether {@code team} may take {@code entry} from {@code board}'s pool, leaving it fillable. */
  static boolean pickable(DraftBoard board, int team, QueueEntry entry) {
    int[] rooms = rooms(board);
    rooms[team] -= entry.entity().size();
    if (rooms[team] < 0) {
      return false;
    }
    List<QueueEntry> left = new ArrayList<>(board.pool());
    left.remove(entry);
    return fillable(rooms, left);
  }

  /** Every entry of {@code board}'s pool that the team on turn may take. */
  static List<QueueEntry> pickable(String order, DraftBoard board) {
    int team = turn(order, board);
    return board.pool().stream().filter(e -> pickable(board, team, e)).toList();
  }

  private static boolean fillable(int[] rooms, List<QueueEntry> entries) {
    List<Integer> sizes = new ArrayList<>(entries.stream().map(e -> e.entity().size()).toList());
    sizes.sort(Comparator.reverseOrder());
    return place(rooms.clone(), sizes, 0);
  }

  // Every way of placing the entries, largest first; two rooms of the same size are one choice.
  private static boolean place(int[] rooms, List<Integer> sizes, int next) {
    if (next == sizes.size()) {
      for (int room : rooms) {
        if (room != 0) {
          return false;
        }
      }
      return true;
    }
    Set<Integer> tried = new HashSet<>();
    for (int r = 0; r < rooms.length; r++) {
      if (rooms[r] >= sizes.get(next) && tried.add(rooms[r])) {
        rooms[r] -= sizes.get(next);
        boolean fits = place(rooms, sizes, next + 1);
        rooms[r] += sizes.get(next);
        if (fits) {
          return true;
        }
      }
    }
    return false;
  }
}

package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.relva.core.model.DraftBoard;

/**
 * The captains' draft of a confirmed match: who captains, in what order they pick, and how long
 * each pick may take. Immutable; {@link #none()} turns it off, and the matchmaker's teams stand.
 *
 * <p>With a draft, the teams a match popped with only show that it can be split fairly; once
 * every player has accepted, one captain per team is chosen and the captains pick the rest. A
 * party is picked whole and counts as its size in the order: a captain who picks a party of two
 * uses two of their turns. A captain who lets {@code pickTime} run out has the best-rated player
 * left picked for them (with that player's party), and once one team alone has room, the players
 * left join it.
 *
 * @param on whether captains pick the teams
 * @param captains how the captains are chosen
 * @param order the order of picks: {@code snake} (ABBA ABBA..., the default), {@code straight}
 *     (ABAB...), or letters naming the teams, such as {@code ABBAAB}, repeated when the picks
 *     outlast them; a team the letters leave out picks after the named ones in each round
 * @param pickTime how long a captain has for each pick, 5 s to 10 min
 */
public record Draft(boolean on, Captains captains, String order, Duration pickTime) {

  /** How a draft's captains are chosen: one per team, never two from one party. */
  public enum Captains {
    /** The highest-rated players of the match (ties drawn at random). The default. */
    RATED,
    /** Players drawn at random. */
    RANDOM,
    /**
     * Those who volunteered during the ready check, highest rated first; the highest-rated of
     * the others when too few did (and always without a ready check, which is when volunteers
     * come forward).
     */
    VOLUNTEERS;

    /** The name operators write: {@code rated}, {@code random} or {@code volunteers}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The rule labelled {@code label}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the labels
     */
    public static Captains of(String label) {
      for (Captains c : values()) {
        if (c.label().equals(label)) {
          return c;
        }
      }
      throw new IllegalArgumentException("captains: no rule is named '" + label
          + "'; known: rated, random, volunteers");
    }
  }

  public Draft {
    requireNonNull(captains, "captains");
    requireNonNull(order, "order");
    requireNonNull(pickTime, "pickTime");
    checkArgument(order.equals("snake") || order.equals("straight")
        || order.matches("[A-Z]{2,64}"), "pickOrder must be snake, straight, or the letters of "
        + "the teams in picking order such as ABBAAB (2 to 64 capitals), got '%s'", order);
    if (order.length() > 1 && order.chars().allMatch(Character::isUpperCase)) {
      int highest = order.chars().max().orElseThrow() - 'A';
      checkArgument(highest >= 1, "pickOrder '%s' names one team; name at least A and B", order);
      for (int team = 0; team <= highest; team++) {
        checkArgument(order.indexOf('A' + team) >= 0, "pickOrder '%s' names team %s but not "
            + "team %s", order, (char) ('A' + highest), (char) ('A' + team));
      }
    }
    checkArgument(pickTime.compareTo(Duration.ofSeconds(5)) >= 0
        && pickTime.compareTo(Duration.ofMinutes(10)) <= 0,
        "pickTime must be 5 s to 10 min, got %s", pickTime);
  }

  /** No draft: the matchmaker's teams stand. */
  public static Draft none() {
    return new Draft(false, Captains.RATED, "snake", Duration.ofSeconds(30));
  }

  /** A draft by the highest-rated players, in snake order, 30 s a pick. */
  public static Draft byCaptains() {
    return new Draft(true, Captains.RATED, "snake", Duration.ofSeconds(30));
  }

  public Draft withCaptains(Captains rule) {
    return new Draft(on, rule, order, pickTime);
  }

  public Draft withOrder(String pickOrder) {
    return new Draft(on, captains, pickOrder, pickTime);
  }

  public Draft withPickTime(Duration time) {
    return new Draft(on, captains, order, time);
  }

  /** How many teams an explicit order names (2 for {@code snake} and {@code straight}: any). */
  public int teamsNamed() {
    return order.equals("snake") || order.equals("straight") ? 0
        : order.chars().max().orElseThrow() - 'A' + 1;
  }

  /**
   * The team that owns pick {@code slot} (counting from 0) among {@code teams} teams: the order
   * as an endless sequence, of which each team uses its own slots in turn.
   */
  public int teamAt(int slot, int teams) {
    checkArgument(slot >= 0 && teams >= 2, "slot %s of %s teams", slot, teams);
    if (order.equals("straight")) {
      return slot % teams;
    }
    if (order.equals("snake")) {
      int round = slot / teams;
      int place = slot % teams;
      return round % 2 == 0 ? place : teams - 1 - place;
    }
    List<Integer> round = new ArrayList<>();
    order.chars().map(c -> c - 'A').filter(t -> t < teams).forEach(round::add);
    for (int t = 0; t < teams; t++) {
      if (!round.contains(t)) {
        round.add(t);
      }
    }
    return round.get(slot % round.size());
  }

  /**
   * The team whose pick it is in {@code board}, which is picking: of the teams with room, the one
   * whose next slot in the order comes first. Each team uses its slots in turn, one per player it
   * has picked (so a party of two uses two), and a full team's slots are passed over.
   *
   * @throws IllegalArgumentException if {@code board}'s captains are not picking
   */
  public int onTurn(DraftBoard board) {
    checkArgument(board.isPicking() && !board.pool().isEmpty(), "draft of %s has no pick to make",
        board.matchId());
    int teams = board.teams().size();
    int teamSize = board.teamSize();
    int[] seen = new int[teams];
    for (int slot = 0; ; slot++) {
      int t = teamAt(slot, teams);
      if (board.size(t) >= teamSize) {
        continue;
      }
      int picked = board.size(t) - board.teams().get(t).get(0).entity().size();
      if (seen[t] == picked) {
        return t;
      }
      seen[t]++;
    }
  }
}

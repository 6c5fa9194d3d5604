package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;

import org.relva.core.model.Party;
import org.relva.core.model.QueueEntity;

/**
 * The shape of a match: how many teams, and how many players on each. Immutable and value-based.
 *
 * <p>A party is never split, so it must fit in one team: a party larger than the team size can
 * never be matched (see {@link #fits}). With the default five a side every party fits, since a
 * party has at most {@value Party#MAX_SIZE} members; a smaller format leaves bigger parties waiting,
 * and the core does not yet refuse to queue them.
 *
 * @param teams the number of teams, at least 2
 * @param teamSize the players on each team, at least 1
 */
public record MatchFormat(int teams, int teamSize) {
  /** The most players a match may have: the exact searches of the built-ins stay small. */
  public static final int MAX_PLAYERS = 40;

  public MatchFormat {
    checkArgument(teams >= 2, "matchmaking.format.teams must be at least 2, got %s", teams);
    checkArgument(teamSize >= 1, "matchmaking.format.teamSize must be at least 1, got %s", teamSize);
    checkArgument((long) teams * teamSize <= MAX_PLAYERS,
        "matchmaking.format: %s teams of %s is %s players; at most %s are supported", teams, teamSize,
        (long) teams * teamSize, MAX_PLAYERS);
  }

  public static MatchFormat of(int teams, int teamSize) {
    return new MatchFormat(teams, teamSize);
  }

  /** Two teams of five. */
  public static MatchFormat defaults() {
    return new MatchFormat(2, 5);
  }

  /** The players in a match: {@code teams * teamSize}. */
  public int players() {
    return teams * teamSize;
  }

  /** Whether {@code entity} can be in a match of this format: it is no larger than a team. */
  public boolean fits(QueueEntity entity) {
    return entity.size() <= teamSize;
  }

  /** {@code 5v5} for two teams, {@code 3x4} (three teams of four) otherwise. */
  @Override
  public String toString() {
    return teams == 2 ? teamSize + "v" + teamSize : teams + "x" + teamSize;
  }
}

package org.relva.matchmaking;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;

/**
 * A match an algorithm proposes: the region it is played in and its teams, each a list of whole
 * queue entries taken from the snapshot. Immutable. Nothing is checked here beyond non-null: the
 * {@link ProposalValidator} decides whether a proposal may be applied.
 *
 * @param region the region the match is played in
 * @param teams the teams, each a list of queue entries
 */
public record Proposal(Region region, List<List<QueueEntry>> teams) {
  public Proposal {
    requireNonNull(region, "region");
    requireNonNull(teams, "teams");
    teams = teams.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
  }

  public static Proposal of(Region region, List<List<QueueEntry>> teams) {
    return new Proposal(region, teams);
  }

  /** Every entry of every team. */
  public List<QueueEntry> entries() {
    return teams.stream().flatMap(List::stream).collect(ImmutableList.toImmutableList());
  }

  /** The number of players in the match. */
  public int players() {
    return teams.stream().flatMap(List::stream).mapToInt(e -> e.entity().size()).sum();
  }
}

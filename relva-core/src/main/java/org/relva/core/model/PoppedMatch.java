package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;

/**
 * A match the matchmaker took out of the queue: its teams, each a list of whole queue entries.
 *
 * @param matchId the match's id
 * @param region the region it is played in
 * @param teams two or more teams, each of one or more entries
 * @param poppedAt when it was taken out of the queue
 */
public record PoppedMatch(String matchId, Region region, List<List<QueueEntry>> teams,
    Instant poppedAt) {

  public PoppedMatch {
    requireNonNull(matchId, "matchId");
    requireNonNull(region, "region");
    requireNonNull(poppedAt, "poppedAt");
    teams = teams.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
    checkArgument(teams.size() >= 2, "a match has at least two teams, got %s", teams.size());
    checkArgument(teams.stream().noneMatch(List::isEmpty), "a match's teams are never empty");
  }

  /** Every entry of every team. */
  public List<QueueEntry> entries() {
    return teams.stream().flatMap(List::stream).collect(ImmutableList.toImmutableList());
  }
}

package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A match the matchmaker took out of the queue: its teams, each a list of whole queue entries.
 *
 * @param matchId the match's id
 * @param region the region it is played in
 * @param teams two or more teams, each of one or more entries
 * @param poppedAt when it was taken out of the queue
 * @param queue the queue it popped from
 * @param alsoLeft each entity that was also waiting in other queues (with several queues and
 *     {@code multiQueue}) to those queues, which the pop took it out of too; the others are absent
 */
public record PoppedMatch(String matchId, Region region, List<List<QueueEntry>> teams,
    Instant poppedAt, QueueId queue, Map<EntityId, List<QueueId>> alsoLeft) {

  public PoppedMatch {
    requireNonNull(matchId, "matchId");
    requireNonNull(region, "region");
    requireNonNull(poppedAt, "poppedAt");
    requireNonNull(queue, "queue");
    alsoLeft = ImmutableMap.copyOf(alsoLeft);
    teams = teams.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
    checkArgument(teams.size() >= 2, "a match has at least two teams, got %s", teams.size());
    checkArgument(teams.stream().noneMatch(List::isEmpty), "a match's teams are never empty");
  }

  /** A match of the default queue, whose entities waited nowhere else. */
  public PoppedMatch(String matchId, Region region, List<List<QueueEntry>> teams,
      Instant poppedAt) {
    this(matchId, region, teams, poppedAt, QueueId.DEFAULT, Map.of());
  }

  /** Every entry of every team. */
  public List<QueueEntry> entries() {
    return teams.stream().flatMap(List::stream).collect(ImmutableList.toImmutableList());
  }
}

package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A match's captains' draft while it runs. During the ready check it holds only who volunteered
 * to captain; once every player has accepted, the captains, the teams as picked so far (each
 * begins with its captain's entry) and the entries still to pick. Immutable.
 *
 * @param matchId the match
 * @param volunteers who volunteered to captain, in the order they did
 * @param captains one captain per team, in team order; empty until the picks begin
 * @param teams the teams as picked so far, each opened by its captain's entry; empty until the
 *     picks begin
 * @param pool the entries not yet picked, in the match's order
 * @param pickBy when the captain on turn runs out of time; empty until the picks begin
 */
public record DraftBoard(String matchId, List<UserId> volunteers, List<UserId> captains,
    List<List<QueueEntry>> teams, List<QueueEntry> pool, Optional<Instant> pickBy) {

  public DraftBoard {
    requireNonNull(matchId, "matchId");
    volunteers = ImmutableList.copyOf(volunteers);
    captains = ImmutableList.copyOf(captains);
    teams = teams.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
    pool = ImmutableList.copyOf(pool);
    requireNonNull(pickBy, "pickBy");
    checkArgument(captains.size() == teams.size(), "%s captains for %s teams", captains.size(),
        teams.size());
    checkArgument(captains.isEmpty() == pickBy.isEmpty() && (!captains.isEmpty()
        || pool.isEmpty()), "a draft picks with captains and a deadline");
  }

  /** A draft in the ready check, with no volunteers yet. */
  public static DraftBoard volunteering(String matchId) {
    return new DraftBoard(matchId, List.of(), List.of(), List.of(), List.of(),
        Optional.empty());
  }

  /** Whether the captains are picking (rather than the ready check taking volunteers). */
  public boolean isPicking() {
    return !captains.isEmpty();
  }

  /** This draft with {@code user} among the volunteers, once. */
  public DraftBoard volunteer(UserId user) {
    if (volunteers.contains(user)) {
      return this;
    }
    return new DraftBoard(matchId, ImmutableList.<UserId>builder().addAll(volunteers).add(user)
        .build(), captains, teams, pool, pickBy);
  }

  /** This draft without {@code user} among the volunteers. */
  public DraftBoard withoutVolunteer(UserId user) {
    List<UserId> left = new ArrayList<>(volunteers);
    left.remove(user);
    return new DraftBoard(matchId, left, captains, teams, pool, pickBy);
  }

  /** The picks begin: {@code captains} open {@code teams}, the rest wait in {@code pool}. */
  public DraftBoard begin(List<UserId> chosen, List<List<QueueEntry>> opened,
      List<QueueEntry> left, Instant by) {
    return new DraftBoard(matchId, volunteers, chosen, opened, left, Optional.of(by));
  }

  /** This draft with {@code entry} picked onto team {@code team}; the next pick is due by {@code by}. */
  public DraftBoard pick(int team, QueueEntry entry, Instant by) {
    checkArgument(pool.contains(entry), "%s is not left to pick", entry.id());
    List<List<QueueEntry>> now = new ArrayList<>();
    for (int t = 0; t < teams.size(); t++) {
      List<QueueEntry> members = new ArrayList<>(teams.get(t));
      if (t == team) {
        members.add(entry);
      }
      now.add(members);
    }
    List<QueueEntry> left = new ArrayList<>(pool);
    left.remove(entry);
    return new DraftBoard(matchId, volunteers, captains, now, left, Optional.of(by));
  }

  /** The number of players on team {@code team} so far. */
  public int size(int team) {
    return teams.get(team).stream().mapToInt(e -> e.entity().size()).sum();
  }

  /** The players each team holds when full: all the draft's players shared evenly. */
  public int teamSize() {
    int players = pool.stream().mapToInt(e -> e.entity().size()).sum();
    for (int t = 0; t < teams.size(); t++) {
      players += size(t);
    }
    return teams.isEmpty() ? 0 : players / teams.size();
  }

  /** The entry in the pool that holds {@code user}, if they are left to pick. */
  public Optional<QueueEntry> poolEntryOf(UserId user) {
    return pool.stream().filter(e -> e.entity().members().stream()
        .anyMatch(m -> m.id().equals(user))).findFirst();
  }

  /** The team {@code user} is on so far, if picked (or a captain). */
  public Optional<Integer> teamOf(UserId user) {
    for (int t = 0; t < teams.size(); t++) {
      for (QueueEntry e : teams.get(t)) {
        if (e.entity().members().stream().anyMatch(m -> m.id().equals(user))) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }
}

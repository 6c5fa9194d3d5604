package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A match from its pop to its end: the teams it was made of, where it stands, and its times.
 * Immutable; every change makes a new record.
 *
 * <p>A match is {@link State#POPPED} while its ready check runs, {@link State#CONFIRMED} once
 * every player accepted, and ends {@link State#FINISHED} (with a result, possibly "no result") or
 * {@link State#CANCELLED} (a decline, a timeout, or an admin).
 *
 * @param id the match's id
 * @param region where it is played
 * @param teams the teams, each a list of the queue entries it was made of
 * @param state where it stands
 * @param poppedAt when it left the queue
 * @param readyBy when the ready check times out (for a match made without one, its pop time)
 * @param accepted who has accepted the ready check
 * @param reports each reporting player's claimed result
 * @param result the final result, once finished
 * @param confirmedAt when every player had accepted
 * @param endedAt when it finished or was cancelled
 * @param endReason why it ended, in words, once ended
 * @param map the map chosen by its map vote, once chosen (none without a vote)
 * @param left the players who left it for a substitute, in the order they left; they are not in
 *     its teams (a record written before substitutes existed has none)
 * @param queue the queue it popped from (a record written before there were several queues is
 *     of the default queue); its {@code MatchRules} are that queue's
 */
public record MatchRecord(
    String id,
    Region region,
    List<List<QueueEntry>> teams,
    State state,
    Instant poppedAt,
    Instant readyBy,
    Set<UserId> accepted,
    Map<UserId, MatchResult> reports,
    Optional<MatchResult> result,
    Optional<Instant> confirmedAt,
    Optional<Instant> endedAt,
    Optional<String> endReason,
    Optional<String> map,
    List<Member> left,
    QueueId queue) {

  /** Where a match stands. */
  public enum State {
    POPPED, CONFIRMED, FINISHED, CANCELLED;

    /** Whether a match in this state still holds its players. */
    public boolean isOpen() {
      return this == POPPED || this == CONFIRMED;
    }
  }

  public MatchRecord {
    requireNonNull(id, "id");
    requireNonNull(region, "region");
    teams = teams.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
    requireNonNull(state, "state");
    requireNonNull(poppedAt, "poppedAt");
    requireNonNull(readyBy, "readyBy");
    accepted = ImmutableSet.copyOf(accepted);
    reports = ImmutableMap.copyOf(reports);
    requireNonNull(result, "result");
    requireNonNull(confirmedAt, "confirmedAt");
    requireNonNull(endedAt, "endedAt");
    requireNonNull(endReason, "endReason");
    requireNonNull(map, "map");
    left = left == null ? ImmutableList.of() : ImmutableList.copyOf(left); // absent in old rows
    requireNonNull(queue, "queue");
    checkArgument(teams.size() >= 2, "a match has at least two teams");
    checkArgument(state != State.FINISHED || result.isPresent(), "a finished match has a result");
    checkArgument(state.isOpen() || endedAt.isPresent(), "an ended match has an end time");
  }

  /** A match with no map chosen. */
  public MatchRecord(String id, Region region, List<List<QueueEntry>> teams, State state,
      Instant poppedAt, Instant readyBy, Set<UserId> accepted, Map<UserId, MatchResult> reports,
      Optional<MatchResult> result, Optional<Instant> confirmedAt, Optional<Instant> endedAt,
      Optional<String> endReason) {
    this(id, region, teams, state, poppedAt, readyBy, accepted, reports, result, confirmedAt,
        endedAt, endReason, Optional.empty(), List.of());
  }

  /** A match of the default queue. */
  public MatchRecord(String id, Region region, List<List<QueueEntry>> teams, State state,
      Instant poppedAt, Instant readyBy, Set<UserId> accepted, Map<UserId, MatchResult> reports,
      Optional<MatchResult> result, Optional<Instant> confirmedAt, Optional<Instant> endedAt,
      Optional<String> endReason, Optional<String> map, List<Member> left) {
    this(id, region, teams, state, poppedAt, readyBy, accepted, reports, result, confirmedAt,
        endedAt, endReason, map, left, QueueId.DEFAULT);
  }

  /** A match just popped from the queue, its ready check running until {@code readyBy}. */
  public static MatchRecord popped(PoppedMatch match, Instant readyBy) {
    return new MatchRecord(match.matchId(), match.region(), match.teams(), State.POPPED,
        match.poppedAt(), readyBy, Set.of(), Map.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), match.queue());
  }

  /** Every player, team by team. */
  public List<Member> players() {
    return teams.stream().flatMap(List::stream).flatMap(e -> e.entity().members().stream())
        .collect(ImmutableList.toImmutableList());
  }

  /** Every queue entry, team by team. */
  public List<QueueEntry> entries() {
    return teams.stream().flatMap(List::stream).collect(ImmutableList.toImmutableList());
  }

  /** The index of the team {@code user} plays in, if they play. */
  public OptionalInt teamOf(UserId user) {
    for (int t = 0; t < teams.size(); t++) {
      for (QueueEntry entry : teams.get(t)) {
        for (Member m : entry.entity().members()) {
          if (m.id().equals(user)) {
            return OptionalInt.of(t);
          }
        }
      }
    }
    return OptionalInt.empty();
  }

  public boolean hasPlayer(UserId user) {
    return teamOf(user).isPresent();
  }

  /** The entry that brought {@code user} to this match, if they play. */
  public Optional<QueueEntry> entryOf(UserId user) {
    return entries().stream()
        .filter(e -> e.entity().members().stream().anyMatch(m -> m.id().equals(user)))
        .findFirst();
  }

  /** The players who have not accepted the ready check. */
  public List<Member> notAccepted() {
    return players().stream().filter(m -> !accepted.contains(m.id()))
        .collect(ImmutableList.toImmutableList());
  }

  /** This match with {@code user}'s acceptance. */
  public MatchRecord accept(UserId user) {
    checkState(state == State.POPPED, "match %s is %s, not in its ready check", id, state);
    ImmutableSet<UserId> now = ImmutableSet.<UserId>builder().addAll(accepted).add(user).build();
    return new MatchRecord(id, region, teams, state, poppedAt, readyBy, now, reports, result,
        confirmedAt, endedAt, endReason, map, left, queue);
  }

  /** This match confirmed at {@code at}. */
  public MatchRecord confirm(Instant at) {
    checkState(state == State.POPPED, "match %s is %s, not in its ready check", id, state);
    return new MatchRecord(id, region, teams, State.CONFIRMED, poppedAt, readyBy, accepted,
        reports, result, Optional.of(at), endedAt, endReason, map, left, queue);
  }

  /** This match with {@code user}'s report of {@code claimed}, replacing any earlier one. */
  public MatchRecord report(UserId user, MatchResult claimed) {
    checkState(state == State.CONFIRMED, "match %s is %s, not confirmed", id, state);
    Map<UserId, MatchResult> now = new LinkedHashMap<>(reports);
    now.put(user, claimed);
    return new MatchRecord(id, region, teams, state, poppedAt, readyBy, accepted, now, result,
        confirmedAt, endedAt, endReason, map, left, queue);
  }

  /** This match finished at {@code at} with {@code outcome}, for {@code why}. */
  public MatchRecord finish(MatchResult outcome, Instant at, String why) {
    checkState(state == State.CONFIRMED, "match %s is %s, not confirmed", id, state);
    return new MatchRecord(id, region, teams, State.FINISHED, poppedAt, readyBy, accepted,
        reports, Optional.of(outcome), confirmedAt, Optional.of(at), Optional.of(why), map, left,
        queue);
  }

  /**
   * This finished match with its result replaced by {@code outcome}: a moderator's correction. Its
   * times and end reason stay; the correction's audit is kept beside it ({@link MatchAudit}).
   */
  public MatchRecord correct(MatchResult outcome) {
    checkState(state == State.FINISHED, "match %s is %s, not finished", id, state);
    return new MatchRecord(id, region, teams, state, poppedAt, readyBy, accepted, reports,
        Optional.of(outcome), confirmedAt, endedAt, endReason, map, left, queue);
  }

  /** This match cancelled at {@code at}, for {@code why}. */
  public MatchRecord cancel(Instant at, String why) {
    checkState(state.isOpen(), "match %s has already ended (%s)", id, state);
    return new MatchRecord(id, region, teams, State.CANCELLED, poppedAt, readyBy, accepted,
        reports, result, confirmedAt, Optional.of(at), Optional.of(why), map, left, queue);
  }

  /** This open match with its teams as a captains' draft picked them (the same entries). */
  public MatchRecord withTeams(List<List<QueueEntry>> picked) {
    checkState(state.isOpen(), "match %s has already ended (%s)", id, state);
    return new MatchRecord(id, region, picked, state, poppedAt, readyBy, accepted, reports,
        result, confirmedAt, endedAt, endReason, map, left, queue);
  }

  /** This match played on {@code chosen}, the map its vote chose. */
  public MatchRecord withMap(String chosen) {
    checkState(state.isOpen(), "match %s has already ended (%s)", id, state);
    return new MatchRecord(id, region, teams, state, poppedAt, readyBy, accepted, reports, result,
        confirmedAt, endedAt, endReason, Optional.of(chosen), left, queue);
  }
}

package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A confirmed match's map vote while it runs: the maps offered, each voter's choice and when the
 * vote closes. Immutable.
 *
 * @param matchId the match
 * @param options the maps offered, at least two
 * @param votes each voter's map, one of {@code options}
 * @param closesAt when the vote closes, unless every player has voted before
 */
public record MapPoll(String matchId, List<String> options, Map<UserId, String> votes,
    Instant closesAt) {
  public MapPoll {
    requireNonNull(matchId, "matchId");
    options = ImmutableList.copyOf(options);
    votes = ImmutableMap.copyOf(votes);
    requireNonNull(closesAt, "closesAt");
    checkArgument(options.size() >= 2, "a vote offers at least two maps, got %s", options);
    checkArgument(options.containsAll(votes.values()), "votes %s name maps not offered: %s",
        votes, options);
  }

  /** This vote with {@code voter}'s choice of {@code map}, replacing any earlier one. */
  public MapPoll with(UserId voter, String map) {
    Map<UserId, String> now = new LinkedHashMap<>(votes);
    now.put(voter, map);
    return new MapPoll(matchId, options, now, closesAt);
  }

  /** This vote without {@code voter}'s choice. */
  public MapPoll without(UserId voter) {
    Map<UserId, String> now = new LinkedHashMap<>(votes);
    now.remove(voter);
    return new MapPoll(matchId, options, now, closesAt);
  }

  /** Each offered map's votes, in the order offered. */
  public Map<String, Integer> tally() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    options.forEach(o -> counts.put(o, 0));
    votes.values().forEach(v -> counts.merge(v, 1, Integer::sum));
    return counts;
  }
}

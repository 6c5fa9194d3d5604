package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The map vote of a confirmed match: which maps there are, how long the vote runs, and how many
 * of their own last matches' maps the players are spared. Immutable; {@link #none()} turns the
 * vote off.
 *
 * @param maps the maps to vote on, none (no vote) or at least two, names of 1 to 32 characters
 *     without commas, distinct ignoring case
 * @param voteTime how long the vote runs, 5 s to 10 min
 * @param cooldown how many of each player's last matches' maps are left out of the vote (0 for
 *     none); when that leaves one map it is chosen without a vote, when it leaves none, every map
 *     is offered
 */
public record MapVote(List<String> maps, Duration voteTime, int cooldown) {
  public MapVote {
    maps = ImmutableList.copyOf(maps);
    requireNonNull(voteTime, "voteTime");
    checkArgument(maps.size() != 1, "maps: name none (no vote) or at least two, got %s", maps);
    Set<String> seen = new HashSet<>();
    for (String map : maps) {
      checkArgument(!map.isBlank() && map.strip().equals(map) && map.length() <= 32
          && !map.contains(","), "maps: '%s' is not a map name (1 to 32 characters, no commas)",
          map);
      checkArgument(seen.add(map.toLowerCase(Locale.ROOT)), "maps: '%s' is named twice", map);
    }
    checkArgument(voteTime.compareTo(Duration.ofSeconds(5)) >= 0
        && voteTime.compareTo(Duration.ofMinutes(10)) <= 0,
        "mapVoteTime must be 5 s to 10 min, got %s", voteTime);
    checkArgument(cooldown >= 0 && cooldown <= 50, "mapCooldown must be 0 to 50, got %s",
        cooldown);
  }

  /** No map vote. */
  public static MapVote none() {
    return new MapVote(List.of(), Duration.ofSeconds(30), 0);
  }

  /** A 30-second vote on {@code maps}, with no cooldown. */
  public static MapVote of(List<String> maps) {
    return new MapVote(maps, Duration.ofSeconds(30), 0);
  }

  /** Whether there is a vote at all. */
  public boolean isOn() {
    return !maps.isEmpty();
  }

  public MapVote withVoteTime(Duration time) {
    return new MapVote(maps, time, cooldown);
  }

  public MapVote withCooldown(int matches) {
    return new MapVote(maps, voteTime, matches);
  }
}

package org.relva.core;

import static org.relva.core.StoreWrites.checkedReplace;
import static org.relva.core.StoreWrites.insertNew;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MapPoll;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.RecentMaps;
import org.relva.core.model.UserId;

/**
 * The map vote ({@link MapVote}): it opens when a match is confirmed, offering the configured
 * maps less those the players played in their last matches (the cooldown), takes one vote a
 * player (a later one replaces it), and closes when every player has voted or its time is up: the
 * map with most votes is chosen, a tie broken at random, and kept in the match
 * ({@link MatchRecord#map()}) and in each player's recent maps. A vote left open when its match
 * ends is dropped. Not thread-safe: used with {@link Relva}'s lock held.
 */
final class MapVotes {
  private final Context ctx;

  MapVotes(Context ctx) {
    this.ctx = ctx;
  }

  /**
   * Opens the vote of {@code match}, just confirmed, if there is one to hold; the match as it is
   * then (with its map, if the cooldown left only one).
   */
  MatchRecord open(MatchRecord match, Instant now) {
    MapVote rules = ctx.rules(match).mapVote();
    if (!rules.isOn()) {
      return match;
    }
    Set<String> spared = new HashSet<>();
    if (rules.cooldown() > 0) {
      for (Member m : match.players()) {
        ctx.stores().recentMaps().get(m.id()).ifPresent(r -> r.maps().stream()
            .limit(rules.cooldown()).forEach(spared::add));
      }
    }
    List<String> options = new ArrayList<>(rules.maps());
    options.removeAll(spared);
    if (options.isEmpty()) {
      options = new ArrayList<>(rules.maps());
    }
    if (options.size() == 1) {
      return choose(match, options.get(0), Map.of(), now);
    }
    MapPoll poll = new MapPoll(match.id(), options, Map.of(), now.plus(rules.voteTime()));
    insertNew(ctx.stores().mapPolls(), match.id(), poll);
    ctx.publish(new MatchEvent.MapVoteOpened(match, options, poll.closesAt(), now));
    return match;
  }

  /** {@code user} votes for {@code map} (any case) in their match's open vote. */
  Outcome<MapPoll> vote(UserId user, String map) {
    Optional<MatchRecord> match = ctx.openMatchOf(user);
    Optional<MapPoll> poll = match.flatMap(m -> ctx.stores().mapPolls().get(m.id()));
    Instant now = ctx.now();
    if (poll.isEmpty() || !now.isBefore(poll.get().closesAt())) {
      return Outcome.failure(Refusal.NO_MAP_VOTE, match.isEmpty()
          ? "You are not playing in an open match."
          : "Match " + match.get().id() + " has no map vote open.");
    }
    String wanted = map.strip();
    Optional<String> offered = poll.get().options().stream()
        .filter(o -> o.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
        .findFirst();
    if (offered.isEmpty()) {
      return Outcome.failure(Refusal.UNKNOWN_MAP, "'" + wanted + "' is not in the vote; the maps "
          + "are " + String.join(", ", poll.get().options()) + ".");
    }
    MapPoll after = poll.get().with(user, offered.get());
    checkedReplace(ctx.stores().mapPolls(), after.matchId(), poll.get(), after);
    if (after.votes().keySet().containsAll(match.get().players().stream().map(Member::id)
        .toList())) {
      close(match.get(), after, now);
    }
    return Outcome.success(after);
  }

  /** Closes every vote whose time is up; the matches whose map was chosen. */
  List<MatchRecord> closeDue() {
    Instant now = ctx.now();
    List<MatchRecord> chosen = new ArrayList<>();
    ctx.stores().mapPolls().snapshot().values().forEach(poll -> {
      if (!now.isBefore(poll.closesAt())) {
        MatchRecord match = ctx.stores().matches().get(poll.matchId()).orElseThrow();
        chosen.add(close(match, poll, now));
      }
    });
    return chosen;
  }

  /** The match {@code matchId} ended: its vote, if open, is dropped. */
  void drop(String matchId) {
    ctx.stores().mapPolls().remove(matchId);
  }

  /** {@code out} left match {@code matchId}: their vote no longer counts. */
  void forget(String matchId, UserId out) {
    ctx.stores().mapPolls().get(matchId).filter(p -> p.votes().containsKey(out))
        .ifPresent(p -> checkedReplace(ctx.stores().mapPolls(), matchId, p, p.without(out)));
  }

  private MatchRecord close(MatchRecord match, MapPoll poll, Instant now) {
    ctx.stores().mapPolls().remove(poll.matchId(), poll);
    Map<String, Integer> tally = poll.tally();
    int most = tally.values().stream().max(Integer::compare).orElse(0);
    List<String> best = tally.entrySet().stream().filter(e -> e.getValue() == most)
        .map(Map.Entry::getKey).toList();
    String map = best.size() == 1 ? best.get(0) : best.get(ctx.random().nextInt(best.size()));
    return choose(match, map, tally, now);
  }

  private MatchRecord choose(MatchRecord match, String map, Map<String, Integer> votes,
      Instant now) {
    MatchRecord after = match.withMap(map);
    checkedReplace(ctx.stores().matches(), match.id(), match, after);
    int keep = ctx.rules(match).mapVote().cooldown();
    if (keep > 0) {
      for (Member m : match.players()) {
        List<String> recent = new ArrayList<>();
        recent.add(map);
        ctx.stores().recentMaps().get(m.id()).ifPresent(r -> r.maps().stream()
            .limit(keep - 1L).forEach(recent::add));
        ctx.stores().recentMaps().put(m.id(), new RecentMaps(recent));
      }
    }
    ctx.publish(new MatchEvent.MapChosen(after, map, votes, now));
    return after;
  }
}

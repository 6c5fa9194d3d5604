package org.relva.matchmaking.stats;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.relva.core.model.Member;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.rating.RatingSystem;
import org.relva.matchmaking.stats.PlayerRecord.Placing;

/**
 * What a rating book must write after a moderator corrected a finished match's result: the
 * records and rated matches as if the corrected result had been the original. A pure function of
 * what the book holds; {@link RatingBook#replay} writes its answer in one commit.
 *
 * <h2>How</h2>
 * The book knows, for the corrected match M and every match rated after it (in the order they were
 * rated), each player's rating before and after ({@link RatedMatch}). The replay starts from the
 * ratings M's players had before M, rates M with its new result, and walks the later matches in
 * order. A later match none of whose players has a changed rating so far is left alone: every
 * rating in it is as it was. One with such a player is rated again, its other players starting
 * from the ratings the book recorded before it, and then all its players count as changed. So the
 * work is the later matches the correction reaches, not the whole history; with a small, busy
 * player pool that is soon every later match.
 *
 * <p>Only M's own players' games, wins, losses, draws and streaks change (no other placing
 * changes). Their counts move by M's old and new placings; their streaks are recomputed from the
 * streak they had before M ({@link RatedMatch.Change#streakBefore()}) through their later
 * placings. Everyone whose rating changed takes the rating of their last replayed match.
 *
 * <h2>Limits</h2>
 * A rating an admin set ({@link RatingBook#setRating}) after M, for a player the replay reaches,
 * is replaced by the replayed one. A row written before streaks were kept is read as a streak of
 * 0 before M, so such a player's streak may come out shorter than it was.
 */
final class CorrectionReplay {
  /** The records and rated matches to write, in the order to write them. */
  record Plan(Map<RatingKey, PlayerRecord> records, List<RatedMatch> rewritten) {
    Plan {
      records = ImmutableMap.copyOf(records);
      rewritten = ImmutableList.copyOf(rewritten);
    }
  }

  private final RatingSystem system;
  private final boolean perRegion;
  private final Function<RatingKey, PlayerRecord> recordOf;
  // The replay's running state: ratings changed so far, and the streaks of M's players.
  private final Map<RatingKey, Rating> rating = new HashMap<>();
  private final Map<RatingKey, Integer> streak = new HashMap<>();

  private CorrectionReplay(RatingSystem system, boolean perRegion,
      Function<RatingKey, PlayerRecord> recordOf) {
    this.system = system;
    this.perRegion = perRegion;
    this.recordOf = recordOf;
  }

  /**
   * The plan for {@code corrected}, now finished with its new result, which the book rated as
   * {@code was}.
   *
   * @param sequence the corrected match's rated match, then every one rated after it, in order
   * @param history the ended matches by id, for the teams and results of later matches
   * @param recordOf each player's record as the book holds it now
   * @throws IllegalStateException if a later rated match is missing from {@code history}
   */
  static Plan plan(RatingSystem system, boolean perRegion, List<RatedMatch> sequence,
      MatchRecord corrected, MatchResult was, Function<String, Optional<MatchRecord>> history,
      Function<RatingKey, PlayerRecord> recordOf) {
    return new CorrectionReplay(system, perRegion, recordOf)
        .run(sequence, corrected, was, history);
  }

  private Plan run(List<RatedMatch> sequence, MatchRecord corrected, MatchResult was,
      Function<String, Optional<MatchRecord>> history) {
    RatedMatch first = sequence.get(0);
    List<RatedMatch> later = sequence.subList(1, sequence.size());
    MatchResult now = corrected.result().orElseThrow();
    List<List<RatingKey>> teams = keys(corrected);
    Map<RatingKey, RatedMatch.Change> old = byKey(first.changes());
    Set<RatingKey> mine = new LinkedHashSet<>();
    teams.forEach(mine::addAll);
    for (RatingKey key : mine) {
      startOf(key, old, later);
    }

    List<RatedMatch> rewritten = new ArrayList<>();
    rewritten.add(rate(first, teams, now));
    Set<RatingKey> playedLater = new HashSet<>();
    for (RatedMatch row : later) {
      if (row.changes().stream().noneMatch(c -> rating.containsKey(c.key()))) {
        continue; // nobody in it has a changed rating: it stands as it was rated
      }
      MatchRecord match = history.apply(row.matchId()).orElseThrow(() -> new IllegalStateException(
          "match " + row.matchId() + " was rated but is not in the history"));
      // The result the book rated it with: a later correction of it is replayed after this one.
      MatchResult result = row.result().or(match::result).filter(MatchResult::counts)
          .orElseThrow(() -> new IllegalStateException("match " + row.matchId()
              + " was rated but has no result that counts"));
      List<List<RatingKey>> rowTeams = keys(match);
      rowTeams.forEach(team -> team.stream().filter(mine::contains).forEach(playedLater::add));
      rewritten.add(rate(row, rowTeams, result));
    }

    Map<RatingKey, PlayerRecord> records = new LinkedHashMap<>();
    for (Map.Entry<RatingKey, Rating> e : rating.entrySet()) {
      RatingKey key = e.getKey();
      PlayerRecord record = recordOf.apply(key);
      if (!mine.contains(key)) {
        records.put(key, record.withRating(e.getValue()));
        continue;
      }
      int team = teamOf(teams, key);
      Optional<Placing> before = old.containsKey(key) ? Optional.of(placing(was, team))
          : Optional.empty();
      Placing after = placing(now, team);
      boolean last = !playedLater.contains(key);
      records.put(key, new PlayerRecord(e.getValue(),
          record.games() + (before.isPresent() ? 0 : 1),
          record.wins() + count(after, before, Placing.WON),
          record.losses() + count(after, before, Placing.LOST),
          record.draws() + count(after, before, Placing.DREW),
          streak.get(key),
          last ? Optional.of(first.at()) : record.lastPlayed(),
          last ? Optional.of(first.matchId()) : record.lastMatch()));
    }
    return new Plan(records, rewritten);
  }

  /**
   * Sets {@code key}'s rating and streak before the corrected match: as the book recorded them
   * for it; for a match that did not count before (no record of it), as recorded before the
   * player's next rated match, or the player's record now if there is none.
   */
  private void startOf(RatingKey key, Map<RatingKey, RatedMatch.Change> old,
      List<RatedMatch> later) {
    RatedMatch.Change known = old.get(key);
    if (known == null) {
      known = later.stream().flatMap(row -> row.changes().stream())
          .filter(c -> c.key().equals(key)).findFirst().orElse(null);
    }
    if (known != null) {
      rating.put(key, known.before());
      streak.put(key, known.streakBefore().orElse(0));
    } else {
      PlayerRecord record = recordOf.apply(key);
      rating.put(key, record.rating());
      streak.put(key, record.streak());
    }
  }

  /** {@code row}'s match rated again with {@code result} from the running ratings. */
  private RatedMatch rate(RatedMatch row, List<List<RatingKey>> teams, MatchResult result) {
    Map<RatingKey, RatedMatch.Change> old = byKey(row.changes());
    List<List<Rating>> before = new ArrayList<>(teams.size());
    for (List<RatingKey> team : teams) {
      List<Rating> ratings = new ArrayList<>(team.size());
      for (RatingKey key : team) {
        Rating r = rating.get(key);
        if (r == null) {
          RatedMatch.Change was = old.get(key);
          r = was != null ? was.before() : recordOf.apply(key).rating();
        }
        ratings.add(r);
      }
      before.add(ratings);
    }
    int[] ranks = new int[teams.size()];
    for (int t = 0; t < ranks.length; t++) {
      ranks[t] = result.kind() == MatchResult.Kind.WIN && result.winner() != t ? 1 : 0;
    }
    List<List<Rating>> after = system.rate(before, ranks);
    List<RatedMatch.Change> changes = new ArrayList<>();
    for (int t = 0; t < teams.size(); t++) {
      Placing placing = placing(result, t);
      for (int p = 0; p < teams.get(t).size(); p++) {
        RatingKey key = teams.get(t).get(p);
        Integer running = streak.get(key);
        RatedMatch.Change was = old.get(key);
        OptionalInt streakBefore = running != null ? OptionalInt.of(running)
            : was != null ? was.streakBefore() : OptionalInt.empty();
        changes.add(new RatedMatch.Change(key, before.get(t).get(p), after.get(t).get(p),
            streakBefore));
        rating.put(key, after.get(t).get(p));
        if (running != null) {
          streak.put(key, next(running, placing));
        }
      }
    }
    return new RatedMatch(row.matchId(), row.at(), changes, Optional.of(result));
  }

  private List<List<RatingKey>> keys(MatchRecord match) {
    Optional<Region> region = perRegion ? Optional.of(match.region()) : Optional.empty();
    List<List<RatingKey>> teams = new ArrayList<>();
    for (List<QueueEntry> team : match.teams()) {
      List<RatingKey> keys = new ArrayList<>();
      for (QueueEntry entry : team) {
        for (Member member : entry.entity().members()) {
          keys.add(new RatingKey(member.id(), region));
        }
      }
      teams.add(keys);
    }
    return teams;
  }

  private static Map<RatingKey, RatedMatch.Change> byKey(List<RatedMatch.Change> changes) {
    Map<RatingKey, RatedMatch.Change> all = new HashMap<>();
    changes.forEach(c -> all.put(c.key(), c));
    return all;
  }

  private static int teamOf(List<List<RatingKey>> teams, RatingKey key) {
    for (int t = 0; t < teams.size(); t++) {
      if (teams.get(t).contains(key)) {
        return t;
      }
    }
    throw new IllegalArgumentException(key + " plays in no team");
  }

  /** How team {@code team} placed in a match that ended with {@code result}, which counts. */
  static Placing placing(MatchResult result, int team) {
    return result.kind() == MatchResult.Kind.DRAW ? Placing.DREW
        : result.winner() == team ? Placing.WON : Placing.LOST;
  }

  private static int count(Placing after, Optional<Placing> before, Placing which) {
    return (after == which ? 1 : 0) - (before.filter(which::equals).isPresent() ? 1 : 0);
  }

  /** The streak after one more game placed {@code placing}, as {@link PlayerRecord} counts it. */
  private static int next(int streak, Placing placing) {
    return switch (placing) {
      case WON -> streak > 0 ? streak + 1 : 1;
      case LOST -> streak < 0 ? streak - 1 : -1;
      case DREW -> 0;
    };
  }
}

package org.relva.matchmaking.stats;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.Comparators;
import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyStats;
import org.relva.core.Relva;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.MatchResult;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.ChangeLog;
import org.relva.core.store.KeyValueStore;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.core.store.StoreNames;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.rating.RatingSystem;
import org.relva.matchmaking.stats.PlayerRecord.Placing;

/**
 * Players' ratings and records, updated from finished matches and read by stats commands,
 * leaderboards and the matchmaker. Build one with {@link #builder()} and {@link #attach} it to the
 * core's event bus.
 *
 * <h2>What a result does</h2>
 * On a {@link MatchEvent.Finished} with a result that {@linkplain MatchResult#counts() counts}, the
 * book rates the match with its {@link RatingSystem}: each team is its players (whatever parties
 * they came in), the winner ranks first and every other team second, and a draw ranks all teams
 * level. Every player's {@link PlayerRecord} then takes the new rating and the game, win, loss or
 * draw, streak and time. A "no result" finish, and a cancelled match, change nothing.
 *
 * <h2>Corrected results</h2>
 * When a moderator corrects a finished match's result ({@link Relva#correctResult}), a book
 * {@linkplain #attach(Relva) attached to the core} {@linkplain #replay replays} it: the ratings of
 * the match and of every later rated match it reaches are computed again in the order they were
 * rated, and the records, streaks and leaderboard follow, in one commit. Each rated match keeps the
 * result it was rated with, so {@link #catchUp(Relva)} finds a correction whose replay a crash cut
 * off, and replaying a result already replayed changes nothing.
 *
 * <h2>Regions</h2>
 * A book keeps one rating a player, or, {@linkplain Builder#perRegion(boolean) if configured}, one
 * a player and region, rated by the matches played in that region. The methods that take a region
 * read the record that counts in it: that region's in a per-region book, the player's one record
 * otherwise. The methods without one are for a book with one rating a player, and a per-region
 * book refuses them.
 *
 * <h2>The matchmaker's scale</h2>
 * {@link #asRatings()} gives the matchmaker {@code 1500 + (mu - mu0) * scale}, where {@code mu0} is
 * the system's initial {@code mu} (so a new player is at {@link Ratings#DEFAULT_RATING}) and
 * {@code scale} defaults to {@code 1500 / mu0}. With OpenSkill's defaults that is 60 points a unit
 * of {@code mu}, which maps the default {@code sigma} of 25/3 to 500 points, the scale of {@link
 * org.relva.matchmaking.rating.OpenSkillOptions#scaled OpenSkillOptions.scaled(1500, 500)}; with
 * Elo's defaults the mapping is the identity. The matchmaker reads {@code mu}, the best estimate,
 * not the conservative ordinal: the ordinal would put every newcomer at the bottom of the scale
 * and match them against the weakest players.
 *
 * <p>The scale is a linear relabelling, not a calibration: a gap of points does not mean Elo's
 * odds. Under Plackett-Luce a 100-point gap between two 5v5 teams' mean ratings makes the stronger
 * side the model's favourite at about 58% while its players are new ({@code sigma} 25/3) and about
 * 72-75% once they are settled ({@code sigma} 2 to 1.5, some hundreds of games); in a 1v1 the same
 * gap is 53-57%. (Elo's 100 points are 64%.) The matchmaker's rating windows are in these points.
 *
 * <h2>Delivered twice</h2>
 * A result must never count twice, and an event bus may deliver again (a replay, a retry after a
 * failure). The book remembers the ids of the last {@linkplain Builder#rememberedMatches matches}
 * it applied and ignores them, and each record keeps the id of its last match, so a repeat that
 * comes after a restart (when the memory is gone but the store is not) is still recognised as long
 * as the players have not played since. A repeat older than both is applied again: choose the
 * memory to cover the longest redelivery you expect. A delivery that failed half-way (a store
 * error after some players were written) is completed by its repeat, which skips the players
 * already written; the others are then rated against the new ratings of those, a small error.
 *
 * <h2>Kept across restarts</h2>
 * Built with a {@link StateJournal} ({@link Builder#journal}), the book loads its records
 * ({@value #RATINGS}) and the matches it rated ({@value #RATED}, each a {@link RatedMatch} with
 * every player's rating before and after) when it is built, and commits each match's changes in
 * one transaction before {@link #apply} returns. A match is rated exactly once, across restarts
 * too: the rated matches are kept, so {@link #catchUp} after a restart rates exactly the finished
 * matches that the book had not rated when the process stopped (their events may have been lost
 * with it). A commit that fails changes nothing and throws {@link StorageException}; the next
 * {@code catchUp} rates the match.
 *
 * <h2>Ladders</h2>
 * A server whose queues rate apart (a 5v5 beside a 2v2) runs one book a ladder on one core and one
 * journal: {@link Builder#ladder(String) ladder(name)} keeps the book's records and rated matches
 * under stores of their own ({@code ratings@2v2}, {@code ratedMatches@2v2}; {@link StoreNames}),
 * and {@link Builder#queues(Set) queues(ids)} makes it rate the matches of those queues only. The
 * default ladder keeps the names {@value #RATINGS} and {@value #RATED}, so a database from before
 * ladders loads unchanged; a book that names no queues rates every queue's matches, as before.
 * Everything the book does goes through that filter: {@link #apply}, the events of {@link
 * #attach}, {@link #replay}, both {@code catchUp}s; its leaderboards and {@link #asRatings()}
 * read its own ladder's records only. A match of another queue is not noted anywhere in this
 * book's stores, so {@link #catchUp(Relva)} reads the ended matches of the other ladders' queues
 * each time it is called (to learn their queue), and rates none of them: after a restart that is
 * the cost of reading those matches once.
 *
 * <h2>Concurrency</h2>
 * This class is thread-safe. Updates (results and {@link #setRating}) are serialised by a lock in
 * the book, and each player's record is written with one {@link KeyValueStore#compute}, so a store
 * shared with another writer never loses an update: if a record changed between the book's read
 * and its write, the match's change of {@code mu} and {@code sigma} is applied to the record as it
 * is now. Reads take no lock and see each record as of one moment; a leaderboard is built from one
 * {@linkplain KeyValueStore#snapshot() snapshot}. The store is the book's: records written by
 * another rating system, or with other options, are read as if they were this one's.
 */
public final class RatingBook {
  /** The journal's name for the players' records. */
  public static final String RATINGS = "ratings";
  /** The journal's name for the matches the book rated. */
  public static final String RATED = "ratedMatches";

  private static final System.Logger LOG = System.getLogger(RatingBook.class.getName());

  private static final Comparator<PlayerStats> LEADERBOARD_ORDER =
      Comparator.comparingDouble(PlayerStats::ordinal).reversed()
          .thenComparing(Comparator.comparingInt(PlayerStats::games).reversed())
          .thenComparing(PlayerStats::user);

  private final KeyValueStore<RatingKey, PlayerRecord> store;
  private final KeyValueStore<String, RatedMatch> rated;
  private final String ladder;
  private final String ratingsStore;
  private final String ratedStore;
  private final Set<QueueId> queues;
  private final StateJournal journal;
  private final ChangeLog changes = new ChangeLog();
  private final RatingSystem system;
  private final boolean perRegion;
  private final Rating initial;
  private final double scale;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock; only without a journal (which keeps the order itself, see ratedFrom): the
  // rated matches' ids in the order they were rated, and each one's place in it.
  private final @Nullable List<String> ratedOrder;
  private final Map<String, Integer> ratedPosition = new HashMap<>();
  // Guarded by lock: the ids of the matches applied most recently, oldest first.
  private final LinkedHashMap<String, Boolean> applied;

  private RatingBook(Builder builder) {
    this.journal = builder.journal;
    this.ladder = builder.ladder;
    this.ratingsStore = StoreNames.qualified(RATINGS, ladder);
    this.ratedStore = StoreNames.qualified(RATED, ladder);
    this.queues = builder.queues;
    KeyValueStore<RatingKey, PlayerRecord> records = builder.store;
    KeyValueStore<String, RatedMatch> ratedMatches = KeyValueStore.inMemory();
    if (journal.isDurable()) {
      checkArgument(records.size() == 0, "a book with a journal loads its records from it: "
          + "give it an empty store");
      Map<String, Map<Object, Object>> kept = journal.load(Set.of(ratingsStore));
      for (Map.Entry<Object, Object> e : kept.getOrDefault(ratingsStore, Map.of()).entrySet()) {
        records.put((RatingKey) e.getKey(), (PlayerRecord) e.getValue());
      }
      // One per match ever ended: read on demand, never loaded whole.
      ratedMatches = changes.track(ratedStore, KeyValueStore.archive(journal, ratedStore));
      records = changes.track(ratingsStore, records);
    }
    this.store = records;
    this.rated = ratedMatches;
    this.ratedOrder = journal.isDurable() ? null : new ArrayList<>();
    this.system = builder.system;
    this.perRegion = builder.perRegion;
    this.initial = system.initial();
    Double given = builder.scale;
    if (given == null) {
      checkArgument(initial.mu() > 0, "ratings.matchmakingScale: %s starts players at mu %s, so "
          + "there is no default scale; set one", system.name(), initial.mu());
      this.scale = Ratings.DEFAULT_RATING / initial.mu();
    } else {
      this.scale = given;
    }
    int remembered = builder.rememberedMatches;
    this.applied = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > remembered;
      }
    };
  }

  /**
   * A builder of a book with an in-memory store, OpenSkill's default system, one rating a player
   * and a memory of 65,536 applied matches.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The rating system this book rates matches with. */
  public RatingSystem system() {
    return system;
  }

  /** This book's ladder: {@code default} unless {@linkplain Builder#ladder named}. */
  public String ladder() {
    return ladder;
  }

  /** The queues whose matches this book rates; empty: every queue's. */
  public Set<QueueId> queues() {
    return queues;
  }

  /** Whether this book rates {@code match}: whether it popped from one of its queues. */
  public boolean rates(MatchRecord match) {
    return queues.isEmpty() || queues.contains(match.queue());
  }

  /** Whether this book keeps a player's ratings per region. */
  public boolean perRegion() {
    return perRegion;
  }

  /**
   * Subscribes this book to {@code events}' {@link MatchEvent.Finished}, so that every finished
   * match is {@linkplain #apply applied}. Cancel the subscription to stop.
   */
  public EventBus.Subscription attach(EventBus events) {
    return attach(events, null);
  }

  /**
   * As {@link #attach(EventBus)} on {@code relva}'s events, and also {@linkplain #replay replays}
   * the ratings on every {@link MatchEvent.Corrected}, reading the history and the match's audit
   * from {@code relva}. A book attached to a bare bus cannot replay (it has no history to read):
   * it logs each correction, and {@link #catchUp(Relva)} replays it.
   */
  public EventBus.Subscription attach(Relva relva) {
    return attach(relva.events(), requireNonNull(relva, "relva"));
  }

  private EventBus.Subscription attach(EventBus events, @Nullable Relva relva) {
    return events.subscribe(MatchEvent.class, event -> {
      if (event instanceof MatchEvent.Finished finished) {
        apply(finished);
      } else if (event instanceof MatchEvent.Cancelled cancelled) {
        if (rates(cancelled.match())) {
          passOver(List.of(cancelled.match()), cancelled.at());
        }
      } else if (event instanceof MatchEvent.Corrected corrected) {
        if (!rates(corrected.match())) {
          return;
        }
        if (relva == null) {
          LOG.log(System.Logger.Level.WARNING, () -> "match " + corrected.match().id() + "'s "
              + "result was corrected, but this book has no history to replay it from: "
              + "attach it with attach(Relva); catchUp(Relva) replays it");
        } else {
          replay(corrected.match(), relva.corrections().get(corrected.match().id()),
              relva::match);
        }
      }
    });
  }

  /**
   * Re-rates after a moderator corrected the result of {@code corrected}: its players' ratings,
   * records and streaks, every later rated match that the change reaches, and the leaderboard
   * come out as if the corrected result had been the original ({@link CorrectionReplay} says how
   * and at what cost). All of it is one commit. Replaying a result the book already reflects
   * changes nothing, so a repeat, or a {@link #catchUp(Relva)} after a crash, is safe. A match the
   * book never saw is rated now, like any other; a match of a queue this book does not
   * {@linkplain #rates rate} changes nothing.
   *
   * @param corrected the match as it is now, finished with its corrected result
   * @param audit its corrections, for its original result when the book's row predates the
   *     result being kept; may be null when the book's row has its result
   * @param history the ended matches by id, as the core has them ({@code relva::match})
   * @return how many rated matches were rewritten: 0 if the book already reflected the result, or
   *     does not rate the match's queue
   * @throws IllegalArgumentException if {@code corrected} did not finish with a result that counts
   * @throws IllegalStateException if a later rated match is missing from {@code history}
   * @throws StorageException if the commit failed; then nothing changed
   */
  public int replay(MatchRecord corrected, @Nullable MatchAudit audit,
      Function<String, Optional<MatchRecord>> history) {
    requireNonNull(corrected, "corrected");
    requireNonNull(history, "history");
    checkArgument(counts(corrected), "match %s did not finish with a result that counts",
        corrected.id());
    if (!rates(corrected)) {
      return 0;
    }
    MatchResult now = corrected.result().orElseThrow();
    lock.lock();
    try {
      List<RatedMatch> sequence = ratedFrom(corrected.id());
      if (sequence.isEmpty()) {
        return apply(new MatchEvent.Finished(corrected, now, corrected.endedAt().orElseThrow()))
            ? 1 : 0;
      }
      RatedMatch first = sequence.get(0);
      MatchResult was = first.result().orElseGet(() -> first.changes().isEmpty()
          ? MatchResult.noResult()
          : requireNonNull(audit, "audit: the book's row does not say what it rated").original());
      if (was.equals(now)) {
        return 0;
      }
      CorrectionReplay.Plan plan = CorrectionReplay.plan(system, perRegion, sequence, corrected,
          was, history, this::recordOf);
      plan.records().forEach(store::put);
      plan.rewritten().forEach(m -> rated.put(m.matchId(), m));
      commit();
      return plan.rewritten().size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Match {@code id}'s rated match and every one rated after it, in the order they were rated;
   * empty if the book has not seen it. Without a journal the book keeps that order in memory, an
   * id and a place a rated match (next to the rated matches themselves, which it keeps too). With
   * one, the journal keeps it ({@link StateJournal#newest}, by first commit, which a rewrite keeps):
   * the newest rows are read in growing batches (256, then four times as many each time) until
   * the match is among them, so a correction reads the matches after it, at most four times over,
   * and holds them in memory while it replays, never the history before it.
   */
  private List<RatedMatch> ratedFrom(String id) {
    if (ratedOrder != null) {
      Integer at = ratedPosition.get(id);
      return at == null ? List.of() : ratedOrder.subList(at, ratedOrder.size()).stream()
          .map(m -> rated.get(m).orElseThrow()).toList();
    }
    for (int limit = 256; ; limit = (int) Math.min(Integer.MAX_VALUE, limit * 4L)) {
      List<Map.Entry<Object, Object>> newest = journal.newest(ratedStore, limit);
      for (int i = newest.size() - 1; i >= 0; i--) {
        if (newest.get(i).getKey().equals(id)) {
          return newest.subList(i, newest.size()).stream()
              .map(e -> (RatedMatch) e.getValue()).toList();
        }
      }
      if (newest.size() < limit || limit == Integer.MAX_VALUE) {
        return List.of();
      }
    }
  }

  /**
   * Rates {@code finished}'s match and updates its players' records, unless its result does not
   * count, the book has applied it already (see the class comment), or it popped from a queue
   * this book does not {@linkplain #rates rate}.
   *
   * @return whether anything changed
   * @throws IllegalArgumentException if a win names a team the match does not have
   */
  public boolean apply(MatchEvent.Finished finished) {
    requireNonNull(finished, "finished");
    MatchResult result = finished.result();
    MatchRecord match = finished.match();
    if (!rates(match)) {
      return false;
    }
    if (!result.counts()) {
      passOver(List.of(match), finished.at());
      return false;
    }
    String id = match.id();
    List<List<QueueEntry>> teams = match.teams();
    checkArgument(result.kind() != MatchResult.Kind.WIN || result.winner() < teams.size(),
        "match %s has %s teams, but its result names team %s", id, teams.size(),
        result.winner() + 1);
    Optional<Region> region = perRegion ? Optional.of(match.region()) : Optional.empty();
    int[] ranks = new int[teams.size()];
    for (int t = 0; t < ranks.length; t++) {
      ranks[t] = result.kind() == MatchResult.Kind.WIN && result.winner() != t ? 1 : 0;
    }

    lock.lock();
    try {
      if (applied.containsKey(id) || rated.containsKey(id)) {
        return false;
      }
      List<List<RatingKey>> keys = new ArrayList<>(teams.size());
      List<List<Rating>> before = new ArrayList<>(teams.size());
      boolean pending = false;
      for (List<QueueEntry> team : teams) {
        List<RatingKey> teamKeys = new ArrayList<>();
        List<Rating> teamRatings = new ArrayList<>();
        for (QueueEntry entry : team) {
          for (Member member : entry.entity().members()) {
            RatingKey key = new RatingKey(member.id(), region);
            PlayerRecord record = recordOf(key);
            pending |= !record.lastMatch().equals(Optional.of(id));
            teamKeys.add(key);
            teamRatings.add(record.rating());
          }
        }
        keys.add(teamKeys);
        before.add(teamRatings);
      }
      if (pending) {
        List<List<Rating>> after = system.rate(before, ranks);
        Instant at = finished.at();
        List<RatedMatch.Change> changed = new ArrayList<>();
        for (int t = 0; t < keys.size(); t++) {
          Placing placing = result.kind() == MatchResult.Kind.DRAW ? Placing.DREW
              : ranks[t] == 0 ? Placing.WON : Placing.LOST;
          for (int p = 0; p < keys.get(t).size(); p++) {
            Rating read = before.get(t).get(p);
            Rating rated = after.get(t).get(p);
            RatingKey key = keys.get(t).get(p);
            PlayerRecord was = recordOf(key);
            PlayerRecord now = store.compute(key, (k, current) -> {
              PlayerRecord record = current == null ? PlayerRecord.unplayed(initial) : current;
              if (record.lastMatch().equals(Optional.of(id))) {
                return record;
              }
              return record.after(placing, carried(record.rating(), read, rated), id, at);
            }).orElseThrow();
            changed.add(new RatedMatch.Change(key, was.rating(), now.rating(),
                OptionalInt.of(was.streak())));
          }
        }
        noteRated(new RatedMatch(id, at, changed, Optional.of(result)));
      } else {
        noteRated(new RatedMatch(id, finished.at(), List.of(), Optional.of(result)));
      }
      commit();
      applied.put(id, Boolean.TRUE);
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rates, in the order they finished, those of {@code matches} that finished with a result that
   * counts, that this book has not rated and whose queue it {@linkplain #rates rates}: after a
   * restart, the ones whose events were lost with the process, or whose commit failed. Matches it
   * rated are left alone, so calling it again changes nothing.
   *
   * @return how many matches it rated
   */
  public int catchUp(Collection<MatchRecord> matches) {
    requireNonNull(matches, "matches");
    List<MatchRecord> unseen = matches.stream().filter(m -> !m.state().isOpen())
        .filter(this::rates).filter(m -> !rated.containsKey(m.id())).toList();
    passOver(unseen.stream().filter(m -> !counts(m)).toList(), null);
    List<MatchRecord> due = unseen.stream()
        .filter(RatingBook::counts)
        .sorted(Comparator.comparing((MatchRecord m) -> m.endedAt().orElseThrow())
            .thenComparing(MatchRecord::id))
        .toList();
    int count = 0;
    for (MatchRecord m : due) {
      if (apply(new MatchEvent.Finished(m, m.result().orElseThrow(), m.endedAt().orElseThrow()))) {
        count++;
      }
    }
    return count;
  }

  /**
   * {@link #catchUp(Collection)} of the ended matches of {@code relva} that this book has not
   * seen: after a restart, the ones that ended while their events were lost. Only those are read
   * (from the journal, where a durable core keeps its history), so this costs what the crash
   * lost, not what the history holds.
   *
   * <p>It then {@linkplain #replay replays} every corrected match (the core's {@link
   * Relva#corrections()}, a few) whose rated match does not have its current result: a correction
   * committed by the core whose replay a crash cut off, or that a book attached to a bare bus did
   * not replay.
   *
   * @return how many matches it rated, plus how many rated matches replays rewrote
   */
  public int catchUp(Relva relva) {
    requireNonNull(relva, "relva");
    Set<Object> seen = journal.isDurable() ? journal.keys(ratedStore)
        : Set.copyOf(rated.snapshot().keySet());
    List<MatchRecord> unseen = relva.endedMatchIds().stream()
        .filter(id -> !seen.contains(id))
        .map(relva::match).flatMap(Optional::stream).toList();
    int count = catchUp(unseen); // which rates only this book's queues' matches
    Map<String, MatchAudit> audits = relva.corrections();
    List<MatchRecord> corrected = audits.keySet().stream().map(relva::match)
        .flatMap(Optional::stream).filter(RatingBook::counts) // replay skips other queues'
        .sorted(Comparator.comparing((MatchRecord m) -> m.endedAt().orElseThrow())
            .thenComparing(MatchRecord::id))
        .toList();
    for (MatchRecord m : corrected) {
      count += replay(m, audits.get(m.id()), relva::match);
    }
    return count;
  }

  private static boolean counts(MatchRecord match) {
    return match.state() == MatchRecord.State.FINISHED
        && match.result().map(MatchResult::counts).orElse(false);
  }

  /**
   * Notes that {@code matches}, ended with nothing to rate (cancelled, or a result that does not
   * count), were seen, so that no {@link #catchUp} reads them again: each gets a
   * {@link RatedMatch} with no changes, at {@code at} or when it ended.
   */
  private void passOver(List<MatchRecord> matches, @Nullable Instant at) {
    if (matches.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (MatchRecord m : matches) {
        if (!rated.containsKey(m.id())) {
          noteRated(new RatedMatch(m.id(), at != null ? at : m.endedAt().orElseThrow(), List.of(),
              m.result()));
        }
      }
      commit();
    } catch (StorageException e) {
      // The next catch-up sees them again; nothing was rated, so nothing is lost.
      LOG.log(System.Logger.Level.WARNING, () -> "could not note " + matches.size()
          + " ended match(es) with nothing to rate; a restart will look at them again", e);
    } finally {
      lock.unlock();
    }
  }

  /** Keeps {@code match}, which the book had not seen, in the order of rating. */
  private void noteRated(RatedMatch match) {
    rated.put(match.matchId(), match);
    if (ratedOrder != null) {
      ratedPosition.put(match.matchId(), ratedOrder.size());
      ratedOrder.add(match.matchId());
    }
  }

  /**
   * What match {@code matchId} did to its players' ratings, if the book has seen it end: no
   * changes if it had nothing to rate (cancelled, or a result that does not count). With a
   * journal this may read it from the journal.
   */
  public Optional<RatedMatch> rated(String matchId) {
    return rated.get(requireNonNull(matchId, "matchId"));
  }

  /** Commits the changes made under the lock; on failure undoes them and throws. */
  private void commit() {
    List<Change> written = changes.changes();
    if (written.isEmpty()) {
      changes.clear();
      return;
    }
    try {
      journal.commit(written);
      changes.clear();
    } catch (StorageException e) {
      changes.undo();
      throw e;
    }
  }

  /** {@code rated} if the rating is still {@code read}; else the change from one to the other. */
  private static Rating carried(Rating now, Rating read, Rating rated) {
    if (now.equals(read)) {
      return rated;
    }
    return new Rating(now.mu() + (rated.mu() - read.mu()),
        now.sigma() * (rated.sigma() / read.sigma()));
  }

  /**
   * {@code user}'s stats in a book with one rating a player; a player the book does not know gets
   * an unplayed record at the system's initial rating.
   *
   * @throws IllegalStateException if this book keeps ratings per region
   */
  public PlayerStats stats(UserId user) {
    return stats(new RatingKey(requireNonNull(user, "user"), global()));
  }

  /**
   * {@code user}'s stats as they count in {@code region}: that region's record in a per-region
   * book, the player's one record otherwise.
   */
  public PlayerStats stats(UserId user, Region region) {
    return stats(new RatingKey(requireNonNull(user, "user"), in(region)));
  }

  private PlayerStats stats(RatingKey key) {
    return stats(key, recordOf(key));
  }

  private PlayerStats stats(RatingKey key, PlayerRecord record) {
    return new PlayerStats(key.user(), key.region(), record, system.ordinal(record.rating()),
        matchmakingRating(record.rating()));
  }

  private PlayerRecord recordOf(RatingKey key) {
    return store.get(key).orElseGet(() -> PlayerRecord.unplayed(initial));
  }

  /**
   * The best {@code limit} players of a book with one rating a player: highest ordinal first,
   * then most games, then by user id. Every stored record takes part, including one an admin set
   * before its player's first game. Costs a snapshot of the store and O(n) for n records.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   * @throws IllegalStateException if this book keeps ratings per region
   */
  public List<PlayerStats> leaderboard(int limit) {
    return leaderboard(global(), limit);
  }

  /**
   * As {@link #leaderboard(int)}, of the records that count in {@code region}: that region's in a
   * per-region book, everyone's otherwise.
   */
  public List<PlayerStats> leaderboard(Region region, int limit) {
    return leaderboard(in(region), limit);
  }

  private List<PlayerStats> leaderboard(Optional<Region> scope, int limit) {
    checkArgument(limit >= 0, "a leaderboard's limit is 0 or more, got %s", limit);
    List<PlayerStats> best = store.snapshot().entrySet().stream()
        .filter(e -> e.getKey().region().equals(scope))
        .map(e -> stats(e.getKey(), e.getValue()))
        .collect(Comparators.least(limit, LEADERBOARD_ORDER));
    return ImmutableList.copyOf(best);
  }

  /**
   * An admin's correction: sets the rating of {@code key}'s record, keeping its games and record
   * (a player the book does not know gets an unplayed record at {@code rating}).
   *
   * @return the record now stored
   * @throws IllegalArgumentException if {@code key} names a region and this book keeps one rating
   *     a player, or names none and this book keeps ratings per region
   */
  public PlayerRecord setRating(RatingKey key, Rating rating) {
    requireNonNull(key, "key");
    requireNonNull(rating, "rating");
    if (perRegion) {
      checkArgument(key.region().isPresent(),
          "this book keeps ratings per region: name the region of %s's rating", key.user());
    } else {
      checkArgument(key.region().isEmpty(), "this book keeps one rating a player, not one a "
          + "region: set %s's rating without the region %s", key.user(), key.region().orElse(null));
    }
    lock.lock();
    try {
      PlayerRecord now = store.compute(key, (k, current) -> current == null
          ? PlayerRecord.unplayed(rating) : current.withRating(rating)).orElseThrow();
      commit();
      return now;
    } finally {
      lock.unlock();
    }
  }

  /**
   * What {@code /party stats} shows: the core's stats of the party and its members' stats as they
   * count in the party's region.
   */
  public PartyStatsView partyStats(PartyStats party) {
    requireNonNull(party, "party");
    Region region = party.party().region();
    return new PartyStatsView(party, party.party().members().stream()
        .map(m -> stats(m.id(), region)).collect(ImmutableList.toImmutableList()));
  }

  /**
   * The matchmaker's view of the book: ratings on the Elo-like scale of the class comment, read live
   * from the store, {@link Ratings#DEFAULT_RATING} for a player the book does not know. A book kept
   * per region answers {@link Ratings#rating(UserId, Region)} from the region's records (the way
   * the built-in algorithms and the analytics ask); asked without a region, it refuses.
   */
  public Ratings asRatings() {
    return new BookRatings(this, Optional.empty());
  }

  /** As {@link #asRatings()}, of the records that count in {@code region}. */
  public Ratings asRatings(Region region) {
    return new BookRatings(this, in(region));
  }

  /** {@code user}'s matchmaking rating in {@code scope}; for {@link BookRatings}. */
  double matchmakingRating(UserId user, Optional<Region> scope) {
    return store.get(new RatingKey(user, scope))
        .map(record -> matchmakingRating(record.rating()))
        .orElse(Ratings.DEFAULT_RATING);
  }

  /** {@code rating} on the matchmaker's scale: {@code 1500 + (mu - mu0) * scale}. */
  public double matchmakingRating(Rating rating) {
    return Ratings.DEFAULT_RATING + (rating.mu() - initial.mu()) * scale;
  }

  private Optional<Region> global() {
    if (perRegion) {
      throw new IllegalStateException("this book keeps ratings per region: name the region");
    }
    return Optional.empty();
  }

  private Optional<Region> in(Region region) {
    requireNonNull(region, "region");
    return perRegion ? Optional.of(region) : Optional.empty();
  }

  @Override
  public String toString() {
    return "RatingBook(" + (ladder.equals("default") ? "" : "ladder " + ladder + ", ")
        + system.name() + (perRegion ? ", per region, " : ", ") + store.size() + " records)";
  }

  /** Builds a {@link RatingBook}. Every setting has a default; every setter validates its value. */
  public static final class Builder {
    private KeyValueStore<RatingKey, PlayerRecord> store = KeyValueStore.inMemory();
    private RatingSystem system = RatingSystem.openSkill();
    private boolean perRegion;
    private @Nullable Double scale;
    private int rememberedMatches = 1 << 16;
    private StateJournal journal = StateJournal.none();
    private String ladder = "default";
    private Set<QueueId> queues = Set.of();

    private Builder() {}

    /**
     * The ladder this book keeps: its records and rated matches are kept in the journal under
     * {@code ratings@name} and {@code ratedMatches@name} ({@link StoreNames}), apart from every
     * other ladder's. {@code default}, the default, keeps the names {@value RatingBook#RATINGS}
     * and {@value RatingBook#RATED} of a book from before ladders.
     *
     * @throws IllegalArgumentException if {@code name} is not 1 to 32 lowercase letters, digits
     *     or {@code -}
     */
    public Builder ladder(String name) {
      StoreNames.qualified(RATINGS, requireNonNull(name, "name"));
      this.ladder = name;
      return this;
    }

    /**
     * Rates only the matches that popped from {@code queues}; every queue's when empty (the
     * default). See the class comment, Ladders.
     */
    public Builder queues(Set<QueueId> queues) {
      this.queues = Set.copyOf(requireNonNull(queues, "queues"));
      return this;
    }

    /**
     * Where the book keeps its records and rated matches across restarts (see the class comment):
     * it loads them from the journal when built, into the (then empty) {@link #store}, and commits
     * each change through it. The default keeps nothing.
     */
    public Builder journal(StateJournal journal) {
      this.journal = requireNonNull(journal, "journal");
      return this;
    }

    /** Where the records are kept; the book's alone (see the class comment). */
    public Builder store(KeyValueStore<RatingKey, PlayerRecord> store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** The rating system; {@link RatingSystem#openSkill()} by default. */
    public Builder system(RatingSystem system) {
      this.system = requireNonNull(system, "system");
      return this;
    }

    /** Whether to keep a player's ratings per region; off by default. */
    public Builder perRegion(boolean perRegion) {
      this.perRegion = perRegion;
      return this;
    }

    /**
     * Matchmaking points a unit of {@code mu} (see the class comment); by default {@code 1500 /
     * mu0}, which a system that starts players at {@code mu <= 0} must replace.
     */
    public Builder matchmakingScale(double pointsPerMu) {
      checkArgument(Double.isFinite(pointsPerMu) && pointsPerMu > 0,
          "ratings.matchmakingScale must be finite and positive, got %s", pointsPerMu);
      this.scale = pointsPerMu;
      return this;
    }

    /** How many applied match ids the book remembers to ignore repeats; at least 1. */
    public Builder rememberedMatches(int count) {
      checkArgument(count >= 1, "ratings.rememberedMatches must be at least 1, got %s", count);
      this.rememberedMatches = count;
      return this;
    }

    /**
     * The book.
     *
     * @throws IllegalArgumentException if no scale was set and the system's initial {@code mu} is
     *     not positive
     */
    public RatingBook build() {
      return new RatingBook(this);
    }
  }
}

package org.relva.matchmaking.analytics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.EventBus;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.core.store.StoreNames;
import org.relva.matchmaking.Ratings;

/**
 * The spec's "queuePop (run some analytics)": records every pop as a {@link PopRecord} and keeps
 * running aggregates per region ({@link RegionStats}) for {@code /queue stats} and for a metrics
 * exporter.
 *
 * <p>It listens to the core's queue events: joins and leaves move each region's depth, and pops
 * are recorded and counted. Memory is bounded: wait percentiles are computed over each region's
 * most recent {@code waitWindow} waits of solos and of parties, the depth history keeps one sample
 * per minute for {@code depthHistory} minutes, and the log of pops keeps the newest
 * {@code popHistory}. Time comes from the events themselves, so the core's clock drives it.
 *
 * <p>Depth counts only what happened after {@link #attach}: attach it before anything queues, or,
 * after a restart, {@linkplain #restore restore} it with the queue as it was restored.
 *
 * <p>With a {@link StateJournal} ({@link #restore}), every pop's record is kept under
 * {@value #POPS}, and each region's count of pops under {@value #COUNTS}. After a restart the
 * counts are loaded and the windows rebuilt from the newest {@code waitWindow} records (of all
 * regions together: a quiet region beside a busy one may get back fewer than its window held), so
 * the waits and match quality of {@code /queue stats} survive it without reading every pop ever
 * kept; the depth history does not (it is sampled anew from the restored queue). A record whose commit fails stays in memory and is
 * committed with the next pop: analytics are never worth refusing a pop for.
 *
 * <h2>Per queue</h2>
 * Analytics attached or restored with a {@link QueueId} count that queue alone: its joins and
 * leaves, its pops ({@link PoppedMatch#queue()}), and, with a journal, its records and counts
 * under stores of its own, {@code pops@<queue>} and {@code popCounts@<queue>} ({@link
 * StoreNames}; the default queue's are {@value #POPS} and {@value #COUNTS}, the names analytics of
 * every queue keep). Run either one analytics of every queue or one a queue on a journal, not both:
 * analytics of every queue and those of the default queue would share the default queue's stores.
 *
 * <p>This class is thread-safe: events arrive on the bus's thread while any thread may read.
 */
public final class QueueAnalytics implements AutoCloseable {
  /** The journal's name for the pops' records. */
  public static final String POPS = "pops";
  /** The journal's name for each region's count of pops. */
  public static final String COUNTS = "popCounts";
  private static final System.Logger LOG = System.getLogger(QueueAnalytics.class.getName());

  private final Ratings ratings;
  private final StateJournal journal;
  private final @Nullable QueueId queue;
  private final String popsStore;
  private final String countsStore;
  private final List<PopRecord> unsaved = new ArrayList<>();
  private final MatchQuality quality;
  /** The defaults: percentiles over the last 10,000 waits, a day of depth, the last 1,000 pops. */
  private static final int WAIT_WINDOW = 10_000;
  private static final int DEPTH_HISTORY = 24 * 60;
  private static final int POP_HISTORY = 1_000;
  private final int waitWindow;
  private final int depthHistory;
  private final int popHistory;
  private final Map<Region, RegionTally> regions = new LinkedHashMap<>();
  private final ArrayDeque<PopRecord> pops = new ArrayDeque<>();
  private final EventBus.Subscription subscription;

  private QueueAnalytics(EventBus events, Ratings ratings, MatchQuality quality, int waitWindow,
      int depthHistory, int popHistory, StateJournal journal, @Nullable QueueId queue) {
    this.ratings = requireNonNull(ratings, "ratings");
    this.journal = requireNonNull(journal, "journal");
    this.queue = queue;
    String qualifier = queue == null ? QueueId.DEFAULT.value() : queue.value();
    this.popsStore = StoreNames.qualified(POPS, qualifier);
    this.countsStore = StoreNames.qualified(COUNTS, qualifier);
    this.quality = requireNonNull(quality, "quality");
    checkArgument(waitWindow > 0 && depthHistory > 0 && popHistory > 0,
        "history sizes must be positive, got %s, %s and %s", waitWindow, depthHistory, popHistory);
    this.waitWindow = waitWindow;
    this.depthHistory = depthHistory;
    this.popHistory = popHistory;
    this.subscription = events.subscribe(QueueEvent.class, this::onEvent);
  }

  /**
   * Analytics, as {@link #attach(EventBus, Ratings)}, that keep every pop's record in
   * {@code journal}: the records it holds are loaded and the aggregates rebuilt from them, in the
   * order they popped, and the depth starts from {@code queued}, the queue as the core restored it.
   */
  public static QueueAnalytics restore(EventBus events, Ratings ratings, StateJournal journal,
      List<QueueEntry> queued) {
    return restore(events, ratings, journal, queued, null);
  }

  /**
   * As {@link #restore(EventBus, Ratings, StateJournal, List)}, of the queue {@code queue} alone
   * (see the class comment, Per queue): its records and counts are loaded from its own stores, and
   * its depth starts from the entries of {@code queued} that wait in it.
   */
  public static QueueAnalytics restore(EventBus events, Ratings ratings, StateJournal journal,
      List<QueueEntry> queued, @Nullable QueueId queue) {
    QueueAnalytics analytics = new QueueAnalytics(requireNonNull(events, "events"), ratings,
        MatchQuality.elo(), WAIT_WINDOW, DEPTH_HISTORY, POP_HISTORY, journal, queue);
    String counts = analytics.countsStore;
    analytics.reload(journal.newest(analytics.popsStore, analytics.waitWindow).stream()
        .map(e -> (PopRecord) e.getValue()).toList(),
        journal.load(Set.of(counts)).getOrDefault(counts, Map.of()),
        queued.stream().filter(e -> analytics.counts(e.queue())).toList());
    return analytics;
  }

  /** The queue these analytics count; empty: every queue. */
  public Optional<QueueId> queue() {
    return Optional.ofNullable(queue);
  }

  private boolean counts(QueueId of) {
    return queue == null || queue.equals(of);
  }

  private synchronized void reload(Collection<PopRecord> kept, Map<Object, Object> counts,
      List<QueueEntry> queued) {
    kept.stream()
        .sorted(Comparator.comparing(PopRecord::at).thenComparing(PopRecord::matchId))
        .forEach(pop -> {
          remember(pop);
          tally(pop.region()).record(pop);
        });
    counts.forEach((region, count) -> tally((Region) region).matches = (Long) count);
    for (QueueEntry entry : queued) {
      move(entry, +1, entry.joinedAt());
    }
  }

  private void remember(PopRecord pop) {
    pops.addLast(pop);
    while (pops.size() > popHistory) {
      pops.removeFirst();
    }
  }

  /** Commits the records not yet saved, with this one; keeps them for the next try on failure. */
  private void save(PopRecord pop) {
    if (!journal.isDurable()) {
      return;
    }
    unsaved.add(pop);
    try {
      List<Change> changes = new ArrayList<>();
      for (PopRecord p : unsaved) {
        changes.add(new Change(popsStore, p.matchId(), Optional.of(p)));
        changes.add(new Change(countsStore, p.region(),
            Optional.of(tally(p.region()).matches)));
      }
      journal.commit(changes);
      unsaved.clear();
    } catch (StorageException e) {
      LOG.log(System.Logger.Level.WARNING, () -> "could not save the analytics of "
          + unsaved.size() + " pop(s); will try again with the next", e);
    }
  }

  /**
   * Analytics of {@code events} with the Elo {@link MatchQuality}, percentiles over the last 10,000
   * waits, a day of depth history and the last 1,000 pops.
   */
  public static QueueAnalytics attach(EventBus events, Ratings ratings) {
    return attach(events, ratings, MatchQuality.elo(), WAIT_WINDOW, DEPTH_HISTORY, POP_HISTORY);
  }

  /** Analytics of {@code events} with the given scoring and history sizes. */
  public static QueueAnalytics attach(EventBus events, Ratings ratings, MatchQuality quality,
      int waitWindow, int depthHistory, int popHistory) {
    return new QueueAnalytics(requireNonNull(events, "events"), ratings, quality, waitWindow,
        depthHistory, popHistory, StateJournal.none(), null);
  }

  /**
   * As {@link #attach(EventBus, Ratings)}, of the queue {@code queue} alone: its joins, leaves
   * and pops (see the class comment, Per queue).
   */
  public static QueueAnalytics attach(EventBus events, Ratings ratings, QueueId queue) {
    return new QueueAnalytics(requireNonNull(events, "events"), ratings, MatchQuality.elo(),
        WAIT_WINDOW, DEPTH_HISTORY, POP_HISTORY, StateJournal.none(),
        requireNonNull(queue, "queue"));
  }

  private synchronized void onEvent(QueueEvent event) {
    if (!counts(event.queue())) {
      return;
    }
    if (event instanceof QueueEvent.PartyJoin) {
      move(((QueueEvent.PartyJoin) event).entry(), +1, event.at());
    } else if (event instanceof QueueEvent.SoloJoin) {
      move(((QueueEvent.SoloJoin) event).entry(), +1, event.at());
    } else if (event instanceof QueueEvent.PartyLeave) {
      move(((QueueEvent.PartyLeave) event).entry(), -1, event.at());
    } else if (event instanceof QueueEvent.SoloLeave) {
      move(((QueueEvent.SoloLeave) event).entry(), -1, event.at());
    } else if (event instanceof QueueEvent.QueuePop) {
      record(((QueueEvent.QueuePop) event).match());
    }
  }

  private void move(QueueEntry entry, int sign, Instant at) {
    tally(entry.region()).move(sign, sign * entry.entity().size(), at);
  }

  private void record(PoppedMatch match) {
    List<PopRecord.Wait> waits = new ArrayList<>();
    double highest = Double.NEGATIVE_INFINITY;
    double lowest = Double.POSITIVE_INFINITY;
    double strongest = Double.NEGATIVE_INFINITY;
    double weakest = Double.POSITIVE_INFINITY;
    int parties = 0;
    int solos = 0;
    for (List<QueueEntry> team : match.teams()) {
      double mean = TeamMath.mean(team, ratings);
      strongest = Math.max(strongest, mean);
      weakest = Math.min(weakest, mean);
      for (QueueEntry entry : team) {
        boolean party = entry.entity() instanceof Party;
        Duration waited = Duration.between(entry.joinedAt(), match.poppedAt());
        waits.add(new PopRecord.Wait(entry.id(), party, entry.entity().size(),
            waited.isNegative() ? Duration.ZERO : waited));
        if (party) {
          parties++;
        } else {
          solos++;
        }
        for (Member m : entry.entity().members()) {
          double r = ratings.rating(m.id(), entry.region());
          highest = Math.max(highest, r);
          lowest = Math.min(lowest, r);
        }
        // The entry left the queue of its own region, which may differ from the match's.
        tally(entry.region()).move(-1, -entry.entity().size(), match.poppedAt());
      }
    }
    PopRecord pop = new PopRecord(match.matchId(), match.region(), match.poppedAt(), waits,
        highest - lowest, strongest - weakest, quality.quality(match.teams(), ratings), parties,
        solos);
    remember(pop);
    tally(match.region()).record(pop);
    save(pop);
  }

  private RegionTally tally(Region region) {
    return regions.computeIfAbsent(region, RegionTally::new);
  }

  /** The aggregates of {@code region}; all zero if nothing happened there. */
  public synchronized RegionStats stats(Region region) {
    RegionTally tally = regions.get(region);
    return tally == null ? new RegionTally(region).stats() : tally.stats();
  }

  /** The aggregates of every region that has seen anything, in the order each first did. */
  public synchronized List<RegionStats> stats() {
    return regions.values().stream().map(RegionTally::stats)
        .collect(ImmutableList.toImmutableList());
  }

  /** The newest {@code limit} pops, newest first. */
  public synchronized List<PopRecord> recentPops(int limit) {
    checkArgument(limit >= 0, "limit must not be negative, got %s", limit);
    ImmutableList.Builder<PopRecord> newest = ImmutableList.builder();
    var it = pops.descendingIterator();
    for (int i = 0; i < limit && it.hasNext(); i++) {
      newest.add(it.next());
    }
    return newest.build();
  }

  /** Stops listening; the aggregates so far stay readable. */
  @Override
  public void close() {
    subscription.cancel();
  }

  /** One region's counters. Guarded by the analytics' lock. */
  private final class RegionTally {
    final Region region;
    long matches;
    double qualitySum;
    final LongRing soloWaits = new LongRing(waitWindow);
    final LongRing partyWaits = new LongRing(waitWindow);
    final ArrayDeque<Double> recentQuality = new ArrayDeque<>();
    int entities;
    int players;
    final ArrayDeque<RegionStats.DepthSample> depth = new ArrayDeque<>();

    RegionTally(Region region) {
      this.region = region;
    }

    void move(int entityDelta, int playerDelta, Instant at) {
      entities = Math.max(0, entities + entityDelta);
      players = Math.max(0, players + playerDelta);
      Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
      RegionStats.DepthSample last = depth.peekLast();
      if (last != null && last.minute().equals(minute)) {
        depth.removeLast();
      }
      depth.addLast(new RegionStats.DepthSample(minute, entities, players));
      while (depth.size() > depthHistory) {
        depth.removeFirst();
      }
    }

    void record(PopRecord pop) {
      matches++;
      for (PopRecord.Wait wait : pop.waits()) {
        (wait.party() ? partyWaits : soloWaits).add(wait.waited().toMillis());
      }
      recentQuality.addLast(pop.quality());
      qualitySum += pop.quality();
      while (recentQuality.size() > waitWindow) {
        qualitySum -= recentQuality.removeFirst();
      }
    }

    RegionStats stats() {
      double meanQuality = recentQuality.isEmpty() ? 0 : qualitySum / recentQuality.size();
      return new RegionStats(region, matches, Percentiles.ofMillis(soloWaits.toArray()),
          Percentiles.ofMillis(partyWaits.toArray()), meanQuality, entities, players,
          ImmutableList.copyOf(depth));
    }
  }

  /**
   * The newest {@code capacity} values, oldest first. Its array grows as values come, doubling up
   * to the capacity, so a region that has seen few pops costs a few bytes, not the whole window
   * (with many servers, each of whose regions has a ring, that is most of an idle server's heap:
   * the {@code ServerFootprintBenchmark}).
   */
  static final class LongRing {
    private static final int FIRST = 16;
    final int capacity;
    long[] values = new long[0];
    int next;
    int size;

    LongRing(int capacity) {
      this.capacity = Math.min(capacity, 1 << 20);
    }

    void add(long value) {
      if (size == values.length && size < capacity) {
        // Still filling, so the values lie at 0 .. size - 1, oldest first: grow, and go on after
        // them.
        values = java.util.Arrays.copyOf(values, Math.min(capacity,
            Math.max(FIRST, values.length * 2)));
        next = size;
      }
      values[next] = value;
      next = (next + 1) % values.length;
      size = Math.min(size + 1, values.length);
    }

    long[] toArray() {
      long[] copy = new long[size];
      if (size == 0) {
        return copy;
      }
      int start = (next - size + values.length) % values.length;
      for (int i = 0; i < size; i++) {
        copy[i] = values[(start + i) % values.length];
      }
      return copy;
    }
  }

}

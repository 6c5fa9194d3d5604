package org.relva.matchmaking.builtin;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.RatingWindow;
import org.relva.matchmaking.RegionPolicy;

/**
 * The engine of both built-ins: {@code fifo} is this search with no rating window, any valid split
 * and no full-party rule; {@code balanced} adds the window, the exact best split and the rule. This
 * class is immutable and thread-safe: each call works on state of its own.
 *
 * <h2>The search</h2>
 * A pass works region by region (in code order). For one region the <em>pool</em> is its queued
 * entities that fit the format; the oldest not yet matched is the <em>anchor</em>. Candidates are
 * the pool's other entities, for {@code balanced} only those whose rating is within the anchor's
 * window, which widens with the anchor's wait. The match is grown from the anchor, oldest
 * candidate first: a candidate is taken if the match can still be completed with it
 * ({@link Packing#feasible}, an exact test on counts); if not, every candidate of the same class
 * (size, and strict or relaxed for a full party) is set aside until the next one is taken, since
 * the test depends on class counts only. So each match costs a few dozen feasibility tests and
 * segment-tree queries, independent of the queue's length, and always completes once the anchor
 * passed the test. An anchor that cannot be completed is skipped: for {@code fifo} it can never be
 * completed in this pass, as the pool only shrinks, so it is dropped; for {@code balanced} it stays
 * a candidate for later anchors, whose windows differ.
 *
 * <p>This makes {@code fifo} complete: if any set of the region's entities packs into a match, the
 * oldest entity of any such set is reached as an anchor and passes the test, and the pass goes on
 * until no match is left. Its matches are oldest-first in that sense: every match holds the oldest
 * entity that can still be matched, and grows by the oldest candidates that keep it completable.
 *
 * <p>The chosen entities are then split into teams by {@link SplitSearch}: {@code fifo} takes the
 * first valid split; {@code balanced} every split that keeps parties whole, and returns the one
 * with the smallest rating spread.
 *
 * <h2>Regions</h2>
 * A first round matches each region's own entities. A second round, only if the policy links
 * regions, gives each region a pool of its own leftovers plus the leftovers of linked regions that
 * have waited long enough, so entities play at home whenever they can and cross only a link whose
 * wait has passed.
 *
 * <h2>Cost and limits</h2>
 * A pass costs O(n log n) for n queued entities: grouping, one sort by rating per class for
 * {@code balanced}, and O(log n) per candidate taken or set aside. {@code balanced}'s candidate sets
 * are chosen by wait, not by rating: the window bounds how far apart the players are, and the
 * split search makes the best teams of them, but a different set within the window might balance
 * better. Its anchor's window is the anchor's alone; candidates do not apply their own. The pass
 * reads the whole snapshot every time; nothing is carried between passes.
 */
final class AnchoredMatchmaker implements MatchmakingAlgorithm {
  /** The most team splits {@code balanced} will enumerate for one match. */
  static final BigInteger MAX_SPLITS = BigInteger.valueOf(200_000);

  private final String name;
  private final @Nullable RatingWindow window;
  private final Duration premadeRelaxAfter;

  private AnchoredMatchmaker(String name, @Nullable RatingWindow window,
      Duration premadeRelaxAfter) {
    this.name = name;
    this.window = window;
    this.premadeRelaxAfter = premadeRelaxAfter;
  }

  /** Oldest first, parties whole, any valid teams. */
  static AnchoredMatchmaker fifo() {
    return new AnchoredMatchmaker(FifoProvider.NAME, null, Duration.ZERO);
  }

  /**
   * Anchored on the oldest, candidates within {@code window}, the most even split; a full-team
   * party faces no all-solo team until it has waited {@code premadeRelaxAfter} (zero: never).
   */
  static AnchoredMatchmaker balanced(RatingWindow window, Duration premadeRelaxAfter) {
    return new AnchoredMatchmaker(BalancedProvider.NAME, requireNonNull(window, "window"),
        requireNonNull(premadeRelaxAfter, "premadeRelaxAfter"));
  }

  /** Throws unless {@code balanced} can enumerate every split of {@code format}. */
  static void checkSplits(MatchFormat format) {
    BigInteger splits = SplitSearch.splits(format);
    checkArgument(splits.compareTo(MAX_SPLITS) <= 0,
        "matchmaking.format: balanced tries every team split exactly, and %s has %s splits (at most"
            + " %s are supported); use fifo, or fewer or smaller teams", format, splits, MAX_SPLITS);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Proposal> propose(MatchContext context) {
    if (window != null) {
      checkSplits(context.format());
    }
    return new Pass(context).run();
  }

  @Override
  public String toString() {
    return window == null ? name : name + "(" + window.steps() + ", premade rule "
        + (premadeRelaxAfter.isZero() ? "off" : "relaxed after " + premadeRelaxAfter) + ")";
  }

  /** One call's state. */
  private final class Pass {
    private final MatchContext context;
    private final MatchFormat format;
    private final List<QueueEntry> queue;
    private final boolean balance;
    private final boolean rule;
    private final Packing packing;
    private final boolean[] used;
    private final int[] sizes;
    private final int[] klass;
    private final int[] position;
    private final double[] sum;
    private final double[] width;
    private final List<Proposal> proposals = new ArrayList<>();

    Pass(MatchContext context) {
      this.context = context;
      this.format = context.format();
      this.queue = context.queue();
      this.balance = window != null;
      this.rule = balance && !premadeRelaxAfter.isZero() && Packing.ruleApplies(format);
      this.packing = new Packing(format, rule);
      int n = queue.size();
      this.used = new boolean[n];
      this.sizes = new int[n];
      this.klass = new int[n];
      this.position = new int[n];
      this.sum = balance ? new double[n] : new double[0];
      this.width = balance ? new double[n] : new double[0];
    }

    List<Proposal> run() {
      // Grouped in a hash map, one probe per entity, then put in region code order.
      Map<Region, IntList> grouped = new HashMap<>();
      @Nullable Instant relaxedBy = rule ? latestJoin(premadeRelaxAfter) : null;
      @Nullable WidthSteps steps = window == null ? null : new WidthSteps(window);
      for (int rank = 0; rank < queue.size(); rank++) {
        QueueEntry entry = queue.get(rank);
        QueueEntity entity = entry.entity();
        sizes[rank] = entity.size();
        if (sizes[rank] > format.teamSize()) {
          continue; // it does not fit the format
        }
        boolean relaxed = relaxedBy != null && !entry.joinedAt().isAfter(relaxedBy);
        klass[rank] = packing.classOf(sizes[rank], relaxed);
        if (balance) {
          sum[rank] = ratingSum(entity);
        }
        if (steps != null) {
          width[rank] = steps.widthFor(entry.joinedAt());
        }
        grouped.computeIfAbsent(entity.region(), r -> new IntList()).add(rank);
      }
      Map<Region, IntList> byRegion = new TreeMap<>(grouped);
      for (Map.Entry<Region, IntList> region : byRegion.entrySet()) {
        matchPool(region.getKey(), region.getValue().toArray());
      }
      RegionPolicy policy = context.regions();
      if (!policy.links().isEmpty()) {
        Set<Region> regions = new TreeSet<>(byRegion.keySet());
        regions.addAll(policy.regions());
        for (Region region : regions) {
          expandedPool(region, byRegion, policy.neighbours(region));
        }
      }
      return ImmutableList.copyOf(proposals);
    }

    /**
     * The latest join time of an entity that has waited {@code wait} or more by the pass's time,
     * or null if no entity can have: {@code !joinedAt.isAfter(latestJoin(wait))} is the test
     * {@code context.waited(entry).compareTo(wait) >= 0} for a positive {@code wait}, made
     * without a {@link Duration} per entity.
     */
    private @Nullable Instant latestJoin(Duration wait) {
      try {
        return context.now().minus(wait);
      } catch (DateTimeException | ArithmeticException e) {
        return null; // earlier than any instant: nobody has waited that long
      }
    }

    /**
     * The rating window's steps as join times: {@link RatingWindow#width} of an entity's wait,
     * found by comparing its join time with each step's latest join rather than by making its
     * wait, once per entity per pass.
     */
    private final class WidthSteps {
      private final double[] widths;
      private final @Nullable Instant[] latestJoins;

      WidthSteps(RatingWindow window) {
        List<RatingWindow.Step> steps = window.steps();
        widths = new double[steps.size()];
        latestJoins = new Instant[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
          widths[i] = steps.get(i).width();
          latestJoins[i] = latestJoin(steps.get(i).after()); // unused for the first, at zero
        }
      }

      /**
       * The width of the last step whose wait an entity that joined at {@code joinedAt} has
       * reached: the first step starts at zero, which every entity has reached, and every later
       * one at a positive wait.
       */
      double widthFor(Instant joinedAt) {
        for (int i = widths.length - 1; i > 0; i--) {
          Instant latest = latestJoins[i];
          if (latest != null && !joinedAt.isAfter(latest)) {
            return widths[i];
          }
        }
        return widths[0];
      }
    }

    /** The second round: a region's leftovers plus the linked regions' waited-out leftovers. */
    private void expandedPool(Region region, Map<Region, IntList> byRegion, Set<Region> neighbours) {
      IntList pool = new IntList();
      for (Region neighbour : neighbours) {
        IntList theirs = byRegion.get(neighbour);
        if (theirs == null) {
          continue;
        }
        for (int i = 0; i < theirs.size(); i++) {
          int rank = theirs.get(i);
          if (used[rank]) {
            continue;
          }
          if (!context.accepts(queue.get(rank), region)) {
            break; // oldest first: the rest have waited less
          }
          pool.add(rank);
        }
      }
      if (pool.size() == 0) {
        return;
      }
      IntList home = byRegion.get(region);
      if (home != null) {
        for (int i = 0; i < home.size(); i++) {
          if (!used[home.get(i)]) {
            pool.add(home.get(i));
          }
        }
      }
      int[] ranks = pool.toArray();
      Arrays.sort(ranks);
      matchPool(region, ranks);
    }

    /** Makes every match it can in {@code region} from {@code pool}, ranks ascending, all unused. */
    private void matchPool(Region region, int[] pool) {
      int players = format.players();
      int activePlayers = 0;
      int classes = packing.classes();
      int[] counts = new int[classes];
      for (int rank : pool) {
        activePlayers += size(rank);
        counts[klass[rank]]++;
      }
      if (activePlayers < players) {
        return;
      }
      ClassIndex[] index = buildIndexes(pool, counts);
      int[] from = new int[classes];
      int[] to = new int[classes];
      int[] fixed = new int[classes];
      int[] available = new int[classes];
      for (int anchor : pool) {
        if (activePlayers < players) {
          break;
        }
        if (used[anchor]) {
          continue;
        }
        int c = klass[anchor];
        int at = position[anchor];
        window(anchor, index, from, to);
        Arrays.fill(fixed, 0);
        fixed[c] = 1;
        for (int k = 0; k < classes; k++) {
          available[k] = index[k].count(from[k], to[k]);
        }
        // The anchor is still active in its index, and its own window holds it: it is not one of
        // its candidates. Counting it out here, rather than deactivating it first, spares an
        // anchor that fails (and stays a candidate, for balanced) two updates of its index.
        if (from[c] <= at && at < to[c]) {
          available[c]--;
        }
        if (packing.feasible(fixed, available)) {
          index[c].set(at, false);
          int[] chosen = complete(anchor, index, from, to, fixed, available);
          for (int rank : chosen) {
            used[rank] = true;
          }
          activePlayers -= players;
          proposals.add(proposal(region, chosen));
        } else if (!balance) {
          index[c].set(at, false); // fifo: it cannot be matched in this pool any more
          activePlayers -= size(anchor);
        }
      }
    }

    /** The candidates' ranges of positions in each class index, for {@code anchor}. */
    private void window(int anchor, ClassIndex[] index, int[] from, int[] to) {
      double w = window == null ? Double.POSITIVE_INFINITY : width[anchor];
      if (Double.isInfinite(w)) {
        for (int k = 0; k < index.length; k++) {
          from[k] = 0;
          to[k] = index[k].size();
        }
        return;
      }
      double rating = sum[anchor] / size(anchor);
      for (int k = 0; k < index.length; k++) {
        from[k] = index[k].from(rating - w);
        to[k] = index[k].to(rating + w);
      }
    }

    /** Grows the match from {@code anchor}, oldest candidate first; see the class comment. */
    private int[] complete(int anchor, ClassIndex[] index, int[] from, int[] to, int[] fixed,
        int[] available) {
      int[] chosen = new int[format.players()];
      int entities = 0;
      chosen[entities++] = anchor;
      int players = size(anchor);
      int blocked = 0;
      int[] oldest = new int[index.length];
      for (int k = 0; k < index.length; k++) {
        oldest[k] = index[k].oldest(from[k], to[k]);
      }
      while (players < format.players()) {
        int best = ClassIndex.NONE;
        int bestClass = -1;
        for (int k = 0; k < index.length; k++) {
          if ((blocked & (1 << k)) == 0 && oldest[k] < best) {
            best = oldest[k];
            bestClass = k;
          }
        }
        if (bestClass < 0) {
          throw new IllegalStateException("a feasible match from " + queue.get(anchor).id()
              + " could not be completed; this is a bug in " + name);
        }
        fixed[bestClass]++;
        available[bestClass]--;
        if (packing.feasible(fixed, available)) {
          index[bestClass].set(position[best], false);
          oldest[bestClass] = index[bestClass].oldest(from[bestClass], to[bestClass]);
          chosen[entities++] = best;
          players += size(best);
          blocked = 0;
        } else {
          fixed[bestClass]--;
          available[bestClass]++;
          blocked |= 1 << bestClass;
        }
      }
      return Arrays.copyOf(chosen, entities);
    }

    private ClassIndex[] buildIndexes(int[] pool, int[] counts) {
      int classes = counts.length;
      double[][] keys = new double[classes][];
      int[][] ranks = new int[classes][];
      for (int k = 0; k < classes; k++) {
        keys[k] = new double[counts[k]];
        ranks[k] = new int[counts[k]];
      }
      int[] filled = new int[classes];
      for (int rank : pool) {
        int k = klass[rank];
        int i = filled[k]++;
        keys[k][i] = balance ? sum[rank] / size(rank) : rank;
        ranks[k][i] = rank;
      }
      ClassIndex[] index = new ClassIndex[classes];
      for (int k = 0; k < classes; k++) {
        if (balance) {
          ClassIndex.sortByKey(keys[k], ranks[k]);
        }
        index[k] = new ClassIndex(keys[k], ranks[k]);
        for (int i = 0; i < ranks[k].length; i++) {
          position[ranks[k][i]] = i;
        }
      }
      return index;
    }

    private Proposal proposal(Region region, int[] chosen) {
      int[] split = balance ? bestSplit(chosen) : anySplit(chosen);
      List<List<Integer>> teams = new ArrayList<>();
      for (int t = 0; t < format.teams(); t++) {
        teams.add(new ArrayList<>());
      }
      for (int i = 0; i < chosen.length; i++) {
        teams.get(split[i]).add(chosen[i]);
      }
      for (List<Integer> team : teams) {
        team.sort(null);
      }
      teams.sort((a, b) -> Integer.compare(a.get(0), b.get(0))); // the anchor's team first
      ImmutableList.Builder<List<QueueEntry>> result = ImmutableList.builder();
      for (List<Integer> team : teams) {
        result.add(team.stream().map(queue::get).collect(ImmutableList.toImmutableList()));
      }
      return new Proposal(region, result.build());
    }

    /** {@code balanced}: the team of each of {@code chosen}, by {@link SplitSearch#best}. */
    private int[] bestSplit(int[] chosen) {
      int n = chosen.length;
      // Largest first keeps the split search short; then oldest first. A match has a few
      // entities, so an insertion sort of their indexes, with no boxing.
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        int j = i - 1;
        while (j >= 0 && comesAfter(chosen[order[j]], chosen[i])) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = i;
      }
      int[] unitSizes = new int[n];
      double[] sums = new double[n];
      boolean strict = false;
      for (int i = 0; i < n; i++) {
        int rank = chosen[order[i]];
        unitSizes[i] = size(rank);
        sums[i] = sum[rank];
        strict |= rule && packing.isStrict(klass[rank]);
      }
      int[] split = SplitSearch.best(format, unitSizes, sums, strict);
      if (split == null) {
        throw new IllegalStateException("no team split of a feasible match; this is a bug in " + name);
      }
      int[] byChosen = new int[n];
      for (int i = 0; i < n; i++) {
        byChosen[order[i]] = split[i];
      }
      return byChosen;
    }

    /**
     * {@code fifo}: the team of each of {@code chosen}, read off the team shapes that
     * {@link Packing#shapes} finds, in the order they were chosen. Linear, unlike a search.
     */
    private int[] anySplit(int[] chosen) {
      int[] counts = new int[packing.classes()];
      for (int rank : chosen) {
        counts[klass[rank]]++;
      }
      int[][] shapes = packing.shapes(counts);
      if (shapes == null) {
        throw new IllegalStateException("no team split of a feasible match; this is a bug in " + name);
      }
      int[] split = new int[chosen.length];
      for (int i = 0; i < chosen.length; i++) {
        int size = size(chosen[i]);
        int t = 0;
        while (shapes[t][size] == 0) {
          t++;
        }
        shapes[t][size]--;
        split[i] = t;
      }
      return split;
    }

    /** Whether entity {@code a} goes after {@code b} in a split search: smaller, or younger. */
    private boolean comesAfter(int a, int b) {
      return size(a) != size(b) ? size(a) < size(b) : a > b;
    }

    private int size(int rank) {
      return sizes[rank];
    }

    private double ratingSum(QueueEntity entity) {
      if (entity instanceof SoloPlayer) {
        // SoloPlayer.members() makes a list per call; a solo's sum is its one rating.
        return 0 + checkedRating(((SoloPlayer) entity).member(), entity.region());
      }
      double total = 0;
      for (Member member : entity.members()) {
        total += checkedRating(member, entity.region());
      }
      return total;
    }

    private double checkedRating(Member member, Region region) {
      double rating = context.ratings().rating(member.id(), region);
      if (!Double.isFinite(rating)) {
        throw new IllegalStateException("the rating of " + member.id() + " is " + rating
            + "; ratings must be finite");
      }
      return rating;
    }
  }

  /** A growable list of ints, to keep a pass over 100,000 entities free of boxing. */
  private static final class IntList {
    private int[] values = new int[8];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int get(int i) {
      return values[i];
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}

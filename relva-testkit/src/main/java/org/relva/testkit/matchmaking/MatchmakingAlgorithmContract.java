package org.relva.testkit.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.RegionPolicy;
import org.relva.testkit.arbitraries.RelvaArbitraries;

/**
 * The contract of a {@link MatchmakingAlgorithm}, as jqwik properties to extend. An algorithm is
 * checked by a class like this:
 *
 * <pre>{@code
 * class MyAlgorithmContractProperties extends MatchmakingAlgorithmContract {
 *   @Override protected MatchmakingAlgorithm algorithm() { return new MyAlgorithm(); }
 * }
 * }</pre>
 *
 * <p>On generated queues (parties and solo players in three regions, with generated ratings) it
 * checks that every proposal of a pass keeps the matching invariants ({@link MatchInvariants}),
 * and completeness: once the queue has waited {@link #completeAfter()}, every region whose
 * entities can make a match (by the exact {@link Feasibility} oracle) gets one. Override the
 * format, the region policy or that wait where your algorithm needs them.
 */
public abstract class MatchmakingAlgorithmContract {
  private static final List<Region> REGIONS = RelvaArbitraries.DEFAULT_REGIONS.subList(0, 3);

  /** The algorithm under test. */
  protected abstract MatchmakingAlgorithm algorithm();

  /** The format to match for; 5v5 by default. */
  protected MatchFormat format() {
    return MatchFormat.defaults();
  }

  /** The region policy; none by default, so regions are never crossed. */
  protected RegionPolicy regionPolicy() {
    return RegionPolicy.none();
  }

  /**
   * How long the youngest entity must have waited before completeness is required: zero for an
   * algorithm that matches whatever fits, the point where every relaxation has happened for one
   * that waits for good matches first.
   */
  protected Duration completeAfter() {
    return Duration.ZERO;
  }

  @Property(tries = 200)
  void everyProposalKeepsTheInvariants(@ForAll("contractQueues") List<QueueEntry> queue,
      @ForAll("waits") Duration wait, @ForAll long ratingSeed) {
    MatchContext context = context(queue, wait, ratingSeed);
    List<Proposal> proposals = algorithm().propose(context);
    MatchInvariants.assertValid(context, proposals);
    Statistics.label("matches proposed").collect(proposals.size() == 0 ? "0"
        : proposals.size() == 1 ? "1" : "2+");
  }

  @Property(tries = 200)
  void aFeasibleRegionGetsAMatch(@ForAll("contractQueues") List<QueueEntry> queue,
      @ForAll long ratingSeed) {
    MatchContext context = context(queue, completeAfter(), ratingSeed);
    List<Proposal> proposals = algorithm().propose(context);
    MatchInvariants.assertValid(context, proposals);
    Map<Region, List<QueueEntry>> byRegion =
        queue.stream().collect(Collectors.groupingBy(QueueEntry::region));
    boolean anyFeasible = false;
    for (Map.Entry<Region, List<QueueEntry>> region : byRegion.entrySet()) {
      if (Feasibility.exists(region.getValue(), format())) {
        anyFeasible = true;
        assertThat(proposals).as("a match in %s, where %s can make one", region.getKey(),
                describe(region.getValue()))
            .anyMatch(p -> p.region().equals(region.getKey()));
      }
    }
    Statistics.label("some region feasible").collect(anyFeasible);
    Statistics.label("some region feasible").coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  @Example
  void anEmptyQueueGetsNoMatch() {
    assertThat(algorithm().propose(context(List.of(), Duration.ZERO, 1))).isEmpty();
  }

  @Example
  void theAlgorithmHasAName() {
    assertThat(algorithm().name()).matches("[a-z0-9][a-z0-9-]*");
  }

  /** Queues of 8 to 80 entries in three regions, a third of them parties. */
  @Provide
  Arbitrary<List<QueueEntry>> contractQueues() {
    return RelvaArbitraries.queues().ofSize(8, 80).inRegions(REGIONS.toArray(new Region[0]))
        .maxPartySize(Math.min(5, format().teamSize())).partyShare(0.35);
  }

  @Provide
  Arbitrary<Duration> waits() {
    return Arbitraries.longs().between(0, 600).map(Duration::ofSeconds);
  }

  private MatchContext context(List<QueueEntry> queue, Duration wait, long ratingSeed) {
    Instant last = queue.isEmpty() ? RelvaArbitraries.EPOCH : queue.get(queue.size() - 1).joinedAt();
    return new MatchContext(queue, last.plus(wait), format(), ratings(ratingSeed), regionPolicy());
  }

  /** Ratings around 1,500, fixed per user for a given seed. */
  private static Ratings ratings(long seed) {
    return user -> {
      SplittableRandom random = new SplittableRandom(seed ^ user.value().hashCode());
      return Math.max(0, Math.min(3_000, 1_500 + random.nextGaussian() * 300));
    };
  }

  private static String describe(List<QueueEntry> entries) {
    return entries.stream().map(e -> e.entity().size() == 1 ? "solo" : "party of "
        + e.entity().size()).collect(Collectors.joining(", "));
  }
}

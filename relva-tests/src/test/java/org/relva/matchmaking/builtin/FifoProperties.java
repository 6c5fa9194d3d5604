package org.relva.matchmaking.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.EntityId;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.testing.BruteForce;
import org.relva.matchmaking.testing.Entries;

/** {@code fifo} against brute force on small queues: complete, exhaustive, oldest first. */
class FifoProperties {

  /** A queue of up to 12 entities in two regions, and a format. */
  record Scenario(MatchFormat format, List<QueueEntry> queue) {
    List<QueueEntry> pool(String region) {
      return queue.stream()
          .filter(e -> e.region().equals(Region.of(region)) && format.fits(e.entity()))
          .toList();
    }

    @Override
    public String toString() {
      return format + " " + queue.stream().map(e -> e.region() + ":" + e.entity().size()).toList();
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<MatchFormat> formats = Arbitraries.of(MatchFormat.of(2, 5), MatchFormat.of(2, 3),
        MatchFormat.of(3, 2), MatchFormat.of(2, 4), MatchFormat.of(3, 3), MatchFormat.of(2, 1));
    Arbitrary<Integer> sizes = Arbitraries.frequency(
        Tuple.of(5, 1), Tuple.of(2, 2), Tuple.of(2, 3), Tuple.of(1, 4), Tuple.of(1, 5));
    Arbitrary<String> regions = Arbitraries.frequency(Tuple.of(4, "us-e"), Tuple.of(1, "eu"));
    Arbitrary<List<Tuple.Tuple2<Integer, String>>> entities =
        Combinators.combine(sizes, regions).as(Tuple::of).list().ofMinSize(2).ofMaxSize(12);
    return Combinators.combine(formats, entities).as((format, list) -> {
      Entries entries = new Entries();
      List<QueueEntry> queue = new ArrayList<>();
      list.forEach(t -> queue.add(entries.entity(t.get2(), t.get1())));
      return new Scenario(format, queue);
    });
  }

  private static List<Proposal> fifo(Scenario scenario) {
    return Scenarios.propose(AnchoredMatchmaker.fifo(), scenario.queue(),
        new Entries().now().plusSeconds(60),
        scenario.format(), Ratings.constant(1500), RegionPolicy.none());
  }

  @Property(tries = 400)
  void findsAMatchWheneverOneExists_andLeavesNoneBehind(@ForAll("scenarios") Scenario scenario) {
    List<Proposal> proposals = fifo(scenario);
    Set<EntityId> matched = new HashSet<>();
    proposals.forEach(p -> p.entries().forEach(e -> matched.add(e.id())));
    for (String region : List.of("us-e", "eu")) {
      List<QueueEntry> pool = scenario.pool(region);
      boolean exists = !BruteForce.matches(pool, scenario.format()).isEmpty();
      boolean proposed = proposals.stream().anyMatch(p -> p.region().equals(Region.of(region)));
      if (region.equals("us-e")) {
        Statistics.label("a match exists in us-e").collect(exists);
      }
      assertThat(proposed).as("fifo proposed a match in %s", region).isEqualTo(exists);
      List<QueueEntry> left = pool.stream().filter(e -> !matched.contains(e.id())).toList();
      assertThat(BruteForce.matches(left, scenario.format()))
          .as("matches left behind in %s", region).isEmpty();
    }
    Statistics.label("a match exists in us-e").coverage(c -> {
      c.check(true).percentage(p -> p > 10);
      c.check(false).percentage(p -> p > 10);
    });
  }

  @Property(tries = 300)
  void firstMatch_holdsTheOldestMatchableEntity(@ForAll("scenarios") Scenario scenario) {
    List<Proposal> proposals = fifo(scenario);
    for (String region : List.of("us-e", "eu")) {
      List<QueueEntry> pool = scenario.pool(region);
      List<Integer> masks = BruteForce.matches(pool, scenario.format());
      if (masks.isEmpty()) {
        continue;
      }
      int oldest = masks.stream().mapToInt(Integer::numberOfTrailingZeros).min().orElseThrow();
      Proposal first = proposals.stream().filter(p -> p.region().equals(Region.of(region)))
          .findFirst().orElseThrow();
      assertThat(first.entries()).contains(pool.get(oldest));
    }
  }

  @Property(tries = 200)
  void everyProposalKeepsThePlayerCount(@ForAll("scenarios") Scenario scenario) {
    for (Proposal proposal : fifo(scenario)) {
      assertThat(proposal.players()).isEqualTo(scenario.format().players());
      assertThat(proposal.teams()).hasSize(scenario.format().teams());
    }
  }
}

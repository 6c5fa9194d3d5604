package org.relva.matchmaking.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.RatingWindow;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.builtin.Scenarios.RatingTable;
import org.relva.matchmaking.testing.Entries;

/**
 * Both built-ins, on queues over three regions with links, ratings and waits, only ever propose
 * matches the validator accepts ({@link Scenarios#propose} fails the try otherwise).
 */
class ValidityProperties {

  record Queue(List<QueueEntry> entries, List<Integer> ratings) {}

  @Provide
  Arbitrary<Queue> queues() {
    Arbitrary<Integer> sizes = Arbitraries.frequency(
        Tuple.of(6, 1), Tuple.of(2, 2), Tuple.of(2, 3), Tuple.of(1, 4), Tuple.of(1, 5));
    Arbitrary<String> regions = Arbitraries.of("us-e", "us-w", "eu");
    Arbitrary<Integer> ratings = Arbitraries.integers().between(1000, 2000);
    return Combinators.combine(sizes, regions, ratings).as(Tuple::of).list().ofMinSize(10).ofMaxSize(80)
        .map(list -> {
          Entries entries = new Entries();
          List<QueueEntry> queue = new ArrayList<>();
          List<Integer> values = new ArrayList<>();
          list.forEach(t -> {
            queue.add(entries.entity(t.get2(), t.get1()));
            values.add(t.get3());
          });
          return new Queue(queue, values);
        });
  }

  @Provide
  Arbitrary<MatchmakingAlgorithm> algorithms() {
    return Arbitraries.of(AnchoredMatchmaker.fifo(), Scenarios.balanced(),
        AnchoredMatchmaker.balanced(RatingWindow.defaults(), Duration.ZERO));
  }

  @Provide
  Arbitrary<MatchFormat> formats() {
    return Arbitraries.of(MatchFormat.of(2, 5), MatchFormat.of(2, 3), MatchFormat.of(3, 3),
        MatchFormat.of(2, 6), MatchFormat.of(4, 2));
  }

  @Property(tries = 300)
  void proposalsAreAlwaysValid(@ForAll("queues") Queue queue,
      @ForAll("algorithms") MatchmakingAlgorithm algorithm, @ForAll("formats") MatchFormat format,
      @ForAll @IntRange(max = 400) int secondsLater, @ForAll boolean linked) {
    RatingTable table = new RatingTable();
    for (int i = 0; i < queue.entries().size(); i++) {
      table.rate(queue.entries().get(i), queue.ratings().get(i));
    }
    RegionPolicy policy = linked
        ? RegionPolicy.none().withLink("us-e", "us-w", Duration.ofMinutes(3))
        : RegionPolicy.none();
    Instant now = TestInstants.START.plusSeconds(secondsLater);
    List<Proposal> proposals =
        Scenarios.propose(algorithm, queue.entries(), now, format, table.ratings(), policy);
    Statistics.label("matches").collect(proposals.isEmpty() ? "none" : "some");
    assertThat(proposals).allSatisfy(p -> assertThat(p.players()).isEqualTo(format.players()));
    Statistics.label("matches").coverage(c -> c.check("some").percentage(p -> p > 50));
  }

  /** The start of every {@link Entries}. */
  private static final class TestInstants {
    static final Instant START = new Entries().now();
  }
}

package org.relva.matchmaking.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.RatingWindow;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.builtin.Scenarios.RatingTable;
import org.relva.matchmaking.testing.BruteForce;
import org.relva.matchmaking.testing.Entries;

/** {@code balanced} against brute force: the exact split, the window, the full-party rule. */
class BalancedProperties {

  /** Entities that together fill one match exactly, with ratings. */
  record MatchSet(MatchFormat format, List<QueueEntry> queue, Ratings ratings, boolean rule) {
    @Override
    public String toString() {
      return format + " rule=" + rule + " " + queue.stream()
          .map(e -> e.entity().size() + "@" + ratings.rating(e.entity())).toList();
    }
  }

  @Provide
  Arbitrary<MatchSet> matchSets() {
    Arbitrary<MatchFormat> formats = Arbitraries.of(MatchFormat.of(2, 5), MatchFormat.of(2, 3),
        MatchFormat.of(2, 4), MatchFormat.of(3, 3), MatchFormat.of(3, 2), MatchFormat.of(2, 2));
    Arbitrary<List<Integer>> parts = Arbitraries.integers().between(1, 5).list().ofSize(12);
    Arbitrary<List<Integer>> order = Arbitraries.integers().list().ofSize(12);
    Arbitrary<List<Integer>> ratings = Arbitraries.integers().between(0, 3000).list().ofSize(12);
    return Combinators.combine(formats, parts, order, ratings, Arbitraries.of(true, false))
        .as((format, wanted, keys, values, rule) -> {
          List<Integer> sizes = new ArrayList<>();
          int next = 0;
          for (int t = 0; t < format.teams(); t++) {
            int left = format.teamSize();
            while (left > 0) {
              int size = Math.min(left, wanted.get(next++ % wanted.size()));
              sizes.add(size);
              left -= size;
            }
          }
          List<Integer> byKey = new ArrayList<>();
          for (int i = 0; i < sizes.size(); i++) {
            byKey.add(i);
          }
          byKey.sort(Comparator.comparing(i -> keys.get(i % keys.size())));
          Entries entries = new Entries();
          RatingTable table = new RatingTable();
          List<QueueEntry> queue = new ArrayList<>();
          int member = 0;
          for (int i : byKey) {
            QueueEntry entry = entries.entity("eu", sizes.get(i));
            for (var m : entry.entity().members()) {
              table.rate(m, values.get(member++ % values.size()));
            }
            queue.add(entry);
          }
          return new MatchSet(format, queue, table.ratings(), rule);
        });
  }

  @Group
  class Split {
    @Property(tries = 400)
    void equalsTheBruteForceOptimum(@ForAll("matchSets") MatchSet set) {
      Instant now = set.queue().get(0).joinedAt(); // nobody has waited: full parties are strict
      List<Proposal> proposals = Scenarios.propose(
          AnchoredMatchmaker.balanced(Scenarios.ANY, set.rule() ? Duration.ofSeconds(90) : Duration.ZERO),
          set.queue(), now, set.format(), set.ratings(), RegionPolicy.none());
      int[] sizes = BruteForce.sizes(set.queue());
      double[] sums = set.queue().stream()
          .mapToDouble(e -> set.ratings().rating(e.entity()) * e.entity().size()).toArray();
      boolean strictFullParty = set.rule() && Packing.ruleApplies(set.format()) && set.queue()
          .stream().anyMatch(e -> e.entity() instanceof Party
              && e.entity().size() == set.format().teamSize());
      Optional<Double> optimum = BruteForce.minSpread(sizes, sums, set.format(), strictFullParty);
      Statistics.label("full-party rule in force").collect(strictFullParty);
      Statistics.label("a valid split exists").collect(optimum.isPresent());
      if (optimum.isEmpty()) {
        assertThat(proposals).isEmpty();
        return;
      }
      assertThat(proposals).singleElement().satisfies(p -> {
        assertThat(p.entries()).containsExactlyInAnyOrderElementsOf(set.queue());
        assertThat(spread(p, set)).isCloseTo(optimum.get(), within(1e-6));
      });
      Statistics.label("full-party rule in force").coverage(c -> c.check(true).percentage(x -> x > 5));
      Statistics.label("a valid split exists").coverage(c -> c.check(false).percentage(x -> x > 1));
    }
  }

  @Group
  class Window {
    @Provide
    Arbitrary<List<Integer>> ratings() {
      return Arbitraries.integers().between(1200, 1800).list().ofMinSize(10).ofMaxSize(30);
    }

    @Property(tries = 200)
    void everyMatchHasAnAnchorWhoseWindowHoldsTheRest(@ForAll("ratings") List<Integer> values,
        @ForAll("waits") int waited) {
      Entries entries = new Entries();
      RatingTable table = new RatingTable();
      List<QueueEntry> queue = new ArrayList<>();
      for (int value : values) {
        QueueEntry solo = entries.solo("eu");
        table.rate(solo, value);
        queue.add(solo);
      }
      Ratings ratings = table.ratings();
      Instant now = entries.now().plusSeconds(waited);
      RatingWindow window = RatingWindow.defaults();
      List<Proposal> proposals = Scenarios.propose(Scenarios.balanced(), queue, now,
          MatchFormat.defaults(), ratings, RegionPolicy.none());
      Statistics.label("matches").collect(proposals.size());
      for (Proposal proposal : proposals) {
        assertThat(proposal.entries()).anySatisfy(anchor -> {
          double width = window.width(Duration.between(anchor.joinedAt(), now));
          double rating = ratings.rating(anchor.entity());
          assertThat(proposal.entries()).allSatisfy(other ->
              assertThat(Math.abs(ratings.rating(other.entity()) - rating)).isLessThanOrEqualTo(width));
        });
      }
    }

    @Provide
    Arbitrary<Integer> waits() {
      return Arbitraries.integers().between(0, 150);
    }
  }

  private static double spread(Proposal proposal, MatchSet set) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (List<QueueEntry> team : proposal.teams()) {
      double total = 0;
      for (QueueEntry entry : team) {
        total += set.ratings().rating(entry.entity()) * entry.entity().size();
      }
      max = Math.max(max, total / set.format().teamSize());
      min = Math.min(min, total / set.format().teamSize());
    }
    return max - min;
  }
}

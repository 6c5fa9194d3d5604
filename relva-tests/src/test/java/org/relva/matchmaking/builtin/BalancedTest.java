package org.relva.matchmaking.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.relva.matchmaking.builtin.Scenarios.ANY;
import static org.relva.matchmaking.builtin.Scenarios.balanced;
import static org.relva.matchmaking.builtin.Scenarios.propose;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.builtin.Scenarios.RatingTable;
import org.relva.matchmaking.testing.Entries;

class BalancedTest {
  private final Entries entries = new Entries();

  private static double spread(Proposal proposal, Ratings ratings, MatchFormat format) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (List<QueueEntry> team : proposal.teams()) {
      double total = 0;
      for (QueueEntry entry : team) {
        total += ratings.rating(entry.entity()) * entry.entity().size();
      }
      max = Math.max(max, total / format.teamSize());
      min = Math.min(min, total / format.teamSize());
    }
    return max - min;
  }

  private static List<QueueEntry> concat(List<QueueEntry> a, List<QueueEntry> b) {
    List<QueueEntry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Nested
  class Window {
    @Test
    @DisplayName("candidates outside the anchor's window are passed over, even older ones")
    void farCandidate_isPassedOver() {
      QueueEntry anchor = entries.solo("eu");
      QueueEntry far = entries.solo("eu");
      List<QueueEntry> near = entries.solos("eu", 9);
      Ratings ratings = new RatingTable().rate(anchor, 1000).rate(far, 1300).rate(near, 1050)
          .ratings();
      List<QueueEntry> queue = concat(List.of(anchor, far), near);
      List<Proposal> proposals = propose(balanced(), queue, entries.now(), MatchFormat.defaults(),
          ratings, RegionPolicy.none());
      assertThat(proposals).singleElement().satisfies(p ->
          assertThat(p.entries()).contains(anchor).doesNotContain(far));
    }

    @Test
    @DisplayName("the window widens with the anchor's wait: 100, then 200 at 30 s, any at 120 s")
    void window_widensWithTheAnchorsWait() {
      QueueEntry anchor = entries.solo("eu");
      List<QueueEntry> mid = entries.solos("eu", 9);
      Ratings close = new RatingTable().rate(anchor, 1000).rate(mid, 1150).ratings();
      Ratings far = new RatingTable().rate(anchor, 1000).rate(mid, 1900).ratings();
      List<QueueEntry> queue = concat(List.of(anchor), mid);
      Instant start = anchor.joinedAt();
      MatchFormat format = MatchFormat.defaults();
      RegionPolicy none = RegionPolicy.none();
      assertThat(propose(balanced(), queue, start.plusSeconds(29), format, close, none)).isEmpty();
      assertThat(propose(balanced(), queue, start.plusSeconds(30), format, close, none)).hasSize(1);
      assertThat(propose(balanced(), queue, start.plusSeconds(119), format, far, none)).isEmpty();
      assertThat(propose(balanced(), queue, start.plusSeconds(120), format, far, none)).hasSize(1);
    }

    @Test
    @DisplayName("a party's rating is the mean of its members'")
    void partyRating_isItsMembersMean() {
      QueueEntry anchor = entries.solo("eu");
      QueueEntry duo = entries.party("eu", 2);
      List<QueueEntry> solos = entries.solos("eu", 7);
      Ratings ratings = new RatingTable().rate(anchor, 1500).rate(solos, 1500)
          .rate(duo.entity().members().get(0), 1000).rate(duo.entity().members().get(1), 2000)
          .ratings();
      List<Proposal> proposals = propose(balanced(), concat(List.of(anchor, duo), solos),
          entries.now(), MatchFormat.defaults(), ratings, RegionPolicy.none());
      assertThat(proposals).singleElement().satisfies(p -> assertThat(p.entries()).contains(duo));
    }
  }

  @Nested
  class Split {
    @Test
    @DisplayName("ten solos rated 1000 to 1900 split with the least possible gap, 20")
    void tenSolos_leastGap() {
      List<QueueEntry> solos = entries.solos("eu", 10);
      RatingTable table = new RatingTable();
      for (int i = 0; i < 10; i++) {
        table.rate(solos.get(i), 1000 + 100 * i);
      }
      Ratings ratings = table.ratings();
      MatchmakingAlgorithm algorithm = AnchoredMatchmaker.balanced(ANY, Duration.ofSeconds(90));
      List<Proposal> proposals = propose(algorithm, solos, entries.now(), MatchFormat.defaults(),
          ratings, RegionPolicy.none());
      assertThat(proposals).singleElement()
          .satisfies(p -> assertThat(spread(p, ratings, MatchFormat.defaults()))
              .isCloseTo(20, within(1e-9)));
    }

    @Test
    @DisplayName("parties stay whole: a strong duo is balanced by the rest, not split")
    void partiesStayWhole() {
      QueueEntry duo = entries.party("eu", 2);
      List<QueueEntry> solos = entries.solos("eu", 8);
      RatingTable table = new RatingTable().rate(duo, 2000);
      for (int i = 0; i < 8; i++) {
        table.rate(solos.get(i), 1000 + 50 * i);
      }
      Ratings ratings = table.ratings();
      MatchmakingAlgorithm algorithm = AnchoredMatchmaker.balanced(ANY, Duration.ofSeconds(90));
      List<Proposal> proposals = propose(algorithm, concat(List.of(duo), solos), entries.now(),
          MatchFormat.defaults(), ratings, RegionPolicy.none());
      // The duo's team holds the three weakest solos: 2000+2000+1000+1050+1100 = 7150 against
      // 1150+...+1350 = 6250; no whole-party split does better.
      assertThat(proposals).singleElement().satisfies(p -> {
        List<QueueEntry> duoTeam = p.teams().stream().filter(t -> t.contains(duo)).findFirst()
            .orElseThrow();
        assertThat(duoTeam).containsExactlyInAnyOrder(duo, solos.get(0), solos.get(1), solos.get(2));
        assertThat(spread(p, ratings, MatchFormat.defaults())).isCloseTo(180, within(1e-9));
      });
    }

    @Test
    void splitSearch_countsSplits() {
      assertThat(SplitSearch.splits(MatchFormat.of(2, 5))).hasToString("126");
      assertThat(SplitSearch.splits(MatchFormat.of(2, 10))).hasToString("92378");
      assertThat(SplitSearch.splits(MatchFormat.of(3, 3))).hasToString("280");
    }

    @Test
    @DisplayName("balanced refuses, at the first pass, a format it cannot search exactly")
    void tooManySplits_refused() {
      MatchContext context = new MatchContext(List.of(), Instant.EPOCH, MatchFormat.of(4, 4),
          Ratings.constant(1500), RegionPolicy.none());
      assertThatThrownBy(() -> balanced().propose(context))
          .hasMessageContaining("2627625 splits");
    }
  }

  @Nested
  class FullPartyRule {
    private final Ratings even = Ratings.constant(1500);

    private List<Proposal> run(List<QueueEntry> queue, Instant now) {
      return propose(AnchoredMatchmaker.balanced(ANY, Duration.ofSeconds(90)), queue, now,
          MatchFormat.defaults(), even, RegionPolicy.none());
    }

    @Test
    @DisplayName("a full party does not face five solos until it has waited 90 s")
    void fullParty_versusFiveSolos_waitsForTheRelaxation() {
      QueueEntry stack = entries.party("eu", 5);
      List<QueueEntry> solos = entries.solos("eu", 5);
      List<QueueEntry> queue = concat(List.of(stack), solos);
      assertThat(run(queue, stack.joinedAt().plusSeconds(89))).isEmpty();
      assertThat(run(queue, stack.joinedAt().plusSeconds(90))).singleElement()
          .satisfies(p -> assertThat(p.entries()).containsExactlyInAnyOrderElementsOf(queue));
    }

    @Test
    @DisplayName("the rule follows the full party's wait, not the solos'")
    void rule_followsTheFullPartysWait() {
      List<QueueEntry> solos = entries.solos("eu", 5);
      QueueEntry stack = entries.party("eu", 5);
      List<QueueEntry> queue = concat(solos, List.of(stack));
      assertThat(run(queue, solos.get(0).joinedAt().plusSeconds(90))).isEmpty();
      assertThat(run(queue, stack.joinedAt().plusSeconds(90))).hasSize(1);
    }

    @Test
    void fullParty_versusFullParty_atOnce() {
      List<QueueEntry> queue = List.of(entries.party("eu", 5), entries.party("eu", 5));
      assertThat(run(queue, entries.now())).hasSize(1);
    }

    @Test
    @DisplayName("a full party faces a team with a party in it at once, skipping older solos")
    void fullParty_versusMixedTeam_atOnce() {
      QueueEntry stack = entries.party("eu", 5);
      List<QueueEntry> solos = entries.solos("eu", 5);
      QueueEntry duo = entries.party("eu", 2);
      List<QueueEntry> queue = new ArrayList<>(List.of(stack));
      queue.addAll(solos);
      queue.add(duo);
      assertThat(run(queue, entries.now())).singleElement().satisfies(p -> {
        assertThat(p.entries()).contains(stack, duo, solos.get(0), solos.get(1), solos.get(2));
        assertThat(p.entries()).hasSize(5);
      });
    }

    @Test
    @DisplayName("with the rule off, a full party faces five solos at once")
    void ruleOff() {
      QueueEntry stack = entries.party("eu", 5);
      List<QueueEntry> queue = concat(List.of(stack), entries.solos("eu", 5));
      List<Proposal> proposals = propose(AnchoredMatchmaker.balanced(ANY, Duration.ZERO), queue,
          entries.now(), MatchFormat.defaults(), even, RegionPolicy.none());
      assertThat(proposals).hasSize(1);
    }
  }

  @Test
  @DisplayName("balanced crosses a region link only after its wait, like fifo")
  void regionExpansion() {
    List<QueueEntry> east = entries.solos("us-e", 5);
    List<QueueEntry> west = entries.solos("us-w", 5);
    RegionPolicy policy = RegionPolicy.none().withLink("us-e", "us-w", Duration.ofMinutes(3));
    List<QueueEntry> queue = concat(east, west);
    // The east players, who queued first, are the first whose wait lets them cross.
    Instant opened = east.get(4).joinedAt().plus(Duration.ofMinutes(3));
    assertThat(propose(balanced(), queue, opened.minusSeconds(1), MatchFormat.defaults(),
        Ratings.constant(1500), policy)).isEmpty();
    assertThat(propose(balanced(), queue, opened, MatchFormat.defaults(), Ratings.constant(1500),
        policy)).singleElement().satisfies(p -> assertThat(p.region()).hasToString("us-w"));
  }

  @Test
  void nonFiniteRating_fails() {
    List<QueueEntry> solos = entries.solos("eu", 10);
    Ratings broken = user -> Double.NaN;
    MatchContext context = new MatchContext(solos, entries.now(), MatchFormat.defaults(), broken,
        RegionPolicy.none());
    assertThatThrownBy(() -> balanced().propose(context)).hasMessageContaining("finite");
  }
}

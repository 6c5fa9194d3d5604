package org.relva.matchmaking.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.matchmaking.builtin.Scenarios.fifo;
import static org.relva.matchmaking.builtin.Scenarios.propose;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.testing.Entries;

class FifoTest {
  private final Entries entries = new Entries();

  private static List<QueueEntry> queue(Object... parts) {
    List<QueueEntry> queue = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof QueueEntry) {
        queue.add((QueueEntry) part);
      } else {
        for (Object e : (List<?>) part) {
          queue.add((QueueEntry) e);
        }
      }
    }
    return queue;
  }

  private static List<Integer> teamSizes(Proposal proposal) {
    return proposal.teams().stream()
        .map(t -> t.stream().mapToInt(e -> e.entity().size()).sum()).toList();
  }

  @Test
  @DisplayName("a party of 3, one of 2 and 5 solos make a 5v5")
  void partiesAndSolos_makeAFiveASide() {
    QueueEntry trio = entries.party("us-e", 3);
    QueueEntry duo = entries.party("us-e", 2);
    List<QueueEntry> solos = entries.solos("us-e", 5);
    List<Proposal> proposals = propose(fifo(), queue(trio, duo, solos), entries.now());
    assertThat(proposals).singleElement().satisfies(p -> {
      assertThat(p.region()).isEqualTo(Region.of("us-e"));
      assertThat(p.entries()).containsExactlyInAnyOrderElementsOf(queue(trio, duo, solos));
      assertThat(teamSizes(p)).containsExactly(5, 5);
    });
  }

  @Test
  @DisplayName("exact packing finds 3+2 v 3+2 where first-fit in age order would not")
  void exactPacking_whereFirstFitFails() {
    QueueEntry threeA = entries.party("eu", 3);
    QueueEntry threeB = entries.party("eu", 3);
    QueueEntry four = entries.party("eu", 4);
    QueueEntry twoA = entries.party("eu", 2);
    QueueEntry solo = entries.solo("eu");
    QueueEntry twoB = entries.party("eu", 2);
    List<Proposal> proposals =
        propose(fifo(), queue(threeA, threeB, four, twoA, solo, twoB), entries.now());
    assertThat(proposals).singleElement().satisfies(p ->
        assertThat(p.entries()).containsExactlyInAnyOrder(threeA, threeB, twoA, twoB));
  }

  @Test
  void nothingPacks_noMatch() {
    List<QueueEntry> queue = queue(entries.party("eu", 4), entries.party("eu", 4),
        entries.party("eu", 4), entries.party("eu", 3));
    assertThat(propose(fifo(), queue, entries.now())).isEmpty();
  }

  @Test
  @DisplayName("an oldest entity that cannot be matched does not block the rest")
  void unmatchableOldest_isSkipped() {
    QueueEntry four = entries.party("eu", 4);
    QueueEntry fourToo = entries.party("eu", 4);
    QueueEntry fourAgain = entries.party("eu", 4);
    List<QueueEntry> solos = entries.solos("eu", 10);
    List<Proposal> proposals = propose(fifo(), queue(four, fourToo, fourAgain, solos), entries.now());
    // 4+1 v 4+1 first (oldest first), then the third 4 with one solo and five solos.
    assertThat(proposals).hasSize(2);
    assertThat(proposals.get(0).entries()).containsExactlyInAnyOrder(four, fourToo, solos.get(0),
        solos.get(1));
    assertThat(proposals.get(1).entries()).contains(fourAgain).hasSize(7);
  }

  @Test
  void twentySolos_makeTwoMatches_oldestFirst() {
    List<QueueEntry> solos = entries.solos("eu", 21);
    List<Proposal> proposals = propose(fifo(), solos, entries.now());
    assertThat(proposals).hasSize(2);
    assertThat(proposals.get(0).entries()).containsExactlyInAnyOrderElementsOf(solos.subList(0, 10));
    assertThat(proposals.get(1).entries()).containsExactlyInAnyOrderElementsOf(solos.subList(10, 20));
  }

  @Test
  void regionsNeverMix_withoutALink() {
    List<QueueEntry> queue = queue(entries.solos("us-e", 5), entries.solos("eu", 5));
    assertThat(propose(fifo(), queue, entries.now().plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  @DisplayName("a party larger than the team size is never matched")
  void oversizedParty_isLeftOut() {
    QueueEntry four = entries.party("eu", 4);
    List<QueueEntry> solos = entries.solos("eu", 6);
    List<Proposal> proposals = propose(fifo(), queue(four, solos), entries.now(),
        MatchFormat.of(2, 3), Ratings.constant(1500), RegionPolicy.none());
    assertThat(proposals).singleElement().satisfies(p ->
        assertThat(p.entries()).containsExactlyInAnyOrderElementsOf(solos));
  }

  @Test
  void threeTeams_ofThree() {
    List<QueueEntry> queue = queue(entries.party("eu", 3), entries.party("eu", 2),
        entries.party("eu", 2), entries.solos("eu", 2));
    List<Proposal> proposals = propose(fifo(), queue, entries.now(), MatchFormat.of(3, 3),
        Ratings.constant(1500), RegionPolicy.none());
    assertThat(proposals).singleElement().satisfies(p -> assertThat(teamSizes(p))
        .containsExactly(3, 3, 3));
  }

  @Test
  @DisplayName("the largest format, two teams of 20, packs parties of 3 and 2 exactly")
  void largestFormat_packsExactly() {
    List<QueueEntry> queue = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      queue.add(entries.party("eu", 3));
      queue.add(entries.party("eu", 2));
    }
    queue.add(entries.party("eu", 5));
    List<Proposal> proposals = propose(fifo(), queue, entries.now(), MatchFormat.of(2, 20),
        Ratings.constant(1500), RegionPolicy.none());
    assertThat(proposals).singleElement().satisfies(p -> assertThat(teamSizes(p))
        .containsExactly(20, 20));
  }

  @Test
  @DisplayName("linked regions play together only after the link's wait")
  void regionExpansion_afterTheWait() {
    List<QueueEntry> east = entries.solos("us-e", 5);
    List<QueueEntry> west = entries.solos("us-w", 5);
    List<QueueEntry> europe = entries.solos("eu", 5);
    RegionPolicy policy = RegionPolicy.none().withLink("us-e", "us-w", Duration.ofMinutes(3));
    List<QueueEntry> queue = queue(east, west, europe);
    assertThat(propose(fifo(), queue, entries.now().plus(Duration.ofMinutes(2)),
        MatchFormat.defaults(), Ratings.constant(1500), policy)).isEmpty();
    List<Proposal> later = propose(fifo(), queue, west.get(4).joinedAt().plus(Duration.ofMinutes(3)),
        MatchFormat.defaults(), Ratings.constant(1500), policy);
    assertThat(later).singleElement().satisfies(p -> {
      assertThat(p.region()).isEqualTo(Region.of("us-e"));
      assertThat(p.entries()).containsExactlyInAnyOrderElementsOf(queue(east, west));
    });
  }

  @Test
  @DisplayName("an entity plays at home when it can, even after its link opens")
  void regionExpansion_prefersHome() {
    List<QueueEntry> west = entries.solos("us-w", 10);
    List<QueueEntry> east = entries.solos("us-e", 10);
    RegionPolicy policy = RegionPolicy.none().withLink("us-e", "us-w", Duration.ZERO);
    List<Proposal> proposals = propose(fifo(), queue(west, east), entries.now(),
        MatchFormat.defaults(), Ratings.constant(1500), policy);
    assertThat(proposals).hasSize(2).allSatisfy(p -> assertThat(p.entries())
        .allMatch(e -> e.region().equals(p.region())));
  }

  @Test
  @DisplayName("only the entities whose link wait has passed cross it")
  void regionExpansion_onlyTheWaitedOut() {
    QueueEntry westOld = entries.solo("us-w");
    List<QueueEntry> east = entries.solos("us-e", 9);
    QueueEntry westYoung = entries.solo("us-w");
    RegionPolicy policy = RegionPolicy.none().withLink("us-e", "us-w", Duration.ofSeconds(5));
    // At this time westOld has waited 10 s and westYoung 0 s.
    List<Proposal> proposals = propose(fifo(), queue(westOld, east, westYoung),
        westYoung.joinedAt(), MatchFormat.defaults(), Ratings.constant(1500), policy);
    assertThat(proposals).singleElement().satisfies(p -> {
      assertThat(p.region()).isEqualTo(Region.of("us-e"));
      assertThat(p.entries()).contains(westOld).doesNotContain(westYoung);
    });
  }
}

package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.EntityId;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.matchmaking.testing.World;
import org.relva.testkit.arbitraries.RelvaArbitraries;
import org.relva.testkit.matchmaking.MatchInvariants;

/** Teams drawn at random ({@link TeamChoice#RANDOM}) keep every matching invariant. */
class RandomTeamsProperties {

  @Provide
  Arbitrary<List<QueueEntry>> queues() {
    return RelvaArbitraries.queues().ofSize(20, 80).inRegions(Region.of("us-e"), Region.of("eu"));
  }

  @Provide
  Arbitrary<MatchFormat> formats() {
    return Arbitraries.of(MatchFormat.of(2, 5), MatchFormat.of(2, 3), MatchFormat.of(3, 3),
        MatchFormat.of(3, 4), MatchFormat.of(4, 2), MatchFormat.of(2, 8));
  }

  @Provide
  Arbitrary<String> algorithms() {
    return Arbitraries.of("balanced", "fifo");
  }

  private static List<Proposal> propose(List<QueueEntry> queue, MatchFormat format,
      String algorithm) {
    MatchmakingConfig config =
        MatchmakingConfig.defaults().withAlgorithm(algorithm).withFormat(format);
    return AlgorithmRegistry.discover().create(config).propose(context(queue, format));
  }

  private static MatchContext context(List<QueueEntry> queue, MatchFormat format) {
    return new MatchContext(queue, RelvaArbitraries.EPOCH.plusSeconds(3600), format,
        Ratings.constant(Ratings.DEFAULT_RATING), RegionPolicy.none());
  }

  private static List<Proposal> draw(List<Proposal> proposals, MatchFormat format, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Proposal> drawn = new ArrayList<>();
    proposals.forEach(p -> drawn.add(RandomTeams.draw(p, format, random)));
    return drawn;
  }

  private static Set<EntityId> ids(Proposal proposal) {
    return proposal.entries().stream().map(QueueEntry::id).collect(Collectors.toSet());
  }

  @Group
  class Drawn {
    @Property(tries = 300)
    void keepTheInvariantsAndTheAlgorithmsPlayers(@ForAll("queues") List<QueueEntry> queue,
        @ForAll("formats") MatchFormat format, @ForAll("algorithms") String algorithm,
        @ForAll long seed) {
      List<Proposal> proposals = propose(queue, format, algorithm);
      List<Proposal> drawn = draw(proposals, format, seed);

      MatchInvariants.assertValid(context(queue, format), drawn);
      assertThat(drawn).hasSameSizeAs(proposals);
      boolean anyDiffers = false;
      for (int i = 0; i < drawn.size(); i++) {
        assertThat(ids(drawn.get(i))).isEqualTo(ids(proposals.get(i)));
        assertThat(drawn.get(i).region()).isEqualTo(proposals.get(i).region());
        anyDiffers |= !teams(drawn.get(i)).equals(teams(proposals.get(i)));
      }
      Statistics.label("matches").collect(proposals.isEmpty() ? "none" : "some");
      Statistics.label("teams").collect(anyDiffers ? "some drawn differently" : "all the same");
      Statistics.label("matches").coverage(c -> c.check("some").percentage(p -> p > 90));
      Statistics.label("teams")
          .coverage(c -> c.check("some drawn differently").percentage(p -> p > 70));
    }

    @Property(tries = 100)
    void areTheSameFromTheSameSeed(@ForAll("queues") List<QueueEntry> queue,
        @ForAll("formats") MatchFormat format, @ForAll long seed) {
      List<Proposal> proposals = propose(queue, format, "fifo");

      assertThat(draw(proposals, format, seed)).isEqualTo(draw(proposals, format, seed));
    }
  }

  private static Set<Set<EntityId>> teams(Proposal proposal) {
    return proposal.teams().stream()
        .map(t -> t.stream().map(QueueEntry::id).collect(Collectors.toSet()))
        .collect(Collectors.toSet());
  }

  @Group
  class ThroughTheDaemon {
    @Example
    void popsDrawnTeamsThatDifferBetweenSeedsButRepeatForOne() {
      List<Set<Set<Integer>>> bySeed = new ArrayList<>();
      for (long seed : new long[] {1, 1, 2, 3, 4, 5}) {
        bySeed.add(popWithRandomTeams(seed));
      }
      assertThat(bySeed.get(0)).isEqualTo(bySeed.get(1));
      assertThat(Set.copyOf(bySeed)).as("five seeds, more than one split").hasSizeGreaterThan(1);
    }

    /** Ten solos in one region under {@code random}: the teams popped, by join order. */
    private Set<Set<Integer>> popWithRandomTeams(long seed) {
      World world = new World();
      List<QueueEntry> joined = new ArrayList<>();
      QueueDaemon daemon = QueueDaemon.builder(world.relva)
          .config(MatchmakingConfig.defaults().withTeams(TeamChoice.RANDOM))
          .random(new SplittableRandom(seed)).executor(MoreExecutors.directExecutor())
          .clock(world.clock).build();
      daemon.start();
      for (int i = 0; i < 10; i++) {
        joined.add(world.solo("us-e"));
      }
      daemon.stop();
      assertThat(world.pops).hasSize(1);
      PoppedMatch match = world.pops.get(0);
      assertThat(match.teams()).hasSize(2).allSatisfy(t -> assertThat(t).hasSize(5));
      return match.teams().stream()
          .map(t -> t.stream().map(e -> joined.stream().map(QueueEntry::id).toList()
              .indexOf(e.id())).collect(Collectors.toSet()))
          .collect(Collectors.toSet());
    }
  }
}

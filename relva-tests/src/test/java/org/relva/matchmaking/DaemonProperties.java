package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.matchmaking.testing.Algorithms;
import org.relva.testkit.ManualExecutor;
import org.relva.matchmaking.testing.RecordingListener;
import org.relva.matchmaking.testing.World;

/**
 * Whatever a plugged-in algorithm proposes, and whatever players do meanwhile, the daemon pops
 * only valid matches and the queue never loses or invents an entity.
 */
class DaemonProperties {
  private static final List<String> REGIONS = List.of("us-e", "us-w", "eu");

  @Property(tries = 150)
  void noAlgorithmCanCorruptTheQueue(@ForAll long seed,
      @ForAll @IntRange(min = 10, max = 80) int steps) {
    SplittableRandom random = new SplittableRandom(seed);
    World world = new World();
    ManualExecutor executor = new ManualExecutor();
    RecordingListener listener = new RecordingListener();
    List<QueueEvent> events = new ArrayList<>();
    world.relva.events().subscribe(QueueEvent.class, events::add);
    MatchmakingAlgorithm fifo = Algorithms.fifo();
    MatchmakingAlgorithm chaos = Algorithms.of("chaos", context -> {
      List<Proposal> proposals = new ArrayList<>();
      if (random.nextBoolean()) {
        proposals.addAll(fifo.propose(context)); // valid ones, mixed in
      }
      for (int i = random.nextInt(3); i > 0 && !context.queue().isEmpty(); i--) {
        proposals.add(randomProposal(context.queue(), random));
      }
      return proposals;
    });
    QueueDaemon daemon = QueueDaemon.builder(world.relva)
        .config(MatchmakingConfig.defaults().withRegionPolicy(
            RegionPolicy.none().withLink("us-e", "us-w", Duration.ofSeconds(30))))
        .algorithm(chaos).executor(executor).clock(world.clock).listener(listener).build();
    daemon.start();
    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(10);
      String region = REGIONS.get(random.nextInt(REGIONS.size()));
      if (op < 5) {
        world.solo(region);
      } else if (op < 6) {
        world.party(region, 2 + random.nextInt(4));
      } else if (op < 7) {
        List<QueueEntry> solos = world.relva.queue().stream()
            .filter(e -> e.entity() instanceof SoloPlayer).toList();
        if (!solos.isEmpty()) {
          QueueEntry leaver = solos.get(random.nextInt(solos.size()));
          world.leave(((SoloPlayer) leaver.entity()).member().id());
        }
      } else if (op < 8) {
        world.clock.advance(Duration.ofSeconds(random.nextInt(40)));
        daemon.tick();
      } else {
        for (int n = random.nextInt(3); n > 0; n--) {
          executor.runNext();
        }
      }
    }
    executor.runAll();
    daemon.stop();

    Set<EntityId> joined = new HashSet<>();
    Set<EntityId> left = new HashSet<>();
    Set<EntityId> popped = new HashSet<>();
    Set<UserId> poppedPlayers = new HashSet<>();
    for (QueueEvent event : events) {
      if (event instanceof QueueEvent.SoloJoin e) {
        joined.add(e.entry().id());
      } else if (event instanceof QueueEvent.PartyJoin e) {
        joined.add(e.entry().id());
      } else if (event instanceof QueueEvent.SoloLeave e) {
        left.add(e.entry().id());
      } else if (event instanceof QueueEvent.PartyLeave e) {
        left.add(e.entry().id());
      } else if (event instanceof QueueEvent.QueuePop e) {
        checkMatch(e.match(), daemon.config().format());
        for (QueueEntry entry : e.match().entries()) {
          assertThat(popped.add(entry.id())).as("%s popped twice", entry.id()).isTrue();
          entry.entity().members().forEach(m -> assertThat(poppedPlayers.add(m.id())).isTrue());
        }
      }
    }
    Set<EntityId> queued = new HashSet<>();
    world.relva.queue().forEach(e -> queued.add(e.id()));
    Set<EntityId> ghosts = new HashSet<>(popped);
    ghosts.retainAll(left);
    assertThat(ghosts).as("popped entities that had left").isEmpty();
    Set<EntityId> accounted = new HashSet<>(queued);
    accounted.addAll(left);
    accounted.addAll(popped);
    assertThat(accounted).isEqualTo(joined);
    assertThat(queued.size() + left.size() + popped.size()).isEqualTo(joined.size());
    Statistics.label("popped").collect(popped.isEmpty() ? "none" : "some");
    Statistics.label("rejected").collect(listener.rejections.isEmpty() ? "none" : "some");
    Statistics.label("popped").coverage(c -> c.check("some").percentage(p -> p > 30));
    Statistics.label("rejected").coverage(c -> c.check("some").percentage(p -> p > 30));
  }

  /** The invariants, checked independently of the validator. */
  private static void checkMatch(PoppedMatch match, MatchFormat format) {
    assertThat(match.teams()).hasSize(format.teams());
    for (List<QueueEntry> team : match.teams()) {
      assertThat(team.stream().mapToInt(e -> e.entity().size()).sum()).isEqualTo(format.teamSize());
    }
    for (QueueEntry entry : match.entries()) {
      if (!entry.region().equals(match.region())) {
        assertThat(Duration.between(entry.joinedAt(), match.poppedAt()))
            .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(Set.of(entry.region().code(), match.region().code()))
            .isEqualTo(Set.of("us-e", "us-w"));
      }
    }
  }

  /** A proposal of random entries, often broken: stale, split, made up, duplicated, misplaced. */
  private static Proposal randomProposal(List<QueueEntry> queue, SplittableRandom random) {
    List<List<QueueEntry>> teams = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      List<QueueEntry> team = new ArrayList<>();
      for (int n = 1 + random.nextInt(5); n > 0; n--) {
        QueueEntry entry = queue.get(random.nextInt(queue.size()));
        switch (random.nextInt(6)) {
          case 0 -> team.add(new QueueEntry(entry.entity(), entry.joinedAt().minusSeconds(1)));
          case 1 -> {
            if (entry.entity() instanceof Party p) {
              team.add(new QueueEntry(new Party(p.id(), p.region(), p.leaderId(), p.joinCode(),
                  p.members().subList(0, 1), p.createdAt()), entry.joinedAt()));
            } else {
              team.add(entry);
            }
          }
          case 2 -> team.add(new QueueEntry(new SoloPlayer(EntityId.of("Kfake0" + random.nextInt(10)),
              entry.region(), Member.of("fake" + random.nextInt(10), "Fake")), entry.joinedAt()));
          default -> team.add(entry);
        }
      }
      teams.add(team);
    }
    Region region = Region.of(REGIONS.get(random.nextInt(REGIONS.size())));
    return Proposal.of(region, teams);
  }
}

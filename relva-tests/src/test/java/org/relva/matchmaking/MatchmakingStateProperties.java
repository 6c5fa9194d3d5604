package org.relva.matchmaking;

import static net.jqwik.api.Tuple.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.ManualExecutor;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.matchmaking.MatchInvariants;

/**
 * The daemon and the core together under random interleavings of solo joins and leaves, party
 * formation, members leaving or being removed from queued parties, disbands, de-queues, clock ticks
 * and the daemon's passes running late; after every step the core's invariants, the queue
 * history's invariants and every popped match's shape are checked. jqwik shrinks a failure to a
 * short sequence of steps.
 */
class MatchmakingStateProperties {

  @Property(tries = 300, seed = "8675309")
  void invariantsHoldThroughEveryInterleaving(@ForAll("chains") ActionChain<World> chain) {
    World world = chain.withInvariant("core, history and pops", World::check).run();
    Statistics.label("matches popped").collect(world.pops.isEmpty() ? "0"
        : world.pops.size() < 3 ? "1-2" : "3+");
    Statistics.label("matches popped").coverage(c -> c.check("3+").percentage(p -> p > 20));
    Statistics.label("a queued party lost a member")
        .collect(world.queuedPartiesBroken > 0);
    Statistics.label("a queued party lost a member")
        .coverage(c -> c.check(true).percentage(p -> p > 20));
  }

  @Provide
  Arbitrary<ActionChain<World>> chains() {
    return ActionChain.startWith(World::new).withAction(new AnyStep()).withMaxTransformations(80);
  }

  /** One step of the world. */
  enum Op { SOLO, SOLO_LEAVE, PARTY, MEMBER_LEAVES, MEMBER_REMOVED, DISBAND, DEQUEUE, TICK, RUN_ONE }

  record Step(Op op, int region, int pick, int size) {
    @Override
    public String toString() {
      return op + " region#" + region + " pick#" + pick + (op == Op.PARTY ? " size " + size : "");
    }
  }

  static final class AnyStep implements Action.Independent<World> {
    @Override
    public Arbitrary<Transformer<World>> transformer() {
      Arbitrary<Op> ops = Arbitraries.frequency(of(10, Op.SOLO), of(2, Op.SOLO_LEAVE),
          of(4, Op.PARTY), of(2, Op.MEMBER_LEAVES), of(1, Op.MEMBER_REMOVED), of(1, Op.DISBAND),
          of(1, Op.DEQUEUE), of(3, Op.TICK), of(3, Op.RUN_ONE));
      return Combinators.combine(ops, Arbitraries.integers().between(0, 1),
              Arbitraries.integers().between(0, 20), Arbitraries.integers().between(2, 5))
          .as(Step::new)
          .map(step -> Transformer.mutate(step.toString(), world -> world.apply(step)));
    }
  }

  /** A core, its daemon running balanced on a manual executor, and everything they published. */
  static final class World {
    final MutableClock clock = MutableClock.atEpochOfTests();
    final RelvaStores stores = RelvaStores.inMemory();
    final FakePartyChannels channels = new FakePartyChannels();
    final Relva relva;
    final ManualExecutor passes = new ManualExecutor();
    final QueueDaemon daemon;
    final List<RelvaEvent> events = new ArrayList<>();
    final List<PoppedMatch> pops = new ArrayList<>();
    final List<String> complaints = new ArrayList<>();
    final List<String> regions = List.of("us-e", "eu");
    int queuedPartiesBroken;
    private int users;

    World() {
      relva = Relva.builder()
          .config(RelvaConfig.defaults().withRegions(Regions.of("us-e", "eu")))
          .stores(stores).channels(channels).clock(clock).random(new SplittableRandom(3)).build();
      relva.events().subscribe(RelvaEvent.class, events::add);
      relva.events().subscribe(QueueEvent.QueuePop.class, pop -> pops.add(pop.match()));
      daemon = QueueDaemon.builder(relva)
          .config(MatchmakingConfig.defaults())
          .ratings(user -> 1_000 + Math.floorMod(user.value().hashCode(), 1_000))
          .clock(clock)
          .executor(passes)
          .listener(new MatchmakingListener() {
            @Override
            public void onRejected(Proposal proposal, List<String> violations) {
              complaints.add("rejected " + violations);
            }

            @Override
            public void onError(Throwable error) {
              complaints.add("error " + error);
            }
          })
          .build();
      daemon.start();
    }

    void apply(Step step) {
      ChannelId lobby = relva.config().lobby();
      String region = regions.get(step.region());
      switch (step.op()) {
        case SOLO -> relva.joinQueue(newMember(), lobby, region).orElseThrow();
        case SOLO_LEAVE -> pickQueued(step, false).ifPresent(e ->
            relva.leaveQueue(e.entity().members().get(0).id(), lobby).orElseThrow());
        case PARTY -> {
          Member leader = newMember();
          Party party = relva.createParty(leader, lobby, region).orElseThrow();
          for (int i = 1; i < step.size(); i++) {
            relva.joinParty(newMember(), lobby, party.joinCode().display()).orElseThrow();
          }
          relva.queueParty(leader.id(), relva.channel(party.id()).orElseThrow()).orElseThrow();
        }
        case MEMBER_LEAVES -> pickQueued(step, true).ifPresent(e -> {
          Party party = (Party) e.entity();
          UserId member = party.members().get(step.pick() % party.size()).id();
          relva.leaveParty(member, channel(party)).orElseThrow();
          queuedPartiesBroken++;
        });
        case MEMBER_REMOVED -> pickQueued(step, true).ifPresent(e -> {
          Party party = (Party) e.entity();
          Optional<Member> other = party.members().stream()
              .filter(m -> !m.id().equals(party.leaderId())).findFirst();
          other.ifPresent(m -> {
            relva.removeMember(party.leaderId(), channel(party), m.id()).orElseThrow();
            queuedPartiesBroken++;
          });
        });
        case DISBAND -> pickQueued(step, true).ifPresent(e -> relva.disbandParty(
            ((Party) e.entity()).leaderId(), channel((Party) e.entity())).orElseThrow());
        case DEQUEUE -> pickQueued(step, true).ifPresent(e -> relva.dequeueParty(
            ((Party) e.entity()).leaderId(), channel((Party) e.entity())).orElseThrow());
        case TICK -> {
          clock.advance(Duration.ofSeconds(5 + step.pick() * 3L));
          daemon.tick();
        }
        case RUN_ONE -> passes.runNext();
        default -> throw new AssertionError(step);
      }
      if (step.pick() % 3 == 0) {
        passes.runAll(); // sometimes the daemon keeps up; otherwise its passes run late
      }
    }

    private Optional<QueueEntry> pickQueued(Step step, boolean party) {
      List<QueueEntry> candidates = relva.queue().stream()
          .filter(e -> (e.entity() instanceof Party) == party).toList();
      return candidates.isEmpty() ? Optional.empty()
          : Optional.of(candidates.get(step.pick() % candidates.size()));
    }

    private ChannelId channel(Party party) {
      return relva.channel(party.id()).orElseThrow();
    }

    private Member newMember() {
      int n = users++;
      return Member.of(String.valueOf(500_000_000_000L + n), "p" + n);
    }

    void check() {
      RelvaInvariants.assertConsistent(stores, channels);
      MatchInvariants.assertHistoryConsistent(events);
      assertThat(complaints).as("the built-in's proposals were all valid").isEmpty();
      MatchFormat format = daemon.config().format();
      for (PoppedMatch match : pops) {
        assertThat(match.teams()).hasSize(format.teams());
        Set<UserId> players = new HashSet<>();
        for (List<QueueEntry> team : match.teams()) {
          int size = 0;
          for (QueueEntry entry : team) {
            size += entry.entity().size();
            assertThat(entry.region()).as("no region is crossed").isEqualTo(match.region());
            entry.entity().members().forEach(m ->
                assertThat(players.add(m.id())).as("%s in the match twice", m.id()).isTrue());
          }
          assertThat(size).as("every team is full").isEqualTo(format.teamSize());
        }
      }
    }
  }
}

package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.ManualExecutor;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.store.InMemoryJournal;

/**
 * The core with several queues under random operations: parties made, joined and left; solos and
 * parties queued in a named queue or none, and taken out with or without a name; pops through two
 * daemons and direct {@code pop}s; accepts, declines, results and ready-check timeouts on an
 * injected clock; {@code reconfigure} adding and removing a queue and turning multiQueue on and
 * off. After every step the invariants hold (the stores' own, with the config's queue rules; no
 * player in two matches; every team full for its queue; a popped entity waits in no queue; a
 * party whole in one team), and a new core restored from the journal holds exactly the same
 * state.
 */
class MultiQueueStateProperties {
  private static final QueueId DUO = QueueId.of("duo");
  private static final QueueId TRIO = QueueId.of("trio");
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private static final QueueSpec DUO_SPEC = QueueSpec.of("duo", "duo", Regions.of("us-e"), 2);
  private static final QueueSpec TRIO_SPEC =
      QueueSpec.of("trio", "trio", Regions.of("us-e", "eu"), 3);
  private static final Map<QueueId, Integer> TEAM_SIZE =
      Map.of(QueueId.DEFAULT, 3, DUO, 2, TRIO, 3);
  private static final int USERS = 20;

  /** The operations, each with its weight: queueing most, to reach pops. */
  enum Op {
    CREATE(2), JOIN(2), LEAVE_PARTY(1), ENQUEUE(20), DEQUEUE(1), POP(3), DAEMONS(2), ACCEPT(6),
    DECLINE(1), RESULT(2), WAIT(2), RECONFIGURE(1);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }

    static Op pick(SplittableRandom random) {
      int total = 0;
      for (Op op : values()) {
        total += op.weight;
      }
      int at = random.nextInt(total);
      for (Op op : values()) {
        at -= op.weight;
        if (at < 0) {
          return op;
        }
      }
      throw new AssertionError(at);
    }
  }

  @Property(tries = 150, seed = "20261207")
  void invariantsHold_andARestoreIsExact(@ForAll long seed, @ForAll boolean multiQueue,
      @ForAll @IntRange(min = 30, max = 100) int steps) {
    World w = new World(seed, multiQueue);
    for (int step = 0; step < steps; step++) {
      Op op = w.step();
      w.check(op);
    }
    w.stop();
    Statistics.label("multiQueue").collect(multiQueue);
    for (Op op : Op.values()) {
      Statistics.label(op + " succeeded").collect(w.succeeded.contains(op));
    }
    Statistics.label("popped").collect(w.succeeded.contains(Op.POP) || w.daemonPopped);
    Statistics.label("daemon popped").collect(w.daemonPopped);
    Statistics.label("reconfigured").collect(w.succeeded.contains(Op.RECONFIGURE));
    Statistics.label("waited in two queues").collect(w.waitedInTwo);
    Statistics.label("popped").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("daemon popped").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label(Op.POP + " succeeded").coverage(c -> c.check(true).percentage(p -> p > 25));
    Statistics.label(Op.RESULT + " succeeded")
        .coverage(c -> c.check(true).percentage(p -> p > 15));
    Statistics.label("reconfigured").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("waited in two queues")
        .coverage(c -> c.check(true).percentage(p -> p > 20));
  }

  /** One core on an in-memory journal, two daemons, a clock and a seeded source of choices. */
  static final class World {
    final SplittableRandom random;
    final MutableClock clock = MutableClock.atEpochOfTests();
    final InMemoryJournal journal = new InMemoryJournal();
    final RelvaStores stores = RelvaStores.inMemory();
    final Relva relva;
    final ManualExecutor executor = new ManualExecutor();
    final QueueDaemon five;
    final QueueDaemon two;
    final Set<Op> succeeded = EnumSet.noneOf(Op.class);
    int pops;
    boolean daemonPopped;
    boolean waitedInTwo;

    World(long seed, boolean multiQueue) {
      random = new SplittableRandom(seed);
      RelvaConfig config = RelvaConfig.defaults().withRegions(Regions.of("us-e", "eu"))
          .withMaxPartySize(3).withQueue(DUO_SPEC).withMultiQueue(multiQueue);
      relva = Relva.builder().config(config).stores(stores).channels(new FakePartyChannels())
          .clock(clock).random(new SplittableRandom(seed)).journal(journal).build();
      relva.events().subscribe(org.relva.core.event.QueueEvent.QueuePop.class, pop -> pops++);
      five = QueueDaemon.builder(relva).config(MatchmakingConfig.defaults().withAlgorithm("fifo")
          .withFormat(MatchFormat.of(2, 3))).executor(executor).clock(clock).build();
      two = QueueDaemon.builder(relva).queue(DUO).config(MatchmakingConfig.defaults()
          .withAlgorithm("fifo").withFormat(MatchFormat.of(2, 2))).executor(executor)
          .clock(clock).build();
      five.start();
      two.start();
      executor.runAll();
    }

    static Member user(int i) {
      return Member.of(String.valueOf(1000 + i), "u" + i);
    }

    Member anyUser() {
      return user(random.nextInt(USERS));
    }

    <T> Optional<T> any(List<T> from) {
      return from.isEmpty() ? Optional.empty() : Optional.of(from.get(random.nextInt(from.size())));
    }

    /** Where {@code m} runs queue commands: their party's channel if they have one. */
    ChannelId channelOf(Member m) {
      return relva.partyOf(m.id()).flatMap(p -> relva.channel(p.id())).orElse(LOBBY);
    }

    @Nullable QueueId anyQueueName() {
      int pick = random.nextInt(8);
      return pick < 2 ? null : pick < 4 ? QueueId.DEFAULT : pick < 6 ? DUO
          : pick == 6 ? TRIO : QueueId.of("nope");
    }

    /** Does one random operation; returns it, noting whether it succeeded. */
    Op step() {
      // A join asks the daemons for a pass, which runs on the executor: only when DAEMONS runs
      // it, so that entities also wait long enough for a direct pop.
      Op op = Op.pick(random);
      Member m = anyUser();
      boolean ok = switch (op) {
        case CREATE -> relva.createParty(m, LOBBY, random.nextInt(4) == 0 ? "eu" : null)
            .isSuccess();
        case JOIN -> any(relva.parties()).map(p -> relva.joinParty(m, LOBBY,
            p.joinCode().display()).isSuccess()).orElse(false);
        case LEAVE_PARTY -> relva.leaveParty(m.id(), channelOf(m)).isSuccess();
        case ENQUEUE -> relva.enqueue(m, channelOf(m), anyQueueName(),
            random.nextInt(8) == 0 ? "eu" : null).isSuccess();
        case DEQUEUE -> (random.nextBoolean()
            ? relva.dequeue(m.id(), channelOf(m))
            : relva.dequeue(m.id(), channelOf(m), anyQueueName())).isSuccess();
        case POP -> popDirectly();
        case DAEMONS -> {
          five.tick();
          two.tick();
          yield runDaemons();
        }
        case ACCEPT -> any(relva.openMatches()).map(x -> x.players().stream()
            .filter(p -> random.nextInt(6) > 0)
            .map(p -> relva.acceptMatch(p.id(), x.id()).isSuccess())
            .reduce(false, Boolean::logicalOr)).orElse(false);
        case DECLINE -> any(relva.openMatches()).flatMap(x -> any(x.players()))
            .map(p -> relva.openMatchOf(p.id()).map(x -> relva.declineMatch(p.id(), x.id())
                .isSuccess()).orElse(false)).orElse(false);
        case RESULT -> any(relva.openMatches()).map(x -> relva.setResult(x.id(),
            MatchResult.win(random.nextInt(2))).isSuccess()).orElse(false);
        case WAIT -> {
          clock.advance(Duration.ofSeconds(random.nextInt(45)));
          yield !relva.tick().isEmpty();
        }
        case RECONFIGURE -> reconfigure();
      };
      if (ok) {
        succeeded.add(op);
      }
      return op;
    }

    /** Runs the daemons' passes; returns whether they popped. */
    private boolean runDaemons() {
      int before = pops;
      executor.runAll();
      daemonPopped |= pops > before;
      return pops > before;
    }

    private boolean reconfigure() {
      RelvaConfig now = relva.config();
      RelvaConfig next = switch (random.nextInt(3)) {
        case 0 -> now.queue(TRIO).isPresent() ? now.withoutQueue(TRIO) : now.withQueue(TRIO_SPEC);
        case 1 -> now.withMultiQueue(!now.multiQueue());
        default -> now.queue(TRIO).isPresent() ? now.withoutQueue(TRIO).withMultiQueue(true)
            : now.withQueue(TRIO_SPEC).withMultiQueue(false);
      };
      return relva.reconfigure(next).isSuccess();
    }

    /** Pops two full teams of one queue's waiting entities of one region, if it has them. */
    private boolean popDirectly() {
      List<QueueId> queues = relva.config().queues().stream().map(QueueSpec::id).toList();
      QueueId queue = queues.get(random.nextInt(queues.size()));
      int size = TEAM_SIZE.get(queue);
      Map<Region, List<QueueEntry>> byRegion = relva.queue(queue).stream()
          .collect(Collectors.groupingBy(QueueEntry::region));
      for (Map.Entry<Region, List<QueueEntry>> region : byRegion.entrySet()) {
        List<List<QueueEntry>> teams = List.of(new ArrayList<>(), new ArrayList<>());
        int[] filled = new int[2];
        for (QueueEntry e : region.getValue()) {
          for (int t = 0; t < 2; t++) {
            if (filled[t] + e.entity().size() <= size) {
              teams.get(t).add(e);
              filled[t] += e.entity().size();
              break;
            }
          }
        }
        if (filled[0] == size && filled[1] == size) {
          return relva.pop(queue, region.getKey(), teams).isSuccess();
        }
      }
      return false;
    }

    void check(Op after) {
      RelvaConfig config = relva.config();
      RelvaInvariants.assertConsistent(stores, config);
      List<QueueEntry> queued = relva.queue();
      Set<Object> slots = new HashSet<>();
      Map<Object, Long> queuesPerEntity = queued.stream()
          .collect(Collectors.groupingBy(QueueEntry::id, Collectors.counting()));
      for (QueueEntry e : queued) {
        assertThat(slots.add(List.of(e.queue(), e.id()))).as("after %s: %s twice in %s", after,
            e.id(), e.queue()).isTrue();
        assertThat(config.queue(e.queue())).as("after %s: %s waits in a queue not configured",
            after, e.id()).isPresent();
      }
      if (!config.multiQueue()) {
        assertThat(queuesPerEntity.values()).as("after %s: without multiQueue", after)
            .allMatch(n -> n == 1);
      }
      waitedInTwo |= queuesPerEntity.values().stream().anyMatch(n -> n > 1);
      Set<UserId> inMatches = new HashSet<>();
      Set<UserId> queuedPlayers = queued.stream().flatMap(e -> e.entity().members().stream())
          .map(Member::id).collect(Collectors.toSet());
      for (MatchRecord match : relva.openMatches()) {
        for (List<QueueEntry> team : match.teams()) {
          assertThat(team.stream().mapToInt(e -> e.entity().size()).sum())
              .as("after %s: a team of %s in %s", after, match.id(), match.queue())
              .isEqualTo(TEAM_SIZE.get(match.queue()));
          for (QueueEntry e : team) {
            assertThat(e.queue()).isEqualTo(match.queue());
            assertThat(queuesPerEntity).as("after %s: popped %s still waits", after, e.id())
                .doesNotContainKey(e.id());
          }
        }
        Set<UserId> players = match.players().stream().map(Member::id)
            .collect(Collectors.toSet());
        Set<UserId> members = match.teams().stream().flatMap(List::stream)
            .flatMap(e -> e.entity().members().stream()).map(Member::id)
            .collect(Collectors.toSet());
        assertThat(players).as("after %s: %s's players are its entities' members, whole", after,
            match.id()).isEqualTo(members);
        for (UserId p : players) {
          assertThat(inMatches.add(p)).as("after %s: %s in two matches", after, p).isTrue();
          assertThat(queuedPlayers).as("after %s: %s in a match and queued", after, p)
              .doesNotContain(p);
        }
      }
      for (Party party : relva.parties()) {
        Set<QueueId> where = queued.stream().filter(e -> e.id().equals(party.id()))
            .map(QueueEntry::queue).collect(Collectors.toSet());
        for (Member member : party.members()) {
          assertThat(queued.stream().filter(e -> !e.id().equals(party.id()))
              .flatMap(e -> e.entity().members().stream()).map(Member::id))
              .as("after %s: %s queued apart from party %s (in %s)", after, member.id(),
                  party.id(), where).doesNotContain(member.id());
        }
      }
      assertRestoresExactly(after);
    }

    /** A new core on the same journal, with the same config, holds exactly this state. */
    private void assertRestoresExactly(Op after) {
      RelvaStores restoredStores = RelvaStores.inMemory();
      Relva restored = Relva.builder().config(relva.config()).stores(restoredStores)
          .channels(new FakePartyChannels()).clock(clock).random(new SplittableRandom(1))
          .journal(journal).build();
      assertThat(RelvaInvariants.contents(restored, restoredStores))
          .as("after %s: the restored state", after)
          .isEqualTo(RelvaInvariants.contents(relva, stores));
    }

    void stop() {
      five.stop();
      two.stop();
    }
  }
}

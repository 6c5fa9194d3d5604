package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Regions;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.ManualExecutor;
import org.relva.testkit.MutableClock;

/**
 * Two daemons on two queues of one core, with players waiting in one queue or both: no entity is
 * ever popped twice, every team is full for its queue's format, and the state stays consistent.
 */
class TwoQueueDaemonProperties {
  private static final QueueId DUO = QueueId.of("duo");
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private static final ChannelId DUO_LOBBY = ChannelId.of("duo");

  @Property(tries = 120)
  void twoDaemons_neverPopAnEntityTwice_andFillEveryTeam(@ForAll long seed,
      @ForAll boolean multiQueue, @ForAll @IntRange(min = 10, max = 120) int steps) {
    SplittableRandom random = new SplittableRandom(seed);
    RelvaConfig config = RelvaConfig.defaults().withRegions(Regions.of("us-e"))
        .withMaxPartySize(3)
        .withQueue(QueueSpec.of("duo", "duo", Regions.of("us-e"), 2))
        .withMultiQueue(multiQueue);
    MutableClock clock = MutableClock.atEpochOfTests();
    RelvaStores stores = RelvaStores.inMemory();
    Relva relva = Relva.builder().config(config).stores(stores)
        .channels(new FakePartyChannels()).clock(clock).random(new SplittableRandom(seed))
        .build();
    List<PoppedMatch> pops = new ArrayList<>();
    relva.events().subscribe(QueueEvent.QueuePop.class, pop -> pops.add(pop.match()));
    ManualExecutor executor = new ManualExecutor();
    Map<QueueId, Integer> teamSize = Map.of(QueueId.DEFAULT, 3, DUO, 2);
    QueueDaemon five = QueueDaemon.builder(relva).config(MatchmakingConfig.defaults()
            .withAlgorithm("fifo").withFormat(MatchFormat.of(2, 3)))
        .executor(executor).clock(clock).build();
    QueueDaemon two = QueueDaemon.builder(relva).queue(DUO).config(MatchmakingConfig.defaults()
            .withAlgorithm("fifo").withFormat(MatchFormat.of(2, 2)))
        .executor(executor).clock(clock).build();
    assertThat(two.queue()).isEqualTo(DUO);
    five.start();
    two.start();
    int users = 0;
    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(10);
      Member m = Member.of(String.valueOf(5000 + users), "P" + users);
      users++;
      if (op < 3) {
        relva.enqueue(m, LOBBY, null);
      } else if (op < 5) {
        relva.enqueue(m, DUO_LOBBY, null);
      } else if (op < 7) {
        relva.enqueue(m, LOBBY, null);
        relva.enqueue(m, DUO_LOBBY, null); // refused without multiQueue
      } else if (op < 8) {
        Party party = relva.createParty(m, LOBBY, null).orElseThrow();
        Member mate = Member.of(String.valueOf(9000 + users), "Q" + users);
        relva.joinParty(mate, LOBBY, party.joinCode().display()).orElseThrow();
        ChannelId channel = relva.channel(party.id()).orElseThrow();
        relva.enqueue(m, channel, QueueId.DEFAULT, null);
        relva.enqueue(m, channel, DUO, null);
      } else if (op < 9) {
        List<QueueEntry> all = relva.queue();
        if (!all.isEmpty()) {
          QueueEntry e = all.get(random.nextInt(all.size()));
          relva.dequeue(e.entity().members().get(0).id(), LOBBY);
        }
      } else {
        clock.advance(Duration.ofSeconds(1));
      }
      for (int n = random.nextInt(4); n > 0; n--) {
        executor.runNext();
      }
    }
    executor.runAll();
    Set<Object> popped = new HashSet<>();
    for (PoppedMatch pop : pops) {
      for (List<QueueEntry> team : pop.teams()) {
        assertThat(team.stream().mapToInt(e -> e.entity().size()).sum())
            .as("team of %s in %s", pop.matchId(), pop.queue())
            .isEqualTo(teamSize.get(pop.queue()));
        for (QueueEntry e : team) {
          assertThat(popped.add(e.id())).as("%s popped twice", e.id()).isTrue();
          assertThat(e.queue()).isEqualTo(pop.queue());
        }
      }
    }
    Set<Object> players = new HashSet<>();
    relva.openMatches().forEach(match -> match.players().forEach(
        p -> assertThat(players.add(p.id())).as("%s in two matches", p.id()).isTrue()));
    assertThat(stores.violations(relva.config())).isEmpty();
    five.stop();
    two.stop();
    // A try with no pops would pass the checks above trivially: most tries must pop, in both.
    Statistics.label("popped").collect(!pops.isEmpty());
    Statistics.label("popped in both queues").collect(
        pops.stream().map(PoppedMatch::queue).distinct().count() == 2);
    Statistics.label("popped").coverage(c -> c.check(true).percentage(p -> p > 85));
    Statistics.label("popped in both queues")
        .coverage(c -> c.check(true).percentage(p -> p > 50));
  }

  @Example
  void reconfigure_changesTheFormatOfTheNextPass_whileRunning() {
    RelvaConfig config = RelvaConfig.defaults().withRegions(Regions.of("us-e"))
        .withQueue(QueueSpec.of("duo", "duo", Regions.of("us-e"), 2));
    MutableClock clock = MutableClock.atEpochOfTests();
    Relva relva = Relva.builder().config(config).channels(new FakePartyChannels()).clock(clock)
        .random(new SplittableRandom(3)).build();
    List<PoppedMatch> pops = new ArrayList<>();
    relva.events().subscribe(QueueEvent.QueuePop.class, pop -> pops.add(pop.match()));
    ManualExecutor executor = new ManualExecutor();
    QueueDaemon daemon = QueueDaemon.builder(relva).queue(DUO).config(MatchmakingConfig
            .defaults().withAlgorithm("fifo").withFormat(MatchFormat.of(2, 2)))
        .executor(executor).clock(clock).build();
    daemon.start();
    for (int i = 0; i < 2; i++) {
      relva.enqueue(Member.of(String.valueOf(100 + i), "P" + i), DUO_LOBBY, null).orElseThrow();
    }
    executor.runAll();
    assertThat(pops).as("two players make no 2v2").isEmpty();

    daemon.reconfigure(MatchmakingConfig.defaults().withAlgorithm("fifo")
        .withFormat(MatchFormat.of(2, 1)));
    executor.runAll();

    assertThat(daemon.config().format()).isEqualTo(MatchFormat.of(2, 1));
    assertThat(daemon.isRunning()).isTrue();
    assertThat(pops).as("the reconfigured daemon passes at once, as a 1v1").hasSize(1);
    assertThat(pops.get(0).queue()).isEqualTo(DUO);
    assertThat(pops.get(0).teams()).allSatisfy(team -> assertThat(team).hasSize(1));
    assertThat(relva.queue(DUO)).isEmpty();
    assertThatThrownBy(() -> daemon.reconfigure(MatchmakingConfig.defaults().withRegionPolicy(
        RegionPolicy.none().withLink("us-e", "eu", Duration.ofMinutes(1)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eu");
    assertThat(daemon.config().format()).as("a refused config changes nothing")
        .isEqualTo(MatchFormat.of(2, 1));
    daemon.stop();
  }
}

package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.Refusal;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.matchmaking.testing.Algorithms;
import org.relva.testkit.ManualExecutor;
import org.relva.matchmaking.testing.OneAtATimeProvider;
import org.relva.matchmaking.testing.RecordingListener;
import org.relva.matchmaking.testing.World;

class QueueDaemonTest {
  private static final MatchmakingConfig FIFO = MatchmakingConfig.defaults().withAlgorithm("fifo");

  private final World world = new World();
  private final ManualExecutor executor = new ManualExecutor();
  private final RecordingListener listener = new RecordingListener();

  private QueueDaemon.Builder daemon(MatchmakingConfig config) {
    return QueueDaemon.builder(world.relva).config(config).executor(executor).clock(world.clock)
        .listener(listener);
  }

  private QueueDaemon started(MatchmakingConfig config) {
    QueueDaemon daemon = daemon(config).build();
    daemon.start();
    executor.runAll();
    return daemon;
  }

  private QueueDaemon started(MatchmakingAlgorithm algorithm) {
    QueueDaemon daemon = daemon(FIFO).algorithm(algorithm).build();
    daemon.start();
    executor.runAll();
    return daemon;
  }

  private static UserId user(QueueEntry entry) {
    return ((SoloPlayer) entry.entity()).member().id();
  }

  @Nested
  class Matching {
    @Test
    @DisplayName("start runs a pass over what is already queued and pops the match")
    void start_popsWhatIsAlreadyQueued() {
      List<QueueEntry> solos = world.solos("us-e", 10);
      QueueDaemon daemon = daemon(FIFO).build();
      assertThat(executor.pending()).isZero();
      daemon.start();
      assertThat(executor.pending()).isEqualTo(1);
      executor.runAll();
      assertThat(world.pops).singleElement().satisfies(match -> {
        assertThat(match.entries()).containsExactlyInAnyOrderElementsOf(solos);
        assertThat(match.region()).isEqualTo(Region.of("us-e"));
      });
      assertThat(world.relva.queue()).isEmpty();
      assertThat(listener.passes).extracting(PassReport::popped).containsExactly(1, 0);
    }

    @Test
    @DisplayName("a join that completes a match pops it, whether solo or party")
    void joins_triggerPasses() {
      started(FIFO);
      QueueEntry trio = world.party("us-e", 3);
      QueueEntry duo = world.party("us-e", 2);
      List<QueueEntry> solos = world.solos("us-e", 5);
      assertThat(executor.pending()).isEqualTo(1);
      executor.runAll();
      assertThat(world.pops).singleElement().satisfies(match -> {
        assertThat(match.entries()).contains(trio, duo).containsAll(solos);
        assertThat(match.teams()).allSatisfy(team ->
            assertThat(team.stream().mapToInt(e -> e.entity().size()).sum()).isEqualTo(5));
      });
    }

    @Test
    void noPass_beforeStart() {
      daemon(FIFO).build();
      world.solos("us-e", 10);
      assertThat(executor.pending()).isZero();
      assertThat(world.relva.queue()).hasSize(10);
    }

    @Test
    @DisplayName("the default algorithm is balanced, and it pops an even 5v5")
    void defaultAlgorithm_isBalanced() {
      QueueDaemon daemon = daemon(MatchmakingConfig.defaults()).build();
      assertThat(daemon.algorithm().name()).isEqualTo("balanced");
      daemon.start();
      world.solos("eu", 10);
      executor.runAll();
      assertThat(world.pops).hasSize(1);
    }

    @Test
    @DisplayName("a pass that pops is followed by another, so one-at-a-time algorithms drain the queue")
    void reRun_drainsTheQueue() {
      world.solos("us-e", 30);
      QueueDaemon daemon = daemon(FIFO.withAlgorithm(OneAtATimeProvider.NAME)).build();
      daemon.start();
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(world.pops).hasSize(3);
      assertThat(listener.passes).extracting(PassReport::popped).containsExactly(1, 1, 1, 0);
    }
  }

  @Nested
  class ModeratorCancels {
    private java.util.Set<java.util.Set<EntityId>> teams(org.relva.core.model.PoppedMatch match) {
      java.util.Set<java.util.Set<EntityId>> teams = new java.util.HashSet<>();
      match.teams().forEach(t -> teams.add(t.stream().map(QueueEntry::id)
          .collect(java.util.stream.Collectors.toSet())));
      return teams;
    }

    @Test
    @DisplayName("players put back by a moderator's cancel do not pop again as the same teams")
    void cancelledTeams_areReSplit() {
      started(FIFO);
      List<QueueEntry> solos = world.solos("us-e", 10);
      executor.runAll();
      org.relva.core.model.PoppedMatch first = world.pops.get(0);

      world.relva.cancelMatch(first.matchId(), "", true).orElseThrow();
      executor.runAll();

      assertThat(world.pops).hasSize(2);
      org.relva.core.model.PoppedMatch second = world.pops.get(1);
      assertThat(second.entries()).containsExactlyInAnyOrderElementsOf(solos);
      assertThat(teams(second)).isNotEqualTo(teams(first));
    }

    @Test
    @DisplayName("two whole-team parties cancelled back cannot be re-split, so they do not pop")
    void cancelledWholeTeamParties_doNotPopAgain() {
      started(FIFO);
      world.party("us-e", 5);
      world.party("us-e", 5);
      executor.runAll();
      org.relva.core.model.PoppedMatch first = world.pops.get(0);

      world.relva.cancelMatch(first.matchId(), "", true).orElseThrow();
      executor.runAll();

      assertThat(world.pops).hasSize(1);
      assertThat(world.relva.queue()).hasSize(2);
      assertThat(listener.rejections).isNotEmpty();
      assertThat(listener.rejections.get(listener.rejections.size() - 1)).singleElement()
          .asString().contains("repeats the teams of a match a moderator cancelled");
    }
  }

  @Nested
  class Coalescing {
    @Test
    @DisplayName("100 events before the pass starts cost one pass")
    void hundredEvents_onePass() {
      started(FIFO);
      int before = listener.passes.size();
      for (int i = 0; i < 50; i++) {
        world.leave(user(world.solo("us-e")));
      }
      assertThat(executor.pending()).isEqualTo(1);
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(listener.passes).hasSize(before + 1);
    }

    @Test
    @DisplayName("100 joins make one task: a pass popping ten matches, and the re-run")
    void hundredJoins_oneTask() {
      started(FIFO);
      int before = listener.passes.size();
      world.solos("eu", 100);
      assertThat(executor.pending()).isEqualTo(1);
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(world.pops).hasSize(10);
      assertThat(listener.passes.subList(before, listener.passes.size()))
          .extracting(PassReport::popped).containsExactly(10, 0);
    }

    @Test
    @DisplayName("events during a pass cause exactly one more pass")
    void eventsDuringAPass_oneMorePass() {
      AtomicInteger calls = new AtomicInteger();
      started(Algorithms.of("joiner", context -> {
        if (calls.incrementAndGet() == 2) {
          world.solos("eu", 3);
        }
        return List.of();
      }));
      world.solo("eu");
      assertThat(executor.pending()).isEqualTo(1);
      executor.runNext();
      assertThat(executor.pending()).isEqualTo(1);
      executor.runNext();
      assertThat(executor.pending()).isZero();
      assertThat(calls).hasValue(3);
    }
  }

  @Nested
  class Ticks {
    @Test
    @DisplayName("a tick lets a region link open without any event")
    void tick_opensARegionLink() {
      MatchmakingConfig config = FIFO.withRegionPolicy(
          RegionPolicy.none().withLink("us-e", "us-w", Duration.ofMinutes(3)));
      QueueDaemon daemon = started(config);
      world.solos("us-e", 5);
      world.solos("us-w", 5);
      executor.runAll();
      assertThat(world.pops).isEmpty();
      world.clock.advance(Duration.ofMinutes(3));
      assertThat(executor.pending()).isZero();
      daemon.tick();
      assertThat(executor.pending()).isEqualTo(1);
      executor.runAll();
      assertThat(world.pops).singleElement()
          .satisfies(m -> assertThat(m.region()).isEqualTo(Region.of("us-e")));
    }

    @Test
    @DisplayName("a tick lets balanced's rating window widen without any event")
    void tick_widensTheRatingWindow() {
      List<QueueEntry> solos = new ArrayList<>();
      QueueDaemon daemon = daemon(MatchmakingConfig.defaults())
          .ratings(user -> user.value().equals("user0") ? 1000 : 1900)
          .build();
      daemon.start();
      solos.addAll(world.solos("eu", 10));
      executor.runAll();
      world.clock.advance(Duration.ofSeconds(119));
      daemon.tick();
      executor.runAll();
      assertThat(world.pops).isEmpty();
      world.clock.advance(Duration.ofSeconds(1));
      daemon.tick();
      executor.runAll();
      assertThat(world.pops).singleElement()
          .satisfies(m -> assertThat(m.entries()).containsExactlyInAnyOrderElementsOf(solos));
    }

    @Test
    @DisplayName("a scheduler ticks the daemon every tick period until it stops")
    void scheduler_ticksUntilStop() {
      CapturingScheduler scheduler = new CapturingScheduler();
      try {
        QueueDaemon daemon = daemon(FIFO.withTickPeriod(Duration.ofSeconds(7)))
            .scheduler(scheduler).build();
        daemon.start();
        executor.runAll();
        assertThat(scheduler.period).isEqualTo(Duration.ofSeconds(7).toNanos());
        assertThat(scheduler.unit).isEqualTo(TimeUnit.NANOSECONDS);
        scheduler.command.run();
        assertThat(executor.pending()).isEqualTo(1);
        executor.runAll();
        daemon.stop();
        assertThat(scheduler.future.isCancelled()).isTrue();
        assertThat(scheduler.isShutdown()).as("a given scheduler is not the daemon's to shut").isFalse();
      } finally {
        scheduler.shutdownNow();
      }
    }
  }

  @Nested
  class Safety {
    @Test
    @DisplayName("an entity that leaves between snapshot and pop is never matched: no ghost match")
    void ghostMatch_leaver() {
      List<QueueEntry> solos = world.solos("us-e", 10);
      MatchmakingAlgorithm fifo = Algorithms.fifo();
      AtomicInteger calls = new AtomicInteger();
      started(Algorithms.of("racy", context -> {
        List<Proposal> proposals = fifo.propose(context);
        if (calls.incrementAndGet() == 1) {
          world.leave(user(solos.get(3))); // after the snapshot, before the pop
        }
        return proposals;
      }));
      assertThat(listener.refusals).containsExactly(Refusal.ENTRY_CHANGED);
      assertThat(world.pops).isEmpty();
      List<QueueEntry> rest = new ArrayList<>(solos);
      rest.remove(3);
      assertThat(world.relva.queue()).containsExactlyInAnyOrderElementsOf(rest);
    }

    @Test
    @DisplayName("an entity that left and rejoined is not matched on its old entry")
    void ghostMatch_rejoiner() {
      List<QueueEntry> solos = world.solos("us-e", 10);
      Member member = Member.of(user(solos.get(0)).value(), "Back again");
      MatchmakingAlgorithm fifo = Algorithms.fifo();
      AtomicInteger calls = new AtomicInteger();
      started(Algorithms.of("racy", context -> {
        List<Proposal> proposals = fifo.propose(context);
        if (calls.incrementAndGet() == 1) {
          world.leave(member.id());
          world.clock.advance(Duration.ofSeconds(1));
          world.relva.joinQueue(member, World.LOBBY, "us-e").orElseThrow();
        }
        return proposals;
      }));
      assertThat(listener.refusals).containsExactly(Refusal.ENTRY_CHANGED);
      // The re-run matches the player on their new entry.
      assertThat(world.pops).singleElement().satisfies(match -> {
        assertThat(match.entries()).doesNotContain(solos.get(0));
        assertThat(match.entries()).anyMatch(e -> e.entity().members().get(0).id().equals(member.id())
            && e.joinedAt().isAfter(solos.get(0).joinedAt()));
      });
    }

    @Test
    @DisplayName("a buggy algorithm's proposals are rejected and reported, and the queue is untouched")
    void buggyAlgorithm_cannotCorruptTheQueue() {
      QueueEntry trio = world.party("us-e", 3);
      QueueEntry duo = world.party("us-e", 2);
      List<QueueEntry> solos = world.solos("us-e", 5);
      List<QueueEntry> europe = world.solos("eu", 5);
      List<QueueEntry> before = world.relva.queue();
      Party whole = (Party) trio.entity();
      QueueEntry cut = new QueueEntry(new Party(whole.id(), whole.region(), whole.leaderId(),
          whole.joinCode(), whole.members().subList(0, 2), whole.createdAt()), trio.joinedAt());
      QueueEntry ghost = new QueueEntry(new SoloPlayer(EntityId.of("Kghost1"), Region.of("us-e"),
          Member.of("ghost", "Ghost")), trio.joinedAt());
      Region east = Region.of("us-e");
      List<Proposal> bad = List.of(
          Proposal.of(east, List.of(List.of(trio, duo), solos.subList(0, 4))),
          Proposal.of(east, List.of(List.of(cut, duo, solos.get(0)), solos.subList(1, 5))),
          Proposal.of(east, List.of(List.of(trio, duo), europe)),
          Proposal.of(east, List.of(List.of(trio, duo), List.of(trio, solos.get(0), solos.get(1)))),
          Proposal.of(east, List.of(List.of(trio, duo), List.of(ghost, solos.get(0), solos.get(1),
              solos.get(2), solos.get(3)))),
          Proposal.of(east, List.of(List.of(trio, duo), solos, europe)));
      started(Algorithms.of("buggy", context -> bad));
      assertThat(listener.rejections).hasSize(6);
      assertThat(listener.violations()).anyMatch(v -> v.contains("team 2 has 4 players"))
          .anyMatch(v -> v.contains("is not whole"))
          .anyMatch(v -> v.contains("cannot play in us-e"))
          .anyMatch(v -> v.contains("split across teams"))
          .anyMatch(v -> v.contains("Kghost1 is not in the queue"))
          .anyMatch(v -> v.contains("3 teams"));
      assertThat(world.pops).isEmpty();
      assertThat(world.relva.queue()).isEqualTo(before);
      assertThat(listener.passes).singleElement()
          .satisfies(r -> assertThat(r.rejected()).isEqualTo(6));
    }

    @Test
    @DisplayName("a proposal reusing an earlier one's entities in the same pass is rejected")
    void overlappingProposals_secondRejected() {
      world.solos("us-e", 10);
      MatchmakingAlgorithm fifo = Algorithms.fifo();
      started(Algorithms.of("doubler", context -> {
        List<Proposal> proposals = new ArrayList<>(fifo.propose(context));
        proposals.addAll(fifo.propose(context));
        return proposals;
      }));
      assertThat(world.pops).hasSize(1);
      assertThat(listener.violations()).anyMatch(v -> v.contains("already in another match"));
    }

    @Test
    @DisplayName("an algorithm that throws is reported, and the next pass runs normally")
    void throwingAlgorithm_isReported() {
      AtomicInteger calls = new AtomicInteger();
      MatchmakingAlgorithm fifo = Algorithms.fifo();
      started(Algorithms.of("flaky", context -> {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("boom");
        }
        return fifo.propose(context);
      }));
      assertThat(listener.errors).singleElement()
          .satisfies(e -> assertThat(e).hasMessageContaining("'flaky' failed").hasRootCauseMessage("boom"));
      assertThat(listener.passes).singleElement().satisfies(r -> assertThat(r.failed()).isTrue());
      world.solos("us-e", 10);
      executor.runAll();
      assertThat(world.pops).hasSize(1);
    }

    @Test
    @DisplayName("null from an algorithm, or a null proposal, is reported, never thrown")
    void nulls_areReported() {
      List<Proposal> withNull = new ArrayList<>();
      withNull.add(null);
      AtomicInteger calls = new AtomicInteger();
      started(Algorithms.of("nully", context -> calls.incrementAndGet() == 1 ? null : withNull));
      world.solo("eu");
      executor.runAll();
      assertThat(listener.errors).hasSize(2)
          .allSatisfy(e -> assertThat(e).hasStackTraceContaining("null"));
      assertThat(world.relva.queue()).hasSize(1);
    }

    @Test
    @DisplayName("a listener that throws does not stop matchmaking")
    void throwingListener_isIgnored() {
      QueueDaemon daemon = QueueDaemon.builder(world.relva).config(FIFO).executor(executor)
          .listener(new MatchmakingListener() {
            @Override
            public void onPass(PassReport report) {
              throw new IllegalStateException("listener bug");
            }
          }).build();
      daemon.start();
      world.solos("us-e", 10);
      executor.runAll();
      assertThat(world.pops).hasSize(1);
    }
  }

  @Nested
  class Lifecycle {
    @Test
    @DisplayName("after stop, events schedule nothing and a queued pass does nothing")
    void stop_isClean() {
      QueueDaemon daemon = started(FIFO);
      world.solos("us-e", 10);
      assertThat(executor.pending()).isEqualTo(1);
      daemon.stop();
      assertThat(daemon.isRunning()).isFalse();
      executor.runAll();
      world.solo("us-e");
      daemon.tick();
      assertThat(executor.pending()).isZero();
      assertThat(world.pops).isEmpty();
      assertThat(world.relva.queue()).hasSize(11);
      daemon.stop(); // idempotent
      assertThatThrownBy(daemon::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("starts once");
    }

    @Test
    @DisplayName("a daemon stopped before it started never starts")
    void stopBeforeStart() {
      QueueDaemon daemon = daemon(FIFO).build();
      daemon.stop();
      assertThatThrownBy(daemon::start).hasMessageContaining("STOPPED");
      world.solos("us-e", 10);
      assertThat(executor.pending()).isZero();
    }

    @Test
    void start_twice_throws() {
      QueueDaemon daemon = started(FIFO);
      assertThatThrownBy(daemon::start).hasMessageContaining("RUNNING");
    }

    @Test
    @DisplayName("with a direct executor a pass runs on the publishing thread, never nested")
    void directExecutor_passesRunInlineAndUnnested() {
      AtomicInteger depth = new AtomicInteger();
      AtomicInteger deepest = new AtomicInteger();
      AtomicInteger calls = new AtomicInteger();
      MatchmakingAlgorithm fifo = Algorithms.fifo();
      QueueDaemon daemon = QueueDaemon.builder(world.relva).config(FIFO)
          .executor(MoreExecutors.directExecutor()).listener(listener)
          .algorithm(Algorithms.of("reentrant", context -> {
            deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
            try {
              if (calls.incrementAndGet() == 2) {
                world.solo("eu"); // an event from inside a pass
              }
              return fifo.propose(context);
            } finally {
              depth.decrementAndGet();
            }
          })).build();
      daemon.start();
      world.solos("us-e", 10);
      assertThat(world.pops).hasSize(1);
      assertThat(deepest).hasValue(1);
      assertThat(listener.errors).isEmpty();
    }

    @Test
    @DisplayName("with no executor given, the daemon runs on its own thread and stops cleanly")
    void ownThread_popsAndStops() throws InterruptedException {
      CountDownLatch popped = new CountDownLatch(1);
      world.relva.events().subscribe(QueueEvent.QueuePop.class, pop -> popped.countDown());
      try (QueueDaemon daemon = QueueDaemon.builder(world.relva).config(FIFO).build()) {
        daemon.start();
        world.solos("us-e", 10);
        assertThat(popped.await(30, TimeUnit.SECONDS)).isTrue();
        daemon.stop();
        assertThat(daemon.isRunning()).isFalse();
      }
    }

    @Test
    @DisplayName("build checks the configuration against the core's")
    void build_validates() {
      MatchmakingConfig badLink = FIFO.withRegionPolicy(
          RegionPolicy.none().withLink("us-e", "ap", Duration.ZERO));
      assertThatThrownBy(() -> daemon(badLink).build())
          .hasMessageContaining("matchmaking.regionPolicy").hasMessageContaining("'ap'");
      assertThatThrownBy(() -> daemon(FIFO.withAlgorithm("elo")).build())
          .hasMessageContaining("no algorithm is named 'elo'").hasMessageContaining("balanced, fifo");
      assertThat(daemon(FIFO).registry(AlgorithmRegistry.discover()).build()).hasToString(
          "QueueDaemon(fifo, 5v5, NEW)");
    }
  }

  /** Records the periodic task instead of running it. */
  private static final class CapturingScheduler extends ScheduledThreadPoolExecutor {
    Runnable command = () -> {};
    long period;
    TimeUnit unit = TimeUnit.DAYS;
    ScheduledFuture<?> future = schedule(() -> {}, 1, TimeUnit.DAYS);

    CapturingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
        long period, TimeUnit unit) {
      this.command = command;
      this.period = period;
      this.unit = unit;
      this.future = schedule(() -> {}, 1, TimeUnit.DAYS);
      return future;
    }
  }
}

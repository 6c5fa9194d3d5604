package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.ReplayedState;
import org.relva.testkit.matchmaking.MatchInvariants;

/**
 * Many threads issuing random operations against one core, as JDA's threads would. Afterwards the
 * invariants hold, no operation threw, and the events, replayed in the order they were delivered,
 * give the final state.
 */
class CoreStressTest {
  private static final int THREADS = 8;
  private static final int OPERATIONS_PER_THREAD = 100_000;
  private static final int USERS = 48;

  @Test
  @DisplayName("8 threads x 100,000 random operations keep every invariant, and the events replay")
  void concurrentOperationsKeepInvariants() throws Exception {
    MutableClock clock = MutableClock.atEpochOfTests();
    RelvaStores stores = RelvaStores.inMemory();
    FakePartyChannels channels = new FakePartyChannels();
    ConcurrentLinkedQueue<RelvaEvent> events = new ConcurrentLinkedQueue<>();
    EventBus bus = EventBus.direct();
    bus.subscribe(RelvaEvent.class, events::add);
    Relva relva = Relva.builder()
        .config(RelvaConfig.defaults().withWrongCodeLimit(1_000_000, Duration.ofSeconds(1)))
        .stores(stores).channels(channels).events(bus).clock(clock).build();
    List<Member> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(Member.of(String.valueOf(900_000_000_000L + i), "stress" + i));
    }

    ConcurrentHashMap<Refusal, AtomicLong> refusals = new ConcurrentHashMap<>();
    AtomicLong successes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        SplittableRandom random = new SplittableRandom(1_000 + t);
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
            Object result = randomOperation(relva, users, random, clock);
            if (!(result instanceof Outcome<?>)) {
              continue; // a tick
            }
            Outcome<?> outcome = (Outcome<?>) result;
            if (outcome.isSuccess()) {
              successes.incrementAndGet();
            } else {
              refusals.computeIfAbsent(outcome.failure().orElseThrow().refusal(),
                  r -> new AtomicLong()).incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(5, TimeUnit.MINUTES); // rethrows anything a worker threw
      }
    } finally {
      pool.shutdownNow();
    }

    RelvaInvariants.assertConsistent(stores, channels);
    assertThat(ReplayedState.replay(events)).isEqualTo(ReplayedState.of(stores));
    assertThat(successes.get()).as("operations that succeeded").isGreaterThan(100_000);
    assertThat(refusals).as("the mix reached the contended refusals")
        .containsKeys(Refusal.ENTRY_CHANGED, Refusal.PARTY_FULL, Refusal.NOT_LEADER,
            Refusal.QUEUE_BLOCKED);
    assertThat(events).as("matches went through their whole life")
        .anyMatch(e -> e instanceof MatchEvent.Confirmed)
        .anyMatch(e -> e instanceof MatchEvent.Cancelled)
        .anyMatch(e -> e instanceof MatchEvent.Finished);
    MatchInvariants.assertHistoryConsistent(events);
  }

  private static Object randomOperation(Relva relva, List<Member> users,
      SplittableRandom random, MutableClock clock) {
    Member actor = users.get(random.nextInt(users.size()));
    ChannelId lobby = relva.config().lobby();
    ChannelId own = relva.partyOf(actor.id()).flatMap(p -> relva.channel(p.id())).orElse(lobby);
    int roll = random.nextInt(100);
    if (roll < 15) {
      return relva.createParty(actor, lobby, null);
    } else if (roll < 40) {
      List<Party> parties = relva.parties();
      String code = parties.isEmpty() ? "ABCD-EFGH"
          : parties.get(random.nextInt(parties.size())).joinCode().display();
      return relva.joinParty(actor, lobby, code);
    } else if (roll < 48) {
      return relva.leaveParty(actor.id(), own);
    } else if (roll < 52) {
      return relva.disbandParty(actor.id(), own);
    } else if (roll < 57) {
      Member target = users.get(random.nextInt(users.size()));
      return relva.removeMember(actor.id(), own, target.id());
    } else if (roll < 61) {
      Member target = users.get(random.nextInt(users.size()));
      return relva.promote(actor.id(), own, target.id());
    } else if (roll < 63) {
      return relva.newJoinCode(actor.id(), own);
    } else if (roll < 73) {
      return relva.queueParty(actor.id(), own);
    } else if (roll < 76) {
      return relva.dequeueParty(actor.id(), own);
    } else if (roll < 86) {
      return relva.joinQueue(actor, lobby, null);
    } else if (roll < 89) {
      return relva.leaveQueue(actor.id(), lobby);
    } else if (roll < 95) {
      // The ready check and results, racing the queue.
      Optional<MatchRecord> match = relva.openMatchOf(actor.id());
      if (match.isEmpty()) {
        return relva.tick();
      }
      int choice = random.nextInt(20);
      if (choice == 0) {
        return relva.declineMatch(actor.id(), match.get().id());
      } else if (choice < 14) {
        return relva.acceptMatch(actor.id(), match.get().id());
      } else {
        return relva.reportResult(actor.id(), match.get().id(),
            MatchResult.win(random.nextInt(match.get().teams().size())));
      }
    } else if (roll < 99) {
      // A matchmaker's pop on a snapshot that other threads are changing under it.
      List<QueueEntry> queue = relva.queue();
      if (queue.size() < 2) {
        return relva.partyInfo(actor.id(), own);
      }
      int a = random.nextInt(queue.size());
      int b = (a + 1 + random.nextInt(queue.size() - 1)) % queue.size();
      List<List<QueueEntry>> teams = List.of(List.of(queue.get(a)), List.of(queue.get(b)));
      Outcome<?> popped = relva.pop(queue.get(a).region(), teams);
      // A matchmaker that proposes from a stale snapshot: once its entries are gone, the same
      // proposal must be refused whole, however the threads happened to interleave.
      return popped.isSuccess() && random.nextInt(4) == 0
          ? relva.pop(queue.get(a).region(), teams) : popped;
    } else {
      clock.advance(Duration.ofSeconds(2));
      relva.tick();
      return relva.partyStats(actor.id(), own);
    }
  }
}

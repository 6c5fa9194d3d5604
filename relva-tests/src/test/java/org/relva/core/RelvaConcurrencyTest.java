package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.LOBBY;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relva.core.event.PartyEvent;
import org.relva.core.model.Member;
import org.relva.core.model.Party;

/**
 * Operations racing on several threads: each is atomic, so the rules hold however they interleave.
 * The threads start together at a latch; nothing sleeps.
 */
class RelvaConcurrencyTest {
  private static final int THREADS = 16;

  private final RelvaHarness h = new RelvaHarness();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopThePool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void manyJoiningAtOnce_exactlyFourGetIn_theRestAreToldThePartyIsFull() throws Exception {
    Party party = h.create(ALICE);
    String code = party.joinCode().display();
    List<Callable<Outcome<Party>>> joins = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Member m = Member.of("racer" + i, "Racer " + i);
      joins.add(() -> h.relva.joinParty(m, GENERAL, code));
    }

    List<Outcome<Party>> outcomes = race(joins);

    assertThat(outcomes).filteredOn(Outcome::isSuccess).hasSize(4);
    assertThat(outcomes).filteredOn(o -> !o.isSuccess())
        .hasSize(THREADS - 4)
        .allSatisfy(o -> assertThat(o.refused()).contains(Refusal.PARTY_FULL));
    assertThat(h.current(party).size()).isEqualTo(5);
    assertThat(h.events).filteredOn(PartyEvent.MemberJoined.class::isInstance)
        .extracting(e -> ((PartyEvent) e).party().size())
        .containsExactly(2, 3, 4, 5);
    h.assertConsistent();
  }

  @Test
  void manyUsersCreatingAndQueueingAtOnce_leaveTheStoresConsistent() throws Exception {
    List<Callable<Boolean>> work = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Member m = Member.of("u" + i, "User " + i);
      boolean solo = i % 2 == 0;
      work.add(() -> solo
          ? h.relva.joinQueue(m, LOBBY, null).isSuccess()
          : h.relva.createParty(m, GENERAL, null).isSuccess());
    }

    assertThat(race(work)).containsOnly(true);

    assertThat(h.relva.parties()).hasSize(THREADS / 2);
    assertThat(h.relva.queue()).hasSize(THREADS / 2);
    h.assertConsistent();
  }
}

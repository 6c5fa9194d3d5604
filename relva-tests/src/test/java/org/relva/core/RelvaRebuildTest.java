package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.LOBBY;
import static org.relva.core.RelvaHarness.START;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.EventBus;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/**
 * A core built on stores that already hold state carries on exactly as the core that wrote them:
 * everything it needs is in {@link RelvaStores}, and what it indexes besides (the queue's order, the
 * open matches) it rebuilds from them. Two identical worlds play the same evening; one of them
 * swaps its core for a new one halfway, and every later outcome and the final stores must agree.
 */
class RelvaRebuildTest {
  private static final RelvaConfig CONFIG = RelvaConfig.defaults().withMatchRules(
      MatchRules.defaults().withDodgeCooldown(Duration.ofMinutes(5)));

  /** One world: its stores, clock, channels and random outlive any one core built on them. */
  private static final class World {
    final MutableClock clock = MutableClock.at(START);
    final RelvaStores stores = RelvaStores.inMemory();
    final FakePartyChannels channels = new FakePartyChannels();
    final SplittableRandom random = new SplittableRandom(7);
    final List<String> outcomes = new ArrayList<>();
    Relva relva = build();

    Relva build() {
      return Relva.builder().config(CONFIG).stores(stores).channels(channels)
          .events(EventBus.direct()).clock(clock).random(random).build();
    }

    /** Runs {@code step} and keeps what it returned, to compare with the twin's. */
    void run(Function<Relva, Object> step) {
      outcomes.add(String.valueOf(step.apply(relva)));
      RelvaInvariants.assertConsistent(stores, channels);
    }
  }

  private static void firstHalf(World w) {
    w.run(r -> r.createParty(ALICE, GENERAL, null));
    Party party = w.relva.partyOf(ALICE.id()).orElseThrow();
    w.run(r -> r.joinParty(BOB, GENERAL, party.joinCode().display()));
    w.run(r -> r.queueParty(ALICE.id(), w.relva.channel(party.id()).orElseThrow()));
    w.clock.advance(Duration.ofSeconds(10));
    w.run(r -> r.joinQueue(CAROL, LOBBY, null));
    w.run(r -> r.joinQueue(DAVE, LOBBY, null));
    w.clock.advance(Duration.ofSeconds(5));
    w.run(r -> r.joinQueue(ERIN, LOBBY, "eu"));
    w.run(r -> r.banFromQueue(FRANK.id(), Duration.ofMinutes(10), "spam"));
    List<QueueEntry> queue = w.relva.queue();
    w.run(r -> r.pop(queue.get(0).region(),
        List.of(List.of(queue.get(0)), List.of(queue.get(1), queue.get(2)))));
    String match = w.relva.openMatches().get(0).id();
    w.run(r -> r.acceptMatch(ALICE.id(), match));
    w.run(r -> r.declineMatch(CAROL.id(), match)); // a cooldown for Carol, the rest go back
  }

  private static void secondHalf(World w) {
    Party party = w.relva.partyOf(ALICE.id()).orElseThrow();
    w.run(Relva::queue);
    w.run(r -> r.partyStats(BOB.id(), w.relva.channel(party.id()).orElseThrow()));
    w.run(r -> r.joinQueue(CAROL, LOBBY, null)); // still cooling down
    w.run(r -> r.joinQueue(FRANK, LOBBY, null)); // still banned
    w.clock.advance(Duration.ofMinutes(6));
    w.run(Relva::tick);
    w.run(r -> r.joinQueue(CAROL, LOBBY, null));
    List<QueueEntry> us = w.relva.queue().stream()
        .filter(e -> e.region().equals(party.region())).toList();
    w.run(r -> r.pop(party.region(), List.of(List.of(us.get(0)), List.of(us.get(1), us.get(2)))));
    w.clock.advance(CONFIG.matches().readyTimeout());
    w.run(Relva::tick); // the new ready check times out: nobody accepted
    w.run(Relva::openMatches);
    w.run(Relva::queue);
    w.clock.advance(Duration.ofMinutes(10));
    w.run(r -> r.joinQueue(FRANK, LOBBY, null));
    w.run(r -> r.dequeueParty(ALICE.id(), w.relva.channel(party.id()).orElseThrow()));
    w.run(r -> r.partyStats(ALICE.id(), w.relva.channel(party.id()).orElseThrow()));
  }

  @Test
  @DisplayName("a core rebuilt from its stores mid-evening carries on exactly as the original")
  void rebuiltCoreCarriesOnExactly() {
    World kept = new World();
    World rebuilt = new World();
    firstHalf(kept);
    firstHalf(rebuilt);
    assertThat(rebuilt.relva.openMatches()).as("the first ready check was declined").isEmpty();
    assertThat(rebuilt.relva.queue()).as("the party, Dave and Erin wait").hasSize(3);

    rebuilt.relva = rebuilt.build();

    assertThat(rebuilt.relva.queue()).isEqualTo(kept.relva.queue());
    assertThat(rebuilt.relva.openMatches()).isEqualTo(kept.relva.openMatches());
    secondHalf(kept);
    secondHalf(rebuilt);
    assertThat(rebuilt.outcomes).isEqualTo(kept.outcomes);
    assertThat(RelvaInvariants.contents(rebuilt.stores))
        .isEqualTo(RelvaInvariants.contents(kept.stores));
  }

  @Test
  @DisplayName("a core rebuilt during a ready check still times it out and puts the others back")
  void rebuiltDuringAReadyCheck() {
    World w = new World();
    w.run(r -> r.joinQueue(CAROL, LOBBY, null));
    w.run(r -> r.joinQueue(DAVE, LOBBY, null));
    List<QueueEntry> queue = w.relva.queue();
    w.run(r -> r.pop(queue.get(0).region(), List.of(List.of(queue.get(0)), List.of(queue.get(1)))));
    String match = w.relva.openMatches().get(0).id();
    w.run(r -> r.acceptMatch(CAROL.id(), match));

    w.relva = w.build();
    assertThat(w.relva.openMatches()).extracting(m -> m.id()).containsExactly(match);
    w.clock.advance(CONFIG.matches().readyTimeout());
    assertThat(w.relva.tick()).extracting(m -> m.id()).containsExactly(match);

    assertThat(w.relva.openMatches()).isEmpty();
    assertThat(w.relva.queue()).extracting(e -> e.entity().members().get(0))
        .containsExactly(CAROL);
    assertThat(w.stores.cooldowns().snapshot()).containsOnlyKeys(DAVE.id());
    RelvaInvariants.assertConsistent(w.stores, w.channels);
  }
}

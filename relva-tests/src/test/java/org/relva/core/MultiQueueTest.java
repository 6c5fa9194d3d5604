package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.LOBBY;
import static org.relva.core.RelvaHarness.START;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;

/** Several queues in one server: choosing the queue, what each refuses, pops across queues. */
class MultiQueueTest {
  static final QueueId DUO = QueueId.of("duo");
  static final ChannelId DUO_LOBBY = ChannelId.of("duo-lobby");
  static final QueueSpec DUO_SPEC = new QueueSpec(DUO, DUO_LOBBY, Regions.of("us-e", "eu"), 2,
      MatchRules.defaults().withReadyTimeout(Duration.ofSeconds(10)));

  static RelvaHarness harness(boolean multiQueue) {
    return new RelvaHarness(RelvaConfig.defaults().withQueue(DUO_SPEC).withMultiQueue(multiQueue),
        new SplittableRandom(7L));
  }

  @Test
  void queueId_isValidated() {
    assertThat(QueueId.of("5v5-ranked").value()).isEqualTo("5v5-ranked");
    assertThat(QueueId.DEFAULT.value()).isEqualTo("default");
    for (String bad : List.of("", "Ranked", "a b", "x".repeat(33), "duo:2")) {
      assertThatThrownBy(() -> QueueId.of(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("queue's name");
    }
  }

  @Test
  void config_defaultsIsOneQueue_andRefusesRepeatedIdsOrLobbies() {
    assertThat(RelvaConfig.defaults().queues()).extracting(QueueSpec::id)
        .containsExactly(QueueId.DEFAULT);
    assertThat(RelvaConfig.defaults().multiQueue()).isFalse();
    RelvaConfig two = RelvaConfig.defaults().withQueue(DUO_SPEC);
    assertThat(two.queueNames()).containsExactly("default", "duo");
    assertThatThrownBy(() -> two.withOtherQueues(List.of(DUO_SPEC, DUO_SPEC)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two queues are named");
    assertThatThrownBy(() -> two.withQueue(QueueSpec.of("trio", "duo-lobby", Regions.of("eu"), 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lobby");
    assertThatThrownBy(() -> two.withoutQueue(QueueId.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void soloInALobby_joinsThatLobbysQueue_andTheEventNamesIt() {
    RelvaHarness h = harness(false);
    QueueEntry entry = h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    assertThat(entry.queue()).isEqualTo(DUO);
    assertThat(h.only(QueueEvent.SoloJoin.class).entry().queue()).isEqualTo(DUO);
    assertThat(h.relva.queue(DUO)).containsExactly(entry);
    assertThat(h.relva.queue(QueueId.DEFAULT)).isEmpty();
    assertThat(h.relva.queue()).containsExactly(entry);
    assertThat(h.stores.violations(h.relva.config())).isEmpty();
  }

  @Test
  void aSoloMayNameAnyQueue_fromAnyLobby() {
    RelvaHarness h = harness(false);
    assertThat(h.relva.enqueue(ALICE, LOBBY, DUO, "eu").orElseThrow().queue()).isEqualTo(DUO);
  }

  @Test
  void unknownQueue_isRefusedWithTheNames() {
    RelvaHarness h = harness(false);
    h.assertRefused(() -> h.relva.enqueue(ALICE, LOBBY, QueueId.of("trio"), null),
        Refusal.UNKNOWN_QUEUE, "trio", "default, duo");
    Outcome<QueueEntry> out = h.relva.enqueue(ALICE, LOBBY, QueueId.of("trio"), null);
    assertThat(out.failure().orElseThrow().detail())
        .isEqualTo(new RefusalDetail.Queues("trio", List.of("default", "duo")));
  }

  @Test
  void aLeaderNamingNoQueue_isAskedWhichWhenThereAreSeveral() {
    RelvaHarness h = harness(false);
    Party party = h.party(ALICE, BOB);
    h.assertRefused(() -> h.relva.enqueue(ALICE, h.channelOf(party), null),
        Refusal.CHOOSE_QUEUE, "default, duo");
    assertThat(h.relva.queueParty(ALICE.id(), h.channelOf(party)).failure().orElseThrow()
        .detail()).isEqualTo(new RefusalDetail.Queues("", List.of("default", "duo")));
    assertThat(h.relva.enqueue(ALICE, h.channelOf(party), DUO, null).orElseThrow().queue())
        .isEqualTo(DUO);
  }

  @Test
  void aLeaderNamingNoQueue_withOneQueue_queuesInIt() {
    RelvaHarness h = new RelvaHarness();
    Party party = h.party(ALICE, BOB);
    assertThat(h.relva.enqueue(ALICE, h.channelOf(party), null).orElseThrow().queue())
        .isEqualTo(QueueId.DEFAULT);
  }

  @Test
  @DisplayName("a party larger than a queue's team is refused with the reason")
  void partyTooLarge() {
    RelvaHarness h = harness(false);
    Party party = h.party(ALICE, BOB, CAROL);
    h.assertRefused(() -> h.relva.enqueue(ALICE, h.channelOf(party), DUO, null),
        Refusal.PARTY_TOO_LARGE, "3", "2");
    assertThat(h.relva.enqueue(ALICE, h.channelOf(party), DUO, null).failure().orElseThrow()
        .detail()).isEqualTo(new RefusalDetail.PartyTooLarge(3, 2, DUO));
  }

  @Test
  void aRegionTheQueueDoesNotOffer_isRefused() {
    RelvaHarness h = harness(false);
    h.assertRefused(() -> h.relva.enqueue(ALICE, DUO_LOBBY, null, "us-w"),
        Refusal.UNKNOWN_REGION, "us-w", "us-e, eu");
    Party party = h.party(BOB, CAROL);
    h.relva.changePartyRegion(BOB.id(), h.channelOf(party), "us-w").orElseThrow();
    h.assertRefused(() -> h.relva.enqueue(BOB, h.channelOf(party), DUO, null),
        Refusal.UNKNOWN_REGION, "us-w");
  }

  @Test
  void alreadyInThisQueue_isRefused() {
    RelvaHarness h = harness(true);
    h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    h.assertRefused(() -> h.relva.enqueue(ALICE, DUO_LOBBY, null), Refusal.ALREADY_QUEUED);
    assertThat(h.relva.enqueue(ALICE, DUO_LOBBY, null).failure().orElseThrow().detail())
        .isEqualTo(new RefusalDetail.QueuedIn(DUO));
  }

  @Test
  void inAnotherQueue_withoutMultiQueue_isRefusedNamingIt() {
    RelvaHarness h = harness(false);
    h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    h.assertRefused(() -> h.relva.enqueue(ALICE, DUO_LOBBY, null), Refusal.ALREADY_QUEUED,
        "default");
    assertThat(h.relva.enqueue(ALICE, DUO_LOBBY, null).failure().orElseThrow().detail())
        .isEqualTo(new RefusalDetail.QueuedIn(QueueId.DEFAULT));
  }

  @Test
  void withMultiQueue_oneSoloWaitsInTwoQueues_withOneTicket() {
    RelvaHarness h = harness(true);
    QueueEntry five = h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    QueueEntry two = h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    assertThat(two.id()).isEqualTo(five.id());
    assertThat(h.stores.soloTickets().size()).isEqualTo(1);
    assertThat(h.stores.queue().get(QueueSlot.of(DUO, two.id()))).contains(two);
    assertThat(h.stores.violations(h.relva.config())).isEmpty();
    assertThat(h.stores.violations(h.relva.config().withMultiQueue(false)))
        .anyMatch(v -> v.contains("without multiQueue"));
  }

  @Test
  void dequeueWithoutAName_leavesEveryQueue_withANameOnlyThatOne() {
    RelvaHarness h = harness(true);
    h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    h.relva.enqueue(BOB, LOBBY, null).orElseThrow();
    h.relva.enqueue(BOB, DUO_LOBBY, null).orElseThrow();
    assertThat(h.relva.dequeue(ALICE.id(), LOBBY, DUO).orElseThrow().queue()).isEqualTo(DUO);
    assertThat(h.relva.queue(QueueId.DEFAULT)).hasSize(2);
    assertThat(h.relva.queue(DUO)).hasSize(1);
    h.relva.dequeue(BOB.id(), LOBBY).orElseThrow();
    assertThat(h.relva.queue()).extracting(e -> e.entity().members().get(0))
        .containsExactly(ALICE);
    h.assertRefused(() -> h.relva.dequeue(ALICE.id(), LOBBY, DUO), Refusal.NOT_QUEUED);
  }

  @Test
  void aPop_takesItsEntitiesOutOfEveryQueue_andSaysWhich() {
    RelvaHarness h = harness(true);
    QueueEntry alice = h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    QueueEntry bob = h.relva.enqueue(BOB, DUO_LOBBY, null).orElseThrow();
    h.forget();
    PoppedMatch popped = h.relva.pop(DUO, Region.of("us-e"), List.of(List.of(alice),
        List.of(bob))).orElseThrow();
    assertThat(popped.queue()).isEqualTo(DUO);
    assertThat(popped.alsoLeft()).isEqualTo(Map.of(alice.id(), List.of(QueueId.DEFAULT)));
    QueueEvent.SoloLeave left = h.only(QueueEvent.SoloLeave.class);
    assertThat(left.reason()).isEqualTo(LeaveReason.POPPED_ELSEWHERE);
    assertThat(left.match()).contains(popped.matchId());
    assertThat(left.entry().queue()).isEqualTo(QueueId.DEFAULT);
    assertThat(h.relva.queue()).isEmpty();
    MatchRecord match = h.relva.match(popped.matchId()).orElseThrow();
    assertThat(match.queue()).isEqualTo(DUO);
    assertThat(match.readyBy()).isEqualTo(START.plusSeconds(10)); // the duo queue's rules
    assertThat(h.stores.violations(h.relva.config())).isEmpty();
  }

  @Test
  void aSecondPopOfAPoppedEntity_isRefusedAsChanged() {
    RelvaHarness h = harness(true);
    QueueEntry aliceDuo = h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    QueueEntry aliceFive = h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    QueueEntry bob = h.relva.enqueue(BOB, DUO_LOBBY, null).orElseThrow();
    QueueEntry carol = h.relva.enqueue(CAROL, LOBBY, null).orElseThrow();
    h.relva.pop(DUO, Region.of("us-e"), List.of(List.of(aliceDuo), List.of(bob))).orElseThrow();
    h.assertRefused(() -> h.relva.pop(QueueId.DEFAULT, Region.of("us-e"),
        List.of(List.of(aliceFive), List.of(carol))), Refusal.ENTRY_CHANGED);
    h.assertRefused(() -> h.relva.pop(QueueId.of("trio"), Region.of("us-e"),
        List.of(List.of(carol), List.of(bob))), Refusal.UNKNOWN_QUEUE);
  }

  @Test
  void aCancelledReadyCheck_putsTheOthersBackInTheMatchsQueueOnly() {
    RelvaHarness h = harness(true);
    QueueEntry alice = h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    QueueEntry bob = h.relva.enqueue(BOB, DUO_LOBBY, null).orElseThrow();
    PoppedMatch popped = h.relva.pop(DUO, Region.of("us-e"), List.of(List.of(alice),
        List.of(bob))).orElseThrow();
    h.relva.declineMatch(BOB.id(), popped.matchId()).orElseThrow();
    assertThat(h.relva.queue()).containsExactly(alice);
    assertThat(h.stores.violations(h.relva.config())).isEmpty();
  }

  @Test
  void reconfigure_removingAQueue_takesItsEntriesOut_andLetsItsMatchesEnd() {
    RelvaHarness h = harness(false);
    QueueEntry alice = h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    QueueEntry bob = h.relva.enqueue(BOB, DUO_LOBBY, null).orElseThrow();
    PoppedMatch popped = h.relva.pop(DUO, Region.of("us-e"), List.of(List.of(alice),
        List.of(bob))).orElseThrow();
    h.relva.enqueue(CAROL, DUO_LOBBY, null).orElseThrow();
    h.relva.enqueue(DAVE, LOBBY, null).orElseThrow();
    h.forget();
    RelvaConfig next = h.relva.config().withoutQueue(DUO);
    assertThat(h.relva.reconfigure(next).orElseThrow()).isEqualTo(next);
    assertThat(h.relva.config()).isEqualTo(next);
    QueueEvent.SoloLeave left = h.only(QueueEvent.SoloLeave.class);
    assertThat(left.reason()).isEqualTo(LeaveReason.QUEUE_REMOVED);
    assertThat(left.entry().queue()).isEqualTo(DUO);
    assertThat(h.relva.queue()).extracting(QueueEntry::queue).containsExactly(QueueId.DEFAULT);
    assertThat(h.relva.openMatches()).extracting(MatchRecord::id)
        .containsExactly(popped.matchId());
    h.relva.acceptMatch(ALICE.id(), popped.matchId()).orElseThrow();
    assertThat(h.relva.acceptMatch(BOB.id(), popped.matchId()).orElseThrow().state())
        .isEqualTo(MatchRecord.State.CONFIRMED);
    h.assertRefused(() -> h.relva.enqueue(CAROL, DUO_LOBBY, null), Refusal.WRONG_CHANNEL);
    assertThat(h.stores.violations(h.relva.config())).isEmpty();
  }

  @Test
  void reconfigure_refusesWhatCannotChangeWhileRunning_andChangesNothing() {
    RelvaHarness h = harness(false);
    h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    RelvaConfig before = h.relva.config();
    h.assertRefused(() -> h.relva.reconfigure(before.withWrongCodeLimit(9, Duration.ofHours(1))),
        Refusal.INVALID, "restart");
    Party big = h.party(BOB, CAROL, DAVE);
    assertThat(big.size()).isEqualTo(3);
    h.assertRefused(() -> h.relva.reconfigure(before.withMaxPartySize(2)), Refusal.INVALID,
        "party");
    assertThat(h.relva.config()).isEqualTo(before);
  }

  @Test
  void reconfigure_turningMultiQueueOff_keepsEachEntitysOldestEntry() {
    RelvaHarness h = harness(true);
    QueueEntry first = h.relva.enqueue(ALICE, LOBBY, null).orElseThrow();
    h.clock.advance(Duration.ofSeconds(1));
    h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    h.relva.reconfigure(h.relva.config().withMultiQueue(false)).orElseThrow();
    assertThat(h.relva.queue()).containsExactly(first);
    assertThat(h.stores.violations(h.relva.config())).isEmpty();
  }

  @Test
  void aRestoredCore_dropsTheEntriesOfAQueueItNoLongerHas() {
    RelvaHarness h = harness(false);
    h.relva.enqueue(ALICE, DUO_LOBBY, null).orElseThrow();
    QueueEntry dave = h.relva.enqueue(DAVE, LOBBY, null).orElseThrow();
    Relva again = Relva.builder().config(RelvaConfig.defaults()).stores(h.stores)
        .channels(h.fakeChannels).clock(h.clock).build();
    assertThat(again.queue()).containsExactly(dave);
    assertThat(Optional.of(h.stores.violations(again.config()))).contains(List.of());
  }
}

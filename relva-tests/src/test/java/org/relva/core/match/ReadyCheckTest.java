package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.LOBBY;
import static org.relva.core.RelvaHarness.START;
import static org.relva.core.RelvaHarness.US_E;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.Refusal;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;

/**
 * The ready check after a pop: accepting, declining, timing out, the dodge penalty, and the
 * check turned off. Every scenario ends with the core's invariants checked.
 */
class ReadyCheckTest {
  private static final Duration COOLDOWN = Duration.ofMinutes(2);

  private RelvaHarness h = new RelvaHarness();

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  @Nested
  @DisplayName("the pop")
  class Pop {

    @Test
    void pop_opensAMatchRecordInItsReadyCheck() {
      TwoOnTwo m = new TwoOnTwo(h);
      Instant poppedAt = START.plusSeconds(13);

      MatchRecord record = m.record();

      assertThat(record.id()).isEqualTo(m.popped.matchId());
      assertThat(record.region()).isEqualTo(US_E);
      assertThat(record.teams()).isEqualTo(m.popped.teams());
      assertThat(record.teams()).containsExactly(List.of(m.pEntry), List.of(m.carol, m.dave));
      assertThat(record.state()).isEqualTo(MatchRecord.State.POPPED);
      assertThat(record.poppedAt()).isEqualTo(poppedAt);
      assertThat(record.readyBy()).as("the default ready timeout is 30 s")
          .isEqualTo(poppedAt.plusSeconds(30));
      assertThat(record.accepted()).isEmpty();
      assertThat(record.reports()).isEmpty();
      assertThat(record.result()).isEmpty();
      assertThat(record.confirmedAt()).isEmpty();
      assertThat(record.endedAt()).isEmpty();
      assertThat(record.endReason()).isEmpty();
      assertThat(h.stores.matches().get(m.id)).contains(record);
      assertThat(h.relva.openMatches()).containsExactly(record);
      for (var player : List.of(ALICE, BOB, CAROL, DAVE)) {
        assertThat(h.relva.openMatchOf(player.id())).as("match of %s", player).contains(record);
      }
      assertThat(h.relva.openMatchOf(ERIN.id())).isEmpty();
      assertThat(h.relva.queue()).isEmpty();
    }

    @Test
    void pop_withAConfiguredReadyTimeout_setsTheDeadlineFromIt() {
      h = new RelvaHarness(MatchRules.defaults().withReadyTimeout(Duration.ofSeconds(10)));
      TwoOnTwo m = new TwoOnTwo(h);

      assertThat(m.record().readyBy()).isEqualTo(m.record().poppedAt().plusSeconds(10));
    }

    @Test
    void pop_publishesTheQueuePop_thenTheOpenedMatchWithItsReadyCheck() {
      Party p = h.party(ALICE, BOB);
      QueueEntry pe = h.queueInTurn(p);
      QueueEntry ce = h.soloInTurn(CAROL);
      QueueEntry de = h.soloInTurn(DAVE);
      h.forget();

      Instant now = h.clock.instant();
      var popped = h.pop(List.of(pe), List.of(ce, de));

      assertThat(h.events).containsExactly(new QueueEvent.QueuePop(popped),
          new MatchEvent.Opened(h.match(popped.matchId()), true, now));
    }
  }

  @Nested
  @DisplayName("acceptMatch")
  class Accept {

    @Test
    void accept_recordsTheAcceptanceAndPublishesAcceptedWithTheMatchAfter() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.clock.advance(Duration.ofSeconds(3));

      MatchRecord after = h.relva.acceptMatch(ALICE.id(), m.id).orElseThrow();

      assertThat(after.accepted()).containsExactly(ALICE.id());
      assertThat(after.state()).isEqualTo(MatchRecord.State.POPPED);
      assertThat(after.notAccepted()).containsExactly(BOB, CAROL, DAVE);
      assertThat(m.record()).isEqualTo(after);
      MatchEvent.Accepted accepted = h.only(MatchEvent.Accepted.class);
      assertThat(accepted).isEqualTo(
          new MatchEvent.Accepted(after, ALICE.id(), START.plusSeconds(16)));
      assertThat(h.events).containsExactly(accepted);
    }

    @Test
    void accept_byEveryone_confirmsTheMatchAndPublishesConfirmed() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.acceptAll(m.id, ALICE, CAROL, DAVE);
      h.clock.advance(Duration.ofSeconds(5));
      h.forget();

      MatchRecord after = h.relva.acceptMatch(BOB.id(), m.id).orElseThrow();

      Instant now = START.plusSeconds(18);
      assertThat(after.state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(after.confirmedAt()).contains(now);
      assertThat(after.accepted()).containsExactlyInAnyOrder(
          ALICE.id(), BOB.id(), CAROL.id(), DAVE.id());
      assertThat(m.record()).isEqualTo(after);
      assertThat(h.events).hasSize(2);
      MatchEvent.Accepted accepted = (MatchEvent.Accepted) h.events.get(0);
      assertThat(accepted.user()).isEqualTo(BOB.id());
      assertThat(accepted.match().state()).as("the acceptance came before the confirmation")
          .isEqualTo(MatchRecord.State.POPPED);
      assertThat(h.events.get(1)).isEqualTo(new MatchEvent.Confirmed(after, now));
      assertThat(h.relva.openMatchOf(BOB.id())).contains(after);
      assertThat(h.relva.queue()).isEmpty();
    }

    @Test
    void accept_twice_isIdempotent() {
      TwoOnTwo m = new TwoOnTwo(h);
      MatchRecord first = h.relva.acceptMatch(CAROL.id(), m.id).orElseThrow();
      var before = h.snapshot();
      h.forget();

      MatchRecord second = h.relva.acceptMatch(CAROL.id(), m.id).orElseThrow();

      assertThat(second).isEqualTo(first);
      assertThat(h.snapshot()).isEqualTo(before);
      assertThat(h.events).as("a second acceptance publishes nothing").isEmpty();
    }

    @Test
    void accept_afterConfirmation_changesNothingAndSucceeds() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      var before = h.snapshot();

      MatchRecord again = h.relva.acceptMatch(DAVE.id(), m.id).orElseThrow();

      assertThat(again).isEqualTo(m.record());
      assertThat(h.snapshot()).isEqualTo(before);
      assertThat(h.events).isEmpty();
    }

    @Test
    void accept_ofAMatchIdWithSpacesAround_findsIt() {
      TwoOnTwo m = new TwoOnTwo(h);

      assertThat(h.relva.acceptMatch(ALICE.id(), " " + m.id + " ").orElseThrow().accepted())
          .containsExactly(ALICE.id());
    }

    @Test
    void accept_ofAnUnknownMatch_isRefused() {
      new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.acceptMatch(ALICE.id(), "Mnothere"), Refusal.NO_SUCH_MATCH,
          "There is no match 'Mnothere'");
    }

    @Test
    void accept_bySomeoneOutsideTheMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.acceptMatch(ERIN.id(), m.id), Refusal.NOT_IN_MATCH,
          "not playing in match " + m.id);
    }

    @Test
    void accept_ofACancelledMatch_isRefusedAsEnded() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      h.assertRefused(() -> h.relva.acceptMatch(ALICE.id(), m.id), Refusal.MATCH_ENDED,
          "Match " + m.id, "already been cancelled", "Dave declined");
    }

    /**
     * Regression: acceptMatch checks "already accepted" before "ended", so a player who had
     * accepted is told their acceptance of a cancelled match succeeded.
     */
    @Test
    void accept_ofACancelledMatchOneHadAccepted_isRefusedAsEnded() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.acceptMatch(ALICE.id(), m.id).orElseThrow();
      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      h.assertRefused(() -> h.relva.acceptMatch(ALICE.id(), m.id), Refusal.MATCH_ENDED,
          "already been cancelled");
    }

    /** Regression: as above, a finished match (everyone had accepted) answers a success. */
    @Test
    void accept_ofAFinishedMatch_isRefusedAsEnded() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.setResult(m.id, MatchResult.win(0)).orElseThrow();

      h.assertRefused(() -> h.relva.acceptMatch(ALICE.id(), m.id), Refusal.MATCH_ENDED,
          "already finished");
    }
  }

  @Nested
  @DisplayName("declineMatch")
  class Decline {

    @Test
    void decline_requeuesTheOthersWithTheirJoinTimes() {
      TwoOnTwo m = new TwoOnTwo(h);
      QueueEntry frank = h.soloInTurn(FRANK); // joined after the pop, so behind those who return
      h.relva.acceptMatch(CAROL.id(), m.id).orElseThrow();
      h.clock.advance(Duration.ofSeconds(2));
      h.forget();
      Instant now = h.clock.instant();

      MatchRecord after = h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.CANCELLED);
      assertThat(after.endedAt()).contains(now);
      assertThat(after.endReason()).contains("Dave declined");
      assertThat(m.record()).isEqualTo(after);
      QueueEntry partyBack = new QueueEntry(h.current(m.p), m.pEntry.joinedAt());
      assertThat(h.events).containsExactly(
          new MatchEvent.Cancelled(after, "Dave declined", Set.of(DAVE.id()), Set.of(DAVE.id()),
              List.of(partyBack, m.carol), now),
          new QueueEvent.PartyJoin(partyBack),
          new QueueEvent.SoloJoin(m.carol));
      assertThat(h.relva.queue()).as("those who return keep their place, ahead of Frank")
          .containsExactly(partyBack, m.carol, frank);
      assertThat(h.relva.queue().get(0).joinedAt()).isEqualTo(START);
      assertThat(h.relva.queue().get(1).joinedAt()).isEqualTo(START.plusSeconds(1));
      assertThat(h.relva.queueEntryOf(DAVE.id())).isEmpty();
      assertThat(h.relva.openMatches()).isEmpty();
      for (var player : List.of(ALICE, BOB, CAROL, DAVE)) {
        assertThat(h.relva.openMatchOf(player.id())).isEmpty();
      }
    }

    @Test
    void decline_byAPartyMember_removesTheirWholeParty() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.acceptMatch(ALICE.id(), m.id).orElseThrow();
      h.forget();

      MatchRecord after = h.relva.declineMatch(BOB.id(), m.id).orElseThrow();

      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.match()).isEqualTo(after);
      assertThat(cancelled.reason()).isEqualTo("Bob declined");
      assertThat(cancelled.dodgers()).containsExactly(BOB.id());
      assertThat(cancelled.removed()).as("the decliner's party-mate leaves with them")
          .containsExactlyInAnyOrder(ALICE.id(), BOB.id());
      assertThat(cancelled.requeued()).containsExactly(m.carol, m.dave);
      assertThat(h.relva.queue()).containsExactly(m.carol, m.dave);
      assertThat(h.relva.queueEntryOf(ALICE.id())).isEmpty();
      assertThat(h.relva.party(m.p.id())).as("the party itself lives on").contains(m.p);
    }

    @Test
    void decline_withNoCooldownConfigured_letsTheDodgerQueueAgainAtOnce() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      QueueEntry again = h.relva.joinQueue(DAVE, LOBBY, null).orElseThrow();

      assertThat(again.joinedAt()).as("a new stay, at the back").isEqualTo(h.clock.instant());
    }

    @Test
    void decline_ofAnUnknownMatch_isRefused() {
      new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.declineMatch(ALICE.id(), "Mnothere"), Refusal.NO_SUCH_MATCH,
          "no match 'Mnothere'");
    }

    @Test
    void decline_bySomeoneOutsideTheMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.declineMatch(ERIN.id(), m.id), Refusal.NOT_IN_MATCH,
          "not playing in match " + m.id);
    }

    @Test
    void decline_ofAConfirmedMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.declineMatch(BOB.id(), m.id), Refusal.MATCH_CONFIRMED,
          "Match " + m.id, "already on", "moderator");
    }

    @Test
    void decline_ofACancelledMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      h.assertRefused(() -> h.relva.declineMatch(CAROL.id(), m.id), Refusal.MATCH_ENDED,
          "already been cancelled", "Dave declined");
    }

    @Test
    void decline_ofAFinishedMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.setResult(m.id, MatchResult.draw()).orElseThrow();

      h.assertRefused(() -> h.relva.declineMatch(CAROL.id(), m.id), Refusal.MATCH_ENDED,
          "already finished", "a moderator set it");
    }
  }

  @Nested
  @DisplayName("the timeout")
  class Timeout {

    @Test
    void tick_beforeTheDeadline_changesNothing() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.acceptMatch(ALICE.id(), m.id).orElseThrow();
      h.forget();
      var before = h.snapshot();
      h.clock.advance(Duration.ofSeconds(30).minusMillis(1));

      assertThat(h.relva.tick()).isEmpty();

      assertThat(h.snapshot()).isEqualTo(before);
      assertThat(h.events).isEmpty();
      assertThat(m.record().state()).isEqualTo(MatchRecord.State.POPPED);
    }

    @Test
    void tick_atTheDeadline_cancelsWithTheNonAcceptersAsDodgers() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.acceptAll(m.id, ALICE, CAROL);
      h.forget();
      h.clock.advance(Duration.ofSeconds(30));

      List<MatchRecord> ended = h.relva.tick();

      MatchRecord after = m.record();
      assertThat(ended).containsExactly(after);
      assertThat(after.state()).isEqualTo(MatchRecord.State.CANCELLED);
      assertThat(after.endReason()).contains("the ready check timed out");
      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.match()).isEqualTo(after);
      assertThat(cancelled.reason()).isEqualTo("the ready check timed out");
      assertThat(cancelled.dodgers()).containsExactlyInAnyOrder(BOB.id(), DAVE.id());
      assertThat(cancelled.removed()).as("Bob takes Alice with him; Dave goes alone")
          .containsExactlyInAnyOrder(ALICE.id(), BOB.id(), DAVE.id());
      assertThat(cancelled.requeued()).containsExactly(m.carol);
      assertThat(cancelled.at()).isEqualTo(after.readyBy());
      assertThat(h.relva.queue()).containsExactly(m.carol);
      assertThat(h.relva.queue().get(0).joinedAt()).isEqualTo(START.plusSeconds(1));
      assertThat(h.events).containsExactly(cancelled, new QueueEvent.SoloJoin(m.carol));
    }

    @Test
    void tick_withAConfiguredTimeout_cancelsAtIt() {
      h = new RelvaHarness(MatchRules.defaults().withReadyTimeout(Duration.ofSeconds(10)));
      TwoOnTwo m = new TwoOnTwo(h);
      h.clock.advance(Duration.ofSeconds(9));
      assertThat(h.relva.tick()).isEmpty();
      h.clock.advance(Duration.ofSeconds(1));

      assertThat(h.relva.tick()).extracting(MatchRecord::id).containsExactly(m.id);

      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.dodgers()).as("nobody accepted")
          .containsExactlyInAnyOrder(ALICE.id(), BOB.id(), CAROL.id(), DAVE.id());
      assertThat(cancelled.requeued()).isEmpty();
      assertThat(h.relva.queue()).isEmpty();
    }

    @Test
    void tick_afterTheCheckTimedOut_endsNothingMore() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.clock.advance(Duration.ofSeconds(31));
      assertThat(h.relva.tick()).hasSize(1);
      h.forget();
      h.clock.advance(Duration.ofHours(5));

      assertThat(h.relva.tick()).isEmpty();

      assertThat(h.events).isEmpty();
      assertThat(m.record().state()).isEqualTo(MatchRecord.State.CANCELLED);
    }

    /**
     * Regression: the deadline is enforced only by tick(), so an acceptance that arrives after it
     * but before the next tick still confirms the match, although Bob had timed out.
     */
    @Test
    void accept_afterTheDeadline_beforeTheNextTick_doesNotConfirmTheMatch() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.acceptAll(m.id, ALICE, CAROL, DAVE);
      h.clock.advance(Duration.ofSeconds(31));

      var late = h.relva.acceptMatch(BOB.id(), m.id);

      assertThat(late.isSuccess()).as("a late acceptance: %s", late).isFalse();
      assertThat(m.record().state()).isEqualTo(MatchRecord.State.CANCELLED);
      assertThat(m.record().endReason()).contains("the ready check timed out");
    }

    /** Regression: as above, a late decline makes the decliner the only dodger. */
    @Test
    void decline_afterTheDeadline_beforeTheNextTick_countsEveryNonAccepterAsADodger() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.acceptAll(m.id, ALICE, CAROL);
      h.clock.advance(Duration.ofSeconds(31));

      h.relva.declineMatch(DAVE.id(), m.id);

      assertThat(m.record().state()).isEqualTo(MatchRecord.State.CANCELLED);
      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.dodgers()).as("Bob had timed out too")
          .containsExactlyInAnyOrder(BOB.id(), DAVE.id());
    }

    @Test
    void tick_aConfirmedMatch_isNotTimedOut() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.clock.advance(Duration.ofMinutes(10));

      assertThat(h.relva.tick()).isEmpty();

      assertThat(m.record().state()).isEqualTo(MatchRecord.State.CONFIRMED);
    }
  }

  @Nested
  @DisplayName("the dodge cooldown")
  class Cooldown {

    @Test
    void cooldown_refusesTheDodgersRequeueWithTheRemainingTime_thenAllowsIt() {
      h = new RelvaHarness(MatchRules.defaults().withDodgeCooldown(COOLDOWN));
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      h.assertRefused(() -> h.relva.joinQueue(DAVE, LOBBY, null), Refusal.QUEUE_BLOCKED,
          "You missed or declined a ready check", "can queue again in 2 min");
      h.clock.advance(Duration.ofSeconds(90));
      h.relva.tick();
      h.assertRefused(() -> h.relva.joinQueue(DAVE, LOBBY, null), Refusal.QUEUE_BLOCKED,
          "can queue again in 30 s");
      h.clock.advance(Duration.ofSeconds(30));
      h.relva.tick();

      QueueEntry back = h.relva.joinQueue(DAVE, LOBBY, null).orElseThrow();

      assertThat(back.joinedAt()).isEqualTo(h.clock.instant());
      assertThat(h.relva.queue()).containsExactly(
          new QueueEntry(h.current(m.p), m.pEntry.joinedAt()), m.carol, back);
    }

    @Test
    void cooldown_isGivenToThoseWhoTimedOut() {
      h = new RelvaHarness(MatchRules.defaults().withDodgeCooldown(COOLDOWN));
      TwoOnTwo m = new TwoOnTwo(h);
      h.acceptAll(m.id, ALICE, BOB, CAROL);
      h.clock.advance(Duration.ofSeconds(30));
      h.relva.tick();

      h.assertRefused(() -> h.relva.joinQueue(DAVE, LOBBY, null), Refusal.QUEUE_BLOCKED,
          "missed or declined a ready check", "2 min");
      assertThat(h.relva.queue()).as("the others are back")
          .extracting(QueueEntry::id).containsExactly(m.p.id(), m.carol.id());
    }

    @Test
    void cooldown_doesNotPenaliseTheDodgersPartyMates() {
      h = new RelvaHarness(MatchRules.defaults().withDodgeCooldown(COOLDOWN));
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.declineMatch(BOB.id(), m.id).orElseThrow();
      // While Bob is in the party, the party may not queue: the refusal names him.
      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), h.channelOf(m.p)),
          Refusal.QUEUE_BLOCKED, "Bob missed or declined a ready check",
          "can queue again in 2 min");
      h.relva.leaveParty(BOB.id(), h.channelOf(m.p)).orElseThrow();
      Party withErin = h.relva.joinParty(ERIN, RelvaHarness.GENERAL, m.p.joinCode().display())
          .orElseThrow();

      QueueEntry queued = h.relva.queueParty(ALICE.id(), h.channelOf(m.p)).orElseThrow();

      assertThat(queued.entity()).isEqualTo(withErin);
      assertThat(queued.joinedAt()).isEqualTo(h.clock.instant());
      h.assertRefused(() -> h.relva.joinQueue(BOB, LOBBY, null), Refusal.QUEUE_BLOCKED,
          "You missed or declined a ready check");
    }

    @Test
    void cooldown_isNotGivenToThoseWhoAccepted() {
      h = new RelvaHarness(MatchRules.defaults().withDodgeCooldown(COOLDOWN));
      TwoOnTwo m = new TwoOnTwo(h);
      h.relva.acceptMatch(CAROL.id(), m.id).orElseThrow();
      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();
      h.relva.leaveQueue(CAROL.id(), LOBBY).orElseThrow();

      assertThat(h.relva.joinQueue(CAROL, LOBBY, null).isSuccess()).isTrue();
    }
  }

  @Nested
  @DisplayName("the ready check turned off")
  class Off {

    @Test
    void readyCheckOff_confirmsTheMatchAtThePop() {
      h = new RelvaHarness(MatchRules.defaults().withReadyCheck(false));
      Party p = h.party(ALICE, BOB);
      QueueEntry pe = h.queueInTurn(p);
      QueueEntry ce = h.soloInTurn(CAROL);
      QueueEntry de = h.soloInTurn(DAVE);
      h.forget();
      Instant now = h.clock.instant();

      var popped = h.pop(List.of(pe), List.of(ce, de));

      MatchRecord record = h.match(popped.matchId());
      assertThat(record.state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(record.confirmedAt()).contains(now);
      assertThat(record.readyBy()).isEqualTo(now);
      assertThat(record.accepted()).isEmpty();
      assertThat(h.events).hasSize(3);
      assertThat(h.events.get(0)).isEqualTo(new QueueEvent.QueuePop(popped));
      assertThat(h.events.get(1)).isInstanceOfSatisfying(MatchEvent.Opened.class, opened -> {
        assertThat(opened.readyCheck()).isFalse();
        assertThat(opened.match().id()).isEqualTo(record.id());
        assertThat(opened.at()).isEqualTo(now);
      });
      assertThat(h.events.get(2)).isEqualTo(new MatchEvent.Confirmed(record, now));
      assertThat(h.relva.openMatchOf(CAROL.id())).contains(record);
    }

    @Test
    void readyCheckOff_acceptChangesNothing_declineIsRefused_andNoTimeoutApplies() {
      h = new RelvaHarness(MatchRules.defaults().withReadyCheck(false));
      TwoOnTwo m = new TwoOnTwo(h);
      MatchRecord record = m.record();

      assertThat(h.relva.acceptMatch(ALICE.id(), m.id).orElseThrow()).isEqualTo(record);
      assertThat(h.events).isEmpty();
      h.assertRefused(() -> h.relva.declineMatch(ALICE.id(), m.id), Refusal.MATCH_CONFIRMED,
          "already on");
      h.clock.advance(Duration.ofMinutes(1));
      assertThat(h.relva.tick()).isEmpty();
      assertThat(m.record()).isEqualTo(record);
    }
  }

  @Nested
  @DisplayName("party changes during the ready check")
  class PartyChanges {

    @Test
    void leaveParty_duringTheReadyCheck_cancelsItAsADeclineByTheLeaver() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.acceptAll(m.id, ALICE, CAROL);
      h.forget();

      h.relva.leaveParty(BOB.id(), h.channelOf(m.p)).orElseThrow();

      String reason = "Bob left their party during the ready check";
      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.reason()).isEqualTo(reason);
      assertThat(cancelled.dodgers()).containsExactly(BOB.id());
      assertThat(cancelled.removed()).containsExactlyInAnyOrder(ALICE.id(), BOB.id());
      assertThat(cancelled.requeued()).containsExactly(m.carol, m.dave);
      assertThat(cancelled.match()).isEqualTo(m.record());
      assertThat(m.record().endReason()).contains(reason);
      assertThat(h.relva.queue()).containsExactly(m.carol, m.dave);
      assertThat(h.current(m.p).members()).containsExactly(ALICE);
      assertThat(h.events.indexOf(cancelled))
          .as("the match is called off before the party changes")
          .isLessThan(h.events.indexOf(h.only(PartyEvent.MemberLeft.class)));
    }

    @Test
    void disbandParty_duringTheReadyCheck_cancelsItAsADeclineByTheLeader() {
      TwoOnTwo m = new TwoOnTwo(h);
      h.forget();

      h.relva.disbandParty(ALICE.id(), h.channelOf(m.p)).orElseThrow();

      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.reason()).isEqualTo("Alice disbanded their party during the ready check");
      assertThat(cancelled.dodgers()).containsExactly(ALICE.id());
      assertThat(cancelled.removed()).containsExactlyInAnyOrder(ALICE.id(), BOB.id());
      assertThat(cancelled.requeued()).containsExactly(m.carol, m.dave);
      assertThat(h.relva.party(m.p.id())).isEmpty();
      assertThat(h.relva.queue()).containsExactly(m.carol, m.dave);
    }

    @Test
    void removeMember_duringTheReadyCheck_cancelsItAsADeclineByTheLeader() {
      h = new RelvaHarness(MatchRules.defaults().withDodgeCooldown(COOLDOWN));
      TwoOnTwo m = new TwoOnTwo(h);
      h.forget();

      h.relva.removeMember(ALICE.id(), h.channelOf(m.p), BOB.id()).orElseThrow();

      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      assertThat(cancelled.reason())
          .isEqualTo("Alice removed Bob from their party during the ready check");
      assertThat(cancelled.dodgers()).as("the one who acted, not the one removed")
          .containsExactly(ALICE.id());
      assertThat(cancelled.removed()).containsExactlyInAnyOrder(ALICE.id(), BOB.id());
      assertThat(cancelled.requeued()).containsExactly(m.carol, m.dave);
      assertThat(h.relva.joinQueue(BOB, LOBBY, null).isSuccess())
          .as("Bob did not dodge, so he may queue at once").isTrue();
    }

    @Test
    void promote_duringTheReadyCheck_doesNotCancelIt_andTheRequeuedPartyIsAsItIsNow() {
      TwoOnTwo m = new TwoOnTwo(h);
      Party promoted = h.relva.promote(ALICE.id(), h.channelOf(m.p), BOB.id()).orElseThrow();
      assertThat(m.record().state()).isEqualTo(MatchRecord.State.POPPED);
      h.forget();

      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      QueueEntry back = new QueueEntry(promoted, m.pEntry.joinedAt());
      assertThat(h.only(MatchEvent.Cancelled.class).requeued()).containsExactly(back, m.carol);
      assertThat(h.relva.queue()).containsExactly(back, m.carol);
    }

    @Test
    void leaveParty_inAConfirmedMatch_doesNotCancelIt() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.relva.leaveParty(BOB.id(), h.channelOf(m.p)).orElseThrow();

      assertThat(m.record().state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(h.events(MatchEvent.class)).isEmpty();
      assertThat(h.relva.openMatchOf(BOB.id())).as("Bob still plays").isPresent();
    }

    @Test
    void joinParty_intoAPartyInItsReadyCheck_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(
          () -> h.relva.joinParty(ERIN, RelvaHarness.GENERAL, m.p.joinCode().display()),
          Refusal.PARTY_QUEUED, "Party " + m.p.id(), "is in match " + m.id, "once it is over");
    }

    @Test
    void joinParty_intoAPartyInAConfirmedMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(
          () -> h.relva.joinParty(ERIN, RelvaHarness.GENERAL, m.p.joinCode().display()),
          Refusal.PARTY_QUEUED, "is in match " + m.id);
    }

    @Test
    void aSoloWhoJoinedAPartyDuringTheReadyCheck_isNotRequeuedAsASolo() {
      TwoOnTwo m = new TwoOnTwo(h);
      Party erins = h.party(ERIN);
      Party withCarol = h.relva.joinParty(CAROL, RelvaHarness.GENERAL,
          erins.joinCode().display()).orElseThrow();
      h.assertRefused(() -> h.relva.queueParty(ERIN.id(), h.channelOf(erins)),
          Refusal.QUEUE_BLOCKED, "Carol has match " + m.id + " waiting for the ready check");
      h.forget();

      h.relva.declineMatch(DAVE.id(), m.id).orElseThrow();

      MatchEvent.Cancelled cancelled = h.only(MatchEvent.Cancelled.class);
      QueueEntry partyBack = new QueueEntry(h.current(m.p), m.pEntry.joinedAt());
      assertThat(cancelled.requeued()).containsExactly(partyBack);
      assertThat(cancelled.removed()).containsExactly(DAVE.id());
      assertThat(h.relva.queue()).containsExactly(partyBack);
      assertThat(h.relva.queueEntryOf(CAROL.id())).isEmpty();
      assertThat(h.stores.soloTickets().containsKey(CAROL.id())).isFalse();
      assertThat(h.relva.partyOf(CAROL.id())).contains(withCarol);
      assertThat(h.relva.openMatchOf(CAROL.id())).isEmpty();
      assertThat(h.relva.queueParty(ERIN.id(), h.channelOf(erins)).isSuccess())
          .as("Carol is free, so her new party may queue").isTrue();
    }
  }

  @Test
  @DisplayName("every match event carries the match as it is after the step")
  void events_carryTheMatchAfterTheChange() {
    TwoOnTwo m = new TwoOnTwo(h);
    for (var player : List.of(ALICE, BOB, CAROL, DAVE)) {
      h.relva.acceptMatch(player.id(), m.id).orElseThrow();
      MatchEvent last = h.matchEvents().get(h.matchEvents().size() - 1);
      assertThat(last.match()).isEqualTo(m.record());
    }
    assertThat(h.matchEvents().get(h.matchEvents().size() - 1))
        .isInstanceOf(MatchEvent.Confirmed.class);
    h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(1)).orElseThrow();
    assertThat(h.matchEvents().get(h.matchEvents().size() - 1).match()).isEqualTo(m.record());
    h.relva.setResult(m.id, MatchResult.win(1)).orElseThrow();
    MatchEvent finished = h.matchEvents().get(h.matchEvents().size() - 1);
    assertThat(finished).isInstanceOf(MatchEvent.Finished.class);
    assertThat(finished.match()).isEqualTo(m.record());
    assertThat(finished.match().state()).isEqualTo(MatchRecord.State.FINISHED);
  }
}

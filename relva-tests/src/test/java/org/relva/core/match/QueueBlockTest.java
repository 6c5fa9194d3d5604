package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.LOBBY;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.Refusal;
import org.relva.core.RelvaHarness;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.QueueEntry;

/** Who may queue while a match holds them, and how they are told which match. */
class QueueBlockTest {
  private RelvaHarness h = new RelvaHarness();

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  @Nested
  @DisplayName("during the ready check")
  class ReadyCheck {

    @Test
    void joinQueue_duringTheReadyCheck_isRefusedNamingTheMatch() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.joinQueue(CAROL, LOBBY, null), Refusal.QUEUE_BLOCKED,
          "You have match " + m.id + " waiting for the ready check");
    }

    @Test
    void queueParty_duringTheReadyCheck_isRefusedNamingTheMatch() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), h.channelOf(m.p)),
          Refusal.QUEUE_BLOCKED, "Alice has match " + m.id + " waiting for the ready check");
    }

    @Test
    void joinQueue_duringTheReadyCheck_isRefusedEvenWhenMatchesDoNotBlock() {
      h = new RelvaHarness(MatchRules.defaults().withBlockQueueWhileInMatch(false));
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.joinQueue(DAVE, LOBBY, null), Refusal.QUEUE_BLOCKED,
          "match " + m.id, "ready check");
    }
  }

  @Nested
  @DisplayName("in a confirmed match")
  class Confirmed {

    @Test
    void joinQueue_inAConfirmedMatch_isRefusedByDefault_namingTheMatch() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      String message = h.assertRefused(() -> h.relva.joinQueue(CAROL, LOBBY, null),
          Refusal.QUEUE_BLOCKED, "You are still playing match " + m.id, "report its result first");
      assertThat(h.relva.openMatchOf(CAROL.id())).map(MatchRecord::id).contains(m.id);
      assertThat(message).contains(h.relva.openMatchOf(CAROL.id()).orElseThrow().id());
    }

    @Test
    void queueParty_inAConfirmedMatch_isRefusedByDefault_namingTheMatch() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), h.channelOf(m.p)),
          Refusal.QUEUE_BLOCKED, "Alice is still playing match " + m.id);
    }

    @Test
    void joinQueue_inAConfirmedMatch_isAllowedWhenMatchesDoNotBlock() {
      h = new RelvaHarness(MatchRules.defaults().withBlockQueueWhileInMatch(false));
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      QueueEntry carol = h.relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
      QueueEntry party = h.relva.queueParty(ALICE.id(), h.channelOf(m.p)).orElseThrow();

      assertThat(h.relva.queue()).containsExactlyInAnyOrder(carol, party);
      assertThat(h.relva.openMatchOf(CAROL.id())).map(MatchRecord::id).contains(m.id);
    }

    @Test
    void joinQueue_afterTheMatchFinished_isAllowed() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.setResult(m.id, MatchResult.win(0)).orElseThrow();

      assertThat(h.relva.joinQueue(DAVE, LOBBY, null).isSuccess()).isTrue();
      assertThat(h.relva.queueParty(ALICE.id(), h.channelOf(m.p)).isSuccess()).isTrue();
    }

    /**
     * Regression: with queueing allowed during a confirmed match, a player can pop into a second
     * match while the first is still open. The player-to-match index holds one match, so ending
     * the second one forgets that the first still holds them.
     */
    @Test
    void aSecondMatchEnding_leavesThePlayerHeldByTheirFirstOpenMatch() {
      h = new RelvaHarness(MatchRules.defaults().withBlockQueueWhileInMatch(false));
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      QueueEntry carol = h.soloInTurn(CAROL);
      QueueEntry erin = h.soloInTurn(ERIN);
      String second = h.pop(List.of(carol), List.of(erin)).matchId();
      assertThat(h.relva.openMatchOf(CAROL.id())).map(MatchRecord::id).contains(second);

      h.relva.declineMatch(ERIN.id(), second).orElseThrow();

      assertThat(h.match(m.id).state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(h.relva.openMatchOf(CAROL.id())).as("Carol still plays the first match")
          .map(MatchRecord::id).contains(m.id);
    }

    @Test
    void joinQueue_whenTheBlockIsOff_stillRefusesASecondSoloTicket() {
      h = new RelvaHarness(MatchRules.defaults().withBlockQueueWhileInMatch(false));
      new TwoOnTwo(h).confirmed();
      h.soloInTurn(FRANK);
      h.soloInTurn(DAVE);

      h.assertRefused(() -> h.relva.joinQueue(DAVE, LOBBY, null), Refusal.ALREADY_QUEUED,
          "already in the queue");
      assertThat(h.relva.queueEntryOf(BOB.id())).isEmpty();
    }
  }
}

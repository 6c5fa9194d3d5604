package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.LOBBY;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.PartyTally;
import org.relva.core.Refusal;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.QueueEntry;

/** A moderator's cancel of a match, in its ready check or once it is on. */
class MatchCancelTest {
  private RelvaHarness h = new RelvaHarness(
      MatchRules.defaults().withDodgeCooldown(Duration.ofMinutes(5)));

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  @Test
  void cancelMatch_inTheReadyCheck_requeuesEveryoneWithTheirJoinTimes() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.relva.acceptMatch(CAROL.id(), m.id).orElseThrow();
    h.clock.advance(Duration.ofSeconds(4));
    h.forget();
    Instant now = h.clock.instant();

    MatchRecord after = h.relva.cancelMatch(m.id, "  wrong map pool  ").orElseThrow();

    assertThat(after.state()).isEqualTo(MatchRecord.State.CANCELLED);
    assertThat(after.endReason()).contains("wrong map pool");
    assertThat(after.endedAt()).contains(now);
    assertThat(m.record()).isEqualTo(after);
    QueueEntry partyBack = new QueueEntry(h.current(m.p), m.pEntry.joinedAt());
    assertThat(h.events).containsExactly(
        new MatchEvent.Cancelled(after, "wrong map pool", Set.of(), Set.of(),
            List.of(partyBack, m.carol, m.dave), now),
        new QueueEvent.PartyJoin(partyBack),
        new QueueEvent.SoloJoin(m.carol),
        new QueueEvent.SoloJoin(m.dave));
    assertThat(h.relva.queue()).containsExactly(partyBack, m.carol, m.dave);
    assertThat(h.relva.openMatches()).isEmpty();
  }

  @Test
  void cancelMatch_outOfTheQueue_takesEveryEntryOutWithNoCooldown() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.forget();

    MatchRecord after = h.relva.cancelMatch(m.id, "", false).orElseThrow();

    assertThat(after.state()).isEqualTo(MatchRecord.State.CANCELLED);
    MatchEvent.Cancelled cancel = h.only(MatchEvent.Cancelled.class);
    assertThat(cancel.requeued()).isEmpty();
    assertThat(cancel.dodgers()).isEmpty();
    assertThat(cancel.removed()).hasSize(after.players().size());
    assertThat(h.relva.queue()).isEmpty();
    assertThat(h.relva.joinQueue(DAVE, LOBBY, null).isSuccess()).isTrue();
  }

  @Test
  void leavingTheQueue_inAReadyCheck_isRefusedWithTheMatchToDecline() {
    TwoOnTwo m = new TwoOnTwo(h);

    h.assertRefused(() -> h.relva.leaveQueue(DAVE.id(), LOBBY), Refusal.NOT_QUEUED,
        "decline the match");
    assertThat(h.relva.leaveQueue(DAVE.id(), LOBBY).failure().orElseThrow().detail())
        .isEqualTo(new org.relva.core.RefusalDetail.InReadyCheck(m.id));
  }

  @Test
  void cancelMatch_inTheReadyCheck_givesNobodyTheDodgeCooldown() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.relva.cancelMatch(m.id, "").orElseThrow();
    h.relva.leaveQueue(DAVE.id(), LOBBY).orElseThrow();

    assertThat(h.relva.joinQueue(DAVE, LOBBY, null).isSuccess()).isTrue();
  }

  @Test
  void cancelMatch_withABlankReason_saysAModeratorCancelledIt() {
    TwoOnTwo m = new TwoOnTwo(h);

    MatchRecord after = h.relva.cancelMatch(m.id, " ").orElseThrow();

    assertThat(after.endReason()).contains("a moderator cancelled it");
    assertThat(h.only(MatchEvent.Cancelled.class).reason()).isEqualTo("a moderator cancelled it");
  }

  @Test
  void cancelMatch_whenConfirmed_requeuesNobodyAndFreesThePlayers() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)).orElseThrow();
    h.forget();
    Instant now = h.clock.instant();

    MatchRecord after = h.relva.cancelMatch(m.id, "the server crashed").orElseThrow();

    assertThat(after.state()).isEqualTo(MatchRecord.State.CANCELLED);
    assertThat(after.confirmedAt()).isPresent();
    assertThat(after.result()).isEmpty();
    assertThat(h.events).containsExactly(new MatchEvent.Cancelled(after, "the server crashed",
        Set.of(), Set.of(), List.of(), now));
    assertThat(h.relva.queue()).isEmpty();
    for (var player : List.of(ALICE, BOB, CAROL, DAVE)) {
      assertThat(h.relva.openMatchOf(player.id())).isEmpty();
    }
    assertThat(h.relva.joinQueue(CAROL, LOBBY, null).isSuccess()).isTrue();
    assertThat(h.relva.queueParty(ALICE.id(), h.channelOf(m.p)).isSuccess()).isTrue();
    PartyTally tally = h.stores.tallies().get(m.p.id()).orElseThrow();
    assertThat(List.of(tally.wins(), tally.losses(), tally.draws())).containsExactly(0, 0, 0);
  }

  /**
   * Regression: acceptMatch, declineMatch and reportResult strip the match id they are given, but
   * cancelMatch and setResult do not, and then answer "There is no match" naming the stripped id
   * of a match that exists.
   */
  @Test
  void cancelMatch_findsAMatchIdWithSpacesAround_asThePlayersCommandsDo() {
    TwoOnTwo m = new TwoOnTwo(h);
    assertThat(h.relva.acceptMatch(ALICE.id(), " " + m.id + " ").isSuccess()).isTrue();

    var cancelled = h.relva.cancelMatch(" " + m.id + " ", "typo");

    assertThat(cancelled.refused()).as("%s", cancelled).isEmpty();
    assertThat(m.record().state()).isEqualTo(MatchRecord.State.CANCELLED);
  }

  /** Regression: as above, for setResult. */
  @Test
  void setResult_findsAMatchIdWithSpacesAround_asThePlayersCommandsDo() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();

    var set = h.relva.setResult(m.id + " ", MatchResult.win(0));

    assertThat(set.refused()).as("%s", set).isEmpty();
    assertThat(m.record().state()).isEqualTo(MatchRecord.State.FINISHED);
  }

  @Test
  void cancelMatch_ofAnUnknownMatch_isRefused() {
    h.assertRefused(() -> h.relva.cancelMatch("Mnothere", "why"), Refusal.NO_SUCH_MATCH,
        "There is no match 'Mnothere'");
  }

  @Test
  void cancelMatch_ofACancelledMatch_isRefused() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.relva.cancelMatch(m.id, "first").orElseThrow();

    h.assertRefused(() -> h.relva.cancelMatch(m.id, "second"), Refusal.MATCH_ENDED,
        "Match " + m.id, "already been cancelled", "first");
  }

  @Test
  void cancelMatch_ofAFinishedMatch_isRefused() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.setResult(m.id, MatchResult.win(1)).orElseThrow();

    h.assertRefused(() -> h.relva.cancelMatch(m.id, "late"), Refusal.MATCH_ENDED,
        "already finished");
  }
}

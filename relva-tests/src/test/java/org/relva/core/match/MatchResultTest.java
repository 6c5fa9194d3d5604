package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.LOBBY;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.PartyTally;
import org.relva.core.Refusal;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;

/**
 * A confirmed match's result: players' reports and the majority rule, a moderator's word, the
 * expiry of an unreported match, and the party tallies a result moves.
 */
class MatchResultTest {
  private RelvaHarness h = new RelvaHarness();

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  @Nested
  @DisplayName("reportResult")
  class Report {

    @Test
    void report_isRecordedAndPublished_butOneOfFourIsNoMajority() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      Instant now = h.clock.instant();

      MatchRecord after = h.relva.reportResult(CAROL.id(), m.id, MatchResult.win(1)).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(after.reports()).containsExactly(Map.entry(CAROL.id(), MatchResult.win(1)));
      assertThat(m.record()).isEqualTo(after);
      assertThat(h.events).containsExactly(
          new MatchEvent.Reported(after, CAROL.id(), MatchResult.win(1), now));
    }

    @Test
    void report_twoOfFourAgreeing_isNotEnough_threeFinishTheMatch() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)).orElseThrow();
      MatchRecord two = h.relva.reportResult(BOB.id(), m.id, MatchResult.win(0)).orElseThrow();
      assertThat(two.state()).as("2 of 4 is not a majority").isEqualTo(MatchRecord.State.CONFIRMED);
      h.clock.advance(Duration.ofMinutes(25));
      h.forget();
      Instant now = h.clock.instant();

      MatchRecord three = h.relva.reportResult(DAVE.id(), m.id, MatchResult.win(0)).orElseThrow();

      assertThat(three.state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(three.result()).contains(MatchResult.win(0));
      assertThat(three.endedAt()).contains(now);
      assertThat(three.endReason()).contains("3 of 4 players reported team 1 won");
      assertThat(m.record()).isEqualTo(three);
      assertThat(h.events).hasSize(2);
      MatchEvent.Reported reported = (MatchEvent.Reported) h.events.get(0);
      assertThat(reported.user()).isEqualTo(DAVE.id());
      assertThat(reported.match().reports()).hasSize(3);
      assertThat(reported.match().state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(h.events.get(1)).isEqualTo(new MatchEvent.Finished(three, MatchResult.win(0), now));
      assertThat(h.relva.openMatches()).isEmpty();
      for (var player : List.of(ALICE, BOB, CAROL, DAVE)) {
        assertThat(h.relva.openMatchOf(player.id())).as("%s is freed", player).isEmpty();
      }
      assertThat(h.relva.joinQueue(CAROL, LOBBY, null).isSuccess())
          .as("a finished match no longer blocks the queue").isTrue();
    }

    @Test
    void report_conflictingReports_leaveTheMatchOpen() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)).orElseThrow();
      h.relva.reportResult(BOB.id(), m.id, MatchResult.win(0)).orElseThrow();
      h.relva.reportResult(CAROL.id(), m.id, MatchResult.win(1)).orElseThrow();

      MatchRecord after = h.relva.reportResult(DAVE.id(), m.id, MatchResult.win(1)).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(after.reports()).hasSize(4);
      assertThat(h.events(MatchEvent.Finished.class)).isEmpty();
      assertThat(h.relva.openMatchOf(ALICE.id())).contains(after);
    }

    @Test
    void report_changingOnesReport_replacesTheEarlierOne() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)).orElseThrow();
      h.relva.reportResult(BOB.id(), m.id, MatchResult.win(0)).orElseThrow();
      MatchRecord changed = h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(1)).orElseThrow();
      assertThat(changed.reports()).containsEntry(ALICE.id(), MatchResult.win(1)).hasSize(2);
      assertThat(h.events(MatchEvent.Reported.class)).hasSize(3);

      MatchRecord after = h.relva.reportResult(CAROL.id(), m.id, MatchResult.win(0)).orElseThrow();

      assertThat(after.state()).as("Alice's old report no longer counts: 2 of 4")
          .isEqualTo(MatchRecord.State.CONFIRMED);
      MatchRecord tied = h.relva.reportResult(DAVE.id(), m.id, MatchResult.win(1)).orElseThrow();
      assertThat(tied.state()).as("2 against 2").isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(h.relva.reportResult(BOB.id(), m.id, MatchResult.win(1)).orElseThrow().result())
          .as("Bob changes too: Alice, Bob and Dave say team 2").contains(MatchResult.win(1));
    }

    @Test
    void report_theSameResultTwice_isIdempotent() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      MatchRecord first = h.relva.reportResult(ALICE.id(), m.id, MatchResult.draw()).orElseThrow();
      var before = h.snapshot();
      h.forget();
      h.clock.advance(Duration.ofMinutes(1));

      MatchRecord again = h.relva.reportResult(ALICE.id(), m.id, MatchResult.draw()).orElseThrow();

      assertThat(again).isEqualTo(first);
      assertThat(h.snapshot()).isEqualTo(before);
      assertThat(h.events).isEmpty();
    }

    @Test
    void report_aDrawByMajority_finishesAsADraw() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      for (var player : List.of(ALICE, CAROL, DAVE)) {
        h.relva.reportResult(player.id(), m.id, MatchResult.draw()).orElseThrow();
      }

      assertThat(m.record().state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(m.record().result()).contains(MatchResult.draw());
      assertThat(h.only(MatchEvent.Finished.class).result()).isEqualTo(MatchResult.draw());
    }

    @Test
    void report_inAThreeOnThree_needsFourOfSix() {
      Party p = h.party(ALICE, BOB, CAROL);
      QueueEntry pe = h.queueInTurn(p);
      QueueEntry de = h.soloInTurn(DAVE);
      QueueEntry ee = h.soloInTurn(ERIN);
      QueueEntry fe = h.soloInTurn(FRANK);
      String id = h.pop(List.of(pe), List.of(de, ee, fe)).matchId();
      h.confirm(id);
      for (var player : List.of(DAVE, ERIN, FRANK)) {
        h.relva.reportResult(player.id(), id, MatchResult.win(1)).orElseThrow();
      }
      assertThat(h.match(id).state()).as("3 of 6 is half, not more")
          .isEqualTo(MatchRecord.State.CONFIRMED);

      MatchRecord after = h.relva.reportResult(ALICE.id(), id, MatchResult.win(1)).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(after.endReason()).contains("4 of 6 players reported team 2 won");
    }

    @Test
    void report_ofAnUnknownMatch_isRefused() {
      new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), "Mnothere", MatchResult.win(0)),
          Refusal.NO_SUCH_MATCH, "There is no match 'Mnothere'");
    }

    @Test
    void report_bySomeoneOutsideTheMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.reportResult(ERIN.id(), m.id, MatchResult.win(0)),
          Refusal.NOT_IN_MATCH, "not playing in match " + m.id);
    }

    @Test
    void report_duringTheReadyCheck_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)),
          Refusal.MATCH_NOT_CONFIRMED, "Match " + m.id, "ready check", "no result to report");
    }

    @Test
    void report_ofAFinishedMatch_isRefused_evenTheSameResult() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      for (var player : List.of(ALICE, BOB, CAROL)) {
        h.relva.reportResult(player.id(), m.id, MatchResult.win(0)).orElseThrow();
      }

      h.assertRefused(() -> h.relva.reportResult(DAVE.id(), m.id, MatchResult.win(1)),
          Refusal.MATCH_ENDED, "Match " + m.id, "already finished", "3 of 4 players");
      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)),
          Refusal.MATCH_ENDED, "already finished");
    }

    @Test
    void report_ofACancelledMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.cancelMatch(m.id, "the server crashed").orElseThrow();

      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)),
          Refusal.MATCH_ENDED, "already been cancelled", "the server crashed");
    }

    @Test
    void report_ofATeamOutOfRange_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(2)),
          Refusal.INVALID, "has 2 teams", "there is no team 3");
    }

    @Test
    void report_ofADrawWhereDrawsAreNotAllowed_isRefused() {
      h = new RelvaHarness(MatchRules.defaults().withAllowDraws(false));
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), m.id, MatchResult.draw()),
          Refusal.INVALID, "Draws are not allowed", "report the winning team");
    }

    @Test
    void report_ofNoResult_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.reportResult(ALICE.id(), m.id, MatchResult.noResult()),
          Refusal.INVALID, "winning team", "ends by itself");
    }
  }

  @Nested
  @DisplayName("setResult, by a moderator")
  class SetResult {

    @Test
    void setResult_finishesTheMatchWithTheModeratorsWord_overTheReports() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)).orElseThrow();
      h.relva.reportResult(BOB.id(), m.id, MatchResult.win(0)).orElseThrow();
      h.forget();
      Instant now = h.clock.instant();

      MatchRecord after = h.relva.setResult(m.id, MatchResult.win(1)).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(after.result()).contains(MatchResult.win(1));
      assertThat(after.endReason()).contains("a moderator set it");
      assertThat(after.endedAt()).contains(now);
      assertThat(m.record()).isEqualTo(after);
      assertThat(h.events).containsExactly(new MatchEvent.Finished(after, MatchResult.win(1), now));
      assertThat(h.relva.openMatchOf(ALICE.id())).isEmpty();
    }

    @Test
    void setResult_ofNoResult_endsTheMatchWithNone() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      MatchRecord after = h.relva.setResult(m.id, MatchResult.noResult()).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(after.result()).contains(MatchResult.noResult());
    }

    @Test
    void setResult_ofAnUnknownMatch_isRefused() {
      h.assertRefused(() -> h.relva.setResult("Mnothere", MatchResult.win(0)),
          Refusal.NO_SUCH_MATCH, "There is no match 'Mnothere'");
    }

    @Test
    void setResult_duringTheReadyCheck_isRefused_whateverTheResult() {
      TwoOnTwo m = new TwoOnTwo(h);

      h.assertRefused(() -> h.relva.setResult(m.id, MatchResult.win(0)),
          Refusal.MATCH_NOT_CONFIRMED, "ready check");
      h.assertRefused(() -> h.relva.setResult(m.id, MatchResult.noResult()),
          Refusal.MATCH_NOT_CONFIRMED, "ready check");
    }

    @Test
    void setResult_ofAnEndedMatch_isRefused() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.setResult(m.id, MatchResult.win(0)).orElseThrow();

      h.assertRefused(() -> h.relva.setResult(m.id, MatchResult.win(1)), Refusal.MATCH_ENDED,
          "already finished", "a moderator set it");
      h.assertRefused(() -> h.relva.setResult(m.id, MatchResult.noResult()),
          Refusal.MATCH_ENDED, "already finished");
    }

    @Test
    void setResult_ofATeamOutOfRangeOrADisallowedDraw_isRefused() {
      h = new RelvaHarness(MatchRules.defaults().withAllowDraws(false));
      TwoOnTwo m = new TwoOnTwo(h).confirmed();

      h.assertRefused(() -> h.relva.setResult(m.id, MatchResult.win(5)), Refusal.INVALID,
          "there is no team 6");
      h.assertRefused(() -> h.relva.setResult(m.id, MatchResult.draw()), Refusal.INVALID,
          "Draws are not allowed");
    }
  }

  @Nested
  @DisplayName("the result expiry")
  class Expiry {

    @Test
    void expiry_endsAnUnreportedMatchWithNoResult() {
      h = new RelvaHarness(MatchRules.defaults().withResultExpiry(Duration.ofMinutes(30)));
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.relva.reportResult(ALICE.id(), m.id, MatchResult.win(0)).orElseThrow();
      Instant confirmedAt = m.record().confirmedAt().orElseThrow();
      h.clock.advance(Duration.ofMinutes(30).minusSeconds(1));
      assertThat(h.relva.tick()).isEmpty();
      assertThat(m.record().state()).isEqualTo(MatchRecord.State.CONFIRMED);
      h.clock.advance(Duration.ofSeconds(1));
      h.forget();

      List<MatchRecord> ended = h.relva.tick();

      MatchRecord after = m.record();
      assertThat(ended).containsExactly(after);
      assertThat(after.state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(after.result()).contains(MatchResult.noResult());
      assertThat(after.endReason()).contains("no result was reported in time");
      assertThat(after.endedAt()).contains(confirmedAt.plus(Duration.ofMinutes(30)));
      assertThat(h.events).containsExactly(
          new MatchEvent.Finished(after, MatchResult.noResult(), h.clock.instant()));
      assertThat(h.relva.openMatchOf(BOB.id())).isEmpty();
      h.assertRefused(() -> h.relva.reportResult(BOB.id(), m.id, MatchResult.win(0)),
          Refusal.MATCH_ENDED, "no result was reported in time");
    }

    @Test
    void expiry_byDefault_isThreeHours() {
      TwoOnTwo m = new TwoOnTwo(h).confirmed();
      h.clock.advance(Duration.ofHours(3).minusSeconds(1));
      assertThat(h.relva.tick()).isEmpty();
      h.clock.advance(Duration.ofSeconds(1));

      assertThat(h.relva.tick()).extracting(MatchRecord::id).containsExactly(m.id);
    }

    @Test
    void expiry_moveNoTally() {
      Party p = h.party(ALICE, BOB);
      Party q = h.party(CAROL, DAVE);
      String id = h.pop(List.of(h.queueInTurn(p)), List.of(h.queueInTurn(q))).matchId();
      h.confirm(id);
      h.clock.advance(Duration.ofHours(3));
      h.relva.tick();

      assertThat(h.match(id).result()).contains(MatchResult.noResult());
      for (Party party : List.of(p, q)) {
        PartyTally tally = h.stores.tallies().get(party.id()).orElseThrow();
        assertThat(List.of(tally.matches(), tally.wins(), tally.losses(), tally.draws()))
            .containsExactly(1, 0, 0, 0);
      }
    }
  }

  @Nested
  @DisplayName("the party tallies")
  class Tallies {

    private Party p;
    private Party q;
    private String id;

    private void partyAgainstParty() {
      p = h.party(ALICE, BOB);
      q = h.party(CAROL, DAVE);
      id = h.pop(List.of(h.queueInTurn(p)), List.of(h.queueInTurn(q))).matchId();
      h.confirm(id);
    }

    private List<Integer> tally(Party party) {
      PartyTally t = h.stores.tallies().get(party.id()).orElseThrow();
      return List.of(t.matches(), t.wins(), t.losses(), t.draws());
    }

    @Test
    void tallies_aWinCountsForTheWinnersAndALossForTheLosers() {
      partyAgainstParty();

      h.relva.setResult(id, MatchResult.win(0)).orElseThrow();

      assertThat(tally(p)).as("matches, wins, losses, draws").containsExactly(1, 1, 0, 0);
      assertThat(tally(q)).containsExactly(1, 0, 1, 0);
    }

    @Test
    void tallies_aReportedWinCountsToo() {
      partyAgainstParty();

      for (var player : List.of(ALICE, BOB, CAROL)) {
        h.relva.reportResult(player.id(), id, MatchResult.win(1)).orElseThrow();
      }

      assertThat(tally(p)).containsExactly(1, 0, 1, 0);
      assertThat(tally(q)).containsExactly(1, 1, 0, 0);
    }

    @Test
    void tallies_aDrawCountsForBoth() {
      partyAgainstParty();

      h.relva.setResult(id, MatchResult.draw()).orElseThrow();

      assertThat(tally(p)).containsExactly(1, 0, 0, 1);
      assertThat(tally(q)).containsExactly(1, 0, 0, 1);
    }

    @Test
    void tallies_aCancelledReadyCheckCountsThePopButNoResult() {
      p = h.party(ALICE, BOB);
      q = h.party(CAROL, DAVE);
      id = h.pop(List.of(h.queueInTurn(p)), List.of(h.queueInTurn(q))).matchId();

      h.relva.declineMatch(CAROL.id(), id).orElseThrow();

      assertThat(tally(p)).containsExactly(1, 0, 0, 0);
      assertThat(tally(q)).containsExactly(1, 0, 0, 0);
    }

    @Test
    void tallies_aPartyDisbandedDuringItsMatch_isSkipped() {
      partyAgainstParty();
      h.relva.disbandParty(CAROL.id(), h.channelOf(q)).orElseThrow();

      MatchRecord after = h.relva.setResult(id, MatchResult.win(0)).orElseThrow();

      assertThat(after.state()).isEqualTo(MatchRecord.State.FINISHED);
      assertThat(tally(p)).containsExactly(1, 1, 0, 0);
      assertThat(h.stores.tallies().get(q.id())).isEmpty();
    }
  }
}

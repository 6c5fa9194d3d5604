package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.HEIDI;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.PartyTally;
import org.relva.core.Refusal;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.ResultCorrection;

/**
 * A moderator's correction of a finished match's result: what it changes (the result, the
 * parties' tallies, the audit, one event), what it keeps (the match's times), and every wrong use
 * refused without a change.
 */
class ResultCorrectionTest {
  private static final Member MOD = HEIDI;

  private RelvaHarness h = new RelvaHarness();

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  private TwoOnTwo finished(MatchResult result) {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.setResult(m.id, result).orElseThrow();
    h.forget();
    return m;
  }

  private PartyTally tally(TwoOnTwo m) {
    return h.stores.tallies().get(m.p.id()).orElseThrow();
  }

  @Test
  @DisplayName("a correction replaces the result, keeps the times, moves the tally, is audited "
      + "and announced")
  void correct_finishedMatch() {
    TwoOnTwo m = finished(MatchResult.win(0));
    MatchRecord before = m.record();
    assertThat(tally(m).wins()).isEqualTo(1);
    h.clock.advance(Duration.ofHours(2));
    Instant now = h.clock.instant();

    MatchRecord after = h.relva.correctResult(m.id, MatchResult.win(1), MOD, " wrong button ")
        .orElseThrow();

    assertThat(after.result()).contains(MatchResult.win(1));
    assertThat(after).isEqualTo(before.correct(MatchResult.win(1)));
    assertThat(after.endedAt()).isEqualTo(before.endedAt());
    assertThat(m.record()).isEqualTo(after);
    assertThat(tally(m).wins()).isZero();
    assertThat(tally(m).losses()).isEqualTo(1);
    ResultCorrection correction =
        new ResultCorrection(MatchResult.win(0), MatchResult.win(1), MOD, now, "wrong button");
    assertThat(h.relva.corrections()).containsExactlyEntriesOf(
        java.util.Map.of(m.id, MatchAudit.of(m.id, correction)));
    assertThat(h.events).containsExactly(new MatchEvent.Corrected(after, correction, now));
  }

  @Test
  @DisplayName("a second correction joins the audit after the first; a draw counts as one")
  void correct_twice() {
    TwoOnTwo m = finished(MatchResult.win(0));
    h.relva.correctResult(m.id, MatchResult.draw(), MOD, "").orElseThrow();
    h.clock.advance(Duration.ofMinutes(5));

    h.relva.correctResult(m.id, MatchResult.win(0), MOD, "it was right").orElseThrow();

    List<ResultCorrection> audit = h.relva.corrections().get(m.id).corrections();
    assertThat(audit).extracting(ResultCorrection::to)
        .containsExactly(MatchResult.draw(), MatchResult.win(0));
    assertThat(h.relva.corrections().get(m.id).original()).isEqualTo(MatchResult.win(0));
    assertThat(tally(m)).extracting(PartyTally::wins, PartyTally::losses, PartyTally::draws)
        .containsExactly(1, 0, 0);
  }

  @Test
  @DisplayName("a match that expired with no result can be given one")
  void correct_expiredMatch() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.clock.advance(MatchRules.defaults().resultExpiry());
    h.relva.tick();
    assertThat(m.record().result()).contains(MatchResult.noResult());

    MatchRecord after = h.relva.correctResult(m.id, MatchResult.win(0), MOD, "").orElseThrow();

    assertThat(after.result()).contains(MatchResult.win(0));
    assertThat(after.endReason()).contains("no result was reported in time");
    assertThat(tally(m).wins()).isEqualTo(1);
  }

  @Test
  void correct_unknownMatch_isRefused() {
    h.assertRefused(() -> h.relva.correctResult("Mnothere", MatchResult.win(0), MOD, ""),
        Refusal.NO_SUCH_MATCH, "There is no match 'Mnothere'");
  }

  @Test
  void correct_openMatch_isRefused_inItsReadyCheckOrPlayed() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.win(0), MOD, ""),
        Refusal.MATCH_OPEN, "ready check", "Set its result instead");
    m.confirmed();
    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.win(0), MOD, ""),
        Refusal.MATCH_OPEN, "being played");
  }

  @Test
  void correct_cancelledMatch_isRefused() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.cancelMatch(m.id, "the server crashed").orElseThrow();

    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.win(0), MOD, ""),
        Refusal.MATCH_ENDED, "was cancelled", "the server crashed", "no result to correct");
  }

  @Test
  void correct_toTheResultItHas_isRefused() {
    TwoOnTwo m = finished(MatchResult.win(1));

    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.win(1), MOD, ""),
        Refusal.INVALID, "already ended with team 2 won", "nothing to correct");
  }

  @Test
  void correct_toATeamItLacks_orNoResult_isRefused() {
    TwoOnTwo m = finished(MatchResult.win(0));

    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.win(2), MOD, ""),
        Refusal.INVALID, "has 2 teams; there is no team 3");
    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.noResult(), MOD, ""),
        Refusal.INVALID);
  }

  @Test
  void correct_toADraw_whereDrawsAreOff_isRefused() {
    h = new RelvaHarness(RelvaConfig.defaults()
        .withMatchRules(MatchRules.defaults().withAllowDraws(false)));
    TwoOnTwo m = finished(MatchResult.win(0));

    h.assertRefused(() -> h.relva.correctResult(m.id, MatchResult.draw(), MOD, ""),
        Refusal.INVALID, "Draws are not allowed");
  }
}

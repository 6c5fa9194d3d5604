package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.GRACE;
import static org.relva.core.RelvaHarness.LOBBY;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Refusal;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;

/**
 * Substitutes: asking, taking a requested place, a moderator's swap; the teams stay full and
 * parties whole on their team; every wrong use refused without a change.
 */
class SubstituteTest {
  private final RelvaHarness h = new RelvaHarness();

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  private static List<Member> team(MatchRecord m, int t) {
    return m.teams().get(t).stream().flatMap(e -> e.entity().members().stream()).toList();
  }

  @Test
  @DisplayName("asking is told once; a free player takes the place on the same team")
  void requestThenTake_soloPlace() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();

    h.relva.requestSub(CAROL.id()).orElseThrow();
    h.relva.requestSub(CAROL.id()).orElseThrow();
    assertThat(h.events(MatchEvent.SubRequested.class)).hasSize(1);
    h.forget();

    MatchRecord after = h.relva.takeSub(ERIN, CAROL.id()).orElseThrow();

    assertThat(team(after, 1)).containsExactly(ERIN, DAVE);
    assertThat(after.hasPlayer(CAROL.id())).isFalse();
    assertThat(after.accepted()).as("confirmed: the substitute counts as accepted")
        .contains(ERIN.id()).doesNotContain(CAROL.id());
    assertThat(h.relva.openMatchOf(ERIN.id())).map(MatchRecord::id).contains(m.id);
    assertThat(h.relva.openMatchOf(CAROL.id())).isEmpty();
    assertThat(h.only(MatchEvent.Substituted.class))
        .isEqualTo(new MatchEvent.Substituted(after, CAROL, ERIN, false, h.clock.instant()));
    assertThat(h.stores.subRequests().snapshot()).isEmpty();
    h.relva.joinQueue(CAROL, LOBBY, null).orElseThrow(); // free to queue again
  }

  @Test
  @DisplayName("a party member who goes out leaves the match's team, not the party; the rest stay")
  void partyMember_replaced() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();

    MatchRecord after = h.relva.substitute(BOB.id(), FRANK).orElseThrow();

    assertThat(team(after, 0)).containsExactly(ALICE, FRANK);
    QueueEntry party = after.teams().get(0).get(0);
    assertThat(party.entity()).isInstanceOf(Party.class);
    assertThat(party.entity().members()).containsExactly(ALICE);
    assertThat(after.teams().get(0).get(1).entity()).isInstanceOf(SoloPlayer.class);
    assertThat(h.relva.party(m.p.id()).orElseThrow().members()).as("the live party")
        .containsExactly(ALICE, BOB);
    assertThat(h.only(MatchEvent.Substituted.class).byModerator()).isTrue();
  }

  @Test
  @DisplayName("in the ready check the substitute must accept; then the match is confirmed")
  void readyCheck_substituteMustAccept() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.acceptAll(m.id, ALICE, BOB, DAVE);
    h.relva.requestSub(CAROL.id()).orElseThrow();

    MatchRecord after = h.relva.takeSub(ERIN, CAROL.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(MatchRecord.State.POPPED);
    assertThat(after.notAccepted()).containsExactly(ERIN);

    assertThat(h.relva.acceptMatch(ERIN.id(), m.id).orElseThrow().state())
        .isEqualTo(MatchRecord.State.CONFIRMED);
  }

  @Test
  @DisplayName("the finished match is rated with who finished it: the leaver's report is gone")
  void leaversReportIsDropped() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.reportResult(CAROL.id(), m.id, MatchResult.win(1)).orElseThrow();
    h.relva.substitute(CAROL.id(), ERIN).orElseThrow();
    assertThat(h.match(m.id).reports()).isEmpty();
    for (Member p : List.of(ALICE, BOB, ERIN)) {
      h.relva.reportResult(p.id(), m.id, MatchResult.win(0));
    }
    MatchRecord done = h.match(m.id);
    assertThat(done.state()).isEqualTo(MatchRecord.State.FINISHED);
    assertThat(done.players()).containsExactlyInAnyOrder(ALICE, BOB, ERIN, DAVE);
  }

  @Test
  @DisplayName("a request ends with its match")
  void requestEndsWithTheMatch() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.requestSub(DAVE.id()).orElseThrow();
    h.relva.cancelMatch(m.id, "testing").orElseThrow();
    assertThat(h.stores.subRequests().snapshot()).isEmpty();
    h.assertRefused(() -> h.relva.takeSub(ERIN, DAVE.id()), Refusal.NO_SUB_ASKED);
  }

  @Test
  @DisplayName("refused, changing nothing: not in a match, not asked, busy takers, players of it")
  void refusals() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.assertRefused(() -> h.relva.requestSub(ERIN.id()), Refusal.NOT_IN_MATCH);
    h.assertRefused(() -> h.relva.takeSub(ERIN, CAROL.id()), Refusal.NO_SUB_ASKED);
    h.assertRefused(() -> h.relva.substitute(ERIN.id(), FRANK), Refusal.NOT_IN_MATCH);
    h.relva.requestSub(CAROL.id()).orElseThrow();

    h.assertRefused(() -> h.relva.takeSub(DAVE, CAROL.id()), Refusal.CANNOT_TARGET_SELF);
    h.assertRefused(() -> h.relva.takeSub(CAROL, CAROL.id()), Refusal.CANNOT_TARGET_SELF);
    h.party(ERIN, FRANK);
    h.assertRefused(() -> h.relva.takeSub(ERIN, CAROL.id()), Refusal.IN_PARTY);
    h.solo(GRACE);
    h.assertRefused(() -> h.relva.takeSub(GRACE, CAROL.id()), Refusal.ALREADY_QUEUED);
    h.relva.leaveQueue(GRACE.id(), LOBBY).orElseThrow();
    h.relva.banFromQueue(GRACE.id(), Duration.ofHours(1), "spam").orElseThrow();
    h.assertRefused(() -> h.relva.takeSub(GRACE, CAROL.id()), Refusal.QUEUE_BLOCKED);
    assertThat(h.match(m.id).hasPlayer(CAROL.id())).isTrue();
  }

  @Test
  @DisplayName("when a party's last player in the match goes, its copy leaves the team with them")
  void wholePartyReplaced() {
    TwoOnTwo m = new TwoOnTwo(h).confirmed();
    h.relva.substitute(ALICE.id(), ERIN).orElseThrow();
    MatchRecord after = h.relva.substitute(BOB.id(), FRANK).orElseThrow();

    assertThat(team(after, 0)).containsExactlyInAnyOrder(ERIN, FRANK);
    assertThat(after.teams().get(0)).allMatch(e -> e.entity() instanceof SoloPlayer);
    assertThat(h.relva.party(m.p.id()).orElseThrow().members()).containsExactly(ALICE, BOB);
  }

  @Test
  @DisplayName("the match keeps who left; with a leave cooldown they may not queue for a while")
  void leaversAreKept_andMayBeHeldBack() {
    RelvaHarness held = new RelvaHarness(org.relva.core.MatchRules.defaults()
        .withLeaveCooldown(Duration.ofMinutes(10)));
    TwoOnTwo m = new TwoOnTwo(held).confirmed();
    held.relva.banFromQueue(DAVE.id(), Duration.ofHours(1), "spam").orElseThrow();

    held.relva.substitute(CAROL.id(), ERIN).orElseThrow();
    MatchRecord after = held.relva.substitute(DAVE.id(), FRANK).orElseThrow();

    assertThat(after.left()).containsExactly(CAROL, DAVE);
    held.assertRefused(() -> held.relva.joinQueue(CAROL, LOBBY, null), Refusal.QUEUE_BLOCKED,
        "left match " + m.id + " for a substitute");
    assertThat(held.stores.bans().get(DAVE.id()).orElseThrow().reason())
        .as("a longer ban stays").isEqualTo("spam");
    held.clock.advance(Duration.ofMinutes(10));
    held.relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
    held.assertConsistent();
  }
}

package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.GRACE;
import static org.relva.core.RelvaHarness.HEIDI;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Draft;
import org.relva.core.MapVote;
import org.relva.core.MatchRules;
import org.relva.core.Refusal;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.MatchEvent.Picked.How;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;

/** The captains' draft: who captains, the order of picks, parties picked whole, the timer. */
class DraftTest {
  private static final List<Member> EIGHT =
      List.of(ALICE, BOB, CAROL, DAVE, ERIN, FRANK, GRACE, HEIDI);

  private RelvaHarness h = harness(Draft.byCaptains());

  private static RelvaHarness harness(Draft draft) {
    RelvaHarness h = new RelvaHarness(MatchRules.defaults().withDraft(draft));
    // Alice is rated highest, Heidi lowest.
    for (int i = 0; i < EIGHT.size(); i++) {
      h.ratings.put(EIGHT.get(i).id(), 2000.0 - 100 * i);
    }
    return h;
  }

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  /** Eight solo players popped as a 4v4 (Alice, Carol, Erin, Grace against the rest). */
  private String fourOnFour() {
    List<QueueEntry> entries = EIGHT.stream().map(h::soloInTurn).toList();
    String id = h.pop(List.of(entries.get(0), entries.get(2), entries.get(4), entries.get(6)),
        List.of(entries.get(1), entries.get(3), entries.get(5), entries.get(7))).matchId();
    h.forget();
    return id;
  }

  /**
   * A 4v4 of Alice, the party of Carol and Dave, and Erin against Bob, Frank, Grace and Heidi.
   */
  private String popWithCarolAndDave() {
    Party cd = h.party(CAROL, DAVE);
    QueueEntry a = h.soloInTurn(ALICE);
    QueueEntry b = h.soloInTurn(BOB);
    QueueEntry party = h.queueInTurn(cd);
    List<QueueEntry> rest = List.of(ERIN, FRANK, GRACE, HEIDI).stream().map(h::soloInTurn)
        .toList();
    return h.pop(List.of(a, party, rest.get(0)),
        List.of(b, rest.get(1), rest.get(2), rest.get(3))).matchId();
  }

  private static List<String> names(List<QueueEntry> team) {
    return team.stream().flatMap(e -> e.entity().members().stream()).map(Member::displayName)
        .toList();
  }

  private void pick(Member captain, Member target) {
    h.relva.pick(captain.id(), target.id()).orElseThrow();
  }

  @Test
  @DisplayName("the two highest rated captain; snake order; the last player left joins the team "
      + "with room; the teams are the picks")
  void snakeDraft() {
    String id = fourOnFour();
    h.confirm(id);
    DraftBoard board = h.only(MatchEvent.DraftStarted.class).draft();
    assertThat(board.captains()).containsExactly(ALICE.id(), BOB.id());
    assertThat(board.pickBy()).contains(h.clock.instant().plusSeconds(30));
    assertThat(h.relva.draft(id)).contains(board);
    assertThat(h.events(MatchEvent.TeamsPicked.class)).isEmpty();

    pick(ALICE, HEIDI); // A
    pick(BOB, CAROL); // B
    pick(BOB, DAVE); // B
    pick(ALICE, ERIN); // A
    assertThat(h.events(MatchEvent.TeamsPicked.class)).isEmpty();
    pick(ALICE, FRANK); // A: full; Grace is left for B
    List<MatchEvent.Picked> picks = h.events(MatchEvent.Picked.class);
    assertThat(picks).extracting(p -> p.entry().entity().members().get(0).displayName())
        .containsExactly("Heidi", "Carol", "Dave", "Erin", "Frank", "Grace");
    assertThat(picks).extracting(MatchEvent.Picked::how).containsExactly(How.CAPTAIN,
        How.CAPTAIN, How.CAPTAIN, How.CAPTAIN, How.CAPTAIN, How.LAST_LEFT);
    assertThat(picks.get(5).captain()).isEqualTo(BOB.id());

    MatchRecord match = h.only(MatchEvent.TeamsPicked.class).match();
    assertThat(names(match.teams().get(0))).containsExactly("Alice", "Heidi", "Erin", "Frank");
    assertThat(names(match.teams().get(1))).containsExactly("Bob", "Carol", "Dave", "Grace");
    assertThat(h.match(id)).isEqualTo(match);
    assertThat(h.relva.draft(id)).isEmpty();

    for (Member m : List.of(BOB, CAROL, DAVE, GRACE, ALICE)) {
      h.relva.reportResult(m.id(), id, MatchResult.win(1)).orElseThrow();
    }
    assertThat(h.match(id).state()).isEqualTo(MatchRecord.State.FINISHED);
    assertThat(names(h.match(id).teams().get(1))).as("the history keeps the drafted teams")
        .containsExactly("Bob", "Carol", "Dave", "Grace");
  }

  @Test
  @DisplayName("every wrong pick is refused and changes nothing")
  void refusals() {
    String id = fourOnFour();
    h.relva.acceptMatch(ALICE.id(), id).orElseThrow();
    h.assertRefused(() -> h.relva.pick(ALICE.id(), HEIDI.id()), Refusal.NO_DRAFT,
        "pick once everyone has accepted");
    h.confirm(id);

    h.assertRefused(() -> h.relva.pick(BOB.id(), HEIDI.id()), Refusal.NOT_YOUR_PICK,
        "It is Alice's pick.");
    h.assertRefused(() -> h.relva.pick(CAROL.id(), HEIDI.id()), Refusal.NOT_YOUR_PICK,
        "Only the captains pick: Alice, Bob.");
    h.assertRefused(() -> h.relva.pick(ALICE.id(), BOB.id()), Refusal.CANNOT_PICK,
        "Bob is already on team 2.");
    h.assertRefused(() -> h.relva.pick(ALICE.id(), UserId.of("9999")), Refusal.CANNOT_PICK,
        "not in match");
    h.assertRefused(() -> h.relva.pick(UserId.of("9999"), HEIDI.id()), Refusal.NO_DRAFT,
        "not playing in an open match");
    h.assertRefused(() -> h.relva.reportResult(ALICE.id(), id, MatchResult.win(0)),
        Refusal.DRAFTING, "still picking the teams; report the result once the teams are set");
    h.assertRefused(() -> h.relva.setResult(id, MatchResult.win(0)), Refusal.DRAFTING,
        "still picking");
    h.assertRefused(() -> h.relva.substitute(CAROL.id(), Member.of("77", "Sub")),
        Refusal.DRAFTING, "swap players once the teams are set");
    h.assertRefused(() -> h.relva.volunteerCaptain(CAROL.id()), Refusal.NO_DRAFT,
        "chosen by rating");

    pick(ALICE, HEIDI);
    h.assertRefused(() -> h.relva.pick(BOB.id(), HEIDI.id()), Refusal.CANNOT_PICK,
        "Heidi is already on team 1.");
  }

  @Test
  @DisplayName("a party is picked whole and counts as its size in the order")
  void partyCountsAsItsSize() {
    String id = popWithCarolAndDave();
    h.confirm(id);
    h.forget();

    pick(ALICE, DAVE); // the party: Alice's slots 0 and 3
    assertThat(h.only(MatchEvent.Picked.class).entry().entity()).isInstanceOf(Party.class);
    h.assertRefused(() -> h.relva.pick(ALICE.id(), ERIN.id()), Refusal.NOT_YOUR_PICK,
        "It is Bob's pick.");
    pick(BOB, ERIN); // slot 1
    pick(BOB, FRANK); // slot 2
    pick(ALICE, HEIDI); // slot 4: Alice's team is full; Grace joins Bob's

    MatchRecord match = h.only(MatchEvent.TeamsPicked.class).match();
    assertThat(names(match.teams().get(0))).containsExactly("Alice", "Carol", "Dave", "Heidi");
    assertThat(names(match.teams().get(1))).containsExactly("Bob", "Erin", "Frank", "Grace");
  }

  @Test
  @DisplayName("a pick that would leave a party nowhere to go is refused with the reason")
  void picksKeepTheTeamsFillable() {
    Party three = h.party(CAROL, DAVE, ERIN);
    QueueEntry a = h.soloInTurn(ALICE);
    QueueEntry b = h.soloInTurn(BOB);
    QueueEntry party = h.queueInTurn(three);
    List<QueueEntry> rest = List.of(FRANK, GRACE, HEIDI).stream().map(h::soloInTurn).toList();
    String id = h.pop(List.of(a, party), List.of(b, rest.get(0), rest.get(1), rest.get(2)))
        .matchId();
    h.confirm(id);

    pick(ALICE, FRANK); // Alice has room for 2 now: the party of 3 must go to Bob
    h.assertRefused(() -> h.relva.pick(BOB.id(), GRACE.id()), Refusal.CANNOT_PICK,
        "would leave the teams unable to fill up");
    h.assertRefused(() -> h.relva.pick(BOB.id(), HEIDI.id()), Refusal.CANNOT_PICK,
        "would leave the teams unable to fill up");
    pick(BOB, CAROL);
    MatchRecord match = h.only(MatchEvent.TeamsPicked.class).match();
    assertThat(names(match.teams().get(0))).containsExactly("Alice", "Frank", "Grace", "Heidi");
    assertThat(names(match.teams().get(1))).containsExactly("Bob", "Carol", "Dave", "Erin");
  }

  @Test
  @DisplayName("a party too big for the captain's room is refused with the room left")
  void partyTooBig() {
    h = harness(Draft.byCaptains().withOrder("AAAB"));
    String id = popWithCarolAndDave();
    h.confirm(id);
    pick(ALICE, ERIN);
    pick(ALICE, FRANK); // Alice has room for one, and it is her pick again
    h.assertRefused(() -> h.relva.pick(ALICE.id(), CAROL.id()), Refusal.CANNOT_PICK,
        "Carol's party of 2 does not fit: your team has room for 1.");
    pick(ALICE, GRACE);
    MatchRecord match = h.only(MatchEvent.TeamsPicked.class).match();
    assertThat(names(match.teams().get(1))).containsExactly("Bob", "Carol", "Dave", "Heidi");
  }

  @Test
  @DisplayName("a captain whose time runs out gets the best-rated player left, with their party")
  void timerPicksTheBestRated() {
    String id = fourOnFour();
    h.confirm(id);
    h.forget();
    h.clock.advance(Duration.ofSeconds(29));
    h.relva.tick();
    assertThat(h.events(MatchEvent.Picked.class)).isEmpty();
    h.clock.advance(Duration.ofSeconds(1));
    h.relva.tick();
    MatchEvent.Picked auto = h.only(MatchEvent.Picked.class);
    assertThat(auto.how()).isEqualTo(How.TIMED_OUT);
    assertThat(auto.captain()).isEqualTo(ALICE.id());
    assertThat(auto.entry().entity().members()).containsExactly(CAROL);
    assertThat(auto.draft().pickBy()).contains(h.clock.instant().plusSeconds(30));

    // A late pick first lets the timer make the picks that fell due: it is Bob's turn now, and
    // after 30 s more his pick is made for him too, so Bob's own pick then is his second.
    h.forget();
    h.clock.advance(Duration.ofSeconds(30));
    pick(BOB, HEIDI);
    assertThat(h.events(MatchEvent.Picked.class)).extracting(MatchEvent.Picked::how)
        .containsExactly(How.TIMED_OUT, How.CAPTAIN);
    assertThat(h.events(MatchEvent.Picked.class).get(0).entry().entity().members())
        .containsExactly(DAVE);
  }

  /**
   * A 4v4 drafted to Alice's last pick (Frank or Grace), whose time has just run out; no tick
   * has run since.
   */
  private String lastPickFallenDue() {
    String id = fourOnFour();
    h.confirm(id);
    pick(ALICE, HEIDI);
    pick(BOB, CAROL);
    pick(BOB, DAVE);
    pick(ALICE, ERIN);
    h.forget();
    h.clock.advance(Duration.ofSeconds(30));
    return id;
  }

  @Test
  @DisplayName("a report after the last pick's time ran out, before any tick, first lets the "
      + "timer make that pick and set the teams, then counts")
  void reportAfterTheLastPickFellDue_counts() {
    String id = lastPickFallenDue();

    h.relva.reportResult(BOB.id(), id, MatchResult.win(1)).orElseThrow();

    assertThat(h.events(MatchEvent.Picked.class)).extracting(MatchEvent.Picked::how)
        .containsExactly(How.TIMED_OUT, How.LAST_LEFT);
    MatchRecord match = h.only(MatchEvent.TeamsPicked.class).match();
    assertThat(names(match.teams().get(0))).containsExactly("Alice", "Heidi", "Erin", "Frank");
    assertThat(h.match(id).reports()).containsKey(BOB.id());
  }

  @Test
  @DisplayName("a moderator's swap after the last pick's time ran out, before any tick, first "
      + "lets the timer set the teams, then swaps")
  void swapAfterTheLastPickFellDue_swaps() {
    String id = lastPickFallenDue();
    Member sub = Member.of("77", "Sub");

    h.relva.substitute(GRACE.id(), sub).orElseThrow();

    assertThat(h.events(MatchEvent.TeamsPicked.class)).hasSize(1);
    assertThat(names(h.match(id).teams().get(1))).containsExactly("Bob", "Carol", "Dave", "Sub");
  }

  @Test
  @DisplayName("volunteers captain first, highest rated first; the others fill the rest")
  void volunteers() {
    h = harness(Draft.byCaptains().withCaptains(Draft.Captains.VOLUNTEERS));
    String id = fourOnFour();
    h.assertRefused(() -> h.relva.volunteerCaptain(UserId.of("9999")), Refusal.NOT_IN_MATCH,
        "not playing in an open match");
    h.relva.volunteerCaptain(HEIDI.id()).orElseThrow();
    h.relva.volunteerCaptain(HEIDI.id()).orElseThrow(); // twice changes nothing
    assertThat(h.relva.draft(id).orElseThrow().volunteers()).containsExactly(HEIDI.id());
    h.confirm(id);
    assertThat(h.only(MatchEvent.DraftStarted.class).draft().captains())
        .containsExactly(HEIDI.id(), ALICE.id());
    h.assertRefused(() -> h.relva.volunteerCaptain(GRACE.id()), Refusal.MATCH_CONFIRMED,
        "already chosen");
  }

  @Test
  @DisplayName("a volunteer too late for a ready check that timed out is refused")
  void volunteerAfterTheTimeout() {
    h = harness(Draft.byCaptains().withCaptains(Draft.Captains.VOLUNTEERS));
    fourOnFour();
    h.clock.advance(Duration.ofSeconds(30));
    h.assertRefused(() -> h.relva.volunteerCaptain(HEIDI.id()), Refusal.MATCH_ENDED,
        "ready check has timed out");
  }

  @Test
  @DisplayName("a volunteer who leaves for a substitute in the ready check no longer volunteers")
  void volunteerSubstituted() {
    h = harness(Draft.byCaptains().withCaptains(Draft.Captains.VOLUNTEERS));
    String id = fourOnFour();
    h.relva.volunteerCaptain(HEIDI.id()).orElseThrow();
    h.relva.substitute(HEIDI.id(), Member.of("77", "Sub")).orElseThrow();
    assertThat(h.relva.draft(id).orElseThrow().volunteers()).isEmpty();
  }

  @Test
  @DisplayName("without a draft, or with rated captains, nobody volunteers")
  void noVolunteering() {
    h = new RelvaHarness(MatchRules.defaults());
    fourOnFour();
    h.assertRefused(() -> h.relva.volunteerCaptain(ALICE.id()), Refusal.NO_DRAFT,
        "Captains do not pick the teams here.");
  }

  @Test
  @DisplayName("random captains come from different entries, drawn by the core's random source")
  void randomCaptains() {
    for (long seed = 0; seed < 20; seed++) {
      h = new RelvaHarness(RelvaConfig.defaults().withMatchRules(MatchRules.defaults()
          .withDraft(Draft.byCaptains().withCaptains(Draft.Captains.RANDOM))),
          new SplittableRandom(seed));
      Party cd = h.party(CAROL, DAVE);
      QueueEntry party = h.queueInTurn(cd);
      List<QueueEntry> rest = List.of(ALICE, BOB).stream().map(h::soloInTurn).toList();
      String id = h.pop(List.of(party), rest).matchId();
      h.confirm(id);
      List<UserId> captains = h.only(MatchEvent.TeamsPicked.class).captains();
      assertThat(captains).hasSize(2);
      MatchRecord match = h.match(id);
      assertThat(match.entryOf(captains.get(0))).isNotEqualTo(match.entryOf(captains.get(1)));
      h.assertConsistent();
    }
  }

  @Test
  @DisplayName("a captain's party fills their team: nothing is left to pick, the teams are set")
  void nothingToPick() {
    Party ab = h.party(ALICE, BOB);
    QueueEntry party = h.queueInTurn(ab);
    QueueEntry carol = h.soloInTurn(CAROL);
    QueueEntry dave = h.soloInTurn(DAVE);
    String id = h.pop(List.of(carol, dave), List.of(party)).matchId();
    h.confirm(id);
    assertThat(h.only(MatchEvent.DraftStarted.class).draft().captains())
        .containsExactly(ALICE.id(), CAROL.id());
    MatchRecord match = h.only(MatchEvent.TeamsPicked.class).match();
    assertThat(names(match.teams().get(0))).containsExactly("Alice", "Bob");
    assertThat(names(match.teams().get(1))).containsExactly("Carol", "Dave");
    assertThat(h.events(MatchEvent.Picked.class)).singleElement()
        .extracting(MatchEvent.Picked::how).isEqualTo(How.LAST_LEFT);
  }

  @Test
  @DisplayName("the map vote waits for the teams; a cancel drops the draft")
  void mapVoteWaitsAndCancelDrops() {
    h = new RelvaHarness(MatchRules.defaults().withDraft(Draft.byCaptains())
        .withMapVote(MapVote.of(List.of("Dust", "Nuke"))));
    String id = fourOnFour();
    h.confirm(id);
    assertThat(h.events(MatchEvent.MapVoteOpened.class)).isEmpty();
    h.relva.cancelMatch(id, "no servers").orElseThrow();
    assertThat(h.relva.draft(id)).isEmpty();
    assertThat(h.stores.drafts().snapshot()).isEmpty();

    String next = fourOnFour();
    h.confirm(next);
    DraftBoard board = h.only(MatchEvent.DraftStarted.class).draft();
    UserId a = board.captains().get(0);
    UserId b = board.captains().get(1);
    // Pick whoever is left, in turn, until the teams are set.
    while (h.relva.draft(next).isPresent()) {
      DraftBoard now = h.relva.draft(next).orElseThrow();
      UserId target = now.pool().get(0).entity().members().get(0).id();
      if (!h.relva.pick(a, target).isSuccess()) {
        h.relva.pick(b, target).orElseThrow();
      }
    }
    assertThat(h.events(MatchEvent.TeamsPicked.class)).hasSize(1);
    assertThat(h.events(MatchEvent.MapVoteOpened.class)).hasSize(1);
    assertThat(h.matchEvents().indexOf(h.only(MatchEvent.TeamsPicked.class)))
        .isLessThan(h.matchEvents().indexOf(h.only(MatchEvent.MapVoteOpened.class)));
  }

  @Test
  @DisplayName("pick orders: snake, straight, explicit letters repeated, unnamed teams last")
  void orders() {
    Draft d = Draft.byCaptains();
    assertThat(slots(d, 2, 8)).isEqualTo("ABBAABBA");
    assertThat(slots(d, 3, 9)).isEqualTo("ABCCBAABC");
    assertThat(slots(d.withOrder("straight"), 2, 6)).isEqualTo("ABABAB");
    assertThat(slots(d.withOrder("ABBAAB"), 2, 8)).isEqualTo("ABBAABAB");
    assertThat(slots(d.withOrder("ABBC"), 2, 6)).isEqualTo("ABBABB");
    assertThat(slots(d.withOrder("ABBA"), 3, 10)).isEqualTo("ABBACABBAC");
  }

  private static String slots(Draft d, int teams, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('A' + d.teamAt(i, teams)));
    }
    return s.toString();
  }

  @Test
  @DisplayName("bad draft settings are refused with the setting and what is allowed")
  void settings() {
    Draft d = Draft.byCaptains();
    assertThatThrownBy(() -> d.withOrder("ABX")).hasMessageContaining("pickOrder 'ABX' names "
        + "team X but not team C");
    assertThatThrownBy(() -> d.withOrder("AAAA")).hasMessageContaining("names one team");
    assertThatThrownBy(() -> d.withOrder("zigzag")).hasMessageContaining("snake, straight");
    assertThatThrownBy(() -> d.withPickTime(Duration.ofSeconds(2)))
        .hasMessageContaining("pickTime must be 5 s to 10 min");
    assertThatThrownBy(() -> Draft.Captains.of("best")).hasMessageContaining(
        "known: rated, random, volunteers");
    assertThat(Draft.Captains.of("volunteers")).isEqualTo(Draft.Captains.VOLUNTEERS);
    assertThat(Draft.none().on()).isFalse();
  }
}

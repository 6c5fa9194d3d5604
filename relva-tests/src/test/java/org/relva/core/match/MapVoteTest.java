package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.MapVote;
import org.relva.core.MatchRules;
import org.relva.core.Refusal;
import org.relva.core.RelvaHarness;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.RecentMaps;

/**
 * The map vote after a match is confirmed: what it offers, how it closes, what it keeps, and every
 * wrong vote refused without a change.
 */
class MapVoteTest {
  private static final List<String> MAPS = List.of("Dust", "Nuke", "Mirage");
  private static final List<Member> FOUR = List.of(ALICE, BOB, CAROL, DAVE);

  private RelvaHarness h = harness(MapVote.of(MAPS));

  private static RelvaHarness harness(MapVote vote) {
    return new RelvaHarness(MatchRules.defaults().withMapVote(vote));
  }

  @AfterEach
  void invariantsHold() {
    h.assertConsistent();
  }

  @Test
  @DisplayName("a confirmed match opens the vote; when everyone has voted, most votes win")
  void everyoneVotes() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.confirm(m.id);
    MatchEvent.MapVoteOpened opened = h.only(MatchEvent.MapVoteOpened.class);
    assertThat(opened.options()).containsExactlyElementsOf(MAPS);
    assertThat(opened.closesAt()).isEqualTo(h.clock.instant().plusSeconds(30));

    h.relva.voteMap(ALICE.id(), "nuke").orElseThrow();
    h.relva.voteMap(BOB.id(), "Dust").orElseThrow();
    h.relva.voteMap(BOB.id(), " NUKE ").orElseThrow(); // a later vote replaces the first
    h.relva.voteMap(CAROL.id(), "Mirage").orElseThrow();
    assertThat(h.events(MatchEvent.MapChosen.class)).isEmpty();
    h.relva.voteMap(DAVE.id(), "Dust").orElseThrow();

    MatchEvent.MapChosen chosen = h.only(MatchEvent.MapChosen.class);
    assertThat(chosen.map()).isEqualTo("Nuke");
    assertThat(chosen.votes()).containsExactly(Map.entry("Dust", 1), Map.entry("Nuke", 2),
        Map.entry("Mirage", 1));
    assertThat(h.match(m.id).map()).contains("Nuke");
    assertThat(h.stores.mapPolls().snapshot()).isEmpty();

    for (Member p : List.of(ALICE, BOB, CAROL)) {
      h.relva.reportResult(p.id(), m.id, MatchResult.win(0));
    }
    assertThat(h.match(m.id).state()).isEqualTo(MatchRecord.State.FINISHED);
    assertThat(h.match(m.id).map()).as("kept in the history").contains("Nuke");
  }

  @Test
  @DisplayName("when its time is up the tick closes it; a tie is broken among the tied")
  void timeUp_tieAmongTheTied() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.confirm(m.id);
    h.relva.voteMap(ALICE.id(), "Dust").orElseThrow();
    h.relva.voteMap(CAROL.id(), "Mirage").orElseThrow();
    h.clock.advance(Duration.ofSeconds(29));
    h.relva.tick();
    assertThat(h.events(MatchEvent.MapChosen.class)).isEmpty();

    h.clock.advance(Duration.ofSeconds(1));
    h.assertRefused(() -> h.relva.voteMap(BOB.id(), "Dust"), Refusal.NO_MAP_VOTE);
    h.relva.tick();

    assertThat(h.only(MatchEvent.MapChosen.class).map()).isIn("Dust", "Mirage");
    assertThat(h.match(m.id).map()).isPresent();
  }

  @Test
  @DisplayName("refused, changing nothing: no match, no vote yet, a map not offered")
  void refusals() {
    h.assertRefused(() -> h.relva.voteMap(ALICE.id(), "Dust"), Refusal.NO_MAP_VOTE);
    TwoOnTwo m = new TwoOnTwo(h);
    h.assertRefused(() -> h.relva.voteMap(ALICE.id(), "Dust"), Refusal.NO_MAP_VOTE,
        m.id);
    h.confirm(m.id);
    h.assertRefused(() -> h.relva.voteMap(ALICE.id(), "Inferno"), Refusal.UNKNOWN_MAP,
        "Dust, Nuke, Mirage");
    h.assertRefused(() -> h.relva.voteMap(ERIN.id(), "Dust"), Refusal.NO_MAP_VOTE);
  }

  @Test
  @DisplayName("the cooldown spares the players their last maps; one left is chosen without a vote")
  void cooldown() {
    h = harness(new MapVote(List.of("Dust", "Nuke"), Duration.ofSeconds(30), 1));
    TwoOnTwo first = new TwoOnTwo(h);
    h.confirm(first.id);
    for (Member p : FOUR) {
      h.relva.voteMap(p.id(), "Dust").orElseThrow();
    }
    assertThat(h.stores.recentMaps().get(ALICE.id())).contains(new RecentMaps(List.of("Dust")));
    h.relva.cancelMatch(first.id, "testing").orElseThrow();
    h.forget();

    String second = h.pop(List.of(h.queueInTurn(first.p)),
        List.of(h.soloInTurn(CAROL), h.soloInTurn(DAVE))).matchId();
    h.forget();
    h.confirm(second);

    assertThat(h.events(MatchEvent.MapVoteOpened.class)).isEmpty();
    MatchEvent.MapChosen chosen = h.only(MatchEvent.MapChosen.class);
    assertThat(chosen.map()).isEqualTo("Nuke");
    assertThat(chosen.votes()).isEmpty();
    assertThat(h.stores.recentMaps().get(ALICE.id())).contains(new RecentMaps(List.of("Nuke")));
  }

  @Test
  @DisplayName("a vote open when its match is cancelled is dropped; a substitute's place keeps none")
  void droppedAndSubstituted() {
    TwoOnTwo m = new TwoOnTwo(h);
    h.confirm(m.id);
    h.relva.voteMap(CAROL.id(), "Dust").orElseThrow();
    h.relva.substitute(CAROL.id(), ERIN).orElseThrow();
    assertThat(h.stores.mapPolls().get(m.id).orElseThrow().votes()).isEmpty();
    h.relva.voteMap(ERIN.id(), "Nuke").orElseThrow();

    h.relva.cancelMatch(m.id, "testing").orElseThrow();
    assertThat(h.stores.mapPolls().snapshot()).isEmpty();
  }

  @Test
  @DisplayName("a map vote's settings are checked")
  void settings() {
    assertThatThrownBy(() -> MapVote.of(List.of("Dust"))).hasMessageContaining("at least two");
    assertThatThrownBy(() -> MapVote.of(List.of("Dust", "dust"))).hasMessageContaining("twice");
    assertThatThrownBy(() -> MapVote.of(List.of("Dust", "a,b"))).hasMessageContaining("commas");
    assertThatThrownBy(() -> MapVote.of(MAPS).withVoteTime(Duration.ofSeconds(1)))
        .hasMessageContaining("5 s to 10 min");
    assertThat(MapVote.none().isOn()).isFalse();
  }
}

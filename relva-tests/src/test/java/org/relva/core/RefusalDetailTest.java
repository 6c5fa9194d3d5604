package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.LOBBY;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.RefusalDetail.Blocked;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/**
 * Refusals carry typed facts for front ends to word, and a neutral default text that names no
 * front end's commands; "queue me" is decided by the core; the configured party cap is the one
 * every refusal counts against.
 */
class RefusalDetailTest {
  private final RelvaHarness h = new RelvaHarness();

  /** Runs a refused {@code operation} through the harness's checks, returning its failure. */
  private Outcome.Failure<?> refused(Supplier<? extends Outcome<?>> operation, Refusal refusal) {
    Outcome<?>[] seen = new Outcome<?>[1];
    String message = h.assertRefused(() -> seen[0] = operation.get(), refusal);
    assertThat(message).as("a neutral message names no slash command")
        .doesNotContain("/party", "/queue", "/match", "/admin");
    return seen[0].failure().orElseThrow();
  }

  @Test
  @DisplayName("a party command from the wrong channel names the party's channel")
  void wrongChannel_party() {
    Party party = h.party(ALICE, BOB);
    Outcome.Failure<?> f = refused(() -> h.relva.partyInfo(BOB.id(), GENERAL),
        Refusal.WRONG_CHANNEL);
    assertThat(f.detail()).isEqualTo(
        new RefusalDetail.WrongChannel(h.channelOf(party), party.channelName(), false));
  }

  @Test
  @DisplayName("a solo queue command away from the lobby names the lobby")
  void wrongChannel_lobby() {
    Outcome.Failure<?> f = refused(() -> h.relva.joinQueue(ALICE, GENERAL, null),
        Refusal.WRONG_CHANNEL);
    assertThat(f.detail()).isEqualTo(new RefusalDetail.WrongChannel(LOBBY, "kiwipugs", true));
  }

  @Test
  @DisplayName("a full party is full at the configured cap, and says so")
  void partyFull_atTheConfiguredCap() {
    RelvaHarness twos = new RelvaHarness(RelvaConfig.defaults().withMaxPartySize(2));
    Party party = twos.party(ALICE, BOB);
    String message = twos.assertRefused(
        () -> twos.relva.joinParty(CAROL, GENERAL, party.joinCode().display()),
        Refusal.PARTY_FULL, "(2 players)");
    assertThat(message).doesNotContain("5");
    assertThat(twos.relva.joinParty(CAROL, GENERAL, party.joinCode().display()).failure()
        .orElseThrow().detail()).isEqualTo(new RefusalDetail.PartyFull(party.id(), 2));
  }

  @Test
  @DisplayName("a party too small to queue is told the configured sizes, not the spec's 5")
  void partyTooSmall_countsAgainstTheCap() {
    RelvaHarness threes = new RelvaHarness(RelvaConfig.defaults().withMaxPartySize(3));
    Party party = threes.create(ALICE);
    String message = threes.assertRefused(
        () -> threes.relva.queueParty(ALICE.id(), threes.channelOf(party)),
        Refusal.PARTY_TOO_SMALL, "2 to 3 players", party.joinCode().display());
    assertThat(message).doesNotContain("to 5");
    assertThat(threes.relva.queueParty(ALICE.id(), threes.channelOf(party)).failure()
        .orElseThrow().detail())
        .isEqualTo(new RefusalDetail.PartySize(1, 2, 3, party.joinCode()));
  }

  @Test
  @DisplayName("a ban carries who, until when and why")
  void blocked_byABan() {
    var until = h.relva.banFromQueue(ALICE.id(), Duration.ofMinutes(5), "spam").orElseThrow();
    Outcome.Failure<?> f = refused(() -> h.relva.joinQueue(ALICE, LOBBY, null),
        Refusal.QUEUE_BLOCKED);
    assertThat(f.detail()).isInstanceOfSatisfying(Blocked.class, b -> {
      assertThat(b.who()).isEqualTo(ALICE);
      assertThat(b.cause()).isEqualTo(Blocked.Cause.BANNED);
      assertThat(b.until()).contains(until);
      assertThat(b.reason()).isEqualTo("spam");
      assertThat(b.match()).isEmpty();
    });
  }

  @Test
  @DisplayName("a party member queueing alone is told about the party, as leader or member")
  void inParty_leaderAndMember() {
    Party party = h.party(ALICE, BOB);
    assertThat(refused(() -> h.relva.joinQueue(ALICE, LOBBY, null), Refusal.IN_PARTY).detail())
        .isEqualTo(new RefusalDetail.InParty(party.id(), party.channelName(), ALICE, true));
    assertThat(refused(() -> h.relva.joinQueue(BOB, LOBBY, null), Refusal.IN_PARTY).detail())
        .isEqualTo(new RefusalDetail.InParty(party.id(), party.channelName(), ALICE, false));
  }

  @Test
  @DisplayName("enqueue from the party's channel queues the party; from the lobby, the user alone")
  void enqueue_decidesPartyOrSolo() {
    Party party = h.party(ALICE, BOB);
    QueueEntry partyEntry = h.relva.enqueue(ALICE, h.channelOf(party), null).orElseThrow();
    assertThat(partyEntry.entity()).isInstanceOf(Party.class);
    assertThat(partyEntry.id()).isEqualTo(party.id());
    QueueEntry solo = h.relva.enqueue(CAROL, LOBBY, "eu").orElseThrow();
    assertThat(solo.entity()).isInstanceOf(SoloPlayer.class);
    assertThat(solo.region()).isEqualTo(Region.of("eu"));

    assertThat(h.relva.dequeue(ALICE.id(), h.channelOf(party)).orElseThrow().id())
        .isEqualTo(party.id());
    assertThat(h.relva.dequeue(CAROL.id(), LOBBY).orElseThrow().id()).isEqualTo(solo.id());
    assertThat(h.relva.queue()).isEmpty();
  }

  @Test
  @DisplayName("enqueue with a region from the party's channel is refused: a party has its own")
  void enqueue_partyWithRegion_refused() {
    Party party = h.party(ALICE, BOB);
    Outcome.Failure<?> f = refused(() -> h.relva.enqueue(ALICE, h.channelOf(party), "eu"),
        Refusal.INVALID);
    assertThat(f.detail()).isEqualTo(new RefusalDetail.PartyRegion(party.region()));
  }

  @Test
  @DisplayName("enqueue by a member in the party's channel is the leader's to do")
  void enqueue_memberInPartyChannel_refused() {
    Party party = h.party(ALICE, BOB);
    Outcome.Failure<?> f = refused(() -> h.relva.enqueue(BOB, h.channelOf(party), null),
        Refusal.NOT_LEADER);
    assertThat(f.detail()).isEqualTo(new RefusalDetail.NotLeader(ALICE, "queue the party"));
  }

  @Test
  @DisplayName("a pop publishes the opened match, with whether it has a ready check")
  void pop_publishesOpened() {
    Party party = h.party(ALICE, BOB);
    QueueEntry entry = h.queue(party);
    QueueEntry carol = h.solo(CAROL);
    QueueEntry dave = h.solo(RelvaHarness.DAVE);
    h.forget();
    var popped = h.relva.pop(party.region(), List.of(List.of(entry), List.of(carol, dave)))
        .orElseThrow();
    assertThat(h.events).filteredOn(MatchEvent.Opened.class::isInstance).singleElement()
        .isInstanceOfSatisfying(MatchEvent.Opened.class, opened -> {
          assertThat(opened.match().id()).isEqualTo(popped.matchId());
          assertThat(opened.readyCheck()).isTrue();
          assertThat(opened.match().players()).hasSize(4);
        });
  }
}

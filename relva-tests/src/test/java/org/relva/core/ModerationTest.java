package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/** What moderators can do: ban from queueing, clear the queue, disband any party. */
class ModerationTest {
  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final RelvaStores stores = RelvaStores.inMemory();
  private final FakePartyChannels channels = new FakePartyChannels();
  private final List<RelvaEvent> events = new ArrayList<>();
  private Relva relva;
  private ChannelId lobby;
  private final Member alice = Member.of("1", "alice");
  private final Member bob = Member.of("2", "bob");
  private final Member carol = Member.of("3", "carol");

  @BeforeEach
  void setUp() {
    relva = Relva.builder().stores(stores).channels(channels).clock(clock).build();
    relva.events().subscribe(RelvaEvent.class, events::add);
    lobby = relva.config().lobby();
  }

  @Test
  @DisplayName("a ban takes a solo player out of the queue and refuses them until it ends")
  void banRefusesUntilItEnds() {
    relva.joinQueue(alice, lobby, null).orElseThrow();

    relva.banFromQueue(alice.id(), Duration.ofMinutes(10), "toxic chat").orElseThrow();

    assertThat(relva.queue()).isEmpty();
    assertThat(events).anyMatch(e -> e instanceof QueueEvent.SoloLeave
        && ((QueueEvent.SoloLeave) e).reason() == QueueEvent.LeaveReason.CLEARED);
    Outcome<QueueEntry> refused = relva.joinQueue(alice, lobby, null);
    assertThat(refused.refused()).contains(Refusal.QUEUE_BLOCKED);
    assertThat(refused.failure().orElseThrow().message())
        .contains("banned from queueing for 10 min").contains("toxic chat");
    clock.advance(Duration.ofMinutes(10));
    assertThat(relva.joinQueue(alice, lobby, null).isSuccess()).isTrue();
    RelvaInvariants.assertConsistent(stores, channels);
  }

  @Test
  @DisplayName("a banned member keeps their party from queueing; lifting the ban frees it")
  void banBlocksTheParty() {
    Party party = relva.createParty(alice, lobby, null).orElseThrow();
    relva.joinParty(bob, lobby, party.joinCode().value()).orElseThrow();
    ChannelId channel = relva.channel(party.id()).orElseThrow();
    relva.queueParty(alice.id(), channel).orElseThrow();

    relva.banFromQueue(bob.id(), Duration.ofHours(1), "").orElseThrow();

    assertThat(relva.queue()).isEmpty();
    Outcome<QueueEntry> refused = relva.queueParty(alice.id(), channel);
    assertThat(refused.refused()).contains(Refusal.QUEUE_BLOCKED);
    assertThat(refused.failure().orElseThrow().message()).startsWith("bob is banned");
    relva.liftBan(bob.id()).orElseThrow();
    assertThat(relva.queueParty(alice.id(), channel).isSuccess()).isTrue();
    assertThat(relva.liftBan(bob.id()).refused()).contains(Refusal.INVALID);
  }

  @Test
  @DisplayName("a ban's length is checked")
  void banLengthIsChecked() {
    assertThat(relva.banFromQueue(alice.id(), Duration.ZERO, "").refused())
        .contains(Refusal.INVALID);
    assertThat(relva.banFromQueue(alice.id(), Duration.ofDays(400), "").refused())
        .contains(Refusal.INVALID);
    assertThat(relva.joinQueue(alice, lobby, null).isSuccess()).isTrue();
  }

  @Test
  @DisplayName("clearing the queue takes everyone out, with the reason")
  void clearQueue() {
    relva.joinQueue(alice, lobby, null).orElseThrow();
    relva.joinQueue(bob, lobby, "eu").orElseThrow();

    assertThat(relva.clearQueue()).hasSize(2);

    assertThat(relva.queue()).isEmpty();
    assertThat(events.stream().filter(e -> e instanceof QueueEvent.SoloLeave)
        .map(e -> ((QueueEvent.SoloLeave) e).reason())).containsOnly(QueueEvent.LeaveReason.CLEARED);
    RelvaInvariants.assertConsistent(stores, channels);
  }

  @Test
  @DisplayName("a moderator disbands a party in its ready check without penalising anyone")
  void disbandDuringReadyCheck() {
    Party party = relva.createParty(alice, lobby, null).orElseThrow();
    relva.joinParty(bob, lobby, party.joinCode().value()).orElseThrow();
    QueueEntry queued = relva.queueParty(alice.id(), relva.channel(party.id()).orElseThrow())
        .orElseThrow();
    QueueEntry solo = relva.joinQueue(carol, lobby, null).orElseThrow();
    Member dave = Member.of("4", "dave");
    QueueEntry other = relva.joinQueue(dave, lobby, null).orElseThrow();
    relva.pop(Region.of("us-e"), List.of(List.of(queued), List.of(solo, other))).orElseThrow();

    relva.disbandAsModerator(party.id()).orElseThrow();

    assertThat(relva.parties()).isEmpty();
    assertThat(relva.openMatches()).isEmpty();
    assertThat(events).anyMatch(e -> e instanceof PartyEvent.Disbanded
        && ((PartyEvent.Disbanded) e).reason() == PartyEvent.DisbandReason.BY_MODERATOR);
    MatchEvent.Cancelled cancelled = events.stream().filter(e -> e instanceof MatchEvent.Cancelled)
        .map(e -> (MatchEvent.Cancelled) e).findFirst().orElseThrow();
    assertThat(cancelled.dodgers()).isEmpty();
    assertThat(relva.queue()).extracting(QueueEntry::joinedAt)
        .containsExactly(solo.joinedAt(), other.joinedAt());
    assertThat(relva.createParty(alice, lobby, null).isSuccess()).isTrue();
    assertThat(relva.joinQueue(bob, lobby, null).isSuccess()).as("no cooldown for bob").isTrue();
    RelvaInvariants.assertConsistent(stores, channels);
    assertThat(relva.disbandAsModerator(party.id()).refused()).contains(Refusal.NOT_IN_PARTY);
  }
}

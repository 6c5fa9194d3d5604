package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.START;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.RecordingPartyChannels.Grant;
import org.relva.core.RecordingPartyChannels.Open;
import org.relva.core.event.EventBus;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.Party;

/** How the core runs its effects: channel changes and events, after the change, in order. */
class RelvaEffectsTest {
  private final RelvaHarness h = new RelvaHarness();

  @Test
  @DisplayName("a listener that calls back into the core sees its change run after the current one")
  void listenerCallingBackIntoTheCore_isQueuedBehindTheCurrentEffects() {
    List<Outcome<Party>> fromListener = new ArrayList<>();
    h.bus.subscribe(PartyEvent.Created.class, created -> fromListener.add(
        h.relva.joinParty(BOB, GENERAL, created.party().joinCode().display())));

    Party created = h.create(ALICE);

    Party joined = fromListener.get(0).orElseThrow();
    assertThat(joined.members()).containsExactly(ALICE, BOB);
    assertThat(h.events).containsExactly(new PartyEvent.Created(created, START),
        new PartyEvent.MemberJoined(joined, BOB, START));
    assertThat(h.channels.calls()).containsExactly(
        new Open(created.id(), created.channelName(), ALICE, h.channelOf(created)),
        new Grant(h.channelOf(created), BOB));
    assertThat(h.listenerErrors).isEmpty();
    h.assertConsistent();
  }

  @Test
  @DisplayName("a failing channel change is logged and does not undo the membership change")
  void failingGrant_doesNotUndoTheJoin() {
    Party party = h.create(ALICE);
    h.channels.failNextGrant(new IllegalStateException("missing permission"));
    h.forget();

    Party after = h.relva.joinParty(BOB, GENERAL, party.joinCode().display()).orElseThrow();

    assertThat(h.relva.partyOf(BOB.id())).contains(after);
    assertThat(h.events).containsExactly(new PartyEvent.MemberJoined(after, BOB, START));
    assertThat(h.channels.calls()).isEmpty();
    h.assertStoresConsistent(); // Bob is in the party, not in its channel: the grant failed
  }

  @Test
  @DisplayName("a listener's exception reaches neither the operation nor the other listeners")
  void throwingListener_doesNotFailTheOperation() {
    IllegalStateException boom = new IllegalStateException("listener bug");
    h.bus.subscribe(RelvaEvent.class, e -> {
      throw boom;
    });
    List<RelvaEvent> later = new ArrayList<>();
    h.bus.subscribe(RelvaEvent.class, later::add);

    Party party = h.create(ALICE);

    assertThat(h.relva.party(party.id())).contains(party);
    assertThat(h.listenerErrors).containsExactly(boom);
    assertThat(later).containsExactly(new PartyEvent.Created(party, START));
  }

  @Test
  @DisplayName("events go to the bus only when its executor runs them, in the order of the changes")
  void withAQueuingExecutor_eventsWaitForTheExecutor() {
    List<Runnable> tasks = new ArrayList<>();
    EventBus queued = EventBus.create(tasks::add, (error, event, listener) -> { });
    List<RelvaEvent> seen = new ArrayList<>();
    queued.subscribe(RelvaEvent.class, seen::add);
    Relva relva = Relva.builder().channels(h.channels).events(queued).clock(h.clock).build();

    Party created = relva.createParty(ALICE, GENERAL, null).orElseThrow();
    Party joined = relva.joinParty(CAROL, GENERAL, created.joinCode().display()).orElseThrow();
    assertThat(seen).isEmpty();
    while (!tasks.isEmpty()) {
      tasks.remove(0).run();
    }

    assertThat(seen).containsExactly(new PartyEvent.Created(created, START),
        new PartyEvent.MemberJoined(joined, CAROL, START));
  }
}

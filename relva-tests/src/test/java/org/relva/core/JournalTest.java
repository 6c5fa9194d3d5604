package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.LOBBY;
import static org.relva.core.RelvaHarness.START;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.store.InMemoryJournal;

/** What the core does with a {@link org.relva.core.store.StateJournal}: commit, undo, restore. */
class JournalTest {
  private final MutableClock clock = MutableClock.at(START);
  private final FakePartyChannels channels = new FakePartyChannels();
  private final InMemoryJournal journal = new InMemoryJournal();
  private final EventBus bus = EventBus.direct();
  private final List<RelvaEvent> events = new ArrayList<>();
  private RelvaStores stores = RelvaStores.inMemory();
  private Relva relva = build();

  private Relva build() {
    return Relva.builder().stores(stores).channels(channels).events(bus).clock(clock)
        .random(new SplittableRandom(3)).journal(journal).build();
  }

  private Map<String, Map<?, ?>> held() {
    Map<String, Map<?, ?>> held = new java.util.LinkedHashMap<>();
    RelvaInvariants.contents(relva, stores).forEach((name, entries) -> {
      if (!entries.isEmpty()) {
        held.put(name, entries);
      }
    });
    return held;
  }

  @Test
  @DisplayName("an event is delivered only once its change is in the journal")
  void eventsFollowTheCommit() {
    List<Boolean> committedFirst = new ArrayList<>();
    bus.subscribe(RelvaEvent.class, e -> committedFirst.add(journal.state().equals(held())));

    Party party = relva.createParty(ALICE, GENERAL, null).orElseThrow();
    relva.joinParty(BOB, GENERAL, party.joinCode().display()).orElseThrow();
    relva.queueParty(ALICE.id(), relva.channel(party.id()).orElseThrow()).orElseThrow();

    assertThat(committedFirst).hasSize(3).containsOnly(true);
    assertThat(journal.commits()).isEqualTo(3);
  }

  @Test
  @DisplayName("a read changes nothing and commits nothing")
  void readsCommitNothing() {
    relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
    long commits = journal.commits();

    relva.queue();
    relva.openMatches();
    relva.partyOf(CAROL.id());
    relva.joinQueue(CAROL, LOBBY, null); // refused: already queued

    assertThat(journal.commits()).isEqualTo(commits);
  }

  @Test
  @DisplayName("a commit that fails undoes the operation: refused, nothing stored, nobody told")
  void failedCommitUndoesTheOperation() {
    Party party = relva.createParty(ALICE, GENERAL, null).orElseThrow();
    relva.joinParty(BOB, GENERAL, party.joinCode().display()).orElseThrow();
    Map<String, Map<?, ?>> before = RelvaInvariants.contents(stores);
    List<QueueEntry> queueBefore = relva.queue();
    bus.subscribe(RelvaEvent.class, events::add);
    journal.failNextCommits(1);

    Outcome<QueueEntry> queued = relva.queueParty(ALICE.id(), relva.channel(party.id()).orElseThrow());

    assertThat(queued.refused()).contains(Refusal.STORAGE_UNAVAILABLE);
    assertThat(queued.failure().orElseThrow().message()).contains("nothing changed");
    assertThat(RelvaInvariants.contents(stores)).isEqualTo(before);
    assertThat(relva.queue()).isEqualTo(queueBefore);
    assertThat(events).isEmpty();
    assertThat(journal.state()).isEqualTo(held());
    // The database is back: the same operation goes through.
    assertThat(relva.queueParty(ALICE.id(), relva.channel(party.id()).orElseThrow()).isSuccess())
        .isTrue();
    assertThat(journal.state()).isEqualTo(held());
    RelvaInvariants.assertConsistent(stores, channels);
  }

  @Test
  @DisplayName("a party whose creation could not be saved leaves no channel behind")
  void failedCreationClosesItsChannel() {
    journal.failNextCommits(1);

    Outcome<Party> made = relva.createParty(ALICE, GENERAL, null);

    assertThat(made.refused()).contains(Refusal.STORAGE_UNAVAILABLE);
    assertThat(channels.openChannels()).isEmpty();
    assertThat(relva.parties()).isEmpty();
    assertThat(relva.createParty(ALICE, GENERAL, null).isSuccess()).isTrue();
    RelvaInvariants.assertConsistent(stores, channels);
  }

  @Test
  @DisplayName("a pop that could not be saved leaves the queue as it was, and no match open")
  void failedPopLeavesTheQueue() {
    relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
    relva.joinQueue(DAVE, LOBBY, null).orElseThrow();
    List<QueueEntry> queue = relva.queue();
    journal.failNextCommits(1);

    assertThat(relva.pop(queue.get(0).region(), List.of(List.of(queue.get(0)),
        List.of(queue.get(1)))).refused()).contains(Refusal.STORAGE_UNAVAILABLE);

    assertThat(relva.queue()).isEqualTo(queue);
    assertThat(relva.openMatches()).isEmpty();
    assertThat(relva.pop(queue.get(0).region(), List.of(List.of(queue.get(0)),
        List.of(queue.get(1)))).isSuccess()).isTrue();
    assertThat(relva.openMatches()).hasSize(1);
  }

  @Test
  @DisplayName("a tick that could not be saved changes nothing; the next one applies the deadline")
  void failedTickIsRetried() {
    relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
    relva.joinQueue(DAVE, LOBBY, null).orElseThrow();
    List<QueueEntry> queue = relva.queue();
    relva.pop(queue.get(0).region(), List.of(List.of(queue.get(0)), List.of(queue.get(1))))
        .orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    journal.failNextCommits(1);

    assertThat(relva.tick()).isEmpty();
    assertThat(relva.openMatches()).hasSize(1);

    assertThat(relva.tick()).hasSize(1);
    assertThat(relva.openMatches()).isEmpty();
    assertThat(journal.state()).isEqualTo(held());
  }

  @Test
  @DisplayName("a restart restores everything; the deadlines that fell due meanwhile then apply")
  void restartRestoresThenTicks() {
    Party made = relva.createParty(ALICE, GENERAL, "eu").orElseThrow();
    Party party = relva.joinParty(BOB, GENERAL, made.joinCode().display()).orElseThrow();
    relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
    relva.joinQueue(DAVE, LOBBY, null).orElseThrow();
    List<QueueEntry> queue = relva.queue();
    String match = relva.pop(queue.get(0).region(), List.of(List.of(queue.get(0)),
        List.of(queue.get(1)))).orElseThrow().matchId();
    relva.acceptMatch(CAROL.id(), match).orElseThrow();
    Map<String, Map<?, ?>> before = RelvaInvariants.contents(relva, stores);

    stores = RelvaStores.inMemory();
    clock.advance(Duration.ofMinutes(5)); // the process was down longer than the ready check
    bus.subscribe(RelvaEvent.class, events::add);
    relva = build();

    assertThat(RelvaInvariants.contents(relva, stores)).isEqualTo(before);
    assertThat(relva.party(party.id())).contains(party);
    assertThat(relva.openMatches()).extracting(m -> m.id()).containsExactly(match);
    assertThat(relva.tick()).extracting(m -> m.id()).containsExactly(match);
    assertThat(events).filteredOn(MatchEvent.Cancelled.class::isInstance).hasSize(1);
    assertThat(relva.queue()).extracting(e -> e.entity().members().get(0)).containsExactly(CAROL);
    assertThat(journal.state()).isEqualTo(held());
    RelvaInvariants.assertConsistent(stores);
  }

  @Test
  @DisplayName("a saved state that breaks an invariant is refused at start, naming what is wrong")
  void brokenStateIsRefused() {
    Party party = relva.createParty(ALICE, GENERAL, null).orElseThrow();
    journal.commit(List.of(new org.relva.core.store.Change("memberships", BOB.id(),
        java.util.Optional.of(party.id()))));
    stores = RelvaStores.inMemory();

    org.assertj.core.api.Assertions.assertThatThrownBy(this::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invariants")
        .hasMessageContaining("membership index");
  }

  @Test
  @DisplayName("a request for a substitute survives a restart, and the place can be taken after it")
  void subRequestSurvivesARestart() {
    relva.joinQueue(CAROL, LOBBY, null).orElseThrow();
    relva.joinQueue(DAVE, LOBBY, null).orElseThrow();
    List<QueueEntry> queue = relva.queue();
    String match = relva.pop(queue.get(0).region(), List.of(List.of(queue.get(0)),
        List.of(queue.get(1)))).orElseThrow().matchId();
    relva.acceptMatch(CAROL.id(), match).orElseThrow();
    relva.acceptMatch(DAVE.id(), match).orElseThrow();
    relva.requestSub(DAVE.id()).orElseThrow();

    stores = RelvaStores.inMemory();
    relva = build();

    assertThat(stores.subRequests().snapshot()).containsEntry(DAVE.id(), match);
    assertThat(relva.takeSub(ALICE, DAVE.id()).orElseThrow().hasPlayer(ALICE.id())).isTrue();
    assertThat(journal.state()).isEqualTo(held());
    RelvaInvariants.assertConsistent(stores);
  }
}

package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.relva.core.MatchRules;
import org.relva.core.Outcome;
import org.relva.core.Refusal;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.matchmaking.MatchInvariants;

/**
 * A {@link Relva} wired to a test clock, the testkit's fake channel port, in-memory stores it can
 * inspect and a direct event bus whose events it records, with shortcuts for the match set-ups.
 */
final class MatchHarness {
  static final Instant START = Instant.parse("2024-03-01T18:00:00Z");
  static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  static final ChannelId GENERAL = ChannelId.of("general");
  static final Region US_E = Region.of("us-e");

  static final Member ALICE = Member.of("1001", "Alice");
  static final Member BOB = Member.of("1002", "Bob");
  static final Member CAROL = Member.of("1003", "Carol");
  static final Member DAVE = Member.of("1004", "Dave");
  static final Member ERIN = Member.of("1005", "Erin");
  static final Member FRANK = Member.of("1006", "Frank");
  static final Member GRACE = Member.of("1007", "Grace");
  static final Member HEIDI = Member.of("1008", "Heidi");

  final MutableClock clock = MutableClock.at(START);
  final FakePartyChannels channels = new FakePartyChannels();
  final RelvaStores stores = RelvaStores.inMemory();
  final List<RelvaEvent> events = Collections.synchronizedList(new ArrayList<>());
  /** Every event since the harness was made; {@link #forget()} does not clear it. */
  final List<RelvaEvent> history = Collections.synchronizedList(new ArrayList<>());
  final List<Throwable> listenerErrors = Collections.synchronizedList(new ArrayList<>());
  final Relva relva;

  MatchHarness() {
    this(MatchRules.defaults());
  }

  MatchHarness(MatchRules rules) {
    EventBus bus =
        EventBus.create(Runnable::run, (error, event, listener) -> listenerErrors.add(error));
    bus.subscribe(RelvaEvent.class, events::add);
    bus.subscribe(RelvaEvent.class, history::add);
    relva = Relva.builder()
        .config(RelvaConfig.defaults().withMatchRules(rules))
        .stores(stores)
        .channels(channels)
        .events(bus)
        .clock(clock)
        .random(new SplittableRandom(42L))
        .build();
  }

  // --- set-ups -----------------------------------------------------------------------------------

  /** A new party led by {@code leader} that {@code others} joined, in order. */
  Party party(Member leader, Member... others) {
    Party party = relva.createParty(leader, GENERAL, null).orElseThrow();
    for (Member other : others) {
      party = relva.joinParty(other, GENERAL, party.joinCode().display()).orElseThrow();
    }
    return party;
  }

  ChannelId channelOf(Party party) {
    return relva.channel(party.id()).orElseThrow();
  }

  /** The stored state of the party with {@code party}'s id. */
  Party current(Party party) {
    return relva.party(party.id()).orElseThrow();
  }

  /** Queues {@code party}, then moves the clock a second on so join times differ. */
  QueueEntry queue(Party party) {
    QueueEntry entry = relva.queueParty(party.leaderId(), channelOf(party)).orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    return entry;
  }

  /** Queues {@code member} alone, then moves the clock a second on so join times differ. */
  QueueEntry solo(Member member) {
    QueueEntry entry = relva.joinQueue(member, LOBBY, null).orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    return entry;
  }

  /** Pops a match of {@code first} against {@code second} in us-e. */
  PoppedMatch pop(List<QueueEntry> first, List<QueueEntry> second) {
    return relva.pop(US_E, List.of(first, second)).orElseThrow();
  }

  /** The stored record of match {@code id}. */
  MatchRecord match(String id) {
    return relva.match(id).orElseThrow();
  }

  /** Every player of {@code members} accepts match {@code id}; returns the record after. */
  MatchRecord acceptAll(String id, Member... members) {
    MatchRecord after = match(id);
    for (Member m : members) {
      after = relva.acceptMatch(m.id(), id).orElseThrow();
    }
    return after;
  }

  /** Every player of match {@code id} accepts it, so it is confirmed. */
  MatchRecord confirm(String id) {
    MatchRecord after = match(id);
    for (Member m : after.players()) {
      after = relva.acceptMatch(m.id(), id).orElseThrow();
    }
    assertThat(after.state()).isEqualTo(MatchRecord.State.CONFIRMED);
    return after;
  }

  /** Forgets the events recorded so far (but not {@link #history}). */
  void forget() {
    events.clear();
  }

  /** The recorded events of type {@code type}, oldest first. */
  <E> List<E> events(Class<E> type) {
    List<E> found = new ArrayList<>();
    for (RelvaEvent e : List.copyOf(events)) {
      if (type.isInstance(e)) {
        found.add(type.cast(e));
      }
    }
    return found;
  }

  /** The one recorded event of type {@code type}. */
  <E> E only(Class<E> type) {
    List<E> found = events(type);
    assertThat(found).as("events of type %s in %s", type.getSimpleName(), events).hasSize(1);
    return found.get(0);
  }

  /** The recorded match events, oldest first. */
  List<MatchEvent> matchEvents() {
    return events(MatchEvent.class);
  }

  // --- checks ------------------------------------------------------------------------------------

  /** Every store's content, by store name. */
  Map<String, Map<?, ?>> snapshot() {
    return RelvaInvariants.contents(stores);
  }

  /**
   * Runs {@code operation}, checks that it was refused with {@code refusal} and a message holding
   * every one of {@code words}, and that it changed no store, published nothing and called no
   * channel. Returns the message.
   */
  String assertRefused(Supplier<? extends Outcome<?>> operation, Refusal refusal,
      String... words) {
    Map<String, Map<?, ?>> before = snapshot();
    List<QueueEntry> queueBefore = relva.queue();
    List<MatchRecord> openBefore = relva.openMatches();
    int callsBefore = channels.callCount();
    forget();
    Outcome<?> outcome = operation.get();
    assertThat(outcome.isSuccess()).as("success of %s", outcome).isFalse();
    assertThat(outcome.refused()).as("refusal of %s", outcome).contains(refusal);
    assertThat(outcome.value()).isEmpty();
    String message = outcome.failure().orElseThrow().message();
    assertThat(message).as("message").isNotBlank();
    assertThat(message).as("message").contains(Arrays.asList(words));
    assertThat(snapshot()).as("stores after a refusal").isEqualTo(before);
    assertThat(relva.queue()).as("queue after a refusal").isEqualTo(queueBefore);
    assertThat(relva.openMatches()).as("open matches after a refusal").isEqualTo(openBefore);
    assertThat(events).as("events published by a refusal").isEmpty();
    assertThat(channels.callCount()).as("channel calls made by a refusal").isEqualTo(callsBefore);
    return message;
  }

  /**
   * Checks that the stores agree with one another and with the fake channels, that the queue's
   * history in the events holds, and that no listener failed.
   */
  void assertConsistent() {
    RelvaInvariants.assertConsistent(stores, channels);
    MatchInvariants.assertHistoryConsistent(List.copyOf(history));
    assertThat(listenerErrors).as("listener errors").isEmpty();
  }
}

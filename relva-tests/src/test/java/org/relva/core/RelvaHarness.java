package org.relva.core;

import org.relva.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import org.relva.testkit.RelvaInvariants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.relva.core.event.EventBus;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * A {@link Relva} wired to a test clock, a fake channel port, in-memory stores it can inspect and
 * a direct event bus whose events it records, with shortcuts for the usual set-ups.
 */
final class RelvaHarness {
  static final Instant START = Instant.parse("2024-03-01T18:00:00Z");
  static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  static final ChannelId GENERAL = ChannelId.of("general");

  static final Member ALICE = Member.of("1001", "Alice");
  static final Member BOB = Member.of("1002", "Bob");
  static final Member CAROL = Member.of("1003", "Carol");
  static final Member DAVE = Member.of("1004", "Dave");
  static final Member ERIN = Member.of("1005", "Erin");
  static final Member FRANK = Member.of("1006", "Frank");
  static final Member GRACE = Member.of("1007", "Grace");
  static final Member HEIDI = Member.of("1008", "Heidi");

  final MutableClock clock = MutableClock.at(START);
  final RecordingPartyChannels channels = new RecordingPartyChannels();
  final RelvaStores stores = RelvaStores.inMemory();
  final List<RelvaEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<Throwable> listenerErrors = Collections.synchronizedList(new ArrayList<>());
  final EventBus bus =
      EventBus.create(Runnable::run, (error, event, listener) -> listenerErrors.add(error));
  final Relva relva;

  RelvaHarness() {
    this(RelvaConfig.defaults(), new SplittableRandom(42L));
  }

  RelvaHarness(RelvaConfig config) {
    this(config, new SplittableRandom(42L));
  }

  RelvaHarness(RandomGenerator random) {
    this(RelvaConfig.defaults(), random);
  }

  RelvaHarness(RelvaConfig config, RandomGenerator random) {
    bus.subscribe(RelvaEvent.class, events::add);
    relva = Relva.builder()
        .config(config)
        .stores(stores)
        .channels(channels)
        .events(bus)
        .clock(clock)
        .random(random)
        .build();
  }

  // --- set-ups -----------------------------------------------------------------------------------

  /** A new party led by {@code leader}, created from #general. */
  Party create(Member leader) {
    return relva.createParty(leader, GENERAL, null).orElseThrow();
  }

  /** A new party led by {@code leader} that {@code others} joined, in order. */
  Party party(Member leader, Member... others) {
    Party party = create(leader);
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
    return stores.parties().get(party.id()).orElseThrow();
  }

  QueueEntry queue(Party party) {
    return relva.queueParty(party.leaderId(), channelOf(party)).orElseThrow();
  }

  QueueEntry solo(Member member) {
    return relva.joinQueue(member, LOBBY, null).orElseThrow();
  }

  /** Forgets the events and channel calls recorded so far. */
  void forget() {
    events.clear();
    channels.forget();
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
    forget();
    Outcome<?> outcome = operation.get();
    assertThat(outcome.isSuccess()).as("success of %s", outcome).isFalse();
    assertThat(outcome.refused()).as("refusal of %s", outcome).contains(refusal);
    assertThat(outcome.value()).isEmpty();
    String message = outcome.failure().orElseThrow().message();
    assertThat(message).as("message").isNotBlank();
    if (words.length > 0) {
      assertThat(message).as("message").contains(words);
    }
    assertThat(snapshot()).as("stores after a refusal").isEqualTo(before);
    assertThat(events).as("events published by a refusal").isEmpty();
    assertThat(channels.calls()).as("channel calls made by a refusal").isEmpty();
    return message;
  }

  /** Checks that the stores agree with one another, as the core promises. */
  void assertConsistent() {
    RelvaInvariants.assertConsistent(stores);
  }
}

package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
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
import org.relva.core.model.UserId;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.matchmaking.MatchInvariants;

/**
 * A {@link Relva} wired to a test clock, a recording channel port in front of the testkit's
 * {@link FakePartyChannels}, in-memory stores it can inspect and a direct event bus whose events
 * it records, with shortcuts for the usual set-ups of parties, the queue and matches. The core's
 * tests and the match tests ({@code org.relva.core.match}) share it. Not thread-safe, except for
 * what the core's own threads touch (the event lists and the channel port).
 */
public final class RelvaHarness {
  public static final Instant START = Instant.parse("2024-03-01T18:00:00Z");
  public static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  public static final ChannelId GENERAL = ChannelId.of("general");
  public static final Region US_E = Region.of("us-e");

  public static final Member ALICE = Member.of("1001", "Alice");
  public static final Member BOB = Member.of("1002", "Bob");
  public static final Member CAROL = Member.of("1003", "Carol");
  public static final Member DAVE = Member.of("1004", "Dave");
  public static final Member ERIN = Member.of("1005", "Erin");
  public static final Member FRANK = Member.of("1006", "Frank");
  public static final Member GRACE = Member.of("1007", "Grace");
  public static final Member HEIDI = Member.of("1008", "Heidi");

  public final MutableClock clock = MutableClock.at(START);
  /** The channels the core opened, and who may see each; {@link #channels} forwards to it. */
  public final FakePartyChannels fakeChannels = new FakePartyChannels();
  /** The port the core is given: records every call, can be told to fail. */
  public final RecordingPartyChannels channels = new RecordingPartyChannels(fakeChannels);
  public final RelvaStores stores = RelvaStores.inMemory();
  /** The events since the last {@link #forget()}. */
  public final List<RelvaEvent> events = Collections.synchronizedList(new ArrayList<>());
  /** Every event since the harness was made; {@link #forget()} does not clear it. */
  public final List<RelvaEvent> history = Collections.synchronizedList(new ArrayList<>());
  public final List<Throwable> listenerErrors = Collections.synchronizedList(new ArrayList<>());
  public final EventBus bus =
      EventBus.create(Runnable::run, (error, event, listener) -> listenerErrors.add(error));
  /** The ratings a captains' draft reads: 1500 for anyone not named. */
  public final Map<UserId, Double> ratings = new java.util.concurrent.ConcurrentHashMap<>();
  public final Relva relva;

  public RelvaHarness() {
    this(RelvaConfig.defaults(), new SplittableRandom(42L));
  }

  public RelvaHarness(RelvaConfig config) {
    this(config, new SplittableRandom(42L));
  }

  public RelvaHarness(MatchRules rules) {
    this(RelvaConfig.defaults().withMatchRules(rules));
  }

  public RelvaHarness(RandomGenerator random) {
    this(RelvaConfig.defaults(), random);
  }

  public RelvaHarness(RelvaConfig config, RandomGenerator random) {
    bus.subscribe(RelvaEvent.class, events::add);
    bus.subscribe(RelvaEvent.class, history::add);
    relva = Relva.builder()
        .config(config)
        .stores(stores)
        .channels(channels)
        .events(bus)
        .clock(clock)
        .random(random)
        .ratings((user, region) -> ratings.getOrDefault(user, 1500.0))
        .build();
  }

  // --- set-ups -----------------------------------------------------------------------------------

  /** A new party led by {@code leader}, created from #general. */
  public Party create(Member leader) {
    return relva.createParty(leader, GENERAL, null).orElseThrow();
  }

  /** A new party led by {@code leader} that {@code others} joined, in order. */
  public Party party(Member leader, Member... others) {
    Party party = create(leader);
    for (Member other : others) {
      party = relva.joinParty(other, GENERAL, party.joinCode().display()).orElseThrow();
    }
    return party;
  }

  public ChannelId channelOf(Party party) {
    return relva.channel(party.id()).orElseThrow();
  }

  /** The stored state of the party with {@code party}'s id. */
  public Party current(Party party) {
    return stores.parties().get(party.id()).orElseThrow();
  }

  /** Queues {@code party}; the clock stays where it is. */
  public QueueEntry queue(Party party) {
    return relva.queueParty(party.leaderId(), channelOf(party)).orElseThrow();
  }

  /** Queues {@code member} alone; the clock stays where it is. */
  public QueueEntry solo(Member member) {
    return relva.joinQueue(member, LOBBY, null).orElseThrow();
  }

  /** Queues {@code party}, then moves the clock a second on so join times differ. */
  public QueueEntry queueInTurn(Party party) {
    QueueEntry entry = queue(party);
    clock.advance(Duration.ofSeconds(1));
    return entry;
  }

  /** Queues {@code member} alone, then moves the clock a second on so join times differ. */
  public QueueEntry soloInTurn(Member member) {
    QueueEntry entry = solo(member);
    clock.advance(Duration.ofSeconds(1));
    return entry;
  }

  /** Pops a match of {@code first} against {@code second} in us-e. */
  public PoppedMatch pop(List<QueueEntry> first, List<QueueEntry> second) {
    return relva.pop(US_E, List.of(first, second)).orElseThrow();
  }

  /** The stored record of match {@code id}. */
  public MatchRecord match(String id) {
    return relva.match(id).orElseThrow();
  }

  /** Every player of {@code members} accepts match {@code id}; returns the record after. */
  public MatchRecord acceptAll(String id, Member... members) {
    MatchRecord after = match(id);
    for (Member m : members) {
      after = relva.acceptMatch(m.id(), id).orElseThrow();
    }
    return after;
  }

  /** Every player of match {@code id} accepts it, so it is confirmed. */
  public MatchRecord confirm(String id) {
    MatchRecord after = match(id);
    for (Member m : after.players()) {
      after = relva.acceptMatch(m.id(), id).orElseThrow();
    }
    assertThat(after.state()).isEqualTo(MatchRecord.State.CONFIRMED);
    return after;
  }

  /** Forgets the events (but not {@link #history}) and channel calls recorded so far. */
  public void forget() {
    events.clear();
    channels.forget();
  }

  /** The recorded events of type {@code type}, oldest first. */
  public <E> List<E> events(Class<E> type) {
    List<E> found = new ArrayList<>();
    for (RelvaEvent e : List.copyOf(events)) {
      if (type.isInstance(e)) {
        found.add(type.cast(e));
      }
    }
    return found;
  }

  /** The one recorded event of type {@code type}. */
  public <E> E only(Class<E> type) {
    List<E> found = events(type);
    assertThat(found).as("events of type %s in %s", type.getSimpleName(), events).hasSize(1);
    return found.get(0);
  }

  /** The recorded match events, oldest first. */
  public List<MatchEvent> matchEvents() {
    return events(MatchEvent.class);
  }

  // --- checks ------------------------------------------------------------------------------------

  /** Every store's content, by store name. */
  public Map<String, Map<?, ?>> snapshot() {
    return RelvaInvariants.contents(stores);
  }

  /**
   * Runs {@code operation}, checks that it was refused with {@code refusal} and a neutral message
   * (no slash commands) holding every one of {@code words}, and that it changed no store, the queue or the open matches,
   * published nothing and called no channel. Returns the message.
   */
  public String assertRefused(Supplier<? extends Outcome<?>> operation, Refusal refusal,
      String... words) {
    Map<String, Map<?, ?>> before = snapshot();
    List<QueueEntry> queueBefore = relva.queue();
    List<MatchRecord> openBefore = relva.openMatches();
    forget();
    Outcome<?> outcome = operation.get();
    assertThat(outcome.isSuccess()).as("success of %s", outcome).isFalse();
    assertThat(outcome.refused()).as("refusal of %s", outcome).contains(refusal);
    assertThat(outcome.value()).isEmpty();
    String message = outcome.failure().orElseThrow().message();
    assertThat(message).as("message").isNotBlank();
    assertThat(message).as("the core's message names no front end's commands")
        .doesNotContain("/party", "/queue", "/match", "/admin");
    if (words.length > 0) {
      assertThat(message).as("message").contains(words);
    }
    assertThat(snapshot()).as("stores after a refusal").isEqualTo(before);
    assertThat(relva.queue()).as("queue after a refusal").isEqualTo(queueBefore);
    assertThat(relva.openMatches()).as("open matches after a refusal").isEqualTo(openBefore);
    assertThat(events).as("events published by a refusal").isEmpty();
    assertThat(channels.calls()).as("channel calls made by a refusal").isEmpty();
    return message;
  }

  /**
   * Checks that the stores agree with one another, as the core promises even when a channel call
   * failed and the channels no longer match them.
   */
  public void assertStoresConsistent() {
    RelvaInvariants.assertConsistent(stores);
  }

  /**
   * Checks that the stores agree with one another and with the open channels, that the queue's
   * history in the events holds, and that no listener failed.
   */
  public void assertConsistent() {
    RelvaInvariants.assertConsistent(stores, fakeChannels);
    MatchInvariants.assertHistoryConsistent(List.copyOf(history));
    assertThat(listenerErrors).as("listener errors").isEmpty();
  }
}

package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.EventBus;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.ReplayedState;

/**
 * A core under test with everything around it observable: its stores, a fake channel port, a
 * clock the test moves, and every event published. {@link #apply} runs one {@link Step} (any
 * operation, by any user, from any channel) and checks what the step must respect.
 */
final class CoreWorld {
  static final int USERS = 8;
  static final ChannelId ELSEWHERE = ChannelId.of("general");

  final MutableClock clock = MutableClock.atEpochOfTests();
  final FakePartyChannels channels = new FakePartyChannels();
  final List<RelvaEvent> events = new ArrayList<>();
  private final EventBus bus = EventBus.direct();
  private final SplittableRandom random;
  private final StateJournal journal;
  RelvaStores stores = RelvaStores.inMemory();
  Relva relva;
  int restarts;
  final List<Member> users = new ArrayList<>();
  private final List<String> oldCodes = new ArrayList<>();
  final EnumSet<Op> succeeded = EnumSet.noneOf(Op.class);
  int steps;
  int refusals;

  CoreWorld(long seed) {
    this(seed, StateJournal.none());
  }

  /** A world whose core commits every change through {@code journal}, so it can restart. */
  CoreWorld(long seed, StateJournal journal) {
    this.random = new SplittableRandom(seed);
    this.journal = journal;
    bus.subscribe(RelvaEvent.class, events::add);
    relva = build();
    for (int i = 0; i < USERS; i++) {
      users.add(Member.of(String.valueOf(100_000_000_000L + i), "player" + i));
    }
  }

  private Relva build() {
    return Relva.builder()
        .config(RelvaConfig.defaults().withWrongCodeLimit(3, Duration.ofSeconds(30)))
        .stores(stores)
        .channels(channels)
        .events(bus)
        .clock(clock)
        .random(random)
        .journal(journal)
        .build();
  }

  /**
   * A restart: the core and its in-memory stores are dropped, as a killed process's are, and a
   * new core is built on fresh stores from the journal; the world outside (channels, clock) stays.
   * Then the deadlines that fell due are applied, as the bot does at start.
   */
  void restart() {
    Map<String, Map<?, ?>> before = snapshot();
    stores = RelvaStores.inMemory();
    relva = build();
    assertThat(snapshot()).as("the stores a restart restored").isEqualTo(before);
    relva.tick();
    restarts++;
  }

  /** The operations a step may run. */
  enum Op {
    CREATE, JOIN, LEAVE, DISBAND, REMOVE, PROMOTE, NEW_CODE, INFO, STATS,
    QUEUE_PARTY, DEQUEUE_PARTY, QUEUE_SOLO, LEAVE_SOLO, POP, FAIL_NEXT_CHANNEL, WAIT
  }

  /** Where a step's command comes from, resolved against the state when it runs. */
  enum Where { OWN_PARTY, LOBBY, OTHER_PARTY, ELSEWHERE }

  /** Which join code a join step types, resolved when it runs. */
  enum Code { LIVE, LIVE_LOWERCASE, OLD, GARBAGE }

  /** One generated step. */
  record Step(Op op, int actor, int target, Where where, Code code, int region) {
    @Override
    public String toString() {
      return op + " by u" + actor + (op == Op.REMOVE || op == Op.PROMOTE ? " on u" + target : "")
          + (op == Op.JOIN ? " code " + code + " of u" + target + "'s party" : "")
          + " from " + where + (region > 0 ? " region#" + region : "");
    }
  }

  void apply(Step step) {
    steps++;
    Member actor = pickActor(step);
    Member target = pickTarget(step, actor);
    ChannelId from = resolve(step.where(), actor.id(), target.id());
    Map<String, Map<?, ?>> before = snapshot();
    Optional<Party> actorParty = relva.partyOf(actor.id());
    boolean actorLeads = actorParty.map(p -> p.isLeader(actor.id())).orElse(false);
    boolean fromOwnChannel = actorParty
        .flatMap(p -> relva.channel(p.id())).map(from::equals).orElse(false);
    @Nullable String region = switch (step.region()) {
      case 0 -> null;
      case 1 -> "us-w";
      case 2 -> "EU";
      default -> "atlantis";
    };

    Outcome<?> outcome;
    switch (step.op()) {
      case CREATE -> outcome = relva.createParty(actor, from, region);
      case JOIN -> outcome = relva.joinParty(actor, from, code(step.code(), target.id()));
      case LEAVE -> outcome = relva.leaveParty(actor.id(), from);
      case DISBAND -> outcome = relva.disbandParty(actor.id(), from);
      case REMOVE -> outcome = relva.removeMember(actor.id(), from, target.id());
      case PROMOTE -> outcome = relva.promote(actor.id(), from, target.id());
      case NEW_CODE -> {
        actorParty.ifPresent(p -> oldCodes.add(p.joinCode().value()));
        outcome = relva.newJoinCode(actor.id(), from);
      }
      case INFO -> outcome = relva.partyInfo(actor.id(), from);
      case STATS -> outcome = relva.partyStats(actor.id(), from);
      case QUEUE_PARTY -> outcome = relva.queueParty(actor.id(), from);
      case DEQUEUE_PARTY -> outcome = relva.dequeueParty(actor.id(), from);
      case QUEUE_SOLO -> outcome = relva.joinQueue(actor, from, region);
      case LEAVE_SOLO -> outcome = relva.leaveQueue(actor.id(), from);
      case POP -> outcome = popFirstTwo();
      case FAIL_NEXT_CHANNEL -> {
        channels.failNextOpenings(1);
        outcome = relva.createParty(actor, from, region);
        channels.failNextOpenings(0);
      }
      case WAIT -> {
        clock.advance(Duration.ofSeconds(1 + step.target() * 7L));
        return;
      }
      default -> throw new AssertionError(step.op());
    }

    if (!outcome.isSuccess()) {
      refusals++;
      assertThat(snapshot()).as("a refused %s changed nothing (%s)", step,
          outcome.failure().orElseThrow().message()).isEqualTo(before);
      assertThat(outcome.failure().orElseThrow().message()).isNotBlank();
      return;
    }
    succeeded.add(step.op());
    // What a success must have respected: who may do it, and where.
    switch (step.op()) {
      case DISBAND, REMOVE, PROMOTE, NEW_CODE, QUEUE_PARTY, DEQUEUE_PARTY ->
          assertThat(actorLeads && fromOwnChannel)
              .as("%s succeeded only for the leader in the party's channel", step).isTrue();
      case LEAVE, INFO, STATS -> assertThat(fromOwnChannel)
          .as("%s succeeded only from the party's channel", step).isTrue();
      case QUEUE_SOLO, LEAVE_SOLO -> assertThat(actorParty.isEmpty()
          && from.equals(relva.config().lobby()))
          .as("%s succeeded only for a player in no party, in the lobby", step).isTrue();
      case CREATE, JOIN -> assertThat(actorParty).as("%s needs a user in no party", step).isEmpty();
      case FAIL_NEXT_CHANNEL ->
          throw new AssertionError("a party was created although its channel failed to open");
      default -> { }
    }
    if (step.op() == Op.INFO || step.op() == Op.STATS) {
      assertThat(snapshot()).as("%s is read-only", step).isEqualTo(before);
    }
  }

  void checkInvariants() {
    RelvaInvariants.assertConsistent(stores, channels);
    assertThat(ReplayedState.replay(events)).isEqualTo(ReplayedState.of(stores));
  }

  /**
   * Steps aimed at a leader mostly pick one, and steps aimed at a member mostly pick one of the
   * actor's party, so that random sequences reach the interesting states; odd indices keep the
   * raw user, for the refusals.
   */
  private Member pickActor(Step step) {
    List<Party> all = relva.parties();
    List<Party> groups = all.stream().filter(Party::canQueue).toList();
    List<Party> parties = groups.isEmpty() ? all : groups;
    boolean leaderOp = switch (step.op()) {
      case DISBAND, REMOVE, PROMOTE, NEW_CODE, QUEUE_PARTY, DEQUEUE_PARTY -> true;
      default -> false;
    };
    if (leaderOp && step.actor() % 2 == 0 && !parties.isEmpty()) {
      return parties.get(step.actor() / 2 % parties.size()).leader();
    }
    return users.get(step.actor());
  }

  private Member pickTarget(Step step, Member actor) {
    if ((step.op() == Op.REMOVE || step.op() == Op.PROMOTE) && step.target() % 2 == 0) {
      Optional<Party> party = relva.partyOf(actor.id());
      if (party.isPresent()) {
        List<Member> members = party.get().members();
        return members.get(step.target() / 2 % members.size());
      }
    }
    if (step.op() == Op.JOIN && step.target() % 2 == 0) {
      List<Party> parties = relva.parties();
      if (!parties.isEmpty()) {
        return parties.get(step.target() / 2 % parties.size()).leader();
      }
    }
    return users.get(step.target());
  }

  private Outcome<?> popFirstTwo() {
    List<QueueEntry> queue = relva.queue();
    if (queue.size() < 2) {
      return relva.pop(relva.config().regions().defaultRegion(), List.of(queue, queue));
    }
    QueueEntry first = queue.get(0);
    QueueEntry second = queue.get(1);
    return relva.pop(first.region(), List.of(List.of(first), List.of(second)));
  }

  private ChannelId resolve(Where where, UserId actor, UserId other) {
    return switch (where) {
      case OWN_PARTY -> channelOfPartyOf(actor).orElse(relva.config().lobby());
      case LOBBY -> relva.config().lobby();
      case OTHER_PARTY -> channelOfPartyOf(other).orElse(ELSEWHERE);
      case ELSEWHERE -> ELSEWHERE;
    };
  }

  private Optional<ChannelId> channelOfPartyOf(UserId user) {
    return relva.partyOf(user).flatMap(p -> relva.channel(p.id()));
  }

  private String code(Code code, UserId holder) {
    Optional<Party> party = relva.partyOf(holder);
    return switch (code) {
      case LIVE -> party.map(p -> p.joinCode().display()).orElse("NOPE-CODE");
      case LIVE_LOWERCASE -> party.map(p -> p.joinCode().value().toLowerCase(java.util.Locale.ROOT))
          .orElse("nope");
      case OLD -> oldCodes.isEmpty() ? "ZZZZ-ZZZZ" : oldCodes.get(oldCodes.size() - 1);
      case GARBAGE -> "0O1Il!";
    };
  }

  /** Every store's contents at one moment, for "changed nothing" checks. */
  Map<String, Map<?, ?>> snapshot() {
    return RelvaInvariants.contents(relva, stores);
  }
}

package org.relva.core.event;

import org.relva.testkit.ManualExecutor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.event.EventBus.Subscription;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/** The {@link EventBus} contract, on the direct executor and on one the test drives. */
class EventBusTest {
  static final Instant AT = Instant.parse("2024-03-01T18:00:00Z");
  static final Member ALICE = Member.of("1", "Alice");
  static final Member BOB = Member.of("2", "Bob");
  static final Party PARTY = Party.create(EntityId.of("K8d0wl5"), Region.of("eu"), ALICE,
      new JoinCode("HX7K3MQD"), AT);

  static final PartyEvent.Created CREATED = new PartyEvent.Created(PARTY, AT);
  static final PartyEvent.MemberJoined JOINED =
      new PartyEvent.MemberJoined(PARTY.plus(BOB), BOB, AT.plusSeconds(1));
  static final PartyEvent.JoinCodeChanged RECODED =
      new PartyEvent.JoinCodeChanged(PARTY.plus(BOB), AT.plusSeconds(2));
  static final QueueEvent.SoloJoin SOLO_JOIN = new QueueEvent.SoloJoin(new QueueEntry(
      new SoloPlayer(EntityId.of("K7c01ud"), Region.of("eu"), Member.of("3", "Carol")), AT));

  /** What the error handler was told. */
  record Reported(Throwable error, RelvaEvent event, Object listener) {}

  private final List<Reported> reported = new ArrayList<>();
  private final ListenerErrorHandler recording =
      (error, event, listener) -> reported.add(new Reported(error, event, listener));

  private EventBus direct() {
    return EventBus.create(Runnable::run, recording);
  }

  @Nested
  @DisplayName("delivery")
  class Delivery {

    @Test
    void publish_deliversEveryEventInOrder_toEveryListener() {
      EventBus bus = direct();
      List<RelvaEvent> first = new ArrayList<>();
      List<RelvaEvent> second = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, first::add);
      bus.subscribe(RelvaEvent.class, second::add);

      bus.publish(CREATED);
      bus.publish(JOINED);
      bus.publish(SOLO_JOIN);
      bus.publish(RECODED);

      assertThat(first).containsExactly(CREATED, JOINED, SOLO_JOIN, RECODED);
      assertThat(second).containsExactly(CREATED, JOINED, SOLO_JOIN, RECODED);
      assertThat(reported).isEmpty();
    }

    @Test
    void direct_deliversBeforePublishReturns() {
      EventBus bus = EventBus.direct();
      List<RelvaEvent> seen = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, seen::add);

      bus.publish(CREATED);

      assertThat(seen).containsExactly(CREATED);
    }

    @Test
    void listenersSubscribedLater_seeOnlyLaterEvents() {
      EventBus bus = direct();
      bus.publish(CREATED);
      List<RelvaEvent> seen = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, seen::add);

      bus.publish(JOINED);

      assertThat(seen).containsExactly(JOINED);
    }

    @Test
    void anEventWithoutListeners_goesNowhere() {
      EventBus bus = direct();

      assertThatCode(() -> bus.publish(CREATED)).doesNotThrowAnyException();
      assertThat(reported).isEmpty();
    }

    @Test
    void nullsAreRejected() {
      EventBus bus = direct();

      assertThatThrownBy(() -> bus.publish(nullValue())).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> bus.subscribe(nullValue(), e -> { }))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> bus.subscribe(RelvaEvent.class, nullValue()))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  @DisplayName("subscription by type")
  class ByType {

    @Test
    void subscribingToPartyEvent_receivesEveryPartyEvent_andNoQueueEvent() {
      EventBus bus = direct();
      List<PartyEvent> party = new ArrayList<>();
      List<QueueEvent> queue = new ArrayList<>();
      List<PartyEvent.Created> created = new ArrayList<>();
      List<RelvaEvent> all = new ArrayList<>();
      bus.subscribe(PartyEvent.class, party::add);
      bus.subscribe(QueueEvent.class, queue::add);
      bus.subscribe(PartyEvent.Created.class, created::add);
      bus.subscribe(RelvaEvent.class, all::add);

      bus.publish(CREATED);
      bus.publish(SOLO_JOIN);
      bus.publish(JOINED);

      assertThat(party).containsExactly(CREATED, JOINED);
      assertThat(queue).containsExactly(SOLO_JOIN);
      assertThat(created).containsExactly(CREATED);
      assertThat(all).containsExactly(CREATED, SOLO_JOIN, JOINED);
    }

    @Test
    void aListenerOfASupertype_mayListenToASubtype() {
      EventBus bus = direct();
      List<Object> seen = new ArrayList<>();
      Consumer<Object> anything = seen::add;

      bus.subscribe(PartyEvent.MemberJoined.class, anything);
      bus.publish(CREATED);
      bus.publish(JOINED);

      assertThat(seen).containsExactly(JOINED);
    }
  }

  @Nested
  @DisplayName("failing listeners")
  class Failures {

    @Test
    void aThrowingListenersException_goesToTheHandler_notToThePublisherOrOtherListeners() {
      EventBus bus = direct();
      List<RelvaEvent> before = new ArrayList<>();
      List<RelvaEvent> after = new ArrayList<>();
      IllegalStateException boom = new IllegalStateException("boom");
      Consumer<RelvaEvent> thrower = e -> {
        throw boom;
      };
      bus.subscribe(RelvaEvent.class, before::add);
      bus.subscribe(RelvaEvent.class, thrower);
      bus.subscribe(RelvaEvent.class, after::add);

      assertThatCode(() -> bus.publish(CREATED)).doesNotThrowAnyException();
      bus.publish(JOINED);

      assertThat(before).containsExactly(CREATED, JOINED);
      assertThat(after).containsExactly(CREATED, JOINED);
      assertThat(reported).containsExactly(new Reported(boom, CREATED, thrower),
          new Reported(boom, JOINED, thrower));
    }

    @Test
    void anErrorThrownByAListener_isReportedToo() {
      EventBus bus = direct();
      AssertionError error = new AssertionError("listener assertion");
      List<RelvaEvent> after = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, e -> {
        throw error;
      });
      bus.subscribe(RelvaEvent.class, after::add);

      assertThatCode(() -> bus.publish(CREATED)).doesNotThrowAnyException();

      assertThat(reported).extracting(Reported::error).containsExactly(error);
      assertThat(after).containsExactly(CREATED);
    }

    @Test
    void aThrowingHandler_reachesNeitherThePublisherNorTheOtherListeners() {
      EventBus bus = EventBus.create(Runnable::run, (error, event, listener) -> {
        throw new IllegalStateException("handler bug");
      });
      List<RelvaEvent> after = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, e -> {
        throw new IllegalArgumentException("listener bug");
      });
      bus.subscribe(RelvaEvent.class, after::add);

      assertThatCode(() -> bus.publish(CREATED)).doesNotThrowAnyException();

      assertThat(after).containsExactly(CREATED);
    }

    @Test
    void aRejectingExecutor_isReportedToTheHandler_notThrownAtThePublisher() {
      RejectedExecutionException rejected = new RejectedExecutionException("shut down");
      Executor shutDown = task -> {
        throw rejected;
      };
      EventBus bus = EventBus.create(shutDown, recording);
      bus.subscribe(RelvaEvent.class, e -> { });

      assertThatCode(() -> bus.publish(CREATED)).doesNotThrowAnyException();

      assertThat(reported).extracting(Reported::error, Reported::event)
          .containsExactly(tuple(rejected, CREATED));
    }
  }

  @Nested
  @DisplayName("cancelling")
  class Cancelling {

    @Test
    void cancel_stopsDelivery_andIsIdempotent() {
      EventBus bus = direct();
      List<RelvaEvent> cancelled = new ArrayList<>();
      List<RelvaEvent> kept = new ArrayList<>();
      Subscription subscription = bus.subscribe(RelvaEvent.class, cancelled::add);
      bus.subscribe(RelvaEvent.class, kept::add);
      bus.publish(CREATED);

      subscription.cancel();
      subscription.cancel();
      bus.publish(JOINED);

      assertThat(cancelled).containsExactly(CREATED);
      assertThat(kept).containsExactly(CREATED, JOINED);
    }

    @Test
    void close_cancels() {
      EventBus bus = direct();
      List<RelvaEvent> seen = new ArrayList<>();
      try (Subscription subscription = bus.subscribe(RelvaEvent.class, seen::add)) {
        bus.publish(CREATED);
        assertThat(subscription).isNotNull();
      }

      bus.publish(JOINED);

      assertThat(seen).containsExactly(CREATED);
    }

    @Test
    void theSameListenerSubscribedTwice_isDeliveredTwice_untilOneIsCancelled() {
      EventBus bus = direct();
      List<RelvaEvent> seen = new ArrayList<>();
      Consumer<RelvaEvent> listener = seen::add;
      Subscription one = bus.subscribe(RelvaEvent.class, listener);
      bus.subscribe(RelvaEvent.class, listener);

      bus.publish(CREATED);
      one.cancel();
      bus.publish(JOINED);

      assertThat(seen).containsExactly(CREATED, CREATED, JOINED);
    }

    @Test
    void cancellingBeforeTheExecutorRuns_stopsDeliveryOfEventsAlreadyPublished() {
      ManualExecutor executor = new ManualExecutor();
      EventBus bus = EventBus.create(executor, recording);
      List<RelvaEvent> seen = new ArrayList<>();
      Subscription subscription = bus.subscribe(RelvaEvent.class, seen::add);
      bus.publish(CREATED);

      subscription.cancel();
      executor.runAll();

      assertThat(seen).isEmpty();
    }
  }

  @Nested
  @DisplayName("with an injected executor")
  class InjectedExecutor {

    @Test
    void nothingIsDeliveredUntilTheTestRunsTheTasks_thenEverythingInOrder() {
      ManualExecutor executor = new ManualExecutor();
      EventBus bus = EventBus.create(executor, recording);
      List<RelvaEvent> first = new ArrayList<>();
      List<RelvaEvent> second = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, first::add);
      bus.subscribe(PartyEvent.class, second::add);

      bus.publish(CREATED);
      bus.publish(SOLO_JOIN);
      bus.publish(JOINED);

      assertThat(first).isEmpty();
      assertThat(second).isEmpty();
      assertThat(executor.pending()).isPositive();

      executor.runAll();

      assertThat(first).containsExactly(CREATED, SOLO_JOIN, JOINED);
      assertThat(second).containsExactly(CREATED, JOINED);
      assertThat(executor.pending()).isZero();
    }

    @Test
    void eventsPublishedAfterARun_waitForTheNextRun() {
      ManualExecutor executor = new ManualExecutor();
      EventBus bus = EventBus.create(executor, recording);
      List<RelvaEvent> seen = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, seen::add);
      bus.publish(CREATED);
      executor.runAll();

      bus.publish(JOINED);

      assertThat(seen).containsExactly(CREATED);
      executor.runAll();
      assertThat(seen).containsExactly(CREATED, JOINED);
    }

    @Test
    void aThrowingListener_isReportedWhenTheTasksRun() {
      ManualExecutor executor = new ManualExecutor();
      EventBus bus = EventBus.create(executor, recording);
      IllegalStateException boom = new IllegalStateException("boom");
      bus.subscribe(RelvaEvent.class, e -> {
        throw boom;
      });
      bus.publish(CREATED);
      assertThat(reported).isEmpty();

      executor.runAll();

      assertThat(reported).extracting(Reported::error).containsExactly(boom);
    }

    @Test
    @DisplayName("a listener subscribed after an event was published does not receive it")
    void aListenerSubscribedAfterPublish_doesNotReceiveThatEvent() {
      // EventBus.subscribe: "every event of type ... published after this call".
      ManualExecutor executor = new ManualExecutor();
      EventBus bus = EventBus.create(executor, recording);
      List<RelvaEvent> early = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, early::add);
      bus.publish(CREATED);
      List<RelvaEvent> late = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, late::add);
      bus.publish(JOINED);

      executor.runAll();

      assertThat(early).containsExactly(CREATED, JOINED);
      assertThat(late).containsExactly(JOINED);
    }
  }

  @Nested
  @DisplayName("publishing from a listener")
  class Reentrancy {

    @Test
    void anEventPublishedFromAListener_isDeliveredAfterTheCurrentOneReachedEveryListener() {
      EventBus bus = direct();
      List<String> log = new ArrayList<>();
      List<Integer> deliveredWhenNestedPublishReturned = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, e -> {
        log.add("A:" + name(e));
        if (e == CREATED) {
          bus.publish(JOINED);
          deliveredWhenNestedPublishReturned.add(log.size());
        }
      });
      bus.subscribe(RelvaEvent.class, e -> log.add("B:" + name(e)));

      bus.publish(CREATED);

      assertThat(log).containsExactly("A:created", "B:created", "A:joined", "B:joined");
      assertThat(deliveredWhenNestedPublishReturned).containsExactly(1);
      assertThat(reported).isEmpty();
    }

    @Test
    void chainedPublishes_keepTheirOrder() {
      EventBus bus = direct();
      List<String> log = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, e -> {
        log.add("A:" + name(e));
        if (e == CREATED) {
          bus.publish(JOINED);
          bus.publish(RECODED);
        } else if (e == JOINED) {
          bus.publish(SOLO_JOIN);
        }
      });
      bus.subscribe(RelvaEvent.class, e -> log.add("B:" + name(e)));

      bus.publish(CREATED);

      assertThat(log).containsExactly("A:created", "B:created", "A:joined", "B:joined",
          "A:recoded", "B:recoded", "A:solo", "B:solo");
    }

    @Test
    void withAnInjectedExecutor_nestedPublishesAreOrderedToo() {
      ManualExecutor executor = new ManualExecutor();
      EventBus bus = EventBus.create(executor, recording);
      List<String> log = new ArrayList<>();
      bus.subscribe(RelvaEvent.class, e -> {
        log.add("A:" + name(e));
        if (e == CREATED) {
          bus.publish(JOINED);
        }
      });
      bus.subscribe(RelvaEvent.class, e -> log.add("B:" + name(e)));
      bus.publish(CREATED);
      bus.publish(RECODED);

      executor.runAll();

      assertThat(log).containsExactly("A:created", "B:created", "A:recoded", "B:recoded",
          "A:joined", "B:joined");
    }

    private String name(RelvaEvent e) {
      if (e == CREATED) {
        return "created";
      } else if (e == JOINED) {
        return "joined";
      } else if (e == RECODED) {
        return "recoded";
      }
      return "solo";
    }
  }

  @Test
  void toString_countsListeners() {
    EventBus bus = direct();
    bus.subscribe(RelvaEvent.class, e -> { });

    assertThat(bus.toString()).contains("1 listeners");
  }

  static <T> T nullValue() {
    return null;
  }
}

package org.relva.core.event;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Delivers {@link RelvaEvent}s to listeners that subscribed by type.
 *
 * <p>Delivery is ordered: every listener sees events in the order they were published, one at a
 * time, on the bus's executor. A listener that throws does not stop delivery: its exception goes
 * to the bus's {@link ListenerErrorHandler}, never to the publisher or to the other listeners. No
 * reflection is involved: a listener is a {@link Consumer} of the event type it names.
 *
 * <p>With {@link MoreExecutors#directExecutor()} events are delivered on the publishing thread
 * before {@link #publish} returns (unless that thread is already delivering, in which case the new
 * event waits its turn), which makes tests deterministic. Any other executor is wrapped so that
 * tasks still run one at a time, in order.
 *
 * <p>This interface is thread-safe: any thread may publish and subscribe.
 */
public interface EventBus {

  /** A bus delivering on {@code executor}, reporting listener failures to {@code errors}. */
  static EventBus create(Executor executor, ListenerErrorHandler errors) {
    return new SequentialEventBus(executor, errors);
  }

  /** A bus delivering on the publishing thread and logging listener failures. */
  static EventBus direct() {
    return create(MoreExecutors.directExecutor(), ListenerErrorHandler.logging());
  }

  /**
   * Calls {@code listener} with every event of {@code type} (including subtypes) published after
   * this call, until the returned subscription is cancelled.
   */
  <E extends RelvaEvent> Subscription subscribe(Class<E> type, Consumer<? super E> listener);

  /** Delivers {@code event} to its subscribers, in order after every event published before it. */
  void publish(RelvaEvent event);

  /** A listener's registration; cancel it to stop receiving events. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    /** Stops delivery to the listener. Idempotent. */
    void cancel();

    @Override
    default void close() {
      cancel();
    }
  }
}

package org.relva.core.event;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The {@link EventBus} of {@link EventBus#create}. Each publish becomes one task on a Guava
 * sequential executor over the given executor, which runs tasks one at a time in submission order
 * and, over a direct executor, runs a task submitted from inside a running one after it finishes
 * rather than nested inside it. That is what keeps delivery ordered for every listener.
 */
final class SequentialEventBus implements EventBus {
  private static final System.Logger LOG = System.getLogger(SequentialEventBus.class.getName());

  private final Executor sequential;
  private final ListenerErrorHandler errors;
  private final CopyOnWriteArrayList<Registration<?>> registrations = new CopyOnWriteArrayList<>();

  SequentialEventBus(Executor executor, ListenerErrorHandler errors) {
    this.sequential = MoreExecutors.newSequentialExecutor(requireNonNull(executor, "executor"));
    this.errors = requireNonNull(errors, "errors");
  }

  @Override
  public <E extends RelvaEvent> Subscription subscribe(Class<E> type, Consumer<? super E> listener) {
    Registration<E> registration =
        new Registration<>(requireNonNull(type, "type"), requireNonNull(listener, "listener"));
    registrations.add(registration);
    return () -> {
      registration.cancelled = true;
      registrations.remove(registration);
    };
  }

  @Override
  public void publish(RelvaEvent event) {
    requireNonNull(event, "event");
    try {
      // The listeners are fixed when the event is published, so a listener subscribed later
      // never sees it, whatever the executor's delay.
      List<Registration<?>> targets = List.copyOf(registrations);
      sequential.execute(() -> deliver(event, targets));
    } catch (RejectedExecutionException e) {
      report(e, event, this);
    }
  }

  private void deliver(RelvaEvent event, List<Registration<?>> targets) {
    for (Registration<?> registration : targets) {
      try {
        registration.offer(event);
      } catch (RuntimeException | Error e) {
        report(e, event, registration.listener);
        if (e instanceof VirtualMachineError) {
          throw (VirtualMachineError) e;
        }
      }
    }
  }

  private void report(Throwable error, RelvaEvent event, Object listener) {
    try {
      errors.onError(error, event, listener);
    } catch (RuntimeException e) {
      e.addSuppressed(error);
      LOG.log(Level.ERROR, "the listener error handler failed", e);
    }
  }

  @Override
  public String toString() {
    return "EventBus(" + registrations.size() + " listeners)";
  }

  /** A listener and the event type it asked for. */
  private static final class Registration<E extends RelvaEvent> {
    final Class<E> type;
    final Consumer<? super E> listener;
    volatile boolean cancelled;

    Registration(Class<E> type, Consumer<? super E> listener) {
      this.type = type;
      this.listener = listener;
    }

    void offer(RelvaEvent event) {
      if (!cancelled && type.isInstance(event)) {
        listener.accept(type.cast(event));
      }
    }
  }
}

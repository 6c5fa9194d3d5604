package org.relva.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time the test moves: {@link #runQueued} runs what was handed to it to run now,
 * {@link #tick} runs every repeating task once, as if its period had passed. Delays of one-shot
 * tasks are ignored (they are queued). Nothing runs by itself. This class is thread-safe.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
  private final List<Repeating> repeating = new ArrayList<>();
  private boolean shutdown;

  @Override
  public synchronized void execute(Runnable task) {
    queued.addLast(task);
  }

  /** Runs the queued tasks, those they queue included; returns how many ran. */
  int runQueued() {
    int ran = 0;
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queued.pollFirst();
      }
      if (next == null) {
        return ran;
      }
      next.run();
      ran++;
    }
  }

  /** The queued tasks, then one run of each repeating task that is not cancelled. */
  void tick() {
    runQueued();
    List<Repeating> now;
    synchronized (this) {
      repeating.removeIf(Repeating::isCancelled);
      now = List.copyOf(repeating);
    }
    now.forEach(r -> r.task.run());
    runQueued();
  }

  synchronized int repeatingTasks() {
    repeating.removeIf(Repeating::isCancelled);
    return repeating.size();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay,
      TimeUnit unit) {
    Repeating r = new Repeating(task, unit.toNanos(delay));
    synchronized (this) {
      repeating.add(r);
    }
    return r;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period,
      TimeUnit unit) {
    return scheduleWithFixedDelay(task, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not used by the code under test");
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queued);
    queued.clear();
    repeating.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private static final class Repeating implements ScheduledFuture<Object> {
    final Runnable task;
    private final long period;
    private volatile boolean cancelled;

    Repeating(Runnable task, long period) {
      this.task = task;
      this.period = period;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(period, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("a repeating task has no result");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("a repeating task has no result");
    }
  }
}

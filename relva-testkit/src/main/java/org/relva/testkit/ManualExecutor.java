package org.relva.testkit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor that only queues tasks; the test runs them, one or all, when it chooses. Tasks
 * submitted while running are queued behind the others. This class is thread-safe.
 */
public final class ManualExecutor implements Executor {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.addLast(requireNonNull(task, "task"));
  }

  /** The number of tasks waiting. */
  public synchronized int pending() {
    return tasks.size();
  }

  /** Runs the oldest waiting task; false if there was none. */
  public boolean runNext() {
    Runnable next;
    synchronized (this) {
      next = tasks.pollFirst();
    }
    if (next == null) {
      return false;
    }
    next.run();
    return true;
  }

  /** Runs tasks until none is waiting, including those they submit; returns how many ran. */
  public int runAll() {
    int ran = 0;
    while (runNext()) {
      ran++;
    }
    return ran;
  }
}

package org.relva.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.relva.core.store.StorageException;

/**
 * The lock and the effects: the only place that takes the one or runs the other. Each public
 * operation of {@link Relva} is one call here: its body runs under the lock, its writes are
 * committed before the lock is released, and its effects (channel changes, events) run after, on
 * the calling thread and outside the lock, so no foreign code ever runs under it. A failed
 * commit, or a body that throws, is undone and its effects dropped. Thread-safe.
 */
final class Guard {
  private static final System.Logger LOG = System.getLogger(Relva.class.getName());

  private final ReentrantLock lock = new ReentrantLock();
  private final Journaling journaling;
  private final Effects effects;

  Guard(Journaling journaling, Effects effects) {
    this.journaling = journaling;
    this.effects = effects;
  }

  /** Runs an operation; one that could not be saved is refused as storage unavailable. */
  <T> Outcome<T> locked(Supplier<Outcome<T>> body) {
    return locked(body, notSaved -> Outcome.failure(Refusal.STORAGE_UNAVAILABLE,
        "This could not be saved (the database did not answer), so nothing changed. Try again "
            + "in a moment."));
  }

  /** Runs an operation; {@code ifNotSaved} answers for one whose commit failed (and was undone). */
  <T> T locked(Supplier<T> body, Function<StorageException, T> ifNotSaved) {
    lock.lock();
    try {
      T result;
      try {
        result = body.get();
        journaling.commit();
      } catch (StorageException e) {
        LOG.log(Level.WARNING, "an operation could not be saved and was undone", e);
        effects.discard();
        return ifNotSaved.apply(e);
      } catch (RuntimeException | Error e) {
        journaling.undo();
        effects.discard();
        throw e;
      }
      effects.release();
      return result;
    } finally {
      lock.unlock();
      runEffects();
    }
  }

  /** Runs a query under the lock: it reads one moment's state and changes nothing. */
  <T> T read(Supplier<T> query) {
    lock.lock();
    try {
      return query.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs the queued effects, unless this thread holds the lock (its outermost call will). */
  private void runEffects() {
    if (!lock.isHeldByCurrentThread()) {
      effects.run();
    }
  }
}

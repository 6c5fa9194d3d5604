package org.relva.core;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.relva.core.event.EventBus;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/**
 * The effects of changes: events to publish and channel changes to make, queued while the lock is
 * held and run after it is released, one at a time, in the order of the changes. The parts of the
 * core queue effects here and never call the channel port or the event bus themselves; only
 * {@link Relva} runs them, after unlocking, so nothing foreign ever runs under the lock.
 *
 * <p>An operation's effects are held back until its changes are committed ({@link #release()}):
 * nobody is told of a change that a crash could still lose, and the effects of an operation whose
 * commit failed are dropped with it ({@link #discard()}).
 *
 * <p>Queueing, releasing and discarding happen under Relva's lock; {@link #run()} may be called by
 * several threads at once, and exactly one of them runs the effects.
 */
final class Effects {
  private static final System.Logger LOG = System.getLogger(Effects.class.getName());

  private final PartyChannels channels;
  private final EventBus events;
  // Guarded by Relva's lock: the effects of the operation under way.
  private final List<Runnable> pending = new ArrayList<>();
  private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  Effects(PartyChannels channels, EventBus events) {
    this.channels = channels;
    this.events = events;
  }

  void publish(RelvaEvent event) {
    pending.add(() -> events.publish(event));
  }

  void grant(ChannelId channel, Member member) {
    pending.add(() -> channels.grant(channel, member));
  }

  void revoke(ChannelId channel, UserId user) {
    pending.add(() -> channels.revoke(channel, user));
  }

  void close(ChannelId channel) {
    pending.add(() -> channels.close(channel));
  }

  /** Closes {@code channel} now, outside any operation, logging a failure: for a leftover. */
  void closeNow(ChannelId channel) {
    try {
      channels.close(channel);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "could not close channel " + channel, e);
    }
  }

  /** The operation's changes are committed: its effects may run. */
  void release() {
    queued.addAll(pending);
    pending.clear();
  }

  /** The operation's changes were undone: its effects must never run. */
  void discard() {
    pending.clear();
  }

  /**
   * Runs the queued effects in order. A thread that finds another running returns at once (the
   * runner will reach its effects), and a listener that calls back into the core queues its effects
   * behind the ones running. A failing effect is logged and does not stop the others.
   */
  void run() {
    while (!queued.isEmpty() && running.compareAndSet(false, true)) {
      try {
        Runnable next;
        while ((next = queued.poll()) != null) {
          try {
            next.run();
          } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a channel change or event delivery failed", e);
          }
        }
      } finally {
        running.set(false);
      }
    }
  }
}

package org.relva.core;

import static org.relva.core.StoreWrites.checkedRemove;
import static org.relva.core.StoreWrites.checkedReplace;
import static org.relva.core.StoreWrites.insertNew;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * The queue's bookkeeping: every way in and out of the queue store goes through here, so the
 * queue, the solo tickets, the stays and the queue's order always agree. It publishes the spec's
 * {@code partyLeave} and {@code soloLeave}; the joins are published by whoever queues, since a
 * join means different things to different callers.
 *
 * <p>The order (oldest first, ties broken by id) is an index over the queue store, kept so that a
 * snapshot costs a copy rather than a sort; it is rebuilt from the store when the core is built.
 * When a party's current stay began is kept in {@link RelvaStores#stays()}: a party put back after
 * a cancelled ready check keeps its place (its original join time), but its time queued counts
 * from its return, so the ready check is not counted as waiting. Not thread-safe: used with
 * {@link Relva}'s lock held.
 */
final class QueueIndex {
  private final Context ctx;
  private final TreeMap<QueueKey, QueueEntry> order = new TreeMap<>();

  QueueIndex(Context ctx) {
    this.ctx = ctx;
    rebuild();
  }

  /** Builds the order anew from the queue store: at the start, and after an undone operation. */
  void rebuild() {
    order.clear();
    ctx.stores().queue().snapshot().values().forEach(e -> order.put(QueueKey.of(e), e));
  }

  /** The queue at this moment, oldest first. */
  List<QueueEntry> snapshot() {
    return ImmutableList.copyOf(order.values());
  }

  /** Whether entity {@code id} is queued. */
  boolean contains(EntityId id) {
    return ctx.stores().queue().containsKey(id);
  }

  /** Puts {@code entry} in the queue (with its solo ticket, or its stay starting now). */
  void enqueue(QueueEntry entry) {
    insertNew(ctx.stores().queue(), entry.id(), entry);
    order.put(QueueKey.of(entry), entry);
    if (entry.entity() instanceof SoloPlayer solo) {
      insertNew(ctx.stores().soloTickets(), solo.member().id(), solo.id());
    } else {
      ctx.stores().stays().put(entry.id(), ctx.now());
    }
  }

  /** Takes entity {@code id} out of the queue if it is there; returns {@code reason} if it was. */
  Optional<LeaveReason> dequeue(EntityId id, LeaveReason reason) {
    Optional<QueueEntry> entry = ctx.stores().queue().get(id);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Instant now = ctx.now();
    takeOut(entry.get(), now);
    ctx.publish(entry.get().entity() instanceof Party
        ? new QueueEvent.PartyLeave(entry.get(), reason, now)
        : new QueueEvent.SoloLeave(entry.get(), reason, now));
    return Optional.of(reason);
  }

  /**
   * Takes {@code entry} out of the queue without an event (a pop announces it otherwise), adding a
   * party's stay to its tally.
   */
  void takeOut(QueueEntry entry, Instant now) {
    checkedRemove(ctx.stores().queue(), entry.id(), entry);
    order.remove(QueueKey.of(entry));
    QueueEntity entity = entry.entity();
    if (entity instanceof SoloPlayer solo) {
      checkedRemove(ctx.stores().soloTickets(), solo.member().id(), entity.id());
    } else {
      Instant began = ctx.stores().stays().remove(entity.id()).orElse(entry.joinedAt());
      Duration stay = Duration.between(began, now);
      ctx.stores().tallies().compute(entity.id(),
          (id, t) -> (t == null ? PartyTally.EMPTY : t).plusQueued(stay));
    }
  }

  /** Keeps a queued party's entry in step with the party after a change to it. */
  void partyChanged(Party after) {
    ctx.stores().queue().get(after.id()).ifPresent(entry -> {
      QueueEntry updated = new QueueEntry(after, entry.joinedAt());
      checkedReplace(ctx.stores().queue(), after.id(), entry, updated);
      order.put(QueueKey.of(entry), updated);
    });
  }

  /** How long party {@code id} has been queued in its current stay, if it is queued. */
  Duration currentStay(EntityId id, Instant now) {
    return ctx.stores().queue().get(id)
        .map(e -> Duration.between(ctx.stores().stays().get(id).orElse(e.joinedAt()), now))
        .orElse(Duration.ZERO);
  }

  /** Whether {@code a} and {@code b} hold the same players, in whatever order. */
  static boolean sameMembers(QueueEntity a, QueueEntity b) {
    return memberIds(a).equals(memberIds(b));
  }

  private static Set<UserId> memberIds(QueueEntity entity) {
    Set<UserId> ids = new HashSet<>();
    for (Member m : entity.members()) {
      ids.add(m.id());
    }
    return ids;
  }

  /** Where an entry stands in the queue: oldest first, ties broken by id. */
  private record QueueKey(Instant joinedAt, EntityId id) implements Comparable<QueueKey> {
    static QueueKey of(QueueEntry entry) {
      return new QueueKey(entry.joinedAt(), entry.id());
    }

    @Override
    public int compareTo(QueueKey other) {
      int byTime = joinedAt.compareTo(other.joinedAt);
      return byTime != 0 ? byTime : id.compareTo(other.id);
    }
  }
}

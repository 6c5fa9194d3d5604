package org.relva.core;

import static org.relva.core.StoreWrites.checkedRemove;
import static org.relva.core.StoreWrites.checkedReplace;
import static org.relva.core.StoreWrites.insertNew;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
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
import org.relva.core.model.QueueId;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * The queues' bookkeeping: every way in and out of the queue store goes through here, so the
 * queues, the solo tickets, the stays and each queue's order always agree. It publishes the spec's
 * {@code partyLeave} and {@code soloLeave}; the joins are published by whoever queues, since a
 * join means different things to different callers.
 *
 * <p>Each queue's order (oldest first, ties broken by id) is an index over the queue store, kept
 * so that a snapshot costs a copy rather than a sort; it is rebuilt from the store when the core
 * is built. An entity waits in each queue at most once (the store's key is its queue and id); a
 * solo player has one solo entity and one ticket, whatever queues it waits in. When a party's
 * current stay began is kept in {@link RelvaStores#stays()}: from when it entered its first queue
 * to when it is in none. A party put back after a cancelled ready check keeps its place (its
 * original join time), but its time queued counts from its return, so the ready check is not
 * counted as waiting. Not thread-safe: used with {@link Relva}'s lock held.
 */
final class QueueIndex {
  private final Context ctx;
  private final TreeMap<QueueId, TreeMap<QueueKey, QueueEntry>> orders = new TreeMap<>();

  QueueIndex(Context ctx) {
    this.ctx = ctx;
    rebuild();
  }

  /** Builds the orders anew from the queue store: at the start, and after an undone operation. */
  void rebuild() {
    orders.clear();
    ctx.stores().queue().snapshot().values().forEach(e -> order(e.queue()).put(QueueKey.of(e), e));
  }

  private TreeMap<QueueKey, QueueEntry> order(QueueId queue) {
    return orders.computeIfAbsent(queue, q -> new TreeMap<>());
  }

  /** Every queue at this moment, oldest first (ties broken by id, then queue). */
  List<QueueEntry> snapshot() {
    if (orders.size() <= 1) {
      return orders.isEmpty() ? List.of() : ImmutableList.copyOf(orders.firstEntry().getValue()
          .values());
    }
    TreeMap<QueueKey, QueueEntry> all = new TreeMap<>();
    orders.values().forEach(o -> o.values().forEach(e -> all.put(QueueKey.of(e), e)));
    return ImmutableList.copyOf(all.values());
  }

  /** Queue {@code queue} at this moment, oldest first. */
  List<QueueEntry> snapshot(QueueId queue) {
    TreeMap<QueueKey, QueueEntry> order = orders.get(queue);
    return order == null ? List.of() : ImmutableList.copyOf(order.values());
  }

  /** Whether entity {@code id} waits in any queue. */
  boolean contains(EntityId id) {
    return !entries(id).isEmpty();
  }

  /** Entity {@code id}'s entry in {@code queue}, if it waits there. */
  Optional<QueueEntry> entry(QueueId queue, EntityId id) {
    return ctx.stores().queue().get(QueueSlot.of(queue, id));
  }

  /** Entity {@code id}'s entries, one a queue it waits in, by queue name. */
  List<QueueEntry> entries(EntityId id) {
    List<QueueEntry> found = new ArrayList<>(1);
    for (QueueId queue : orders.keySet()) {
      entry(queue, id).ifPresent(found::add);
    }
    return found;
  }

  /** Entity {@code id}'s entry that has waited longest, of the queues it waits in, if any. */
  Optional<QueueEntry> oldest(EntityId id) {
    return entries(id).stream().min(Comparator.comparing(QueueEntry::joinedAt));
  }

  /** Puts {@code entry} in its queue (with its solo ticket, or its stay starting now). */
  void enqueue(QueueEntry entry) {
    boolean first = !contains(entry.id());
    insertNew(ctx.stores().queue(), entry.slot(), entry);
    order(entry.queue()).put(QueueKey.of(entry), entry);
    if (!first) {
      return;
    }
    if (entry.entity() instanceof SoloPlayer solo) {
      insertNew(ctx.stores().soloTickets(), solo.member().id(), solo.id());
    } else {
      ctx.stores().stays().put(entry.id(), ctx.now());
    }
  }

  /**
   * Takes entity {@code id} out of every queue it waits in; returns {@code reason} if it waited
   * anywhere.
   */
  Optional<LeaveReason> dequeue(EntityId id, LeaveReason reason) {
    List<QueueEntry> entries = entries(id);
    entries.forEach(e -> dequeue(e, reason));
    return entries.isEmpty() ? Optional.empty() : Optional.of(reason);
  }

  /** Takes {@code entry}, which is queued, out of its queue, publishing why. */
  void dequeue(QueueEntry entry, LeaveReason reason) {
    dequeue(entry, reason, ctx.now(), Optional.empty());
  }

  /**
   * As above, at {@code now}; {@code match} names the match that took it out of another queue,
   * for {@link LeaveReason#POPPED_ELSEWHERE}.
   */
  void dequeue(QueueEntry entry, LeaveReason reason, Instant now, Optional<String> match) {
    takeOut(entry, now);
    ctx.publish(entry.entity() instanceof Party
        ? new QueueEvent.PartyLeave(entry, reason, now, match)
        : new QueueEvent.SoloLeave(entry, reason, now, match));
  }

  /**
   * Takes {@code entry} out of its queue without an event (a pop announces it otherwise); when it
   * is in no queue any more, its solo ticket goes, or a party's stay is added to its tally.
   */
  void takeOut(QueueEntry entry, Instant now) {
    checkedRemove(ctx.stores().queue(), entry.slot(), entry);
    TreeMap<QueueKey, QueueEntry> order = order(entry.queue());
    order.remove(QueueKey.of(entry));
    if (order.isEmpty()) {
      orders.remove(entry.queue());
    }
    QueueEntity entity = entry.entity();
    List<QueueEntry> left = entries(entry.id());
    if (!left.isEmpty()) {
      if (entity instanceof Party) {
        keepStayWithin(entity.id(), left);
      }
      return;
    }
    if (entity instanceof SoloPlayer solo) {
      checkedRemove(ctx.stores().soloTickets(), solo.member().id(), entity.id());
    } else {
      Instant began = ctx.stores().stays().remove(entity.id()).orElse(entry.joinedAt());
      Duration stay = Duration.between(began, now);
      ctx.stores().tallies().compute(entity.id(),
          (id, t) -> (t == null ? PartyTally.EMPTY : t).plusQueued(stay));
    }
  }

  /**
   * Moves a party's stay on to its earliest remaining join if it began before that (its first
   * queue's entry left), counting the time between into its tally, so the stay never began before
   * every entry it has joined and no time queued is lost.
   */
  private void keepStayWithin(EntityId id, List<QueueEntry> remaining) {
    Instant earliest = remaining.stream().map(QueueEntry::joinedAt).min(Instant::compareTo)
        .orElseThrow();
    Optional<Instant> began = ctx.stores().stays().get(id);
    if (began.isPresent() && began.get().isBefore(earliest)) {
      ctx.stores().stays().put(id, earliest);
      Duration gone = Duration.between(began.get(), earliest);
      ctx.stores().tallies().compute(id,
          (k, t) -> (t == null ? PartyTally.EMPTY : t).plusQueued(gone));
    }
  }

  /** Keeps a queued party's entries in step with the party after a change to it. */
  void partyChanged(Party after) {
    for (QueueEntry entry : entries(after.id())) {
      QueueEntry updated = entry.withEntity(after);
      checkedReplace(ctx.stores().queue(), entry.slot(), entry, updated);
      order(entry.queue()).put(QueueKey.of(entry), updated);
    }
  }

  /** How long party {@code id} has been queued in its current stay, if it is queued. */
  Duration currentStay(EntityId id, Instant now) {
    return oldest(id).map(QueueEntry::joinedAt)
        .map(joined -> Duration.between(ctx.stores().stays().get(id).orElse(joined), now))
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

  /** Where an entry stands in the queues: oldest first, ties broken by id, then by queue. */
  private record QueueKey(Instant joinedAt, EntityId id, QueueId queue)
      implements Comparable<QueueKey> {
    static QueueKey of(QueueEntry entry) {
      return new QueueKey(entry.joinedAt(), entry.id(), entry.queue());
    }

    @Override
    public int compareTo(QueueKey other) {
      int byTime = joinedAt.compareTo(other.joinedAt);
      int byId = byTime != 0 ? byTime : id.compareTo(other.id);
      return byId != 0 ? byId : queue.compareTo(other.queue);
    }
  }
}

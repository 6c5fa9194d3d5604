package org.relva.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;

/**
 * Which queue an operation means, and which queues a server has: this is the place to change how
 * a queue is chosen when none is named, what one queue refuses (a party larger than its teams, a
 * region it does not offer), whether an entity may wait in several queues, and what changing the
 * queues while running does.
 *
 * <p>The choice when no queue is named: a solo player in a lobby means that lobby's queue; a
 * leader in the party's channel means the only queue if there is one, and is otherwise asked
 * which ({@link Refusal#CHOOSE_QUEUE}). A solo player may name any queue from any queue's lobby:
 * lobbies are where solo players speak, and naming the queue says which is meant. Not
 * thread-safe: used with {@link Relva}'s lock held.
 */
final class QueueChoice {
  private final Context ctx;
  private final QueueIndex queue;

  QueueChoice(Context ctx, QueueIndex queue) {
    this.ctx = ctx;
    this.queue = queue;
  }

  /** Queue {@code named}, or the queue a solo player in lobby {@code from} means. */
  Outcome<QueueSpec> forSolo(@Nullable QueueId named, ChannelId from) {
    if (named != null) {
      return named(named);
    }
    return ctx.config().queueAt(from).<Outcome<QueueSpec>>map(Outcome::success)
        .orElseGet(() -> named(QueueId.DEFAULT));
  }

  /** Queue {@code named}, or the only queue; with several, the question which. */
  Outcome<QueueSpec> forParty(@Nullable QueueId named) {
    if (named != null) {
      return named(named);
    }
    List<QueueSpec> all = ctx.config().queues();
    if (all.size() == 1) {
      return Outcome.success(all.get(0));
    }
    return Outcome.failure(Refusal.CHOOSE_QUEUE,
        new RefusalDetail.Queues("", ctx.config().queueNames()),
        "This server has several queues; name one: " + names() + ".");
  }

  /** Queue {@code id}, or a refusal listing the queues. */
  Outcome<QueueSpec> named(QueueId id) {
    return ctx.config().queue(id).<Outcome<QueueSpec>>map(Outcome::success)
        .orElseGet(() -> Outcome.failure(Refusal.UNKNOWN_QUEUE,
            new RefusalDetail.Queues(id.value(), ctx.config().queueNames()),
            "There is no queue '" + id + "'. Choose one of: " + names() + "."));
  }

  private String names() {
    return String.join(", ", ctx.config().queueNames());
  }

  /**
   * A refusal if entity {@code id} may not join {@code spec}: it already waits there, or (without
   * {@link RelvaConfig#multiQueue()}) in another queue.
   */
  <T> Optional<Outcome<T>> refuseIfWaiting(EntityId id, QueueSpec spec, String who) {
    Optional<QueueEntry> here = queue.entry(spec.id(), id);
    if (here.isPresent()) {
      return Optional.of(Outcome.failure(Refusal.ALREADY_QUEUED,
          new RefusalDetail.QueuedIn(spec.id()), who + " already in the queue"
              + (ctx.config().otherQueues().isEmpty() ? "" : " " + spec.id()) + "."));
    }
    List<QueueEntry> elsewhere = queue.entries(id);
    if (!elsewhere.isEmpty() && !ctx.config().multiQueue()) {
      QueueId other = elsewhere.get(0).queue();
      return Optional.of(Outcome.failure(Refusal.ALREADY_QUEUED, new RefusalDetail.QueuedIn(other),
          who + " already in the queue " + other + ", and one queue at a time is allowed here. "
              + "Leave it first."));
    }
    return Optional.empty();
  }

  /** A refusal if {@code spec} does not take a party of {@code size}. */
  <T> Optional<Outcome<T>> refuseIfTooLarge(int size, QueueSpec spec) {
    if (size <= spec.teamSize()) {
      return Optional.empty();
    }
    return Optional.of(Outcome.failure(Refusal.PARTY_TOO_LARGE,
        new RefusalDetail.PartyTooLarge(size, spec.teamSize(), spec.id()),
        "Your party has " + size + " players, more than a team of queue " + spec.id() + " ("
            + spec.teamSize() + "), so it could never be matched there."));
  }

  /** {@code region} if {@code spec} offers it, or a refusal listing the regions it offers. */
  static Outcome<Region> offered(QueueSpec spec, Region region) {
    return spec.regions().contains(region) ? Outcome.success(region)
        : Context.region(spec.regions(), region.code());
  }

  /**
   * Whether {@code next} may replace the running settings: only the queues and
   * {@link RelvaConfig#multiQueue()} change while running (the rest takes a restart).
   */
  Optional<Outcome<RelvaConfig>> refuseReconfigure(RelvaConfig next) {
    RelvaConfig now = ctx.config();
    if (now.wrongCodeLimit() != next.wrongCodeLimit()
        || !now.wrongCodeWindow().equals(next.wrongCodeWindow())) {
      return Optional.of(Outcome.failure(Refusal.INVALID, "Only the queues and whether a player "
          + "may wait in several change while running; the join-code limit takes a restart."));
    }
    if (next.largestParty() < now.largestParty()
        && ctx.stores().parties().snapshot().values().stream()
            .anyMatch(p -> p.size() > next.largestParty())) {
      return Optional.of(Outcome.failure(Refusal.INVALID, "A party has more players than any "
          + "queue of the new settings would take (" + next.largestParty() + ")."));
    }
    return Optional.empty();
  }

  /**
   * Runs on {@code next} from now on, after taking out whatever it no longer allows: the entries
   * of removed queues, and (with several queues at once no longer allowed) every entry of an
   * entity but its oldest. They leave with {@link LeaveReason#QUEUE_REMOVED}. Open matches of a
   * removed queue go on to their end by the default queue's rules.
   */
  RelvaConfig apply(RelvaConfig next) {
    ctx.reconfigure(next);
    Map<EntityId, List<QueueEntry>> byEntity = new HashMap<>();
    for (QueueEntry entry : queue.snapshot()) {
      if (next.queue(entry.queue()).isEmpty()) {
        queue.dequeue(entry, LeaveReason.QUEUE_REMOVED);
      } else {
        byEntity.computeIfAbsent(entry.id(), k -> new ArrayList<>()).add(entry);
      }
    }
    if (!next.multiQueue()) {
      for (List<QueueEntry> entries : byEntity.values()) {
        entries.sort(Comparator.comparing(QueueEntry::joinedAt));
        entries.subList(1, entries.size()).forEach(
            e -> queue.dequeue(e, LeaveReason.QUEUE_REMOVED));
      }
    }
    return next;
  }
}

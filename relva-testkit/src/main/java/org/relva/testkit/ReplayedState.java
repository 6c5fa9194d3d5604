package org.relva.testkit;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.relva.core.RelvaStores;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueSlot;

/**
 * The state that a sequence of events describes: the live parties, and which entities are queued
 * since when. Replaying every event a core published, in order, must give the same state as the
 * core's stores ({@link #of(RelvaStores)}); that is how tests prove the events tell the whole
 * story.
 *
 * @param parties live parties by id, as of their last event
 * @param queue where each entity waits (its queue and id) and when it joined there
 */
public record ReplayedState(Map<EntityId, Party> parties, Map<QueueSlot, Instant> queue) {

  public ReplayedState {
    parties = ImmutableMap.copyOf(parties);
    queue = ImmutableMap.copyOf(queue);
  }

  /** Replays {@code events}, oldest first, from an empty core. */
  public static ReplayedState replay(Iterable<? extends RelvaEvent> events) {
    Map<EntityId, Party> parties = new HashMap<>();
    Map<QueueSlot, Instant> queue = new HashMap<>();
    for (RelvaEvent event : events) {
      requireNonNull(event, "event");
      if (event instanceof PartyEvent.Disbanded) {
        parties.remove(((PartyEvent) event).party().id());
      } else if (event instanceof PartyEvent) {
        Party party = ((PartyEvent) event).party();
        parties.put(party.id(), party);
      } else if (event instanceof QueueEvent.PartyJoin) {
        QueueEntry entry = ((QueueEvent.PartyJoin) event).entry();
        queue.put(entry.slot(), entry.joinedAt());
      } else if (event instanceof QueueEvent.SoloJoin) {
        QueueEntry entry = ((QueueEvent.SoloJoin) event).entry();
        queue.put(entry.slot(), entry.joinedAt());
      } else if (event instanceof QueueEvent.PartyLeave) {
        queue.remove(((QueueEvent.PartyLeave) event).entry().slot());
      } else if (event instanceof QueueEvent.SoloLeave) {
        queue.remove(((QueueEvent.SoloLeave) event).entry().slot());
      } else if (event instanceof QueueEvent.QueuePop) {
        ((QueueEvent.QueuePop) event).match().entries().forEach(e -> queue.remove(e.slot()));
      } else if (!(event instanceof MatchEvent)) {
        throw new IllegalArgumentException("an event this replay does not know: " + event);
      }
      // A match's own events move no party and no queue entry: a cancelled ready check puts its
      // entries back with partyJoin and soloJoin events of their own.
    }
    return new ReplayedState(parties, queue);
  }

  /** The same view of a core's stores, to compare with a replay. */
  public static ReplayedState of(RelvaStores stores) {
    Map<QueueSlot, Instant> queue = new HashMap<>();
    stores.queue().snapshot().forEach((id, entry) -> queue.put(id, entry.joinedAt()));
    return new ReplayedState(stores.parties().snapshot(), queue);
  }
}

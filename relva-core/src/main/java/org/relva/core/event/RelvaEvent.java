package org.relva.core.event;

import java.time.Instant;

/**
 * Something that happened in Relva. The family is sealed: a {@link PartyEvent}, a
 * {@link QueueEvent} or a {@link MatchEvent}. Every event is an immutable record carrying the
 * state after the change, so that replaying the events in order rebuilds the state.
 */
public sealed interface RelvaEvent permits PartyEvent, QueueEvent, MatchEvent {
  /** When it happened, by the core's clock. */
  Instant at();
}

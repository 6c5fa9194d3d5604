package org.relva.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An entity waiting in the queue, with the time it joined (read from the core's injected clock).
 *
 * @param entity the party or solo player
 * @param joinedAt when it joined the queue
 */
public record QueueEntry(QueueEntity entity, Instant joinedAt) {
  public QueueEntry {
    requireNonNull(entity, "entity");
    requireNonNull(joinedAt, "joinedAt");
  }

  public EntityId id() {
    return entity.id();
  }

  public Region region() {
    return entity.region();
  }
}

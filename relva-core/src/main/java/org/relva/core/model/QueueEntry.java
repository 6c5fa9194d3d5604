package org.relva.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An entity waiting in a queue, with the time it joined (read from the core's injected clock).
 *
 * @param entity the party or solo player
 * @param joinedAt when it joined the queue
 * @param queue the queue it waits in ({@link QueueId#DEFAULT} when none is named)
 */
public record QueueEntry(QueueEntity entity, Instant joinedAt, QueueId queue) {
  public QueueEntry {
    requireNonNull(entity, "entity");
    requireNonNull(joinedAt, "joinedAt");
    requireNonNull(queue, "queue");
  }

  /** An entry of the default queue. */
  public QueueEntry(QueueEntity entity, Instant joinedAt) {
    this(entity, joinedAt, QueueId.DEFAULT);
  }

  public EntityId id() {
    return entity.id();
  }

  public Region region() {
    return entity.region();
  }

  /** Where it waits: the queue store's key. */
  public QueueSlot slot() {
    return new QueueSlot(queue, entity.id());
  }

  /** This entry with {@code changed} in place of its entity, in the same queue and place. */
  public QueueEntry withEntity(QueueEntity changed) {
    return new QueueEntry(changed, joinedAt, queue);
  }
}

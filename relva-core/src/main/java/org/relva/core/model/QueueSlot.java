package org.relva.core.model;

import static java.util.Objects.requireNonNull;

/**
 * Where an entity waits: one queue and the entity. The queue store's key, so an entity waits in a
 * queue at most once. Written as the entity's id alone for the default queue (as before there
 * were several queues) and as {@code queue:entity} for the others ({@link #text()}).
 *
 * @param queue the queue
 * @param entity the party or solo player's id
 */
public record QueueSlot(QueueId queue, EntityId entity) implements Comparable<QueueSlot> {
  public QueueSlot {
    requireNonNull(queue, "queue");
    requireNonNull(entity, "entity");
  }

  public static QueueSlot of(QueueId queue, EntityId entity) {
    return new QueueSlot(queue, entity);
  }

  /** {@code K8d0wl5} in the default queue, {@code 2v2:K8d0wl5} in queue {@code 2v2}. */
  public String text() {
    return queue.equals(QueueId.DEFAULT) ? entity.value() : queue.value() + ":" + entity.value();
  }

  /** The slot {@link #text()} wrote; a bare entity id is in the default queue. */
  public static QueueSlot parse(String text) {
    int colon = text.indexOf(':');
    return colon < 0 ? new QueueSlot(QueueId.DEFAULT, EntityId.of(text))
        : new QueueSlot(QueueId.of(text.substring(0, colon)),
            EntityId.of(text.substring(colon + 1)));
  }

  @Override
  public int compareTo(QueueSlot other) {
    int byQueue = queue.compareTo(other.queue);
    return byQueue != 0 ? byQueue : entity.compareTo(other.entity);
  }

  @Override
  public String toString() {
    return text();
  }
}

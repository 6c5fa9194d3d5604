package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * A queue's name within one server: 1 to 32 of lowercase letters, digits and {@code -}, such as
 * {@code 5v5-ranked} or {@code 2v2}. {@link #DEFAULT} ({@code default}) names the queue every
 * server has, the one a config's lobby, regions, party cap and match rules describe; a core
 * built before there were several queues has only that one, and stored entries that name no
 * queue are in it.
 *
 * @param value the name
 */
public record QueueId(String value) implements Comparable<QueueId> {
  /** The name format. */
  public static final Pattern FORMAT = Pattern.compile("[a-z0-9-]{1,32}");

  /** The queue every server has: {@code default}. */
  public static final QueueId DEFAULT = new QueueId("default");

  public QueueId {
    checkArgument(value != null && FORMAT.matcher(value).matches(),
        "a queue's name is 1 to 32 lowercase letters, digits or '-', got '%s'", value);
  }

  public static QueueId of(String value) {
    return new QueueId(value);
  }

  @Override
  public int compareTo(QueueId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package org.relva.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A moderator's ban from queueing: who is banned is the key it is stored under.
 *
 * @param until when the ban ends
 * @param reason why, shown to the banned user; may be blank
 */
public record QueueBan(Instant until, String reason) {
  public QueueBan {
    requireNonNull(until, "until");
    requireNonNull(reason, "reason");
  }

  /** Whether the ban still holds at {@code now}. */
  public boolean holdsAt(Instant now) {
    return until.isAfter(now);
  }
}

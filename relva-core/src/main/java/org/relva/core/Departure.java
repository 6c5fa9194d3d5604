package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.Member;
import org.relva.core.model.Party;

/**
 * The result of a member leaving or being removed from a party.
 *
 * @param member who left
 * @param before the party before they left
 * @param after the party after, or empty if it was disbanded because nobody was left
 * @param dequeued why the party left the queue, if this took it out of the queue
 */
public record Departure(Member member, Party before, Optional<Party> after,
    Optional<LeaveReason> dequeued) {
  public Departure {
    requireNonNull(member, "member");
    requireNonNull(before, "before");
    requireNonNull(after, "after");
    requireNonNull(dequeued, "dequeued");
  }

  /** Whether leadership changed hands because the leader left. */
  public boolean leaderChanged() {
    return after.map(p -> !p.leaderId().equals(before.leaderId())).orElse(false);
  }
}

package org.relva.core.event;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.SoloPlayer;

/**
 * A change to a queue: the spec's partyJoin, partyLeave, soloJoin, soloLeave and queuePop. Each
 * names its queue: the entry's {@link QueueEntry#queue()}, or the match's
 * {@link PoppedMatch#queue()}.
 */
public sealed interface QueueEvent extends RelvaEvent {

  /** The queue this change is to. */
  QueueId queue();

  /** The spec's {@code partyJoin}: a leader queued their party. */
  record PartyJoin(QueueEntry entry) implements QueueEvent {
    @Override
    public QueueId queue() {
      return entry.queue();
    }

    public PartyJoin {
      checkArgument(entry.entity() instanceof Party, "a partyJoin carries a party");
    }

    public Party party() {
      return (Party) entry.entity();
    }

    @Override
    public Instant at() {
      return entry.joinedAt();
    }
  }

  /**
   * The spec's {@code partyLeave}: a party left a queue ({@code entry.queue()}), for
   * {@code reason}; {@code match} names the match that popped elsewhere, for
   * {@link LeaveReason#POPPED_ELSEWHERE}.
   */
  record PartyLeave(QueueEntry entry, LeaveReason reason, Instant at, Optional<String> match)
      implements QueueEvent {
    @Override
    public QueueId queue() {
      return entry.queue();
    }

    public PartyLeave {
      checkArgument(entry.entity() instanceof Party, "a partyLeave carries a party");
      requireNonNull(reason, "reason");
      requireNonNull(at, "at");
      requireNonNull(match, "match");
    }

    public PartyLeave(QueueEntry entry, LeaveReason reason, Instant at) {
      this(entry, reason, at, Optional.empty());
    }

    public Party party() {
      return (Party) entry.entity();
    }
  }

  /** The spec's {@code soloJoin}: a player queued alone. */
  record SoloJoin(QueueEntry entry) implements QueueEvent {
    @Override
    public QueueId queue() {
      return entry.queue();
    }

    public SoloJoin {
      checkArgument(entry.entity() instanceof SoloPlayer, "a soloJoin carries a solo player");
    }

    public SoloPlayer solo() {
      return (SoloPlayer) entry.entity();
    }

    @Override
    public Instant at() {
      return entry.joinedAt();
    }
  }

  /**
   * The spec's {@code soloLeave}: a solo player left a queue ({@code entry.queue()}), for
   * {@code reason}; {@code match} names the match that popped elsewhere, for
   * {@link LeaveReason#POPPED_ELSEWHERE}.
   */
  record SoloLeave(QueueEntry entry, LeaveReason reason, Instant at, Optional<String> match)
      implements QueueEvent {
    @Override
    public QueueId queue() {
      return entry.queue();
    }

    public SoloLeave {
      checkArgument(entry.entity() instanceof SoloPlayer, "a soloLeave carries a solo player");
      requireNonNull(reason, "reason");
      requireNonNull(at, "at");
      requireNonNull(match, "match");
    }

    public SoloLeave(QueueEntry entry, LeaveReason reason, Instant at) {
      this(entry, reason, at, Optional.empty());
    }

    public SoloPlayer solo() {
      return (SoloPlayer) entry.entity();
    }
  }

  /** The spec's {@code queuePop}: a match formed and its entries left the queue. */
  record QueuePop(PoppedMatch match) implements QueueEvent {
    @Override
    public QueueId queue() {
      return match.queue();
    }

    public QueuePop {
      requireNonNull(match, "match");
    }

    @Override
    public Instant at() {
      return match.poppedAt();
    }
  }

  /** Why an entity left the queue other than by a match. */
  enum LeaveReason {
    /** The solo player, or the party's leader, took it out. */
    LEFT("left the queue"),
    /** A member left the queued party. */
    MEMBER_LEFT("a member left the party"),
    /** The leader removed a member from the queued party. */
    MEMBER_REMOVED("a member was removed from the party"),
    /** The queued party was disbanded. */
    DISBANDED("the party was disbanded"),
    /** A moderator cleared the queue. */
    CLEARED("a moderator cleared the queue"),
    /** A match popped for it in another queue, which took it out of this one too. */
    POPPED_ELSEWHERE("a match popped in another queue"),
    /** The queue was removed from the server's settings (or, at most one queue at a time). */
    QUEUE_REMOVED("the queue was removed");

    private final String description;

    LeaveReason(String description) {
      this.description = description;
    }

    /** A phrase for messages, such as "a member left the party". */
    public String description() {
      return description;
    }
  }
}

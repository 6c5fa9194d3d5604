package org.relva.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/** A change to a party. {@link #party()} is the party as it is after the change. */
public sealed interface PartyEvent extends RelvaEvent {
  /** The party after the change; for {@link Disbanded}, its last state. */
  Party party();

  /** A party was created, with its leader alone. */
  record Created(Party party, Instant at) implements PartyEvent {
    public Created {
      requireNonNull(party, "party");
      requireNonNull(at, "at");
    }
  }

  /** {@code member} joined with the join code. */
  record MemberJoined(Party party, Member member, Instant at) implements PartyEvent {
    public MemberJoined {
      requireNonNull(party, "party");
      requireNonNull(member, "member");
      requireNonNull(at, "at");
    }
  }

  /**
   * {@code member} left. If they led the party ({@code leaderChanged}), {@link Party#leaderId()}
   * is now the longest-standing remaining member.
   */
  record MemberLeft(Party party, Member member, boolean leaderChanged, Instant at)
      implements PartyEvent {
    public MemberLeft {
      requireNonNull(party, "party");
      requireNonNull(member, "member");
      requireNonNull(at, "at");
    }
  }

  /** The leader {@code by} removed {@code member}. */
  record MemberRemoved(Party party, Member member, UserId by, Instant at) implements PartyEvent {
    public MemberRemoved {
      requireNonNull(party, "party");
      requireNonNull(member, "member");
      requireNonNull(by, "by");
      requireNonNull(at, "at");
    }
  }

  /** Leadership passed from {@code previousLeader} to {@link Party#leaderId()} by promotion. */
  record LeaderPromoted(Party party, UserId previousLeader, Instant at) implements PartyEvent {
    public LeaderPromoted {
      requireNonNull(party, "party");
      requireNonNull(previousLeader, "previousLeader");
      requireNonNull(at, "at");
    }
  }

  /** The leader made a new join code; the old one no longer works. */
  record JoinCodeChanged(Party party, Instant at) implements PartyEvent {
    public JoinCodeChanged {
      requireNonNull(party, "party");
      requireNonNull(at, "at");
    }
  }

  /** The leader moved the party, while it was not queued, from {@code previous} to its region. */
  record RegionChanged(Party party, Region previous, Instant at) implements PartyEvent {
    public RegionChanged {
      requireNonNull(party, "party");
      requireNonNull(previous, "previous");
      requireNonNull(at, "at");
    }
  }

  /** The party is gone; its channel is being closed. */
  record Disbanded(Party party, DisbandReason reason, Instant at) implements PartyEvent {
    public Disbanded {
      requireNonNull(party, "party");
      requireNonNull(reason, "reason");
      requireNonNull(at, "at");
    }
  }

  /** Why a party was disbanded. */
  enum DisbandReason {
    /** The leader disbanded it. */
    BY_LEADER("the leader disbanded the party"),
    /** Its last member left. */
    LAST_MEMBER_LEFT("the last member left"),
    /** A moderator disbanded it. */
    BY_MODERATOR("a moderator disbanded the party");

    private final String description;

    DisbandReason(String description) {
      this.description = description;
    }

    /** A phrase for messages, such as "the leader disbanded the party". */
    public String description() {
      return description;
    }
  }
}

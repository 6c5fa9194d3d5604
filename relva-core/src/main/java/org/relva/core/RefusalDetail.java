package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;

/**
 * What a front end needs to word a refusal its own way: the facts behind it, typed, with no words
 * of any front end in them. A refusal's {@link Outcome.Failure#message()} is a neutral default
 * made from the same facts, with no commands in it, so an embedder can show it as it is; the
 * Discord module renders the detail with its slash commands instead.
 *
 * <p>A closed family: a {@code switch} over it is checked for completeness. Refusals that need no
 * more than their {@link Refusal} kind carry {@link None}.
 */
public sealed interface RefusalDetail {

  /** Nothing beyond the refusal's kind and message. */
  static RefusalDetail none() {
    return None.INSTANCE;
  }

  /** Nothing beyond the refusal's kind and message. */
  enum None implements RefusalDetail {
    INSTANCE
  }

  /**
   * The command works only in another channel.
   *
   * @param expected the channel where it works (the party's channel, or the lobby)
   * @param name that channel's name as people know it ({@code Party [K8d0wl5]}, {@code kiwipugs})
   * @param lobby whether that channel is the lobby
   */
  record WrongChannel(ChannelId expected, String name, boolean lobby) implements RefusalDetail {
    public WrongChannel {
      requireNonNull(expected, "expected");
      requireNonNull(name, "name");
    }
  }

  /**
   * The user is in a party, which is why they were refused: they may not start or join another,
   * nor queue or de-queue alone.
   *
   * @param party the party's id
   * @param channelName the party's channel's name
   * @param leader the party's leader
   * @param isLeader whether the refused user leads it
   */
  record InParty(EntityId party, String channelName, Member leader, boolean isLeader)
      implements RefusalDetail {
    public InParty {
      requireNonNull(party, "party");
      requireNonNull(channelName, "channelName");
      requireNonNull(leader, "leader");
    }
  }

  /**
   * The user is queued on their own, so they may not start or join a party until they leave it.
   *
   * @param lobby the channel where solo players leave the queue
   */
  record QueuedAlone(ChannelId lobby) implements RefusalDetail {
    public QueuedAlone {
      requireNonNull(lobby, "lobby");
    }
  }

  /**
   * The party has as many members as it may.
   *
   * @param party the party
   * @param cap the configured cap ({@link RelvaConfig#maxPartySize()})
   */
  record PartyFull(EntityId party, int cap) implements RefusalDetail {
    public PartyFull {
      requireNonNull(party, "party");
    }
  }

  /**
   * The party is too small to queue.
   *
   * @param size its size now
   * @param min the fewest members a queued party has
   * @param cap the configured cap
   * @param code its join code, to share
   */
  record PartySize(int size, int min, int cap, JoinCode code) implements RefusalDetail {
    public PartySize {
      requireNonNull(code, "code");
    }
  }

  /**
   * Only the party's leader may do this.
   *
   * @param leader the leader
   * @param action what the user tried, in words ("disband the party")
   */
  record NotLeader(Member leader, String action) implements RefusalDetail {
    public NotLeader {
      requireNonNull(leader, "leader");
      requireNonNull(action, "action");
    }
  }

  /**
   * The user aimed a leader's command at themself.
   *
   * @param action what they tried: {@code remove} or {@code promote}
   */
  record TargetIsSelf(String action) implements RefusalDetail {
    public TargetIsSelf {
      requireNonNull(action, "action");
    }
  }

  /**
   * Someone may not queue now.
   *
   * @param who the one blocked (the user, or a member of their party)
   * @param cause why
   * @param until when the block ends, if it ends at a known time (a ban or a cooldown)
   * @param reason a moderator's reason for a ban; otherwise blank
   * @param match the open match that holds them, for {@link Cause#READY_CHECK} and
   *     {@link Cause#IN_MATCH}
   */
  record Blocked(Member who, Cause cause, Optional<Instant> until, String reason,
      Optional<String> match) implements RefusalDetail {
    public Blocked {
      requireNonNull(who, "who");
      requireNonNull(cause, "cause");
      requireNonNull(until, "until");
      requireNonNull(reason, "reason");
      requireNonNull(match, "match");
    }

    /** Why someone may not queue. */
    public enum Cause {
      /** A moderator banned them until {@link #until()}. */
      BANNED,
      /** They dodged a ready check and wait until {@link #until()}. */
      COOLDOWN,
      /** Their match's ready check is under way. */
      READY_CHECK,
      /** Their match is being played and its result is not in. */
      IN_MATCH
    }
  }

  /**
   * A party queues in its own region, so a region may not be named when queueing one.
   *
   * @param region the party's region
   */
  record PartyRegion(Region region) implements RefusalDetail {
    public PartyRegion {
      requireNonNull(region, "region");
    }
  }

  /**
   * The user must wait before trying again.
   *
   * @param after how long
   */
  record TryAgainIn(Duration after) implements RefusalDetail {
    public TryAgainIn {
      requireNonNull(after, "after");
    }
  }

  /**
   * No region has that name.
   *
   * @param given what the user typed
   * @param choices the configured regions' names
   */
  record UnknownRegion(String given, List<String> choices) implements RefusalDetail {
    public UnknownRegion {
      requireNonNull(given, "given");
      choices = List.copyOf(choices);
    }
  }

  /**
   * Which queues there are: the answer to a queue name that names none, or to no name where
   * several queues could be meant.
   *
   * @param given the name given, empty when none was
   * @param queues the queues' names, the default first
   */
  record Queues(String given, List<String> queues) implements RefusalDetail {
    public Queues {
      requireNonNull(given, "given");
      queues = List.copyOf(queues);
    }
  }

  /**
   * The party is larger than the queue's teams, so it could never be matched there.
   *
   * @param size the party's size
   * @param teamSize the queue's team size, the largest party it takes
   * @param queue the queue's name
   */
  record PartyTooLarge(int size, int teamSize, QueueId queue) implements RefusalDetail {
    public PartyTooLarge {
      requireNonNull(queue, "queue");
    }
  }

  /**
   * The user or party already waits in a queue: the one asked for, or (when several queues at
   * once are not allowed) another.
   *
   * @param queue the queue it waits in
   */
  record QueuedIn(QueueId queue) implements RefusalDetail {
    public QueuedIn {
      requireNonNull(queue, "queue");
    }
  }

  /**
   * The user is no longer queued because a match popped with them in it, and its ready check is
   * on: to leave, they decline the match.
   *
   * @param match the match's id
   */
  record InReadyCheck(String match) implements RefusalDetail {
    public InReadyCheck {
      requireNonNull(match, "match");
    }
  }
}

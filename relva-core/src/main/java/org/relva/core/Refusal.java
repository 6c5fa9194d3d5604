package org.relva.core;

/** Why the core refused an operation. Each refusal comes with a message saying what to do. */
public enum Refusal {
  /** The region named is not configured. */
  UNKNOWN_REGION,
  /** The user is already in a party. */
  ALREADY_IN_PARTY,
  /** The user, or the party, is already in the queue. */
  ALREADY_QUEUED,
  /** The user's party is being created; wait for it. */
  BUSY,
  /** The user is in no party. */
  NOT_IN_PARTY,
  /** Only the party's leader may do this. */
  NOT_LEADER,
  /** The command was sent from a channel where it does not work. */
  WRONG_CHANNEL,
  /** No live party has that join code. */
  NO_SUCH_CODE,
  /** The user made too many wrong join-code guesses recently. */
  TOO_MANY_ATTEMPTS,
  /** The party already has five members. */
  PARTY_FULL,
  /** The party is in the queue, so its members cannot change this way now. */
  PARTY_QUEUED,
  /** The party is too small to queue. */
  PARTY_TOO_SMALL,
  /** The user is in a party, so they cannot queue alone. */
  IN_PARTY,
  /** The target of the command is the user themself. */
  CANNOT_TARGET_SELF,
  /** The target user is not in the party. */
  NOT_A_MEMBER,
  /** The user, or the party, is not in the queue. */
  NOT_QUEUED,
  /** The party's channel could not be opened. */
  CHANNEL_UNAVAILABLE,
  /** An entity proposed for a match is no longer in the queue as it was. */
  ENTRY_CHANGED,
  /** The user may not queue now: a ready check, an unfinished match, or a dodge penalty. */
  QUEUE_BLOCKED,
  /** There is no match with that id. */
  NO_SUCH_MATCH,
  /** The user does not play in that match. */
  NOT_IN_MATCH,
  /** The match is still in its ready check, so it has no result to report yet. */
  MATCH_NOT_CONFIRMED,
  /** The match is already confirmed, so its ready check is over. */
  MATCH_CONFIRMED,
  /** The match has already finished or been cancelled. */
  MATCH_ENDED,
  /** No map vote is open for the user's match. */
  NO_MAP_VOTE,
  /** The map named is not offered in the vote. */
  UNKNOWN_MAP,
  /** The player named has not asked for a substitute. */
  NO_SUB_ASKED,
  /** The match is still open, so it has no final result to correct yet. */
  MATCH_OPEN,
  /** Captains do not pick the teams, or the user's match has no draft running. */
  NO_DRAFT,
  /** It is another captain's pick, or the user is not a captain. */
  NOT_YOUR_PICK,
  /** That player cannot be picked now: already on a team, not in the match, or no room. */
  CANNOT_PICK,
  /** The match's captains are still picking its teams. */
  DRAFTING,
  /** The change could not be saved (the database is unreachable), so nothing changed. */
  STORAGE_UNAVAILABLE,
  /** No queue has the name given; the detail lists the queues ({@link RefusalDetail.Queues}). */
  UNKNOWN_QUEUE,
  /** The server has several queues and none was named; the detail lists them. */
  CHOOSE_QUEUE,
  /** The party is larger than the queue's teams ({@link RefusalDetail.PartyTooLarge}). */
  PARTY_TOO_LARGE,
  /** The request itself is malformed. */
  INVALID
}

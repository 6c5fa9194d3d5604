package org.relva.testkit.matchmaking;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.ProposalValidator;

/**
 * The matching invariants as assertions any test can call:
 *
 * <ul>
 *   <li>of the proposals of one pass ({@link #assertValid}): every party kept whole; every team
 *       full and the teams equal in size; every entity in the match's region or an allowed
 *       neighbour after its wait; no entity or player in two matches; every entity taken from
 *       the snapshot as it was;
 *   <li>of the history of queue events ({@link #assertHistoryConsistent}): every popped entity was
 *       in the queue, as it last joined, at the moment it popped, and left it by popping; so no
 *       entity is matched after it left, and no player is in two matches at once.
 * </ul>
 */
public final class MatchInvariants {
  private MatchInvariants() {}

  /** The violations of {@code proposals}, made in one pass over {@code context}. */
  public static List<String> violations(MatchContext context, List<Proposal> proposals) {
    ProposalValidator validator = ProposalValidator.forPass(context);
    ImmutableList.Builder<String> found = ImmutableList.builder();
    for (int i = 0; i < proposals.size(); i++) {
      for (String v : validator.check(proposals.get(i))) {
        found.add("proposal " + (i + 1) + ": " + v);
      }
    }
    return found.build();
  }

  /** Throws {@link AssertionError} if any of {@code proposals} breaks an invariant. */
  public static void assertValid(MatchContext context, List<Proposal> proposals) {
    report("the proposals break matching invariants", violations(context, proposals));
  }

  /** The violations of the queue's history in {@code events}, oldest first. */
  public static List<String> historyViolations(Iterable<? extends RelvaEvent> events) {
    Map<EntityId, QueueEntry> queued = new HashMap<>();
    Map<UserId, EntityId> queuedUsers = new HashMap<>();
    List<String> found = new ArrayList<>();
    for (RelvaEvent event : events) {
      if (event instanceof QueueEvent.PartyJoin) {
        join(((QueueEvent.PartyJoin) event).entry(), queued, queuedUsers, found);
      } else if (event instanceof QueueEvent.SoloJoin) {
        join(((QueueEvent.SoloJoin) event).entry(), queued, queuedUsers, found);
      } else if (event instanceof QueueEvent.PartyLeave) {
        leave(((QueueEvent.PartyLeave) event).entry(), queued, queuedUsers, found, "left");
      } else if (event instanceof QueueEvent.SoloLeave) {
        leave(((QueueEvent.SoloLeave) event).entry(), queued, queuedUsers, found, "left");
      } else if (event instanceof QueueEvent.QueuePop) {
        for (QueueEntry entry : ((QueueEvent.QueuePop) event).match().entries()) {
          leave(entry, queued, queuedUsers, found, "popped in " + ((QueueEvent.QueuePop) event)
              .match().matchId());
        }
      }
    }
    return ImmutableList.copyOf(found);
  }

  /** Throws {@link AssertionError} if the history in {@code events} breaks an invariant. */
  public static void assertHistoryConsistent(Iterable<? extends RelvaEvent> events) {
    report("the queue's history breaks matching invariants", historyViolations(events));
  }

  private static void join(QueueEntry entry, Map<EntityId, QueueEntry> queued,
      Map<UserId, EntityId> users, List<String> found) {
    if (queued.put(entry.id(), entry) != null) {
      found.add(entry.id() + " joined the queue while already in it");
    }
    for (Member m : entry.entity().members()) {
      EntityId other = users.put(m.id(), entry.id());
      if (other != null) {
        found.add("player " + m.id() + " joined with " + entry.id() + " while queued with " + other);
      }
    }
  }

  private static void leave(QueueEntry entry, Map<EntityId, QueueEntry> queued,
      Map<UserId, EntityId> users, List<String> found, String how) {
    QueueEntry was = queued.remove(entry.id());
    if (was == null) {
      found.add(entry.id() + " " + how + " but was not in the queue (matched after it left, or twice)");
      return;
    }
    if (!was.joinedAt().equals(entry.joinedAt())) {
      found.add(entry.id() + " " + how + " with join time " + entry.joinedAt() + " but had joined at "
          + was.joinedAt());
    }
    for (Member m : was.entity().members()) {
      users.remove(m.id(), entry.id());
    }
  }

  private static void report(String what, List<String> violations) {
    if (!violations.isEmpty()) {
      throw new AssertionError(what + ":\n  - " + String.join("\n  - ", violations));
    }
  }
}

package org.relva.matchmaking;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;

/**
 * Checks proposals against the matchmaking invariants before anything is applied, so that no
 * algorithm, built-in or plugged in, can corrupt the queue. One validator serves one evaluation
 * pass: it remembers the proposals it accepted, so that a later proposal of the same pass that
 * reuses one of their entities or players is rejected.
 *
 * <p>The invariants, each reported in words when broken:
 * <ul>
 *   <li>the match has the format's number of teams, and every team has exactly the team size in
 *       players (so teams are full and equal);</li>
 *   <li>every entry is in the snapshot exactly as queued: same id, join time and members, so a
 *       party is whole (a party with a member missing, or in two teams, is a split party);</li>
 *   <li>no entity and no player appears twice in the match, or in two matches of the pass;</li>
 *   <li>every entity plays in its own region, or in a linked one after that link's wait.</li>
 * </ul>
 *
 * <p>The snapshot, not the live queue, is what is checked; the core's
 * {@link org.relva.core.Relva#pop} then refuses any entry that changed since.
 *
 * <p>This class is not thread-safe: use one per pass, on one thread.
 */
public final class ProposalValidator {
  private final MatchContext context;
  private final Set<EntityId> matchedEntities = new HashSet<>();
  private final Set<UserId> matchedPlayers = new HashSet<>();
  private int lookups;
  private @Nullable Map<EntityId, QueueEntry> index;

  private ProposalValidator(MatchContext context) {
    this.context = context;
  }

  /** A validator for one pass over {@code context}'s snapshot. */
  public static ProposalValidator forPass(MatchContext context) {
    return new ProposalValidator(requireNonNull(context, "context"));
  }

  /**
   * The invariants {@code proposal} breaks, each as a sentence; empty if it may be applied, in which
   * case its entities and players count as matched for the rest of the pass.
   */
  public List<String> check(Proposal proposal) {
    requireNonNull(proposal, "proposal");
    MatchFormat format = context.format();
    List<String> violations = new ArrayList<>();
    if (proposal.teams().size() != format.teams()) {
      violations.add("the match has " + proposal.teams().size() + " teams; the format "
          + format + " has " + format.teams());
    }
    Set<EntityId> entities = new HashSet<>();
    Set<UserId> players = new HashSet<>();
    for (int t = 0; t < proposal.teams().size(); t++) {
      List<QueueEntry> team = proposal.teams().get(t);
      int size = 0;
      for (QueueEntry entry : team) {
        size += entry.entity().size();
        checkEntry(proposal, entry, entities, players, violations);
      }
      if (size != format.teamSize()) {
        violations.add("team " + (t + 1) + " has " + size + " players; every team of " + format
            + " has " + format.teamSize());
      }
    }
    if (violations.isEmpty()) {
      matchedEntities.addAll(entities);
      matchedPlayers.addAll(players);
    }
    return ImmutableList.copyOf(violations);
  }

  private void checkEntry(Proposal proposal, QueueEntry entry, Set<EntityId> entities,
      Set<UserId> players, List<String> violations) {
    EntityId id = entry.id();
    if (!entities.add(id)) {
      violations.add(id + " is in the match twice" + (entry.entity().size() > 1
          ? " (a party is split across teams)" : ""));
      return;
    }
    if (matchedEntities.contains(id)) {
      violations.add(id + " is already in another match of this pass");
    }
    if (entry.entity().size() > context.format().teamSize()) {
      violations.add(id + " has " + entry.entity().size() + " players, more than a team of "
          + context.format());
    }
    for (Member member : entry.entity().members()) {
      if (!players.add(member.id())) {
        violations.add("player " + member.id() + " is in the match twice");
      } else if (matchedPlayers.contains(member.id())) {
        violations.add("player " + member.id() + " is already in another match of this pass");
      }
    }
    Optional<QueueEntry> queued = queued(entry);
    if (queued.isEmpty()) {
      violations.add(id + " is not in the queue, or joined it at another time");
      return;
    }
    if (!queued.get().equals(entry)) {
      Set<UserId> proposed = memberIds(entry);
      Set<UserId> actual = memberIds(queued.get());
      violations.add(proposed.equals(actual)
          ? id + " differs from its queue entry"
          : id + " is not whole: proposed with " + proposed + " but queued with " + actual);
    }
    if (!context.accepts(queued.get(), proposal.region())) {
      Optional<Duration> after =
          context.regions().expandAfter(queued.get().region(), proposal.region());
      violations.add(id + " queued in " + queued.get().region() + " and cannot play in "
          + proposal.region() + (after.isPresent()
              ? " until it has waited " + after.get() + " (it has waited "
                  + context.waited(queued.get()) + ")"
              : ": the regions are not linked"));
    }
  }

  /**
   * The snapshot's entry with {@code entry}'s id and join time. Found by binary search, until a
   * pass has looked up an eighth of the snapshot; then an index by id pays for itself.
   */
  private Optional<QueueEntry> queued(QueueEntry entry) {
    List<QueueEntry> queue = context.queue();
    if (index == null && ++lookups > queue.size() / 8) {
      Map<EntityId, QueueEntry> byId = new HashMap<>(2 * queue.size());
      queue.forEach(e -> byId.put(e.id(), e));
      index = byId;
    }
    if (index != null) {
      QueueEntry found = index.get(entry.id());
      return found != null && found.joinedAt().equals(entry.joinedAt())
          ? Optional.of(found) : Optional.empty();
    }
    int at = Collections.binarySearch(queue, entry, MatchContext.QUEUE_ORDER);
    return at >= 0 ? Optional.of(queue.get(at)) : Optional.empty();
  }

  private static Set<UserId> memberIds(QueueEntry entry) {
    Set<UserId> ids = new TreeSet<>();
    for (Member member : entry.entity().members()) {
      ids.add(member.id());
    }
    return ids;
  }
}

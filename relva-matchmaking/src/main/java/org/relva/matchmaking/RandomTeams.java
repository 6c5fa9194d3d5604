package org.relva.matchmaking;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.relva.core.model.QueueEntry;

/**
 * Draws a proposal's teams at random, for {@link TeamChoice#RANDOM}: the same entities, whole,
 * in full teams of the format's size, split by a depth-first walk whose order is drawn from the
 * random source. The entities are shuffled and then put largest first (a stable sort, so equal
 * sizes stay shuffled), and each entity tries the teams in a freshly drawn order, backing out of
 * dead ends. So every split that keeps parties whole can come out, but not with equal chances:
 * that would take counting every split, which some formats {@code fifo} allows have far too many
 * of. The same source in the same state gives the same teams.
 *
 * <p>The full-party rule is kept: when the algorithm's teams each hold a party and one of those
 * parties fills a whole team, so do the drawn teams (which matters only for three teams or more).
 *
 * <p>Packing whole parties into teams is a hard problem in general, so the walk gives up after
 * {@link #MAX_STEPS} tries and keeps the algorithm's teams rather than hold up the pass. A proposal
 * that does not fit the format is returned as it is, for the {@link ProposalValidator} to reject.
 *
 * <p>Not thread-safe, as the random source need not be: the daemon calls it within a pass.
 */
final class RandomTeams {
  /** The most teams tried for entities, over a whole walk, before the walk gives up. */
  static final int MAX_STEPS = 100_000;

  private final RandomGenerator random;
  private final int teams;
  private final int teamSize;
  private final int[] sizes;
  private final boolean noSoloTeam;
  private final int[] assignment;
  private final int[] left;
  private final int[] parties;
  private int steps;

  private RandomTeams(MatchFormat format, int[] sizes, boolean noSoloTeam,
      RandomGenerator random) {
    this.random = random;
    this.teams = format.teams();
    this.teamSize = format.teamSize();
    this.sizes = sizes;
    this.noSoloTeam = noSoloTeam;
    this.assignment = new int[sizes.length];
    this.left = new int[teams];
    this.parties = new int[teams];
    Arrays.fill(left, teamSize);
  }

  /** {@code proposal}'s entities in teams drawn from {@code random}; see the class comment. */
  static Proposal draw(Proposal proposal, MatchFormat format, RandomGenerator random) {
    List<QueueEntry> entries = new ArrayList<>(proposal.entries());
    if (proposal.players() != format.players()
        || entries.stream().anyMatch(e -> e.entity().size() > format.teamSize())) {
      return proposal;
    }
    for (int i = entries.size() - 1; i > 0; i--) {
      Collections.swap(entries, i, random.nextInt(i + 1));
    }
    entries.sort(Comparator.comparingInt((QueueEntry e) -> e.entity().size()).reversed());
    int[] sizes = entries.stream().mapToInt(e -> e.entity().size()).toArray();
    RandomTeams walk = new RandomTeams(format, sizes, keepsPartyRule(proposal, format), random);
    if (!walk.walk(0)) {
      return proposal;
    }
    List<List<QueueEntry>> drawn = new ArrayList<>();
    for (int t = 0; t < format.teams(); t++) {
      drawn.add(new ArrayList<>());
    }
    for (int i = 0; i < entries.size(); i++) {
      drawn.get(walk.assignment[i]).add(entries.get(i));
    }
    return Proposal.of(proposal.region(), ImmutableList.copyOf(drawn));
  }

  /** Whether the algorithm's teams each hold a party, and a party fills a whole team. */
  private static boolean keepsPartyRule(Proposal proposal, MatchFormat format) {
    boolean fullParty = proposal.entries().stream()
        .anyMatch(e -> e.entity().size() == format.teamSize());
    return fullParty && proposal.teams().stream()
        .allMatch(team -> team.stream().anyMatch(e -> e.entity().size() > 1));
  }

  /** Assigns entity {@code unit} and the rest; true once every entity has a team. */
  private boolean walk(int unit) {
    if (unit == sizes.length) {
      return complete();
    }
    int size = sizes[unit];
    int[] order = order();
    boolean emptyTried = false;
    for (int t : order) {
      if (left[t] < size) {
        continue;
      }
      if (left[t] == teamSize) {
        if (emptyTried) {
          continue; // empty teams are alike: one is enough to try
        }
        emptyTried = true;
      }
      if (++steps > MAX_STEPS) {
        return false;
      }
      assignment[unit] = t;
      left[t] -= size;
      parties[t] += size > 1 ? 1 : 0;
      if (walk(unit + 1)) {
        return true;
      }
      left[t] += size;
      parties[t] -= size > 1 ? 1 : 0;
      if (steps > MAX_STEPS) {
        return false;
      }
    }
    return false;
  }

  private boolean complete() {
    for (int t = 0; t < teams; t++) {
      if (left[t] != 0 || (noSoloTeam && parties[t] == 0)) {
        return false;
      }
    }
    return true;
  }

  /** The teams in an order drawn from the source. */
  private int[] order() {
    int[] order = new int[teams];
    for (int t = 0; t < teams; t++) {
      order[t] = t;
    }
    for (int i = teams - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}

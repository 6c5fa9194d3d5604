package org.relva.matchmaking;

import java.util.List;

/**
 * A matchmaking algorithm: given the queue, the time and the format, it proposes matches, each with
 * its teams. This is the extension point; an algorithm reaches the daemon through an
 * {@link AlgorithmProvider} registered by name.
 *
 * <p>An algorithm should be a pure function of its {@link MatchContext}: it must not change the
 * queue itself, and it may be called again at any time with a newer snapshot. Its proposals should
 * not share entities or players, keep parties whole, fill every team and respect the region
 * policy; the daemon checks every proposal against those rules with a {@link ProposalValidator}
 * before applying it and rejects (and reports) any that breaks one, so a buggy algorithm cannot
 * corrupt the queue. Proposals are applied in the order given.
 *
 * <p>The daemon calls an algorithm from one thread at a time; an algorithm used elsewhere too must
 * be thread-safe. The built-ins are.
 */
public interface MatchmakingAlgorithm {

  /** The name it is registered and configured under, such as {@code balanced}. */
  String name();

  /** The matches to make from {@code context}'s queue, in the order they should be applied. */
  List<Proposal> propose(MatchContext context);
}

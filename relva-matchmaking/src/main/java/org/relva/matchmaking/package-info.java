/**
 * Region-aware matchmaking over the core's queue. Everything starts at
 * {@link org.relva.matchmaking.QueueDaemon#builder(org.relva.core.Relva)}: the daemon listens for
 * queue changes, runs the configured {@link org.relva.matchmaking.MatchmakingAlgorithm} over a
 * snapshot of the queue, checks every proposal with the
 * {@link org.relva.matchmaking.ProposalValidator} and pops the valid ones.
 *
 * <p>Algorithms are found by name in an {@link org.relva.matchmaking.AlgorithmRegistry}; the
 * built-ins ({@code fifo} and {@code balanced}) are registered through {@link java.util.ServiceLoader}
 * exactly as an embedder's own {@link org.relva.matchmaking.AlgorithmProvider} would be. Nothing in
 * this module knows Discord.
 */
@NullMarked
package org.relva.matchmaking;

import org.jspecify.annotations.NullMarked;

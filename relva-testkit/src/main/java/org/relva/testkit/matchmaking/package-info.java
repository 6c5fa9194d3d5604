/**
 * Test support for matchmaking: the matching invariants as assertions ({@link
 * org.relva.testkit.matchmaking.MatchInvariants}), an exact feasibility oracle ({@link
 * org.relva.testkit.matchmaking.Feasibility}), the contract any algorithm extends ({@link
 * org.relva.testkit.matchmaking.MatchmakingAlgorithmContract}) and a deterministic simulation of
 * traffic through the real daemon ({@link org.relva.testkit.matchmaking.Simulation}), and one of
 * players with hidden true skills that shows how fast ratings converge ({@link
 * org.relva.testkit.matchmaking.RatingSimulation}).
 */
@NullMarked
package org.relva.testkit.matchmaking;

import org.jspecify.annotations.NullMarked;

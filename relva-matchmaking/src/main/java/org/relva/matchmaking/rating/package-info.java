/**
 * Skill ratings: the mathematics that turns match results into ratings and scores how even a
 * proposed match is. Everything starts from {@link org.relva.matchmaking.rating.RatingSystem}: its
 * factories give OpenSkill (Weng-Lin Bayesian ratings, Plackett-Luce by default, or
 * Thurstone-Mosteller) and Elo, each immutable and thread-safe.
 *
 * <p>The package knows nothing of players, queues or storage: a team is a list of {@link
 * org.relva.matchmaking.rating.Rating} values and a result is an array of ranks. Where ratings are
 * kept and when a result is recorded are the callers' business.
 */
@NullMarked
package org.relva.matchmaking.rating;

import org.jspecify.annotations.NullMarked;

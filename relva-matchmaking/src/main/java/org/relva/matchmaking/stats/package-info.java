/**
 * Players' ratings and records, kept from the results of finished matches. Everything starts at
 * {@link org.relva.matchmaking.stats.RatingBook#builder()}: a book listens for the core's {@code
 * MatchEvent.Finished}, rates the teams with a {@link org.relva.matchmaking.rating.RatingSystem},
 * keeps each player's {@link org.relva.matchmaking.stats.PlayerRecord} in a key-value store, and
 * answers for stats, leaderboards, {@code /party stats} and the matchmaker's {@link
 * org.relva.matchmaking.Ratings}.
 */
@NullMarked
package org.relva.matchmaking.stats;

import org.jspecify.annotations.NullMarked;

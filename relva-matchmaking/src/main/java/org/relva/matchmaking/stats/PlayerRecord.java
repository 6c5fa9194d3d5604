package org.relva.matchmaking.stats;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.relva.matchmaking.rating.Rating;

/**
 * What a {@link RatingBook} stores for one player (in one region, if it keeps regions apart): the
 * rating and the record of the rated matches. Immutable and value-based; every change makes a new
 * record. The canonical constructor checks that the counts agree with each other, so a store that
 * hands back a damaged record fails loudly instead of showing impossible stats.
 *
 * <p>Only matches that finished with a result (a win or a draw) count: a match cancelled or ended
 * with no result is not a game here, although the core still counts it among a party's matches.
 *
 * @param rating the current rating
 * @param games rated matches played; {@code wins + losses + draws}
 * @param wins matches won
 * @param losses matches lost (in a match of more than two teams, every team but the winner loses)
 * @param draws matches drawn
 * @param streak the current run: {@code +n} after {@code n} wins in a row, {@code -n} after
 *     {@code n} losses in a row, 0 after a draw or before the first game
 * @param lastPlayed when the last rated match ended; present exactly when {@code games > 0}
 * @param lastMatch the id of the last rated match, which lets a book recognise a repeated
 *     delivery of its result even after a restart; present exactly when {@code games > 0}
 */
public record PlayerRecord(Rating rating, int games, int wins, int losses, int draws, int streak,
    Optional<Instant> lastPlayed, Optional<String> lastMatch) {

  public PlayerRecord {
    requireNonNull(rating, "rating");
    requireNonNull(lastPlayed, "lastPlayed");
    requireNonNull(lastMatch, "lastMatch");
    checkArgument(wins >= 0 && losses >= 0 && draws >= 0,
        "wins, losses and draws are never negative, got %s, %s and %s", wins, losses, draws);
    checkArgument(games == (long) wins + losses + draws,
        "games (%s) must be wins + losses + draws (%s + %s + %s)", games, wins, losses, draws);
    checkArgument(streak > 0 ? streak <= wins : -(long) streak <= losses,
        "a streak of %s needs as many %s, but there are %s wins and %s losses", streak,
        streak > 0 ? "wins" : "losses", wins, losses);
    checkArgument(lastPlayed.isPresent() == (games > 0) && lastMatch.isPresent() == (games > 0),
        "lastPlayed and lastMatch are present exactly when games > 0; got %s games, %s, %s",
        games, lastPlayed, lastMatch);
  }

  /** A player who has played no rated match yet, rated {@code rating}. */
  public static PlayerRecord unplayed(Rating rating) {
    return new PlayerRecord(rating, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty());
  }

  /** The fraction of games won, draws counting half; 0 before the first game. */
  public double score() {
    return games == 0 ? 0 : (wins + 0.5 * draws) / games;
  }

  /** This record with its rating replaced, and nothing else changed. */
  public PlayerRecord withRating(Rating newRating) {
    return new PlayerRecord(newRating, games, wins, losses, draws, streak, lastPlayed, lastMatch);
  }

  /** This record after match {@code matchId}, which ended at {@code at} with {@code placing}. */
  PlayerRecord after(Placing placing, Rating newRating, String matchId, Instant at) {
    requireNonNull(matchId, "matchId");
    requireNonNull(at, "at");
    return switch (placing) {
      case WON -> new PlayerRecord(newRating, games + 1, wins + 1, losses, draws,
          streak > 0 ? streak + 1 : 1, Optional.of(at), Optional.of(matchId));
      case LOST -> new PlayerRecord(newRating, games + 1, wins, losses + 1, draws,
          streak < 0 ? streak - 1 : -1, Optional.of(at), Optional.of(matchId));
      case DREW -> new PlayerRecord(newRating, games + 1, wins, losses, draws + 1, 0,
          Optional.of(at), Optional.of(matchId));
    };
  }

  /** How a player's team finished a rated match. */
  enum Placing { WON, LOST, DREW }
}

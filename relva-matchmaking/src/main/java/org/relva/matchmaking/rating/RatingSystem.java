package org.relva.matchmaking.rating;

import java.util.List;

/**
 * A way of learning players' skills from match results: it turns the ratings of the teams that
 * played and the order they finished in into new ratings, and it scores how even a proposed match
 * is so that matchmaking can prefer the fairest of several candidates. Implementations are
 * immutable and thread-safe; the ones returned by the factories here are.
 *
 * <p>A match is a list of at least two teams, each a non-empty list of ratings. Its result is an
 * array of ranks, one per team in the same order: lower is better, and equal ranks are a draw
 * between those teams (so {@code {1, 2}} means the first team won, {@code {2, 1}} that it lost and
 * {@code {1, 1}} a draw). Only the order of the ranks matters, not their values.
 *
 * <p>The factories:
 *
 * <ul>
 *   <li>{@link #openSkill()}: OpenSkill's Weng-Lin rating with the Plackett-Luce model, the
 *       default. Ratings carry an uncertainty ({@code sigma}) that shrinks as a player plays, so
 *       newcomers move fast and veterans slowly.
 *   <li>{@link #openSkillThurstoneMosteller()}: the same framework with the Thurstone-Mosteller
 *       full-pairing model, which compares every pair of teams and moves ratings further per
 *       match.
 *   <li>{@link #elo()}: classic Elo with a fixed K-factor, simpler and familiar, but blind to
 *       how sure it is.
 * </ul>
 *
 * <p>Limits: none of these systems knows about margins of victory, partial play or player
 * weights, and ratings from different systems (or the same system with different options) are
 * not comparable with each other.
 */
public interface RatingSystem {

  /** A short, stable name for logs and configuration, such as {@code openskill-plackett-luce}. */
  String name();

  /** The rating a new player starts with. */
  Rating initial();

  /**
   * The teams' new ratings after a match, in the same shape as {@code teams}: result {@code i, j}
   * is the new rating of player {@code j} of team {@code i}. The arguments are not modified; the
   * lists returned are immutable.
   *
   * @param teams at least two teams, each of at least one player
   * @param ranks each team's place, lower is better and equal ranks a draw; as many as there are
   *     teams
   * @throws IllegalArgumentException if there are fewer than two teams, a team is empty, or the
   *     number of ranks differs from the number of teams
   * @throws NullPointerException if an argument, a team or a rating is null; the message says
   *     which
   */
  List<List<Rating>> rate(List<? extends List<Rating>> teams, int[] ranks);

  /**
   * How even a match between {@code teams} would be: 1 when the teams are equally strong, falling
   * towards 0 as one becomes a surer winner. It is symmetric: the order of the teams does not
   * change the score (for two teams exactly; for more, up to rounding). Implementations document
   * their formula; scores of different systems are not comparable.
   *
   * @param teams at least two teams, each of at least one player
   * @throws IllegalArgumentException if there are fewer than two teams or a team is empty
   */
  double quality(List<? extends List<Rating>> teams);

  /**
   * Each team's chance of winning a match between {@code teams}, in the same order; the chances
   * sum to 1. For two teams it is the chance that the first finishes ahead of the second; for
   * more, each team's chance of beating one other, averaged over the pairs it is in, then scaled
   * so the chances sum to 1 (openskill's {@code predict_win}), which is an estimate rather than the
   * exact chance of finishing first. Implementations document their formula. The built-ins have
   * one; a system of an embedder's without one throws.
   *
   * @param teams at least two teams, each of at least one player
   * @throws IllegalArgumentException if there are fewer than two teams or a team is empty
   * @throws UnsupportedOperationException if this system cannot predict results
   */
  default double[] winProbabilities(List<? extends List<Rating>> teams) {
    throw new UnsupportedOperationException(name() + " does not predict results");
  }

  /**
   * The number to rank players by on a leaderboard. By default the conservative {@link
   * Rating#ordinal()}; a system without uncertainty returns {@code mu}.
   */
  default double ordinal(Rating rating) {
    return rating.ordinal();
  }

  /**
   * OpenSkill with the Plackett-Luce model and {@linkplain OpenSkillOptions#defaults() default
   * options}.
   */
  static RatingSystem openSkill() {
    return openSkill(OpenSkillOptions.defaults());
  }

  /** OpenSkill with the Plackett-Luce model and the given options. */
  static RatingSystem openSkill(OpenSkillOptions options) {
    return new PlackettLuce(options);
  }

  /**
   * OpenSkill with the Thurstone-Mosteller full-pairing model and {@linkplain
   * OpenSkillOptions#defaults() default options}.
   */
  static RatingSystem openSkillThurstoneMosteller() {
    return openSkillThurstoneMosteller(OpenSkillOptions.defaults());
  }

  /** OpenSkill with the Thurstone-Mosteller full-pairing model and the given options. */
  static RatingSystem openSkillThurstoneMosteller(OpenSkillOptions options) {
    return new ThurstoneMosteller(options);
  }

  /** Elo with {@linkplain EloOptions#defaults() default options}: start at 1500, K = 32. */
  static RatingSystem elo() {
    return elo(EloOptions.defaults());
  }

  /**
   * Elo with the given options. A team's rating is the mean of its members' {@code mu}, and every
   * member gains or loses the whole change of the team; {@code sigma} is carried through
   * unchanged. See {@link EloOptions} for the details.
   */
  static RatingSystem elo(EloOptions options) {
    return new Elo(options);
  }
}

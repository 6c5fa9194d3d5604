package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test helpers: building teams and comparing ratings with published values. */
final class Expect {
  /** How closely the published openskill values must be matched. */
  static final double TOLERANCE = 1e-9;

  private Expect() {}

  static Rating r(double mu, double sigma) {
    return new Rating(mu, sigma);
  }

  /** A team of {@code size} copies of {@code rating}. */
  static List<Rating> copies(int size, Rating rating) {
    return Collections.nCopies(size, rating);
  }

  /** Teams of copies of {@code rating}, of the given sizes. */
  static List<List<Rating>> teamsOf(Rating rating, int... sizes) {
    List<List<Rating>> teams = new ArrayList<>();
    for (int size : sizes) {
      teams.add(copies(size, rating));
    }
    return teams;
  }

  /**
   * Asserts that {@code actual}, read team by team and player by player, holds the ratings
   * {@code muSigma[0], muSigma[1]}, then {@code muSigma[2], muSigma[3]}, and so on.
   */
  static void ratings(List<List<Rating>> actual, double... muSigma) {
    List<Rating> players = new ArrayList<>();
    actual.forEach(players::addAll);
    assertThat(players).as("number of players").hasSize(muSigma.length / 2);
    for (int p = 0; p < players.size(); p++) {
      Rating player = players.get(p);
      assertThat(player.mu()).as("mu of player %s", p).isCloseTo(muSigma[2 * p], within(TOLERANCE));
      assertThat(player.sigma()).as("sigma of player %s", p)
          .isCloseTo(muSigma[2 * p + 1], within(TOLERANCE));
    }
  }
}

package org.relva.matchmaking.analytics;

import java.util.List;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.Ratings;

/**
 * Scores how even a match is, from 0 (a foregone conclusion) to 1 (a coin toss). Symmetric: the
 * order of the teams never changes the score.
 */
@FunctionalInterface
public interface MatchQuality {

  /** The score of {@code teams} under {@code ratings}. */
  double quality(List<List<QueueEntry>> teams, Ratings ratings);

  /**
   * The Elo reading: with team ratings the mean of their players', the strongest and weakest
   * teams' expected scores {@code E} and {@code 1 - E} give {@code 1 - |2E - 1|}. Two teams 100
   * points apart score 0.72; 400 apart, 0.18.
   */
  static MatchQuality elo() {
    return (teams, ratings) -> {
      double max = Double.NEGATIVE_INFINITY;
      double min = Double.POSITIVE_INFINITY;
      for (List<QueueEntry> team : teams) {
        double mean = TeamMath.mean(team, ratings);
        max = Math.max(max, mean);
        min = Math.min(min, mean);
      }
      double expected = 1 / (1 + Math.pow(10, -(max - min) / 400));
      return 1 - Math.abs(2 * expected - 1);
    };
  }
}

package org.relva.matchmaking.analytics;

import java.util.List;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.matchmaking.Ratings;

/** Ratings of teams, read the way the rest of matchmaking reads them. */
final class TeamMath {
  private TeamMath() {}

  /** The mean rating of the team's players. */
  static double mean(List<QueueEntry> team, Ratings ratings) {
    double sum = 0;
    int players = 0;
    for (QueueEntry entry : team) {
      for (Member m : entry.entity().members()) {
        sum += ratings.rating(m.id(), entry.region());
        players++;
      }
    }
    return players == 0 ? 0 : sum / players;
  }
}

package org.relva.matchmaking.analytics;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.relva.core.model.EntityId;
import org.relva.core.model.Region;

/**
 * What one queuePop looked like, recorded when it happened. Immutable.
 *
 * @param matchId the match's id
 * @param region where it is played
 * @param at when it popped
 * @param waits each entity's wait, in team order
 * @param ratingSpread the highest player rating in the match minus the lowest
 * @param teamGap the strongest team's mean rating minus the weakest's
 * @param quality the {@link MatchQuality} score, 0 to 1
 * @param parties how many parties it holds
 * @param solos how many solo players it holds
 */
public record PopRecord(String matchId, Region region, Instant at, List<Wait> waits,
    double ratingSpread, double teamGap, double quality, int parties, int solos) {

  public PopRecord {
    requireNonNull(matchId, "matchId");
    requireNonNull(region, "region");
    requireNonNull(at, "at");
    waits = ImmutableList.copyOf(waits);
  }

  /**
   * One entity's wait.
   *
   * @param entity the party or solo ticket id
   * @param party whether it is a party
   * @param size how many players it brought
   * @param waited from joining the queue to the pop
   */
  public record Wait(EntityId entity, boolean party, int size, Duration waited) {
    public Wait {
      requireNonNull(entity, "entity");
      requireNonNull(waited, "waited");
    }
  }
}

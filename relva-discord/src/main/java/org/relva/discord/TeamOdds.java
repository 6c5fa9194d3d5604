package org.relva.discord;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What the pop says of one team: its players' mean matchmaking rating and its chance to win, as the
 * rating system predicts. Immutable.
 *
 * @param mean the mean of the team's players' matchmaking ratings (the scale around 1500)
 * @param chance the team's chance to win, from 0 to 1
 */
record TeamOdds(double mean, double chance) {
  TeamOdds {
    checkArgument(Double.isFinite(mean), "the mean must be finite, got %s", mean);
    checkArgument(chance >= 0 && chance <= 1, "a chance is from 0 to 1, got %s", chance);
  }
}

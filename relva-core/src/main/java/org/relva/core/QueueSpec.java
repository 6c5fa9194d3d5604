package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;
import org.relva.core.model.QueueId;
import org.relva.core.model.Regions;

/**
 * One queue's settings, one of a server's game modes (a 5v5 ranked queue beside a 2v2). Immutable.
 * The default queue's are {@link RelvaConfig}'s own lobby, regions, party cap and match rules.
 *
 * @param id the queue's name
 * @param lobby the channel where solo players queue for it; no two queues share one
 * @param regions the regions it offers, with the one a solo player gets when they name none
 * @param teamSize the largest party it takes, its team size: 1 to {@value Party#MAX_SIZE}
 * @param rules the rules of its matches (ready check, cooldowns, draft, map vote, ...)
 */
public record QueueSpec(QueueId id, ChannelId lobby, Regions regions, int teamSize,
    MatchRules rules) {

  public QueueSpec {
    requireNonNull(id, "id");
    requireNonNull(lobby, "lobby");
    requireNonNull(regions, "regions");
    requireNonNull(rules, "rules");
    checkArgument(teamSize >= 1 && teamSize <= Party.MAX_SIZE,
        "queue %s's teamSize must be 1 to %s, got %s", id, Party.MAX_SIZE, teamSize);
  }

  /** A queue with the usual match rules. */
  public static QueueSpec of(String id, String lobby, Regions regions, int teamSize) {
    return new QueueSpec(QueueId.of(id), ChannelId.of(lobby), regions, teamSize,
        MatchRules.defaults());
  }
}

package org.relva.matchmaking.stats;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.relva.core.PartyStats;
import org.relva.core.model.Member;

/**
 * What {@code /party stats} shows: the core's {@link PartyStats} (the members, time queued, matches
 * and the party's record) and each member's {@link PlayerStats}, in the party's member order.
 * Immutable. Build one with {@link RatingBook#partyStats(PartyStats)}.
 *
 * <p>The party's record is the core's: matches the party played together, as a party. The members'
 * records are their own and include matches they played alone or in other parties.
 *
 * @param party what the core knows of the party
 * @param members each member's stats, in the order of {@code party.party().members()}
 */
public record PartyStatsView(PartyStats party, List<PlayerStats> members) {
  public PartyStatsView {
    requireNonNull(party, "party");
    members = ImmutableList.copyOf(members);
    List<Member> expected = party.party().members();
    checkArgument(members.size() == expected.size(),
        "party %s has %s members but %s stats were given", party.party().id(), expected.size(),
        members.size());
    for (int i = 0; i < members.size(); i++) {
      checkArgument(members.get(i).user().equals(expected.get(i).id()),
          "the stats at index %s are %s's, but the member there is %s", i,
          members.get(i).user(), expected.get(i).id());
    }
  }

  /** Matches the party finished together with a result: {@code wins + losses + draws}. */
  public int games() {
    return party.wins() + party.losses() + party.draws();
  }

  /** The mean of the members' matchmaking ratings: the party's rating as the matchmaker sees it. */
  public double matchmakingRating() {
    return members.stream().mapToDouble(PlayerStats::matchmakingRating).average().orElseThrow();
  }
}

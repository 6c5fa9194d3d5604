package org.relva.matchmaking.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/** Finished-match events made directly, without a core, for tests that need many of them. */
final class Finished {
  static final Region REGION = Region.of("us-e");

  private Finished() {}

  /** Match {@code number}, solo players in {@code teams}, ended at {@code at} with {@code result}. */
  static MatchEvent.Finished match(int number, List<List<Member>> teams, MatchResult result,
      Instant at) {
    List<List<QueueEntry>> entries = new ArrayList<>();
    int ticket = 0;
    for (List<Member> team : teams) {
      List<QueueEntry> teamEntries = new ArrayList<>();
      for (Member member : team) {
        String id = String.format(Locale.ROOT, "K%02d%04d", ticket++, number % 10_000);
        teamEntries.add(new QueueEntry(new SoloPlayer(EntityId.of(id), REGION, member), at));
      }
      entries.add(teamEntries);
    }
    MatchRecord match = new MatchRecord("M" + number, REGION, entries,
        MatchRecord.State.FINISHED, at, at, Set.of(), Map.of(), Optional.of(result),
        Optional.of(at), Optional.of(at), Optional.of("test"));
    return new MatchEvent.Finished(match, result, at);
  }
}

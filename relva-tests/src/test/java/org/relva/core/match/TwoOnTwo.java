package org.relva.core.match;

import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;

import java.time.Duration;
import java.util.List;
import org.relva.core.RelvaHarness;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;

/**
 * The usual match of the tests: party {@code p} (Alice leading, Bob) queued first, then Carol and
 * Dave alone, popped ten seconds later as team 1 {@code [p]} against team 2 {@code [carol, dave]}.
 */
final class TwoOnTwo {
  final RelvaHarness h;
  final Party p;
  final QueueEntry pEntry;
  final QueueEntry carol;
  final QueueEntry dave;
  final PoppedMatch popped;
  final String id;

  TwoOnTwo(RelvaHarness h) {
    this.h = h;
    p = h.party(ALICE, BOB);
    pEntry = h.queueInTurn(p);
    carol = h.soloInTurn(CAROL);
    dave = h.soloInTurn(DAVE);
    h.clock.advance(Duration.ofSeconds(10));
    popped = h.pop(List.of(pEntry), List.of(carol, dave));
    id = popped.matchId();
    h.forget();
  }

  MatchRecord record() {
    return h.match(id);
  }

  /** Everyone accepts: the match is confirmed. Forgets the events. */
  TwoOnTwo confirmed() {
    h.confirm(id);
    h.forget();
    return this;
  }
}

package org.relva.matchmaking.stats;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.relva.core.Outcome;
import org.relva.core.Relva;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;

/**
 * A core with a rating book attached, and the steps of a match through it: queue the players, pop
 * them into teams, accept the ready check, report the result by a majority.
 */
final class Table {
  static final Region US_E = Region.of("us-e");
  static final Region EU = Region.of("eu");

  final MutableClock clock = MutableClock.atEpochOfTests();
  final Relva relva = Relva.builder()
      .channels(new FakePartyChannels())
      .clock(clock)
      .random(new SplittableRandom(20_26))
      .build();
  final ChannelId lobby = relva.config().lobby();
  final RatingBook book;
  final List<MatchEvent.Finished> finished = new ArrayList<>();
  private int nextUser = 1;

  Table(RatingBook book) {
    this.book = book;
    book.attach(relva.events());
    relva.events().subscribe(MatchEvent.Finished.class, finished::add);
  }

  Table() {
    this(RatingBook.builder().build());
  }

  /** {@code count} new players. */
  List<Member> players(int count) {
    ImmutableList.Builder<Member> players = ImmutableList.builder();
    for (int i = 0; i < count; i++) {
      int n = nextUser++;
      players.add(Member.of(Long.toString(100_000_000_000_000_000L + n), "player" + n));
    }
    return players.build();
  }

  /** A party of {@code members} (the first leads), created and queued in {@code region}. */
  Party queuedParty(List<Member> members, Region region) {
    Member leader = members.get(0);
    Party party = succeeded(relva.createParty(leader, lobby, region.code()));
    for (Member member : members.subList(1, members.size())) {
      succeeded(relva.joinParty(member, lobby, party.joinCode().display()));
    }
    ChannelId channel = relva.channel(party.id()).orElseThrow();
    succeeded(relva.queueParty(leader.id(), channel));
    return relva.party(party.id()).orElseThrow();
  }

  /**
   * Queues whoever of {@code teams} is not queued (solo players alone, party members with their
   * party) and pops the match, in {@code region}.
   */
  MatchRecord popped(Region region, List<List<Member>> teams) {
    List<List<QueueEntry>> entries = new ArrayList<>();
    for (List<Member> team : teams) {
      List<QueueEntry> teamEntries = new ArrayList<>();
      for (Member member : team) {
        if (relva.queueEntryOf(member.id()).isEmpty()) {
          Optional<Party> party = relva.partyOf(member.id());
          if (party.isPresent()) {
            succeeded(relva.queueParty(party.get().leaderId(),
                relva.channel(party.get().id()).orElseThrow()));
          } else {
            succeeded(relva.joinQueue(member, lobby, region.code()));
          }
        }
        QueueEntry entry = relva.queueEntryOf(member.id()).orElseThrow();
        if (!teamEntries.contains(entry)) {
          teamEntries.add(entry);
        }
      }
      entries.add(teamEntries);
    }
    PoppedMatch match = succeeded(relva.pop(region, entries));
    return relva.match(match.matchId()).orElseThrow();
  }

  /** Pops the match and has everyone accept it. */
  MatchRecord confirmed(Region region, List<List<Member>> teams) {
    MatchRecord match = popped(region, teams);
    for (Member player : match.players()) {
      succeeded(relva.acceptMatch(player.id(), match.id()));
    }
    return relva.match(match.id()).orElseThrow();
  }

  /** Plays a match to {@code result}, reported by the smallest majority of its players. */
  MatchRecord played(Region region, List<List<Member>> teams, MatchResult result) {
    MatchRecord match = confirmed(region, teams);
    List<Member> players = match.players();
    for (Member player : players.subList(0, players.size() / 2 + 1)) {
      succeeded(relva.reportResult(player.id(), match.id(), result));
    }
    MatchRecord after = relva.match(match.id()).orElseThrow();
    if (after.state() != MatchRecord.State.FINISHED) {
      throw new IllegalStateException("match " + match.id() + " did not finish: " + after);
    }
    return after;
  }

  /** As {@link #played(Region, List, MatchResult)}, team 0 against team 1 in us-e. */
  MatchRecord played(List<Member> first, List<Member> second, MatchResult result) {
    return played(US_E, List.of(first, second), result);
  }

  static <T> T succeeded(Outcome<T> outcome) {
    if (!outcome.isSuccess()) {
      throw new IllegalStateException("refused: " + outcome.failure().orElseThrow().message());
    }
    return outcome.orElseThrow();
  }
}

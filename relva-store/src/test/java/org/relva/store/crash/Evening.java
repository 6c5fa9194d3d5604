package org.relva.store.crash;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.event.EventBus;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.store.StateJournal;
import org.relva.matchmaking.stats.PlayerStats;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/**
 * A scripted evening that the crash test plays in a child process against a database and, in
 * memory, as the reference: step {@code i} is a function of the seed, {@code i} and the state
 * alone, so two evenings that ran the same steps are in the same state. It covers parties, solo
 * and party queueing, pops, ready checks (accepted, declined, timed out) and reported results,
 * so ratings move.
 */
final class Evening {
  static final Instant START = Instant.parse("2026-12-06T19:00:00Z");
  private static final int USERS = 14;
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private static final ChannelId GENERAL = ChannelId.of("general");

  final RelvaStores stores = RelvaStores.inMemory();
  final Relva relva;
  final RatingBook book;
  private final MutableClock clock = MutableClock.at(START);
  private final long seed;
  private final List<Member> users = new ArrayList<>();

  /**
   * An evening on {@code journal}, about to run step {@code next}: on a journal that holds the
   * steps before it, this is the restart (the core restores, the book catches up, deadlines apply).
   */
  Evening(StateJournal journal, long seed, int next) {
    this.seed = seed;
    clock.set(clockAt(seed, next));
    EventBus bus = EventBus.direct();
    relva = Relva.builder().config(RelvaConfig.defaults()).stores(stores)
        // A channel named after its party, as unique as Discord's thread ids across restarts.
        .channels(FakePartyChannels.noop(party -> ChannelId.of("thread-" + party.value())))
        .events(bus).clock(clock)
        .random(new SplittableRandom(seed ^ next)).journal(journal).build();
    book = RatingBook.builder().journal(journal).build();
    book.catchUp(relva);
    book.attach(bus);
    relva.tick();
    for (int i = 0; i < USERS; i++) {
      users.add(Member.of(String.valueOf(300_000_000_000L + i), "p" + i));
    }
  }

  /** When step {@code i} runs: each step moves the clock on by its own script's amount. */
  static Instant clockAt(long seed, int i) {
    Instant at = START;
    for (int j = 0; j < i; j++) {
      at = at.plus(delta(seed, j));
    }
    return at;
  }

  private static Duration delta(long seed, int step) {
    SplittableRandom r = script(seed, step);
    return r.nextInt(40) == 0 ? Duration.ofSeconds(35) : Duration.ofSeconds(1);
  }

  private static SplittableRandom script(long seed, int step) {
    return new SplittableRandom(seed * 1_000_003L + step);
  }

  /** Runs step {@code i}; returns what it did, for the log. */
  String step(int i) {
    clock.set(clockAt(seed, i));
    SplittableRandom r = script(seed, i);
    r.nextInt(40); // the clock's draw
    Member actor = users.get(r.nextInt(USERS));
    int kind = r.nextInt(25);
    Object outcome = switch (kind) {
      case 0, 1 -> relva.createParty(actor, GENERAL, null);
      case 2, 3 -> pick(relva.parties(), r).map(p -> relva.joinParty(actor, GENERAL,
          p.joinCode().display())).orElse(null);
      case 4 -> relva.partyOf(actor.id()).map(p -> relva.leaveParty(actor.id(),
          relva.channel(p.id()).orElseThrow())).orElse(null);
      case 5, 6, 7 -> relva.joinQueue(actor, LOBBY, null);
      case 8 -> relva.leaveQueue(actor.id(), LOBBY);
      case 9, 10 -> pick(relva.parties(), r).map(p -> relva.queueParty(p.leaderId(),
          relva.channel(p.id()).orElseThrow())).orElse(null);
      case 11 -> pick(relva.parties(), r).map(p -> relva.dequeueParty(p.leaderId(),
          relva.channel(p.id()).orElseThrow())).orElse(null);
      case 12, 13, 14 -> pop();
      case 15, 16, 17, 18, 19 -> player(MatchRecord.State.POPPED, r)
          .map(m -> relva.acceptMatch(m.player(), m.match())).orElse(null);
      case 20 -> player(MatchRecord.State.POPPED, r)
          .map(m -> relva.declineMatch(m.player(), m.match())).orElse(null);
      case 21, 22, 23 -> player(MatchRecord.State.CONFIRMED, r)
          .map(m -> relva.reportResult(m.player(), m.match(),
              MatchResult.win(r.nextInt(5) == 0 ? 1 : 0)))
          .orElse(null);
      default -> relva.tick();
    };
    return i + ": " + kind + " by " + actor.displayName() + " -> " + outcome;
  }

  private Object pop() {
    List<QueueEntry> queue = relva.queue();
    if (queue.size() < 2) {
      return "nothing to pop";
    }
    return relva.pop(queue.get(0).region(), List.of(List.of(queue.get(0)),
        List.of(queue.get(1))));
  }

  private record Seat(org.relva.core.model.UserId player, String match) {}

  private Optional<Seat> player(MatchRecord.State state, SplittableRandom r) {
    List<MatchRecord> open = relva.openMatches().stream().filter(m -> m.state() == state)
        .toList();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    MatchRecord m = open.get(r.nextInt(open.size()));
    // Players who have yet to answer, when there are any: an evening where matches get played.
    List<Member> waiting = state == MatchRecord.State.POPPED ? m.notAccepted()
        : m.players().stream().filter(p -> !m.reports().containsKey(p.id())).toList();
    List<Member> players = waiting.isEmpty() ? m.players() : waiting;
    return Optional.of(new Seat(players.get(r.nextInt(players.size())).id(), m.id()));
  }

  private static <T> Optional<T> pick(List<T> all, SplittableRandom r) {
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(r.nextInt(all.size())));
  }

  /** The core's stores, by name. */
  Map<String, Map<?, ?>> core() {
    return RelvaInvariants.contents(relva, stores);
  }

  /** Every rated player's stats, best first. */
  List<PlayerStats> ratings() {
    return book.leaderboard(USERS);
  }
}

package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.relva.core.MapVote;
import org.relva.core.MatchRules;
import org.relva.core.Outcome;
import org.relva.core.Refusal;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaHarness;
import org.relva.core.RelvaStores;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.matchmaking.MatchInvariants;

/**
 * The state of {@link ReadyCheckProperties}: a core with fifteen players (three parties and eight
 * solos), matches of three against three, and what the events have told each player about where
 * they are. Every step goes through one of the methods here; {@link #check()} holds the core to
 * the spec's "every player is in exactly one place" after each.
 */
final class ReadyCheckWorld {
  static final int TEAM_SIZE = 3;
  static final Duration COOLDOWN = Duration.ofSeconds(45);
  static final Duration EXPIRY = Duration.ofMinutes(20);
  static final List<String> MAPS = List.of("Dust", "Nuke", "Mirage");
  static final List<MatchResult> RESULTS =
      List.of(MatchResult.win(0), MatchResult.win(1), MatchResult.draw());

  /** Where the events last put a player. */
  enum Told { QUEUED, IN_MATCH, REMOVED, FREED, LEFT }

  /** The interesting things a run can reach, for the coverage check. */
  enum Happened { CONFIRMED, CANCELLED_BY_DECLINE, TIMED_OUT, FINISHED, FINISHED_BY_REPORTS,
    EXPIRED, CANCELLED_BY_ADMIN, CANCELLED_BY_PARTY_CHANGE, REQUEUED, QUEUED_AGAIN,
    REFUSED_BY_COOLDOWN, SUBSTITUTED, MAP_CHOSEN }

  final MutableClock clock = MutableClock.at(RelvaHarness.START);
  final FakePartyChannels channels = new FakePartyChannels();
  final RelvaStores stores = RelvaStores.inMemory();
  final List<RelvaEvent> events = new ArrayList<>();
  final Relva relva;
  final List<Member> players = new ArrayList<>();
  final EnumSet<Happened> happened = EnumSet.noneOf(Happened.class);

  private final Map<UserId, Told> told = new HashMap<>();
  private final Map<UserId, String> toldMatch = new HashMap<>();
  private final Map<UserId, EntityId> toldEntry = new HashMap<>();
  // When each stay in the queue began: by party id, or by a solo's user id (a solo's ticket id
  // may change when it goes back).
  private final Map<Object, Instant> stayStart = new HashMap<>();
  private final Set<EntityId> owedRequeues = new HashSet<>();
  private final List<String> matchIds = new ArrayList<>();
  private int read;

  ReadyCheckWorld() {
    this(MatchRules.defaults().withMapVote(new MapVote(MAPS, Duration.ofSeconds(30), 1)));
  }

  ReadyCheckWorld(MatchRules base) {
    MatchRules rules = base.withDodgeCooldown(COOLDOWN).withResultExpiry(EXPIRY);
    EventBus bus = EventBus.create(Runnable::run, (error, event, listener) -> {
      throw new AssertionError("a listener failed on " + event, error);
    });
    bus.subscribe(RelvaEvent.class, events::add);
    relva = Relva.builder()
        .config(RelvaConfig.defaults().withMatchRules(rules))
        .stores(stores)
        .channels(channels)
        .events(bus)
        .clock(clock)
        .random(new SplittableRandom(7L))
        .build();
    for (int i = 0; i < 15; i++) {
      players.add(Member.of(String.valueOf(3000 + i), "P" + i));
    }
    List<Party> parties = List.of(party(0, 1), party(2, 3), party(4, 5, 6));
    // Queue order: parties and solos interleaved, a second apart.
    queueParty(parties.get(0));
    queueSolo(7);
    queueSolo(8);
    queueParty(parties.get(1));
    queueSolo(9);
    queueParty(parties.get(2));
    for (int i = 10; i < 15; i++) {
      queueSolo(i);
    }
    popWhatIsQueued(0);
    popWhatIsQueued(0);
    check();
  }

  private Party party(int leader, int... others) {
    Party party = relva.createParty(players.get(leader), RelvaHarness.GENERAL, null).orElseThrow();
    for (int o : others) {
      party = relva.joinParty(players.get(o), RelvaHarness.GENERAL, party.joinCode().display())
          .orElseThrow();
    }
    return party;
  }

  private void queueParty(Party party) {
    relva.queueParty(party.leaderId(), relva.channel(party.id()).orElseThrow()).orElseThrow();
    readEvents();
    clock.advance(Duration.ofSeconds(1));
  }

  private void queueSolo(int i) {
    relva.joinQueue(players.get(i), RelvaHarness.LOBBY, null).orElseThrow();
    readEvents();
    clock.advance(Duration.ofSeconds(1));
  }

  // --- steps -------------------------------------------------------------------------------------

  /** A player whose ready check waits for them accepts (or, with none waiting, a stray accept). */
  void accept(int k) {
    List<Member> waiting = new ArrayList<>();
    for (MatchRecord m : relva.openMatches()) {
      if (m.state() == MatchRecord.State.POPPED) {
        waiting.addAll(m.notAccepted());
      }
    }
    if (waiting.isEmpty()) {
      Member stray = player(k);
      attempt(() -> relva.acceptMatch(stray.id(), someMatch(stray, k)));
      return;
    }
    Member p = waiting.get(k % waiting.size());
    String id = relva.openMatchOf(p.id()).orElseThrow().id();
    MatchRecord after = attempt(() -> relva.acceptMatch(p.id(), id)).orElseThrow();
    assertThat(after.accepted()).contains(p.id());
    if (after.state() == MatchRecord.State.CONFIRMED) {
      assertThat(after.notAccepted()).isEmpty();
    }
  }

  /** Any player declines their match (or some match, if none holds them). */
  void decline(int k) {
    Member p = player(k);
    String id = someMatch(p, k);
    int before = events.size();
    Outcome<MatchRecord> outcome = attempt(() -> relva.declineMatch(p.id(), id));
    if (outcome.isSuccess()) {
      MatchEvent.Cancelled cancelled = lastCancelledSince(before);
      assertThat(cancelled.dodgers()).containsExactly(p.id());
      assertThat(cancelled.reason()).isEqualTo(p.displayName() + " declined");
    }
  }

  /** Any player votes for a map, one time in five for one that is not offered. */
  void voteMap(int k) {
    Member p = player(k);
    String map = k % 5 == 0 ? "Inferno" : MAPS.get(k % MAPS.size());
    attempt(() -> relva.voteMap(p.id(), map));
  }

  /** Any player asks for a substitute (refused unless they play in an open match). */
  void requestSub(int k) {
    Member p = player(k);
    Outcome<MatchRecord> outcome = attempt(() -> relva.requestSub(p.id()));
    assertThat(outcome.isSuccess()).isEqualTo(relva.openMatchOf(p.id()).isPresent()
        || outcome.refused().filter(Refusal.MATCH_ENDED::equals).isPresent());
  }

  /**
   * A player takes a place someone asked to leave (refused unless the player is free), or, one
   * time in three, a moderator swaps any two players; the teams keep their sizes.
   */
  void substitute(int k) {
    // Mostly a free player (alone, not queued, in no match), else anyone, to be refused.
    List<Member> free = players.stream().filter(p -> relva.partyOf(p.id()).isEmpty()
        && relva.queueEntryOf(p.id()).isEmpty() && relva.openMatchOf(p.id()).isEmpty()).toList();
    Member in = free.isEmpty() || k % 5 == 0 ? player(k) : free.get(k % free.size());
    List<UserId> asked = List.copyOf(stores.subRequests().snapshot().keySet());
    List<Member> playing = relva.openMatches().stream().flatMap(m -> m.players().stream())
        .toList();
    boolean byModerator = asked.isEmpty() || k % 3 == 0;
    UserId out = !byModerator ? asked.get(k % asked.size())
        : playing.isEmpty() || k % 4 == 0 ? player(k / 7).id()
        : playing.get((k / 7) % playing.size()).id();
    Optional<MatchRecord> before = relva.openMatchOf(out);
    Outcome<MatchRecord> outcome = attempt(() -> byModerator ? relva.substitute(out, in)
        : relva.takeSub(in, out));
    outcome.value().ifPresent(after -> {
      MatchRecord was = before.orElseThrow();
      for (int t = 0; t < was.teams().size(); t++) {
        assertThat(after.teams().get(t).stream().mapToInt(e -> e.entity().size()).sum())
            .as("team %s of %s keeps its size", t + 1, after.id())
            .isEqualTo(was.teams().get(t).stream().mapToInt(e -> e.entity().size()).sum());
      }
    });
  }

  /** A member of a party in its ready check leaves the party, which is a decline. */
  void leaveParty(int k) {
    Member p = player(k);
    Optional<MatchRecord> match = relva.openMatchOf(p.id());
    Optional<Party> party = relva.partyOf(p.id());
    if (match.isEmpty() || match.get().state() != MatchRecord.State.POPPED || party.isEmpty()) {
      return;
    }
    int before = events.size();
    attempt(() -> relva.leaveParty(p.id(), relva.channel(party.get().id()).orElseThrow()))
        .orElseThrow();
    assertThat(lastCancelledSince(before).dodgers()).containsExactly(p.id());
  }

  /** The clock moves on and the core ticks; nothing past its deadline may stay open. */
  void waitAndTick(Duration amount) {
    clock.advance(amount);
    Instant now = clock.instant();
    Map<String, Set<UserId>> due = new LinkedHashMap<>();
    Set<String> expiring = new HashSet<>();
    for (MatchRecord m : relva.openMatches()) {
      if (m.state() == MatchRecord.State.POPPED && !now.isBefore(m.readyBy())) {
        Set<UserId> missing = new HashSet<>();
        m.notAccepted().forEach(member -> missing.add(member.id()));
        due.put(m.id(), missing);
      } else if (m.state() == MatchRecord.State.CONFIRMED
          && !now.isBefore(m.confirmedAt().orElseThrow().plus(EXPIRY))) {
        expiring.add(m.id());
      }
    }
    int before = events.size();
    List<MatchRecord> ended = relva.tick();
    Set<String> endedIds = new HashSet<>();
    ended.forEach(m -> endedIds.add(m.id()));
    Set<String> expected = new HashSet<>(due.keySet());
    expected.addAll(expiring);
    assertThat(endedIds).as("the matches this tick ended").isEqualTo(expected);
    for (RelvaEvent e : events.subList(before, events.size())) {
      if (e instanceof MatchEvent.Cancelled) {
        MatchEvent.Cancelled c = (MatchEvent.Cancelled) e;
        assertThat(c.dodgers()).as("dodgers of a timed-out check").isEqualTo(due.get(c.match().id()));
      } else if (e instanceof MatchEvent.Finished) {
        MatchEvent.Finished f = (MatchEvent.Finished) e;
        assertThat(f.result()).isEqualTo(MatchResult.noResult());
        assertThat(expiring).contains(f.match().id());
      }
    }
    for (MatchRecord m : relva.openMatches()) {
      if (m.state() == MatchRecord.State.POPPED) {
        assertThat(now).as("ready check of %s", m.id()).isBefore(m.readyBy());
      } else {
        assertThat(now).as("result of %s", m.id())
            .isBefore(m.confirmedAt().orElseThrow().plus(EXPIRY));
      }
    }
  }

  /** A player of a confirmed match reports a result (or a stray report, with none confirmed). */
  void report(int k, MatchResult claimed) {
    List<Member> playing = new ArrayList<>();
    for (MatchRecord m : relva.openMatches()) {
      if (m.state() == MatchRecord.State.CONFIRMED) {
        playing.addAll(m.players());
      }
    }
    Member p = playing.isEmpty() ? player(k) : playing.get(k % playing.size());
    String id = someMatch(p, k);
    Outcome<MatchRecord> outcome = attempt(() -> relva.reportResult(p.id(), id, claimed));
    if (!playing.isEmpty()) {
      MatchRecord after = outcome.orElseThrow();
      assertThat(after.state() == MatchRecord.State.FINISHED
          || claimed.equals(after.reports().get(p.id()))).isTrue();
    }
  }

  /** A moderator cancels an open match (or an ended one, which is refused). */
  void adminCancel(int k) {
    List<MatchRecord> open = relva.openMatches();
    String id = open.isEmpty() ? lastMatch().orElse("Mnothere")
        : open.get(k % open.size()).id();
    attempt(() -> relva.cancelMatch(id, "moderator " + k));
  }

  /** A moderator sets the result of an open match (refused in its ready check). */
  void adminSetResult(int k, MatchResult result) {
    List<MatchRecord> open = relva.openMatches();
    String id = open.isEmpty() ? lastMatch().orElse("Mnothere")
        : open.get(k % open.size()).id();
    attempt(() -> relva.setResult(id, result));
  }

  /**
   * Pops whatever is queued into two full teams of three, taking whole entries in queue order
   * from position {@code k} on; does nothing if they do not fill both teams.
   */
  void popWhatIsQueued(int k) {
    List<QueueEntry> queue = relva.queue();
    if (queue.isEmpty()) {
      return;
    }
    List<List<QueueEntry>> teams = List.of(new ArrayList<>(), new ArrayList<>());
    int[] filled = new int[2];
    for (int i = 0; i < queue.size() && filled[0] + filled[1] < 2 * TEAM_SIZE; i++) {
      QueueEntry entry = queue.get((i + k) % queue.size());
      for (int t = 0; t < 2; t++) {
        if (filled[t] + entry.entity().size() <= TEAM_SIZE) {
          teams.get(t).add(entry);
          filled[t] += entry.entity().size();
          break;
        }
      }
    }
    if (filled[0] != TEAM_SIZE || filled[1] != TEAM_SIZE) {
      return;
    }
    String id = relva.pop(RelvaHarness.US_E, teams).orElseThrow().matchId();
    matchIds.add(id);
  }

  /** A player who is neither queued nor playing queues again, alone or with their party. */
  void requeue(int k) {
    Member p = player(k);
    if (relva.queueEntryOf(p.id()).isPresent() || relva.openMatchOf(p.id()).isPresent()) {
      return;
    }
    Optional<Party> party = relva.partyOf(p.id());
    Outcome<QueueEntry> outcome;
    if (party.isPresent() && party.get().size() >= Party.MIN_QUEUE_SIZE) {
      Party q = party.get();
      if (q.members().stream().anyMatch(m -> relva.openMatchOf(m.id()).isPresent())) {
        return; // a party-mate is still playing
      }
      ChannelId channel = relva.channel(q.id()).orElseThrow();
      outcome = attempt(() -> relva.queueParty(q.leaderId(), channel));
    } else {
      if (party.isPresent()) {
        ChannelId channel = relva.channel(party.get().id()).orElseThrow();
        attempt(() -> relva.disbandParty(p.id(), channel)).orElseThrow();
      }
      outcome = attempt(() -> relva.joinQueue(p, RelvaHarness.LOBBY, null));
    }
    if (outcome.isSuccess()) {
      happened.add(Happened.QUEUED_AGAIN);
      assertThat(outcome.orElseThrow().joinedAt()).isEqualTo(clock.instant());
    } else {
      assertThat(outcome.failure().orElseThrow().message())
          .contains("missed or declined a ready check");
      happened.add(Happened.REFUSED_BY_COOLDOWN);
    }
  }

  private Member player(int k) {
    return players.get(Math.floorMod(k, players.size()));
  }

  /** {@code p}'s open match, or else some match of the past, or else an id that is none. */
  private String someMatch(Member p, int k) {
    return relva.openMatchOf(p.id()).map(MatchRecord::id).orElseGet(() -> matchIds.isEmpty()
        ? "Mnothere" : matchIds.get(Math.floorMod(k, matchIds.size())));
  }

  private Optional<String> lastMatch() {
    return matchIds.isEmpty() ? Optional.empty()
        : Optional.of(matchIds.get(matchIds.size() - 1));
  }

  private MatchEvent.Cancelled lastCancelledSince(int from) {
    MatchEvent.Cancelled last = null;
    for (RelvaEvent e : events.subList(from, events.size())) {
      if (e instanceof MatchEvent.Cancelled) {
        last = (MatchEvent.Cancelled) e;
      }
    }
    assertThat(last).as("a Cancelled event").isNotNull();
    return last;
  }

  /** Runs {@code operation}; if it is refused, checks that it changed nothing and said nothing. */
  private <T> Outcome<T> attempt(Supplier<Outcome<T>> operation) {
    Map<String, Map<?, ?>> before = snapshot();
    int eventsBefore = events.size();
    Outcome<T> outcome = operation.get();
    if (!outcome.isSuccess()) {
      assertThat(snapshot()).as("stores after %s", outcome).isEqualTo(before);
      assertThat(events.size()).as("events after %s", outcome).isEqualTo(eventsBefore);
      assertThat(outcome.failure().orElseThrow().message()).isNotBlank();
    }
    return outcome;
  }

  private Map<String, Map<?, ?>> snapshot() {
    return RelvaInvariants.contents(stores);
  }

  // --- the check after every step ----------------------------------------------------------------

  /** Reads the new events, then checks every player's place against the core and the stores. */
  void check() {
    readEvents();
    assertThat(owedRequeues).as("requeued entries without a join event").isEmpty();

    Map<UserId, Integer> inEntries = new HashMap<>();
    Map<UserId, EntityId> queuedIn = new HashMap<>();
    for (QueueEntry entry : relva.queue()) {
      assertThat(entry.joinedAt()).as("join time of %s, as its stay began", entry.id())
          .isEqualTo(stayStart.get(stayKey(entry)));
      for (Member m : entry.entity().members()) {
        inEntries.merge(m.id(), 1, Integer::sum);
        queuedIn.put(m.id(), entry.id());
      }
    }
    Map<UserId, Integer> inOpenMatches = new HashMap<>();
    for (MatchRecord m : relva.openMatches()) {
      assertThat(m.state().isOpen()).isTrue();
      if (m.state() == MatchRecord.State.CONFIRMED) {
        assertThat(stores.mapPolls().containsKey(m.id()) || m.map().isPresent())
            .as("confirmed match %s has its map, or its vote open", m.id()).isTrue();
      }
      for (Member member : m.players()) {
        inOpenMatches.merge(member.id(), 1, Integer::sum);
      }
    }
    for (Member p : players) {
      UserId id = p.id();
      int entries = inEntries.getOrDefault(id, 0);
      int matches = inOpenMatches.getOrDefault(id, 0);
      Optional<MatchRecord> open = relva.openMatchOf(id);
      assertThat(entries).as("queue entries holding %s", p).isLessThanOrEqualTo(1);
      assertThat(matches).as("open matches holding %s", p).isLessThanOrEqualTo(1);
      assertThat(entries + matches).as("%s is both queued and in a match", p).isLessThanOrEqualTo(1);
      assertThat(open.isPresent()).as("openMatchOf(%s) agrees with the open matches", p)
          .isEqualTo(matches == 1);
      Told where = told.get(id);
      switch (where) {
        case QUEUED -> {
          assertThat(queuedIn.get(id)).as("%s was told they are queued", p)
              .isEqualTo(toldEntry.get(id));
          assertThat(relva.queueEntryOf(id)).map(QueueEntry::id).contains(toldEntry.get(id));
        }
        case IN_MATCH -> assertThat(open).as("%s was told they play", p)
            .map(MatchRecord::id).contains(toldMatch.get(id));
        case REMOVED, FREED, LEFT -> {
          assertThat(entries).as("%s was told they are %s, but is queued", p, where).isZero();
          assertThat(open).as("%s was told they are %s, but plays", p, where).isEmpty();
        }
        default -> throw new AssertionError(where);
      }
    }
    RelvaInvariants.assertConsistent(stores, channels);
    MatchInvariants.assertHistoryConsistent(events);
  }

  private static Object stayKey(QueueEntry entry) {
    return entry.entity() instanceof SoloPlayer
        ? ((SoloPlayer) entry.entity()).member().id() : entry.id();
  }

  private void readEvents() {
    for (; read < events.size(); read++) {
      RelvaEvent event = events.get(read);
      if (event instanceof QueueEvent.PartyJoin) {
        joined(((QueueEvent.PartyJoin) event).entry());
      } else if (event instanceof QueueEvent.SoloJoin) {
        joined(((QueueEvent.SoloJoin) event).entry());
      } else if (event instanceof QueueEvent.PartyLeave) {
        tell(((QueueEvent.PartyLeave) event).entry().entity().members(), Told.LEFT);
      } else if (event instanceof QueueEvent.SoloLeave) {
        tell(((QueueEvent.SoloLeave) event).entry().entity().members(), Told.LEFT);
      } else if (event instanceof QueueEvent.QueuePop) {
        var popped = ((QueueEvent.QueuePop) event).match();
        if (!matchIds.contains(popped.matchId())) {
          matchIds.add(popped.matchId());
        }
        for (QueueEntry entry : popped.entries()) {
          for (Member m : entry.entity().members()) {
            told.put(m.id(), Told.IN_MATCH);
            toldMatch.put(m.id(), popped.matchId());
          }
        }
      } else if (event instanceof MatchEvent.Confirmed) {
        happened.add(Happened.CONFIRMED);
      } else if (event instanceof MatchEvent.MapChosen) {
        MatchEvent.MapChosen chosen = (MatchEvent.MapChosen) event;
        happened.add(Happened.MAP_CHOSEN);
        assertThat(chosen.match().map()).contains(chosen.map());
        assertThat(MAPS).contains(chosen.map());
      } else if (event instanceof MatchEvent.Substituted) {
        MatchEvent.Substituted sub = (MatchEvent.Substituted) event;
        happened.add(Happened.SUBSTITUTED);
        assertThat(sub.match().hasPlayer(sub.out().id())).isFalse();
        assertThat(sub.match().hasPlayer(sub.in().id())).isTrue();
        told.put(sub.out().id(), Told.FREED);
        told.put(sub.in().id(), Told.IN_MATCH);
        toldMatch.put(sub.in().id(), sub.match().id());
        // The substitute's entry joined when they took the place: a stay that goes on from there
        // if the ready check sends them back to the queue.
        stayStart.put(sub.in().id(), sub.at());
      } else if (event instanceof MatchEvent.Cancelled) {
        cancelled((MatchEvent.Cancelled) event);
      } else if (event instanceof MatchEvent.Finished) {
        MatchEvent.Finished f = (MatchEvent.Finished) event;
        happened.add(Happened.FINISHED);
        if (f.match().endReason().orElseThrow().contains("players reported")) {
          happened.add(Happened.FINISHED_BY_REPORTS);
        } else if (f.result().equals(MatchResult.noResult())) {
          happened.add(Happened.EXPIRED);
        }
        assertThat(f.match().state()).isEqualTo(MatchRecord.State.FINISHED);
        assertThat(f.match().result()).contains(f.result());
        tell(f.match().players(), Told.FREED);
      }
    }
  }

  private void joined(QueueEntry entry) {
    if (owedRequeues.remove(entry.id())) {
      // Back after a cancelled ready check: the stay goes on with its first join time.
      assertThat(entry.joinedAt()).as("join time of requeued %s", entry.id())
          .isEqualTo(stayStart.get(stayKey(entry)));
    } else {
      assertThat(entry.joinedAt()).as("a new stay begins now").isEqualTo(clock.instant());
      stayStart.put(stayKey(entry), entry.joinedAt());
    }
    for (Member m : entry.entity().members()) {
      told.put(m.id(), Told.QUEUED);
      toldEntry.put(m.id(), entry.id());
    }
  }

  private void cancelled(MatchEvent.Cancelled c) {
    MatchRecord match = c.match();
    assertThat(match.state()).isEqualTo(MatchRecord.State.CANCELLED);
    assertThat(match.endReason()).contains(c.reason());
    if (c.reason().endsWith(" declined")) {
      happened.add(Happened.CANCELLED_BY_DECLINE);
    } else if (c.reason().equals("the ready check timed out")) {
      happened.add(Happened.TIMED_OUT);
    } else if (c.reason().startsWith("moderator")) {
      happened.add(Happened.CANCELLED_BY_ADMIN);
    } else {
      happened.add(Happened.CANCELLED_BY_PARTY_CHANGE);
    }
    if (match.confirmedAt().isPresent()) {
      assertThat(c.dodgers()).as("dodgers of a confirmed match's cancel").isEmpty();
      assertThat(c.removed()).isEmpty();
      assertThat(c.requeued()).isEmpty();
      tell(match.players(), Told.FREED);
      return;
    }
    // A ready check called off: each entry holding a dodger leaves with all its players, and
    // (as nobody here joins a party mid-check) every other entry goes back.
    Set<UserId> removed = new HashSet<>();
    Set<EntityId> requeued = new HashSet<>();
    c.requeued().forEach(e -> requeued.add(e.id()));
    for (QueueEntry entry : match.entries()) {
      boolean dodged = entry.entity().members().stream()
          .anyMatch(m -> c.dodgers().contains(m.id()));
      if (dodged) {
        entry.entity().members().forEach(m -> removed.add(m.id()));
      } else {
        QueueEntry back = c.requeued().stream()
            .filter(e -> stayKey(e).equals(stayKey(entry)))
            .findFirst().orElse(null);
        Optional<Party> live = entry.entity() instanceof Party
            ? relva.party(entry.id()) : Optional.empty();
        if (back == null && live.isPresent()
            && !live.get().members().equals(entry.entity().members())) {
          // A party whose member a substitute replaced cannot go back as it is: it is out.
          entry.entity().members().forEach(m -> removed.add(m.id()));
          continue;
        }
        assertThat(back).as("%s, who did not dodge, goes back", entry.id()).isNotNull();
        assertThat(back.joinedAt()).as("%s keeps its join time", entry.id())
            .isEqualTo(entry.joinedAt());
      }
    }
    assertThat(c.removed()).as("removed by %s", c.reason()).isEqualTo(removed);
    assertThat(removed).containsAll(c.dodgers());
    tell(List.copyOf(membersOf(removed)), Told.REMOVED);
    owedRequeues.addAll(requeued);
    if (!c.requeued().isEmpty()) {
      happened.add(Happened.REQUEUED);
    }
  }

  private List<Member> membersOf(Set<UserId> ids) {
    return players.stream().filter(p -> ids.contains(p.id())).toList();
  }

  private void tell(List<Member> members, Told where) {
    members.forEach(m -> told.put(m.id(), where));
  }
}

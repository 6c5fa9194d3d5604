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
import java.util.stream.IntStream;
import org.relva.core.Draft;
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
import org.relva.core.model.DraftBoard;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.matchmaking.MatchInvariants;
import org.relva.testkit.store.InMemoryJournal;

/**
 * The state of {@link ReadyCheckProperties} and {@link DraftProperties}: a core with players who
 * queue alone or in parties (by default fifteen, in three parties and eight solos, for matches of
 * three against three; see {@link Setup}), and what the events have told each player about where
 * they are. Every step goes through one of the methods here; {@link #check()} holds the core to
 * the spec's "every player is in exactly one place" after each, and, when captains pick the
 * teams, to the draft's rules.
 */
final class ReadyCheckWorld {
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

  /** The draft's milestones a run can reach, for {@link DraftProperties}' coverage check. */
  enum Drafted { STARTED, VOLUNTEER_CAPTAINS, PICKED_BY_CAPTAIN, PICKED_TIMED_OUT, PICKED_LATE,
    LAST_LEFT, TEAMS_PICKED, UNFILLABLE_PICK_REFUSED, WRONG_PICK_REFUSED, SUB_REFUSED_WHILE_PICKING,
    SUBSTITUTED_AFTER_DRAFT, REPORTED_AFTER_DRAFT, RESTARTED_MID_DRAFT }

  /**
   * What a world is made of.
   *
   * @param rules the match rules (the world sets the dodge cooldown and the result expiry)
   * @param teams the teams of a match
   * @param teamSize the players of each team
   * @param entries who queues together, in queue order: player numbers, a party when more than one
   * @param ratings the ratings a draft reads, by player number; 1500 for anyone not named
   * @param durable whether the core commits to an in-memory journal, so that it can restart
   */
  record Setup(MatchRules rules, int teams, int teamSize, List<List<Integer>> entries,
      Map<Integer, Double> ratings, boolean durable) {
    Setup {
      entries = entries.stream().map(List::copyOf).toList();
      ratings = Map.copyOf(ratings);
    }

    /** Fifteen players, parties of two, two and three among solos, three against three. */
    static Setup readyChecks() {
      List<List<Integer>> entries = new ArrayList<>(List.of(List.of(0, 1), List.of(7),
          List.of(8), List.of(2, 3), List.of(9), List.of(4, 5, 6)));
      for (int i = 10; i < 15; i++) {
        entries.add(List.of(i));
      }
      return new Setup(MatchRules.defaults().withMapVote(new MapVote(MAPS, Duration.ofSeconds(30),
          1)), 2, 3, entries, Map.of(), false);
    }

    int players() {
      return entries.stream().mapToInt(List::size).sum();
    }

    @Override
    public String toString() {
      Draft d = rules.draft();
      return teams + " teams of " + teamSize + ", entries " + entries + ", ratings " + ratings
          + (d.on() ? ", draft " + d.captains().label() + " " + d.order() + " " + d.pickTime()
          : ", no draft") + (rules.mapVote().isOn() ? ", maps" : ", no maps")
          + (durable ? ", journaled" : "");
    }
  }

  final Setup setup;
  final MutableClock clock = MutableClock.at(RelvaHarness.START);
  final FakePartyChannels channels = new FakePartyChannels();
  final List<RelvaEvent> events = new ArrayList<>();
  final List<Member> players = new ArrayList<>();
  final EnumSet<Happened> happened = EnumSet.noneOf(Happened.class);
  final EnumSet<Drafted> drafted = EnumSet.noneOf(Drafted.class);
  /** The ratings the core reads. */
  final Map<UserId, Double> ratings = new HashMap<>();
  private final RelvaConfig config;
  private final EventBus bus;
  private final SplittableRandom random = new SplittableRandom(7L);
  private final StateJournal journal;
  RelvaStores stores = RelvaStores.inMemory();
  Relva relva;
  int restarts;

  private final Map<UserId, Told> told = new HashMap<>();
  private final Map<UserId, String> toldMatch = new HashMap<>();
  private final Map<UserId, EntityId> toldEntry = new HashMap<>();
  // When each stay in the queue began: by party id, or by a solo's user id (a solo's ticket id
  // may change when it goes back).
  private final Map<Object, Instant> stayStart = new HashMap<>();
  private final Set<EntityId> owedRequeues = new HashSet<>();
  private final List<String> matchIds = new ArrayList<>();
  // The draft as the events told it: each picking draft's board after its last pick, the teams
  // each draft set (as substitutes changed them since), and who popped as one party in each match.
  private final Map<String, DraftBoard> boards = new HashMap<>();
  private final Map<String, List<List<QueueEntry>>> setTeams = new HashMap<>();
  private final Map<String, List<Set<UserId>>> poppedParties = new HashMap<>();
  // The queue's events, the only ones its history check reads: replayed whole when they grow.
  private final List<QueueEvent> queueHistory = new ArrayList<>();
  private int queueHistoryChecked;
  private int read;

  ReadyCheckWorld() {
    this(Setup.readyChecks());
  }

  ReadyCheckWorld(Setup setup) {
    this.setup = setup;
    MatchRules rules = setup.rules().withDodgeCooldown(COOLDOWN).withResultExpiry(EXPIRY);
    config = RelvaConfig.defaults().withMatchRules(rules);
    journal = setup.durable() ? new InMemoryJournal() : StateJournal.none();
    bus = EventBus.create(Runnable::run, (error, event, listener) -> {
      throw new AssertionError("a listener failed on " + event, error);
    });
    bus.subscribe(RelvaEvent.class, events::add);
    relva = build();
    for (int i = 0; i < setup.players(); i++) {
      players.add(Member.of(String.valueOf(3000 + i), "P" + i));
    }
    setup.ratings().forEach((i, rating) -> ratings.put(players.get(i).id(), rating));
    // The parties first, then the queue: parties and solos interleaved, a second apart.
    Map<Integer, Party> parties = new HashMap<>();
    for (int e = 0; e < setup.entries().size(); e++) {
      List<Integer> entry = setup.entries().get(e);
      if (entry.size() > 1) {
        parties.put(e, party(entry.get(0), entry.subList(1, entry.size()).stream()
            .mapToInt(Integer::intValue).toArray()));
      }
    }
    for (int e = 0; e < setup.entries().size(); e++) {
      if (parties.containsKey(e)) {
        queueParty(parties.get(e));
      } else {
        queueSolo(setup.entries().get(e).get(0));
      }
    }
    popWhatIsQueued(0);
    popWhatIsQueued(0);
    check();
  }

  private Relva build() {
    return Relva.builder()
        .config(config)
        .stores(stores)
        .channels(channels)
        .events(bus)
        .clock(clock)
        .random(random)
        .ratings((user, region) -> rating(user))
        .journal(journal)
        .build();
  }

  private double rating(UserId user) {
    return ratings.getOrDefault(user, 1500.0);
  }

  private Draft draftRules() {
    return config.matches().draft();
  }

  @Override
  public String toString() {
    return "world of " + setup;
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
    boolean picking = before.filter(m -> isPicking(m.id())).isPresent();
    Outcome<MatchRecord> outcome = attempt(() -> byModerator ? relva.substitute(out, in)
        : relva.takeSub(in, out));
    if (picking) {
      assertThat(outcome.isSuccess()).as("a substitute while the captains pick").isFalse();
      if (outcome.refused().filter(Refusal.DRAFTING::equals).isPresent()) {
        drafted.add(Drafted.SUB_REFUSED_WHILE_PICKING);
      }
    }
    outcome.value().ifPresent(after -> {
      MatchRecord was = before.orElseThrow();
      if (setTeams.containsKey(was.id())) {
        drafted.add(Drafted.SUBSTITUTED_AFTER_DRAFT);
      }
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
    List<Member> drafting = new ArrayList<>();
    for (MatchRecord m : relva.openMatches()) {
      if (m.state() == MatchRecord.State.CONFIRMED) {
        (isPicking(m.id()) ? drafting : playing).addAll(m.players());
      }
    }
    if (!drafting.isEmpty() && (playing.isEmpty() || k % 4 == 0)) {
      // A player whose captains are still picking: refused until the teams are set.
      Member p = drafting.get(k % drafting.size());
      String id = relva.openMatchOf(p.id()).orElseThrow().id();
      assertThat(attempt(() -> relva.reportResult(p.id(), id, claimed)).refused())
          .as("a report while the captains pick").contains(Refusal.DRAFTING);
      return;
    }
    Member p = playing.isEmpty() ? player(k) : playing.get(k % playing.size());
    String id = someMatch(p, k);
    Outcome<MatchRecord> outcome = attempt(() -> relva.reportResult(p.id(), id, claimed));
    if (!playing.isEmpty()) {
      MatchRecord after = outcome.orElseThrow();
      assertThat(after.state() == MatchRecord.State.FINISHED
          || claimed.equals(after.reports().get(p.id()))).isTrue();
      if (setTeams.containsKey(id)) {
        drafted.add(Drafted.REPORTED_AFTER_DRAFT);
      }
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
   * Pops whatever is queued into full teams (two of three, unless the setup says otherwise),
   * taking whole entries in queue order from position {@code k} on, each into the first team it
   * fits; does nothing if they do not fill every team.
   */
  void popWhatIsQueued(int k) {
    List<QueueEntry> queue = relva.queue();
    if (queue.isEmpty()) {
      return;
    }
    int size = setup.teamSize();
    List<List<QueueEntry>> teams = new ArrayList<>();
    int[] filled = new int[setup.teams()];
    for (int t = 0; t < setup.teams(); t++) {
      teams.add(new ArrayList<>());
    }
    for (int i = 0; i < queue.size() && IntStream.of(filled).sum() < filled.length * size; i++) {
      QueueEntry entry = queue.get((i + k) % queue.size());
      for (int t = 0; t < filled.length; t++) {
        if (filled[t] + entry.entity().size() <= size) {
          teams.get(t).add(entry);
          filled[t] += entry.entity().size();
          break;
        }
      }
    }
    if (IntStream.of(filled).anyMatch(f -> f != size)) {
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

  // --- the captains' draft -----------------------------------------------------------------------

  /** Any player volunteers to captain, mostly one in a ready check. */
  void volunteer(int k) {
    List<Member> checking = relva.openMatches().stream()
        .filter(m -> m.state() == MatchRecord.State.POPPED)
        .flatMap(m -> m.players().stream()).toList();
    Member p = checking.isEmpty() || k % 4 == 0 ? player(k) : checking.get(k % checking.size());
    Optional<MatchRecord> match = relva.openMatchOf(p.id());
    Outcome<DraftBoard> outcome = attempt(() -> relva.volunteerCaptain(p.id()));
    Refusal expected = !draftRules().on() || draftRules().captains() != Draft.Captains.VOLUNTEERS
        ? Refusal.NO_DRAFT
        : match.isEmpty() ? Refusal.NOT_IN_MATCH
        : match.get().state() != MatchRecord.State.POPPED ? Refusal.MATCH_CONFIRMED : null;
    if (expected != null) {
      assertThat(outcome.refused()).as("%s volunteering", p).contains(expected);
      return;
    }
    DraftBoard board = outcome.orElseThrow();
    assertThat(board.volunteers()).contains(p.id());
    assertThat(board.isPicking()).isFalse();
    assertThat(relva.draft(match.get().id())).contains(board);
  }

  /** The captain on turn in some draft picks someone left, whose party may not fit. */
  void pickOnTurn(int k) {
    List<DraftBoard> picking = pickingBoards();
    if (picking.isEmpty()) {
      strayPick(k);
      return;
    }
    DraftBoard board = picking.get(k % picking.size());
    int team = DraftModel.turn(draftRules().order(), board);
    UserId captain = board.captains().get(team);
    QueueEntry entry = board.pool().get((k / 7) % board.pool().size());
    List<Member> members = entry.entity().members();
    UserId target = members.get((k / 3) % members.size()).id();
    boolean fits = DraftModel.pickable(board, team, entry);
    Outcome<MatchRecord> outcome = attempt(() -> relva.pick(captain, target));
    assertThat(outcome.isSuccess())
        .as("the pick of %s by the captain on turn in %s, which %s: %s", target, board,
            fits ? "fits" : "would leave the teams unfillable", outcome)
        .isEqualTo(fits);
    if (!fits) {
      assertThat(outcome.refused()).contains(Refusal.CANNOT_PICK);
      drafted.add(Drafted.UNFILLABLE_PICK_REFUSED);
    }
  }

  /**
   * Someone picks who may not: a captain off turn, a player who is no captain, the captain on
   * turn naming someone already picked or not in the match, or a player with no draft running;
   * each is refused with its reason and changes nothing.
   */
  void wrongPick(int k) {
    List<DraftBoard> picking = pickingBoards();
    if (picking.isEmpty()) {
      strayPick(k);
      return;
    }
    DraftBoard board = picking.get(k % picking.size());
    MatchRecord match = relva.match(board.matchId()).orElseThrow();
    int teams = board.teams().size();
    int team = DraftModel.turn(draftRules().order(), board);
    UserId onTurn = board.captains().get(team);
    List<UserId> left = board.pool().stream()
        .flatMap(e -> e.entity().members().stream()).map(Member::id).toList();
    UserId someoneLeft = left.get((k / 5) % left.size());
    UserId by;
    UserId target;
    Refusal expected;
    switch (k % 5) {
      case 0 -> { // a captain whose turn it is not
        by = board.captains().get((team + 1 + (k / 5) % (teams - 1)) % teams);
        target = someoneLeft;
        expected = Refusal.NOT_YOUR_PICK;
      }
      case 1 -> { // a player of the match who is no captain
        List<UserId> others = match.players().stream().map(Member::id)
            .filter(id -> !board.captains().contains(id)).toList();
        by = others.get((k / 5) % others.size());
        target = someoneLeft;
        expected = Refusal.NOT_YOUR_PICK;
      }
      case 2 -> { // the captain on turn names someone already on a team
        List<UserId> picked = board.teams().stream().flatMap(List::stream)
            .flatMap(e -> e.entity().members().stream()).map(Member::id).toList();
        by = onTurn;
        target = picked.get((k / 5) % picked.size());
        expected = Refusal.CANNOT_PICK;
      }
      case 3 -> { // the captain on turn names someone not in the match
        List<UserId> outside = players.stream().map(Member::id)
            .filter(id -> !match.hasPlayer(id)).toList();
        by = onTurn;
        target = outside.isEmpty() ? UserId.of("9999") : outside.get((k / 5) % outside.size());
        expected = Refusal.CANNOT_PICK;
      }
      default -> { // someone in no draft that picks: free, queued, or in a ready check
        List<UserId> elsewhere = players.stream().map(Member::id)
            .filter(id -> relva.openMatchOf(id).filter(m -> isPicking(m.id())).isEmpty())
            .toList();
        by = elsewhere.isEmpty() ? UserId.of("9999") : elsewhere.get((k / 5) % elsewhere.size());
        target = someoneLeft;
        expected = Refusal.NO_DRAFT;
      }
    }
    Outcome<MatchRecord> outcome = attempt(() -> relva.pick(by, target));
    assertThat(outcome.refused()).as("%s picking %s in %s", by, target, board).contains(expected);
    drafted.add(Drafted.WRONG_PICK_REFUSED);
  }

  /** Whether captains are picking in some match. */
  boolean drafting() {
    return !pickingBoards().isEmpty();
  }

  /** With no draft picking, every pick is refused. */
  void strayPick(int k) {
    Member by = player(k);
    Member target = player(k / 7);
    assertThat(attempt(() -> relva.pick(by.id(), target.id())).refused())
        .as("a pick with no draft picking").contains(Refusal.NO_DRAFT);
  }

  /** The clock runs up to some draft's pick deadline and a little past it, and the core ticks. */
  void waitForPick(int k) {
    List<DraftBoard> picking = pickingBoards();
    if (picking.isEmpty()) {
      return;
    }
    Instant due = picking.get(k % picking.size()).pickBy().orElseThrow();
    waitAndTick(Duration.between(clock.instant(), due).plusSeconds(k % 3));
  }

  /**
   * A captain picks just as their time runs out: the pick they were too late for is made for
   * them first (it is the timer's), then theirs is judged by the draft as it is now. Only when no
   * other deadline falls due by then, so that nothing else waits for a tick.
   */
  void latePick(int k) {
    List<DraftBoard> picking = pickingBoards();
    if (picking.isEmpty()) {
      strayPick(k);
      return;
    }
    DraftBoard board = picking.get(k % picking.size());
    Instant due = board.pickBy().orElseThrow();
    if (anotherDeadlineBy(due, board.matchId())) {
      waitAndTick(Duration.between(clock.instant(), due));
      return;
    }
    int team = DraftModel.turn(draftRules().order(), board);
    UserId late = board.captains().get(team);
    QueueEntry entry = board.pool().get((k / 7) % board.pool().size());
    UserId target = entry.entity().members().get(0).id();
    clock.advance(Duration.between(clock.instant(), due));
    int before = events.size();
    Outcome<MatchRecord> outcome = relva.pick(late, target);
    List<MatchEvent.Picked> picks = events.subList(before, events.size()).stream()
        .filter(MatchEvent.Picked.class::isInstance).map(MatchEvent.Picked.class::cast).toList();
    assertThat(picks).as("picks after a late pick").isNotEmpty();
    assertThat(picks.get(0).how()).isEqualTo(MatchEvent.Picked.How.TIMED_OUT);
    assertThat(picks.get(0).captain()).isEqualTo(late);
    assertThat(picks).filteredOn(p -> p.how() == MatchEvent.Picked.How.TIMED_OUT).hasSize(1);
    if (outcome.isSuccess()) {
      assertThat(picks).filteredOn(p -> p.how() == MatchEvent.Picked.How.CAPTAIN)
          .singleElement().satisfies(p -> assertThat(p.captain()).isEqualTo(late));
    } else {
      assertThat(outcome.refused().orElseThrow()).as("the late pick of %s", target)
          .isIn(Refusal.NOT_YOUR_PICK, Refusal.CANNOT_PICK, Refusal.NO_DRAFT);
      assertThat(picks).noneMatch(p -> p.how() == MatchEvent.Picked.How.CAPTAIN);
    }
    drafted.add(Drafted.PICKED_LATE);
  }

  private boolean anotherDeadlineBy(Instant due, String matchId) {
    for (MatchRecord m : relva.openMatches()) {
      if (m.state() == MatchRecord.State.POPPED ? !due.isBefore(m.readyBy())
          : !due.isBefore(m.confirmedAt().orElseThrow().plus(EXPIRY))) {
        return true;
      }
      Optional<Instant> pickBy = relva.draft(m.id()).flatMap(DraftBoard::pickBy);
      if (!m.id().equals(matchId) && pickBy.filter(by -> !due.isBefore(by)).isPresent()) {
        return true;
      }
    }
    return stores.mapPolls().snapshot().values().stream()
        .anyMatch(poll -> !due.isBefore(poll.closesAt()));
  }

  /**
   * The process dies and a new core starts from the journal: every store, open match, queue
   * entry and draft board is exactly as it was; then it ticks, as the bot does at start.
   */
  void restart() {
    assertThat(journal.isDurable()).as("a restart needs a journal").isTrue();
    Map<String, Map<?, ?>> before = RelvaInvariants.contents(relva, stores);
    List<MatchRecord> open = relva.openMatches();
    List<QueueEntry> queue = relva.queue();
    Map<String, Optional<DraftBoard>> drafts = new HashMap<>();
    open.forEach(m -> drafts.put(m.id(), relva.draft(m.id())));
    stores = RelvaStores.inMemory();
    relva = build();
    assertThat(RelvaInvariants.contents(relva, stores)).as("the stores a restart restored")
        .isEqualTo(before);
    assertThat(relva.openMatches()).as("open matches after a restart").isEqualTo(open);
    assertThat(relva.queue()).as("the queue after a restart").isEqualTo(queue);
    drafts.forEach((id, board) -> assertThat(relva.draft(id))
        .as("the draft of %s after a restart", id).isEqualTo(board));
    restarts++;
    if (drafts.values().stream().anyMatch(b -> b.filter(DraftBoard::isPicking).isPresent())) {
      drafted.add(Drafted.RESTARTED_MID_DRAFT);
    }
    waitAndTick(Duration.ZERO);
  }

  private boolean isPicking(String matchId) {
    return relva.draft(matchId).filter(DraftBoard::isPicking).isPresent();
  }

  private List<DraftBoard> pickingBoards() {
    return relva.openMatches().stream().flatMap(m -> relva.draft(m.id()).stream())
        .filter(DraftBoard::isPicking).toList();
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
      if (m.state() == MatchRecord.State.CONFIRMED && !isPicking(m.id())
          && config.matches().mapVote().isOn()) {
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
    checkDrafts();
    RelvaInvariants.assertConsistent(stores, channels);
    if (queueHistory.size() > queueHistoryChecked) {
      MatchInvariants.assertHistoryConsistent(queueHistory);
      queueHistoryChecked = queueHistory.size();
    }
  }

  private static Object stayKey(QueueEntry entry) {
    return entry.entity() instanceof SoloPlayer
        ? ((SoloPlayer) entry.entity()).member().id() : entry.id();
  }

  private void readEvents() {
    for (; read < events.size(); read++) {
      RelvaEvent event = events.get(read);
      if (event instanceof QueueEvent queueEvent) {
        queueHistory.add(queueEvent);
      }
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
        List<Set<UserId>> together = new ArrayList<>();
        for (QueueEntry entry : popped.entries()) {
          Set<UserId> ids = new HashSet<>();
          entry.entity().members().forEach(m -> ids.add(m.id()));
          together.add(ids);
        }
        poppedParties.put(popped.matchId(), together);
        for (QueueEntry entry : popped.entries()) {
          for (Member m : entry.entity().members()) {
            told.put(m.id(), Told.IN_MATCH);
            toldMatch.put(m.id(), popped.matchId());
          }
        }
      } else if (event instanceof MatchEvent.Confirmed) {
        happened.add(Happened.CONFIRMED);
      } else if (event instanceof MatchEvent.DraftStarted started) {
        draftStarted(started);
      } else if (event instanceof MatchEvent.Picked picked) {
        picked(picked);
      } else if (event instanceof MatchEvent.TeamsPicked set) {
        teamsPicked(set);
      } else if (event instanceof MatchEvent.MapChosen) {
        MatchEvent.MapChosen chosen = (MatchEvent.MapChosen) event;
        happened.add(Happened.MAP_CHOSEN);
        assertThat(chosen.match().map()).contains(chosen.map());
        assertThat(MAPS).contains(chosen.map());
      } else if (event instanceof MatchEvent.Substituted) {
        MatchEvent.Substituted sub = (MatchEvent.Substituted) event;
        happened.add(Happened.SUBSTITUTED);
        assertThat(boards).as("a substitute in a match whose captains pick")
            .doesNotContainKey(sub.match().id());
        if (setTeams.containsKey(sub.match().id())) {
          setTeams.put(sub.match().id(), sub.match().teams());
        }
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
        ended(f.match().id());
        assertThat(f.match().result()).contains(f.result());
        tell(f.match().players(), Told.FREED);
      }
    }
  }

  /**
   * Every open match's teams are full and its parties whole; while captains pick, the board is
   * the one the events told, its teams can still be filled and its captain on turn has a pick
   * (the timer is never stuck), and nobody is late; once the teams are set they are the draft's.
   */
  private void checkDrafts() {
    Instant now = clock.instant();
    for (MatchRecord m : relva.openMatches()) {
      for (int t = 0; t < m.teams().size(); t++) {
        assertThat(m.teams().get(t).stream().mapToInt(e -> e.entity().size()).sum())
            .as("team %s of %s is full", t + 1, m.id()).isEqualTo(setup.teamSize());
      }
      Optional<DraftBoard> board = relva.draft(m.id()).filter(DraftBoard::isPicking);
      for (Set<UserId> party : poppedParties.getOrDefault(m.id(), List.of())) {
        Set<Object> places = new HashSet<>();
        for (UserId u : party) {
          if (!m.hasPlayer(u)) {
            continue; // substituted out
          }
          places.add(board.isPresent() ? board.get().teamOf(u).<Object>map(t -> "team " + t)
              .orElseGet(() -> board.get().poolEntryOf(u).orElseThrow().id())
              : m.teams().stream().filter(team -> team.stream()
                  .anyMatch(e -> e.entity().members().stream().anyMatch(x -> x.id().equals(u))))
                  .findFirst().orElseThrow());
        }
        assertThat(places).as("the places of party %s in %s", party, m.id()).hasSizeLessThan(2);
      }
      if (!draftRules().on() || m.state() != MatchRecord.State.CONFIRMED) {
        assertThat(board).as("a draft picking for %s", m).isEmpty();
        continue;
      }
      if (setTeams.containsKey(m.id())) {
        assertThat(board).as("a draft picking for %s after its teams were set", m.id()).isEmpty();
        assertThat(m.teams()).as("the teams of %s, as the draft set them", m.id())
            .isEqualTo(setTeams.get(m.id()));
        continue;
      }
      DraftBoard b = board.orElseThrow(() -> new AssertionError(m.id()
          + " is confirmed, its teams not set, and no draft picks"));
      assertThat(b).as("the draft of %s, as the events told it", m.id())
          .isEqualTo(boards.get(m.id()));
      assertThat(b.pickBy().orElseThrow()).as("the pick deadline of %s", m.id()).isAfter(now);
      assertThat(b.teamSize()).isEqualTo(setup.teamSize());
      assertThat(DraftModel.fillable(b)).as("the pool of %s fills its teams", b).isTrue();
      int team = DraftModel.turn(draftRules().order(), b);
      assertThat(draftRules().onTurn(b)).as("the team on turn in %s", b).isEqualTo(team);
      assertThat(DraftModel.pickable(draftRules().order(), b))
          .as("what the timer may pick in %s", b).isNotEmpty();
    }
  }

  private void draftStarted(MatchEvent.DraftStarted started) {
    MatchRecord match = started.match();
    DraftBoard board = started.draft();
    drafted.add(Drafted.STARTED);
    assertThat(board.isPicking()).isTrue();
    assertThat(board.captains()).as("one captain per team").hasSize(setup.teams())
        .doesNotHaveDuplicates();
    List<QueueEntry> opened = new ArrayList<>();
    for (int t = 0; t < board.captains().size(); t++) {
      QueueEntry own = match.entryOf(board.captains().get(t)).orElseThrow();
      assertThat(board.teams().get(t)).as("team %s opens with its captain's entry", t + 1)
          .containsExactly(own);
      opened.add(own);
    }
    assertThat(opened).as("captains from different entries").doesNotHaveDuplicates();
    List<QueueEntry> all = new ArrayList<>(opened);
    all.addAll(board.pool());
    assertThat(all).containsExactlyInAnyOrderElementsOf(match.entries());
    // The first captain is whoever comes first by the rule: any one entry can open a team.
    List<UserId> volunteers = board.volunteers();
    double first = rating(board.captains().get(0));
    switch (draftRules().captains()) {
      case RATED -> assertThat(first).as("the first captain's rating")
          .isEqualTo(match.players().stream().mapToDouble(p -> rating(p.id())).max()
              .orElseThrow());
      case VOLUNTEERS -> {
        if (volunteers.isEmpty()) {
          assertThat(first).isEqualTo(match.players().stream().mapToDouble(p -> rating(p.id()))
              .max().orElseThrow());
        } else {
          assertThat(volunteers).contains(board.captains().get(0));
          assertThat(first).isEqualTo(volunteers.stream().mapToDouble(this::rating).max()
              .orElseThrow());
          drafted.add(Drafted.VOLUNTEER_CAPTAINS);
        }
      }
      case RANDOM -> { }
      default -> throw new AssertionError(draftRules().captains());
    }
    assertThat(boards).doesNotContainKey(match.id());
    boards.put(match.id(), board);
  }

  private void picked(MatchEvent.Picked pick) {
    String id = pick.match().id();
    DraftBoard before = boards.get(id);
    assertThat(before).as("a pick in %s, whose draft did not start", id).isNotNull();
    assertThat(before.pool()).as("who was left to pick").contains(pick.entry());
    if (pick.how() == MatchEvent.Picked.How.LAST_LEFT) {
      drafted.add(Drafted.LAST_LEFT);
      int[] rooms = DraftModel.rooms(before);
      for (int t = 0; t < rooms.length; t++) {
        assertThat(rooms[t] > 0).as("room on team %s of %s", t + 1, before)
            .isEqualTo(t == pick.team());
      }
    } else {
      int turn = DraftModel.turn(draftRules().order(), before);
      assertThat(pick.team()).as("the team on turn in %s, in order %s", before,
          draftRules().order()).isEqualTo(turn);
      assertThat(draftRules().onTurn(before)).isEqualTo(turn);
      assertThat(DraftModel.pickable(before, turn, pick.entry()))
          .as("%s leaves the teams fillable", pick).isTrue();
      assertThat(pick.draft().pickBy()).contains(pick.at().plus(draftRules().pickTime()));
      if (pick.how() == MatchEvent.Picked.How.TIMED_OUT) {
        drafted.add(Drafted.PICKED_TIMED_OUT);
        assertThat(pick.at()).as("a timed pick is not early")
            .isAfterOrEqualTo(before.pickBy().orElseThrow());
        double best = DraftModel.pickable(draftRules().order(), before).stream()
            .mapToDouble(this::bestRating).max().orElseThrow();
        assertThat(bestRating(pick.entry())).as("the timer takes the best-rated left")
            .isEqualTo(best);
      } else {
        drafted.add(Drafted.PICKED_BY_CAPTAIN);
        assertThat(pick.at()).as("a captain's pick in time")
            .isBefore(before.pickBy().orElseThrow());
      }
    }
    assertThat(pick.captain()).isEqualTo(before.captains().get(pick.team()));
    List<List<QueueEntry>> teams = new ArrayList<>();
    for (int t = 0; t < before.teams().size(); t++) {
      List<QueueEntry> team = new ArrayList<>(before.teams().get(t));
      if (t == pick.team()) {
        team.add(pick.entry());
      }
      teams.add(team);
    }
    List<QueueEntry> pool = new ArrayList<>(before.pool());
    pool.remove(pick.entry());
    assertThat(pick.draft().teams()).as("the teams after %s", pick).isEqualTo(teams);
    assertThat(pick.draft().pool()).isEqualTo(pool);
    assertThat(pick.draft().captains()).isEqualTo(before.captains());
    assertThat(pick.draft().volunteers()).isEqualTo(before.volunteers());
    boards.put(id, pick.draft());
  }

  private void teamsPicked(MatchEvent.TeamsPicked set) {
    String id = set.match().id();
    DraftBoard last = boards.remove(id);
    assertThat(last).as("teams picked in %s, whose draft did not start", id).isNotNull();
    drafted.add(Drafted.TEAMS_PICKED);
    assertThat(last.pool()).as("left to pick when the teams were set").isEmpty();
    assertThat(set.match().teams()).as("the teams of %s are the draft's", id)
        .isEqualTo(last.teams());
    assertThat(set.captains()).isEqualTo(last.captains());
    for (List<QueueEntry> team : set.match().teams()) {
      assertThat(team.stream().mapToInt(e -> e.entity().size()).sum()).as("a picked team")
          .isEqualTo(setup.teamSize());
    }
    setTeams.put(id, set.match().teams());
  }

  private double bestRating(QueueEntry entry) {
    return entry.entity().members().stream().mapToDouble(m -> rating(m.id())).max()
        .orElseThrow();
  }

  /** Match {@code id} ended: its draft, if any, with it. */
  private void ended(String id) {
    boards.remove(id);
    setTeams.remove(id);
    poppedParties.remove(id);
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
    ended(match.id());
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

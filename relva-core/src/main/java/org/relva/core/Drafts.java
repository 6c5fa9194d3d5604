package org.relva.core;

import static org.relva.core.StoreWrites.checkedReplace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.MatchEvent.Picked.How;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;

/**
 * The captains' draft ({@link Draft}): volunteers during the ready check, the choice of captains
 * once every player has accepted, the picks in the configured order, the pick timer, and the
 * teams it sets. While the captains pick, the match is confirmed but its teams are not set: no
 * result, substitute or map vote until they are ({@link MatchEvent.TeamsPicked}).
 *
 * <p>Every pick must leave the teams fillable: the entries left must still fill every team
 * exactly, parties whole. The matchmaker's teams prove one such split exists when the draft
 * begins, captains are chosen so one still does, and each pick is refused (or, for the timer,
 * skipped) if it would break that, so a draft always ends with every team full.
 *
 * <p>Deadlines come first: a pick, right or wrong, first makes the picks whose time ran out, as
 * every match operation applies its deadlines before it acts; and a match whose result time
 * runs out while its captains pick ends with no result, its draft dropped, like any other. Not
 * thread-safe: used with {@link Relva}'s lock held.
 */
final class Drafts {
  private final Context ctx;
  private final MapVotes maps;

  Drafts(Context ctx, MapVotes maps) {
    this.ctx = ctx;
    this.maps = maps;
  }

  /** The draft rules of {@code match}'s queue. */
  private Draft rules(MatchRecord match) {
    return ctx.rules(match).draft();
  }

  /** Whether {@code matchId}'s captains are picking its teams now. */
  boolean isPicking(String matchId) {
    return ctx.stores().drafts().get(matchId).filter(DraftBoard::isPicking).isPresent();
  }

  /** A refusal of what must wait for {@code match}'s teams, if its captains are still picking. */
  <T> Optional<Outcome<T>> refuseWhilePicking(MatchRecord match, String what) {
    return isPicking(match.id()) ? Optional.of(Outcome.failure(Refusal.DRAFTING, "Match "
        + match.id() + "'s captains are still picking the teams; " + what
        + " once the teams are set.")) : Optional.empty();
  }

  /** {@code user} volunteers to captain their match, in its ready check. */
  Outcome<DraftBoard> volunteer(UserId user) {
    Draft rules = ctx.openMatchOf(user).map(ctx::rules).orElse(ctx.config().matches()).draft();
    if (!rules.on()) {
      return Outcome.failure(Refusal.NO_DRAFT, "Captains do not pick the teams here.");
    }
    if (rules.captains() != Draft.Captains.VOLUNTEERS) {
      return Outcome.failure(Refusal.NO_DRAFT, "Captains here are chosen "
          + (rules.captains() == Draft.Captains.RANDOM ? "at random" : "by rating")
          + "; nobody volunteers.");
    }
    Optional<MatchRecord> match = ctx.openMatchOf(user);
    if (match.isEmpty()) {
      return Outcome.failure(Refusal.NOT_IN_MATCH, "You are not playing in an open match.");
    }
    if (match.get().state() != MatchRecord.State.POPPED) {
      return Outcome.failure(Refusal.MATCH_CONFIRMED, "Match " + match.get().id()
          + "'s captains are already chosen; volunteer during the ready check.");
    }
    if (!ctx.now().isBefore(match.get().readyBy())) {
      return Outcome.failure(Refusal.MATCH_ENDED, "Match " + match.get().id()
          + "'s ready check has timed out.");
    }
    String id = match.get().id();
    DraftBoard before = ctx.stores().drafts().get(id).orElse(null);
    DraftBoard after = (before == null ? DraftBoard.volunteering(id) : before).volunteer(user);
    if (before == null) {
      ctx.stores().drafts().put(id, after);
    } else if (!after.equals(before)) {
      checkedReplace(ctx.stores().drafts(), id, before, after);
    }
    return Outcome.success(after);
  }

  /**
   * Begins the draft of {@code match}, just confirmed: chooses the captains and opens the picks;
   * the match as it is then (with its teams set, if nothing was left to pick).
   */
  MatchRecord begin(MatchRecord match, Instant now) {
    String id = match.id();
    DraftBoard board = ctx.stores().drafts().get(id).orElse(DraftBoard.volunteering(id));
    List<QueueEntry> entries = match.entries();
    int teams = match.teams().size();
    int teamSize = teamSize(match);
    List<UserId> captains = new ArrayList<>();
    List<QueueEntry> opened = new ArrayList<>();
    for (Member candidate : candidates(match, board)) {
      QueueEntry entry = match.entryOf(candidate.id()).orElseThrow();
      if (opened.contains(entry)) {
        continue;
      }
      List<QueueEntry> trial = new ArrayList<>(opened);
      trial.add(entry);
      if (fillable(rooms(trial.stream().map(List::of).toList(), teams, teamSize),
          sizesWithout(entries, trial))) {
        captains.add(candidate.id());
        opened.add(entry);
        if (captains.size() == teams) {
          break;
        }
      }
    }
    List<QueueEntry> pool = new ArrayList<>(entries);
    pool.removeAll(opened);
    DraftBoard picking = board.begin(captains, opened.stream().map(List::of).toList(), pool,
        now.plus(rules(match).pickTime()));
    ctx.stores().drafts().put(id, picking);
    ctx.publish(new MatchEvent.DraftStarted(match, picking, now));
    return settle(match, picking, now);
  }

  /**
   * {@code captain}, on turn, picks {@code target} (with their party) for their team, after the
   * picks whose time ran out are made.
   */
  Outcome<MatchRecord> pick(UserId captain, UserId target) {
    pickDue();
    Optional<MatchRecord> match = ctx.openMatchOf(captain);
    Optional<DraftBoard> board = match.flatMap(m -> ctx.stores().drafts().get(m.id()))
        .filter(DraftBoard::isPicking);
    if (board.isEmpty()) {
      return Outcome.failure(Refusal.NO_DRAFT, match.isEmpty()
          ? "You are not playing in an open match."
          : match.get().state() == MatchRecord.State.POPPED && rules(match.get()).on()
              ? "Match " + match.get().id() + "'s captains pick once everyone has accepted."
              : "Match " + match.get().id() + " has no draft running.");
    }
    MatchRecord m = match.get();
    DraftBoard b = board.get();
    int team = rules(m).onTurn(b);
    if (!b.captains().get(team).equals(captain)) {
      return Outcome.failure(Refusal.NOT_YOUR_PICK, b.captains().contains(captain)
          ? "It is " + name(m, b.captains().get(team)) + "'s pick."
          : "Only the captains pick: " + String.join(", ",
              b.captains().stream().map(c -> name(m, c)).toList()) + ".");
    }
    Optional<QueueEntry> entry = b.poolEntryOf(target);
    if (entry.isEmpty()) {
      return Outcome.failure(Refusal.CANNOT_PICK, b.teamOf(target)
          .map(t -> name(m, target) + " is already on team " + (t + 1) + ".")
          .orElse("That player is not in match " + m.id() + "."));
    }
    int room = teamSize(m) - b.size(team);
    int size = entry.get().entity().size();
    if (size > room) {
      return Outcome.failure(Refusal.CANNOT_PICK, name(m, target) + "'s party of " + size
          + " does not fit: your team has room for " + room + ".");
    }
    if (!canPick(b, team, entry.get(), teamSize(m))) {
      return Outcome.failure(Refusal.CANNOT_PICK, "Picking " + name(m, target)
          + (size > 1 ? "'s party of " + size : "") + " now would leave the teams unable to "
          + "fill up with the parties left whole; pick someone else.");
    }
    return Outcome.success(apply(m, b, team, entry.get(), How.CAPTAIN, ctx.now()));
  }

  /**
   * {@code match} once its draft's late pick, if any, is made (which may set its teams): the
   * draft's deadline, applied before an operation on the match acts.
   */
  MatchRecord pickIfDue(MatchRecord match) {
    Optional<DraftBoard> board = ctx.stores().drafts().get(match.id());
    if (board.isEmpty()) {
      return match;
    }
    pickIfLate(board.get(), ctx.now());
    return ctx.stores().matches().get(match.id()).orElse(match);
  }

  /** Makes the pick of every captain whose time ran out; the matches whose teams were set. */
  List<MatchRecord> pickDue() {
    Instant now = ctx.now();
    List<MatchRecord> set = new ArrayList<>();
    for (DraftBoard b : List.copyOf(ctx.stores().drafts().snapshot().values())) {
      pickIfLate(b, now).ifPresent(set::add);
    }
    return set;
  }

  /**
   * Makes {@code b}'s captain's pick if their time ran out by {@code now}; the match, if that
   * set its teams.
   */
  private Optional<MatchRecord> pickIfLate(DraftBoard b, Instant now) {
    if (!b.isPicking() || now.isBefore(b.pickBy().orElseThrow())) {
      return Optional.empty();
    }
    MatchRecord m = ctx.stores().matches().get(b.matchId()).orElseThrow();
    int team = rules(m).onTurn(b);
    QueueEntry best = b.pool().stream()
        .filter(e -> canPick(b, team, e, teamSize(m)))
        .max(Comparator.comparingDouble(e -> best(m, e)))
        .orElseThrow(() -> new IllegalStateException("draft " + b.matchId() + " is stuck"));
    MatchRecord after = apply(m, b, team, best, How.TIMED_OUT, now);
    return isPicking(after.id()) ? Optional.empty() : Optional.of(after);
  }

  /** The match {@code matchId} ended: its draft, if any, is dropped. */
  void drop(String matchId) {
    ctx.stores().drafts().remove(matchId);
  }

  /** {@code out} left match {@code matchId} in its ready check: they no longer volunteer. */
  void forget(String matchId, UserId out) {
    ctx.stores().drafts().get(matchId).filter(b -> b.volunteers().contains(out))
        .ifPresent(b -> checkedReplace(ctx.stores().drafts(), matchId, b,
            b.withoutVolunteer(out)));
  }

  private MatchRecord apply(MatchRecord match, DraftBoard board, int team, QueueEntry entry,
      How how, Instant now) {
    DraftBoard after = board.pick(team, entry, now.plus(rules(match).pickTime()));
    checkedReplace(ctx.stores().drafts(), match.id(), board, after);
    ctx.publish(new MatchEvent.Picked(match, after, after.captains().get(team), entry, team, how,
        now));
    return settle(match, after, now);
  }

  /**
   * Once a single team has room, the entries left join it; once every team is full, the teams
   * are set: the match takes them, the draft ends and the map vote, if any, opens.
   */
  private MatchRecord settle(MatchRecord match, DraftBoard board, Instant now) {
    int teamSize = teamSize(match);
    List<Integer> open = new ArrayList<>();
    for (int t = 0; t < board.teams().size(); t++) {
      if (board.size(t) < teamSize) {
        open.add(t);
      }
    }
    if (open.size() == 1) {
      DraftBoard b = board;
      for (QueueEntry entry : board.pool()) {
        DraftBoard next = b.pick(open.get(0), entry, b.pickBy().orElseThrow());
        ctx.publish(new MatchEvent.Picked(match, next, next.captains().get(open.get(0)), entry,
            open.get(0), How.LAST_LEFT, now));
        b = next;
      }
      checkedReplace(ctx.stores().drafts(), match.id(), board, b);
      board = b;
    } else if (!open.isEmpty()) {
      return match;
    }
    ctx.stores().drafts().remove(match.id(), board);
    MatchRecord after = match.withTeams(board.teams());
    checkedReplace(ctx.stores().matches(), match.id(), match, after);
    ctx.publish(new MatchEvent.TeamsPicked(after, board.captains(), now));
    return maps.open(after, now);
  }

  /**
   * Who may captain, in the rule's order of preference: by rating (ties drawn at random), at
   * random, or the volunteers by rating and then everyone else by rating.
   */
  private List<Member> candidates(MatchRecord match, DraftBoard board) {
    List<Member> players = new ArrayList<>(match.players());
    Collections.shuffle(players, new Random(ctx.random().nextLong()));
    if (rules(match).captains() == Draft.Captains.RANDOM) {
      return players;
    }
    Comparator<Member> byRating = Comparator.comparingDouble(
        (Member p) -> ctx.ratings().rating(p.id(), match.region())).reversed();
    if (rules(match).captains() == Draft.Captains.VOLUNTEERS) {
      Set<UserId> volunteers = new HashSet<>(board.volunteers());
      byRating = Comparator.comparing((Member p) -> !volunteers.contains(p.id()))
          .thenComparing(byRating);
    }
    players.sort(byRating);
    return players;
  }

  private boolean canPick(DraftBoard board, int team, QueueEntry entry, int teamSize) {
    List<List<QueueEntry>> teams = new ArrayList<>(board.teams());
    List<QueueEntry> grown = new ArrayList<>(teams.get(team));
    grown.add(entry);
    teams.set(team, grown);
    List<QueueEntry> left = new ArrayList<>(board.pool());
    left.remove(entry);
    return fillable(rooms(teams, teams.size(), teamSize),
        left.stream().map(e -> e.entity().size()).toList());
  }

  /** The room left in each of {@code teams} teams of {@code teamSize}, given those opened. */
  private static int[] rooms(List<List<QueueEntry>> opened, int teams, int teamSize) {
    int[] rooms = new int[teams];
    for (int t = 0; t < teams; t++) {
      rooms[t] = teamSize - (t < opened.size()
          ? opened.get(t).stream().mapToInt(e -> e.entity().size()).sum() : 0);
    }
    return rooms;
  }

  private static List<Integer> sizesWithout(List<QueueEntry> entries, List<QueueEntry> taken) {
    return entries.stream().filter(e -> !taken.contains(e)).map(e -> e.entity().size()).toList();
  }

  /** Whether entries of {@code sizes} can fill {@code rooms} exactly, each entry in one room. */
  static boolean fillable(int[] rooms, List<Integer> sizes) {
    int total = 0;
    for (int room : rooms) {
      if (room < 0) {
        return false;
      }
      total += room;
    }
    if (sizes.stream().mapToInt(Integer::intValue).sum() != total) {
      return false;
    }
    List<Integer> sorted = new ArrayList<>(sizes);
    sorted.sort(Comparator.reverseOrder());
    return place(rooms.clone(), sorted, 0);
  }

  private static boolean place(int[] rooms, List<Integer> sizes, int next) {
    if (next == sizes.size() || sizes.get(next) == 1) {
      return true; // the sums agree, and single players fit any room
    }
    int size = sizes.get(next);
    Set<Integer> tried = new HashSet<>();
    for (int r = 0; r < rooms.length; r++) {
      if (rooms[r] >= size && tried.add(rooms[r])) {
        rooms[r] -= size;
        boolean fits = place(rooms, sizes, next + 1);
        rooms[r] += size;
        if (fits) {
          return true;
        }
      }
    }
    return false;
  }

  private double best(MatchRecord match, QueueEntry entry) {
    return entry.entity().members().stream()
        .mapToDouble(m -> ctx.ratings().rating(m.id(), match.region())).max().orElseThrow();
  }

  private static int teamSize(MatchRecord match) {
    return match.teams().get(0).stream().mapToInt(e -> e.entity().size()).sum();
  }

  private static String name(MatchRecord match, UserId user) {
    return match.players().stream().filter(p -> p.id().equals(user)).findFirst()
        .map(Member::displayName).orElse(user.value());
  }
}

package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.RatingWindow;

/**
 * The facts behind {@code /queue status} and the lobby's live queue message: who waits in each
 * region, how many a match needs, how long the oldest has waited and, when enough players wait
 * but nothing pops, the likely reason. {@link Wording} words them.
 *
 * <p>The reasons are a reading of the matchmaker's published rules (parties stay whole, a
 * full-team party faces parties first, the balanced algorithm's rating window), not a replay of
 * its search, so they say what is likely, not what is certain. Stateless and thread-safe.
 */
final class QueueBoard {
  private static final int MAX_PARTIES_SEARCHED = 16;

  private QueueBoard() {}

  /** Why a region with enough players has not popped. */
  enum Stall {
    /** Fewer players wait than a match needs. */
    TOO_FEW,
    /** Enough players, but the parties cannot be split into full teams while staying whole. */
    PARTIES_DO_NOT_FIT,
    /** The oldest is a full-team party, which faces another party before solos, for a while. */
    FULL_PARTY_WAITS,
    /** The balanced algorithm waits for players near the oldest's rating; the window widens. */
    RATING_WINDOW,
    /** Nothing holds it back: a match pops at the next pass. */
    NONE
  }

  /**
   * One region's queue.
   *
   * @param region the region
   * @param entries who waits, oldest first
   * @param players how many players wait
   * @param needed how many players a match takes
   * @param stall why nothing has popped
   * @param until when the stall ends on its own (the full party's or the rating window's wait)
   */
  record RegionView(Region region, List<QueueEntry> entries, int players, int needed, Stall stall,
      Optional<Instant> until) {
    RegionView {
      requireNonNull(region, "region");
      entries = List.copyOf(entries);
      requireNonNull(stall, "stall");
      requireNonNull(until, "until");
    }

    Optional<Instant> oldest() {
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).joinedAt());
    }
  }

  /** Every configured region's queue, in the configured order. */
  static List<RegionView> of(List<QueueEntry> queue, Regions regions, MatchmakingConfig config) {
    List<RegionView> views = new ArrayList<>();
    for (Region region : regions.all()) {
      views.add(region(queue, region, config));
    }
    return views;
  }

  /** {@code region}'s queue. */
  static RegionView region(List<QueueEntry> queue, Region region, MatchmakingConfig config) {
    List<QueueEntry> here = queue.stream().filter(e -> e.region().equals(region))
        .sorted(Comparator.comparing(QueueEntry::joinedAt)).toList();
    MatchFormat format = config.format();
    int players = here.stream().mapToInt(e -> e.entity().size()).sum();
    int needed = format.players();
    if (players < needed) {
      return new RegionView(region, here, players, needed, Stall.TOO_FEW, Optional.empty());
    }
    if (!fits(here, format)) {
      return new RegionView(region, here, players, needed, Stall.PARTIES_DO_NOT_FIT,
          Optional.empty());
    }
    if (config.algorithm().equals("fifo")) {
      return new RegionView(region, here, players, needed, Stall.NONE, Optional.empty());
    }
    QueueEntry oldest = here.get(0);
    long fullParties = here.stream().filter(e -> e.entity() instanceof Party
        && e.entity().size() == format.teamSize()).count();
    Instant relaxed = oldest.joinedAt().plus(config.premadeRelaxAfter());
    if (oldest.entity() instanceof Party && oldest.entity().size() == format.teamSize()
        && fullParties < format.teams()) {
      return new RegionView(region, here, players, needed, Stall.FULL_PARTY_WAITS,
          Optional.of(relaxed));
    }
    return new RegionView(region, here, players, needed, Stall.RATING_WINDOW,
        anyRatingAfter(config.ratingWindow()).map(oldest.joinedAt()::plus));
  }

  /** When the window takes any rating, if it ever does. */
  private static Optional<Duration> anyRatingAfter(RatingWindow window) {
    return window.steps().stream().filter(s -> Double.isInfinite(s.width()))
        .map(RatingWindow.Step::after).findFirst();
  }

  /**
   * Whether some of {@code entries} make full teams of {@code format} with every party whole: the
   * parties (at most the {@value #MAX_PARTIES_SEARCHED} oldest, beyond which it answers yes) are
   * packed into the teams, and solos fill the rest.
   */
  static boolean fits(List<QueueEntry> entries, MatchFormat format) {
    int solos = (int) entries.stream().filter(e -> e.entity().size() == 1).count();
    if (solos >= format.players()) {
      return true;
    }
    List<Integer> parties = entries.stream().map(e -> e.entity().size()).filter(n -> n > 1)
        .sorted(Comparator.reverseOrder()).toList();
    if (parties.size() > MAX_PARTIES_SEARCHED) {
      return true;
    }
    return pack(parties, 0, new int[format.teams()], format.teamSize(),
        format.players() - solos, 0);
  }

  private static boolean pack(List<Integer> parties, int next, int[] teams, int teamSize,
      int mustPack, int packed) {
    if (packed >= mustPack) {
      return true;
    }
    if (next == parties.size()) {
      return false;
    }
    int size = parties.get(next);
    for (int t = 0; t < teams.length; t++) {
      if (teams[t] + size <= teamSize) {
        teams[t] += size;
        boolean done = pack(parties, next + 1, teams, teamSize, mustPack, packed + size);
        teams[t] -= size;
        if (done) {
          return true;
        }
        if (teams[t] == 0) {
          break; // the other empty teams are the same
        }
      }
    }
    return pack(parties, next + 1, teams, teamSize, mustPack, packed);
  }
}

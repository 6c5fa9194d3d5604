package org.relva.bench;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.matchmaking.Ratings;

/**
 * Deterministic data for the matchmaking benchmarks: queue snapshots, players and ratings made
 * from a seed, so that every run of a benchmark sees the same queue. The testkit has richer
 * generators, but it brings JUnit and jqwik along, which have no place in the benchmark jar.
 *
 * <p>A snapshot of {@code size} entities has about {@value #PARTY_SHARE_PERCENT}% parties of 2 to
 * 5 (uniformly) and solo players for the rest, spread uniformly over the {@link #REGIONS eight
 * regions}, every player rated from N(1500, 300). The entities joined at even intervals over the
 * {@link #SPAN three minutes} before {@link Snapshot#now()}, whatever the size, so the share of
 * entities at each step of the default rating window (100 under 30 s, 200 under 120 s, any rating
 * after) and past the full-party rule's 90 s is the same at every size.
 *
 * <p>Stateless and thread-safe.
 */
final class BenchQueues {
  /** When the benchmarks' clocks stand. */
  static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  /** How long before {@link Snapshot#now()} the oldest entity of a snapshot joined. */
  static final Duration SPAN = Duration.ofMinutes(3);
  /** The share of a snapshot's entities that are parties. */
  static final int PARTY_SHARE_PERCENT = 30;
  /** The eight regions every benchmark configures; the first is the default. */
  static final List<Region> REGIONS = ImmutableList.of(Region.of("us-e"), Region.of("us-w"),
      Region.of("us-c"), Region.of("eu-w"), Region.of("eu-e"), Region.of("br"),
      Region.of("asia"), Region.of("oce"));
  /** {@link #REGIONS} as the core's configuration. */
  static final Regions CONFIGURED = Regions.of(REGIONS);

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final JoinCode CODE = new JoinCode("HX7K3MQD");

  private BenchQueues() {}

  /**
   * A queue snapshot, oldest first, and the ratings of its players.
   *
   * @param queue the entries, oldest first, with distinct ids and players
   * @param ratings every player's rating, keyed by user ids of their own (see {@link #snapshot})
   * @param now the time of the pass, {@link #SPAN} after the oldest entry joined
   * @param players the number of players in {@code queue}
   * @param parties the number of parties in {@code queue}
   */
  record Snapshot(List<QueueEntry> queue, Map<UserId, Double> ratings, Instant now,
      int players, int parties) {}

  /**
   * A snapshot of {@code size} entities drawn from {@code seed}. The ratings are keyed by user ids
   * equal to, but not the same objects as, the members' ids, made in a shuffled order, as they
   * would be in a rating store filled from elsewhere: a lookup pays for a real comparison of the
   * ids, away from the queue's objects in memory, not for an identity check.
   */
  static Snapshot snapshot(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Instant now = EPOCH.plus(SPAN);
    long step = SPAN.toNanos() / size;
    List<QueueEntry> queue = new ArrayList<>(size);
    List<Double> drawn = new ArrayList<>();
    int players = 0;
    int parties = 0;
    for (int i = 0; i < size; i++) {
      Region region = REGIONS.get(random.nextInt(REGIONS.size()));
      int members = random.nextInt(100) < PARTY_SHARE_PERCENT ? 2 + random.nextInt(4) : 1;
      List<Member> party = new ArrayList<>(members);
      for (int m = 0; m < members; m++) {
        long user = players++;
        party.add(member(user));
        drawn.add(Ratings.DEFAULT_RATING + 300 * random.nextGaussian());
      }
      Instant joined = EPOCH.plusNanos(i * step);
      QueueEntry entry;
      if (members == 1) {
        entry = new QueueEntry(new SoloPlayer(entityId(i), region, party.get(0)), joined);
      } else {
        parties++;
        entry = new QueueEntry(new Party(entityId(i), region, party.get(0).id(), CODE, party,
            joined.minusSeconds(1)), joined);
      }
      queue.add(entry);
    }
    // The store's ids are made in a shuffled order, so that they lie in memory unlike the queue's,
    // as in a store filled over weeks of matches.
    int[] order = new int[players];
    for (int i = 0; i < players; i++) {
      int j = random.nextInt(i + 1);
      order[i] = order[j];
      order[j] = i;
    }
    Map<UserId, Double> ratings = new HashMap<>(2 * players);
    for (int user : order) {
      ratings.put(userId(user), drawn.get(user));
    }
    return new Snapshot(ImmutableList.copyOf(queue), ratings, now, players, parties);
  }

  /** The entity id numbered {@code n}: {@code K} and six base-62 digits. */
  static EntityId entityId(long n) {
    char[] chars = new char[7];
    chars[0] = 'K';
    long rest = n;
    for (int i = 6; i >= 1; i--) {
      chars[i] = BASE62.charAt((int) (rest % 62));
      rest /= 62;
    }
    if (rest != 0) {
      throw new IllegalArgumentException("entity number out of range: " + n);
    }
    return EntityId.of(new String(chars));
  }

  /** The user id numbered {@code n}, shaped like a Discord snowflake (18 decimal digits). */
  static UserId userId(long n) {
    return UserId.of(Long.toString(100_000_000_000_000_000L + n));
  }

  /** {@code ratings} as the library's immutable source, {@link Ratings#of}. */
  static Ratings immutable(Map<UserId, Double> ratings) {
    return Ratings.of(ratings, Ratings.DEFAULT_RATING);
  }

  /**
   * {@code ratings} as a live source, the kind a running bot has: a concurrent map that the match
   * lifecycle updates while the daemon reads it.
   */
  static Ratings concurrent(Map<UserId, Double> ratings) {
    ConcurrentHashMap<UserId, Double> live = new ConcurrentHashMap<>(ratings);
    return user -> live.getOrDefault(user, Ratings.DEFAULT_RATING);
  }

  /** The player numbered {@code n}. */
  static Member member(long n) {
    return new Member(userId(n), "Player " + n);
  }
}

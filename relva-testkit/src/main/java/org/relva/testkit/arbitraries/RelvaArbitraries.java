package org.relva.testkit.arbitraries;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * Generators of Relva's values: users, regions, ratings, parties, solo players and whole queues.
 * Each returns a jqwik {@link Arbitrary}; the fluent ones ({@link #parties()}, {@link #queues()})
 * return copies on every change, as jqwik's own do.
 */
public final class RelvaArbitraries {
  /** Eight regions, the default set the generators draw from. */
  public static final List<Region> DEFAULT_REGIONS = ImmutableList.of(
      Region.of("us-e"), Region.of("us-w"), Region.of("eu"), Region.of("eu-n"),
      Region.of("sa"), Region.of("asia"), Region.of("oce"), Region.of("me"));

  /** The instant generated queues start at. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private RelvaArbitraries() {}

  /** Discord-style user ids: 17 to 19 decimal digits. */
  public static Arbitrary<UserId> userIds() {
    return Arbitraries.longs().between(10_000_000_000_000_000L, Long.MAX_VALUE)
        .map(n -> UserId.of(Long.toString(n)));
  }

  /** Members with Discord-style ids and short display names, some of them not ASCII. */
  public static Arbitrary<Member> members() {
    Arbitrary<String> names = Arbitraries.strings()
        .withCharRange('a', 'z').withChars('_', '.', 'é', 'ß', '李', 'ø')
        .ofMinLength(1).ofMaxLength(24);
    return Combinators.combine(userIds(), names).as(Member::new);
  }

  /** Regions drawn from {@link #DEFAULT_REGIONS}. */
  public static Arbitrary<Region> regions() {
    return Arbitraries.of(DEFAULT_REGIONS);
  }

  /** Ratings around 1,500 with a spread of about 300, as a PUG community's would be. */
  public static Arbitrary<Double> ratings() {
    return Arbitraries.randomValue(random -> clamp(1_500 + random.nextGaussian() * 300));
  }

  /** Entity ids of the spec's format: {@code K} and six letters or digits. */
  public static Arbitrary<EntityId> entityIds() {
    return Arbitraries.strings().alpha().numeric().ofLength(6).map(s -> EntityId.of("K" + s));
  }

  /** Parties of 2 to 5 members in a default region; see {@link PartyArbitrary} to narrow them. */
  public static PartyArbitrary parties() {
    return new PartyArbitrary(2, 5, DEFAULT_REGIONS);
  }

  /** Solo players in a default region. */
  public static Arbitrary<SoloPlayer> solos() {
    return Combinators.combine(entityIds(), regions(), members()).as(SoloPlayer::new);
  }

  /**
   * Queues of up to 200 entities with distinct ids and users, oldest first, mixing parties and
   * solo players in the default regions; see {@link QueueArbitrary} to shape them.
   */
  public static QueueArbitrary queues() {
    return QueueArbitrary.DEFAULT;
  }

  static double clamp(double rating) {
    return Math.max(0, Math.min(3_000, rating));
  }

  /**
   * The entity id for the {@code n}th generated entity, in the spec's format ({@code K} and six
   * alphanumerics): unique for every n below 62^6. For fixtures that need many distinct ids.
   */
  public static EntityId sequentialId(long n) {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    char[] chars = new char[6];
    long rest = n;
    for (int i = chars.length - 1; i >= 0; i--) {
      chars[i] = alphabet.charAt((int) (rest % alphabet.length()));
      rest /= alphabet.length();
    }
    return EntityId.of("K" + new String(chars));
  }
}

package org.relva.testkit.arbitraries;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.ArbitraryDecorator;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntity;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * Generates queue snapshots as the core hands them out: entries oldest first, with distinct
 * entity ids and no user in two entries, mixing parties (2 to a maximum size) and solo players.
 * Join times start at {@link RelvaArbitraries#EPOCH} and step by 0 to 30 s. Every method returns
 * a new arbitrary and leaves this one as it was.
 */
public final class QueueArbitrary extends ArbitraryDecorator<List<QueueEntry>> {
  static final QueueArbitrary DEFAULT =
      new QueueArbitrary(0, 200, RelvaArbitraries.DEFAULT_REGIONS, 0.3, 5);

  private final int minEntries;
  private final int maxEntries;
  private final List<Region> regions;
  private final double partyShare;
  private final int maxPartySize;

  private QueueArbitrary(int minEntries, int maxEntries, List<Region> regions, double partyShare,
      int maxPartySize) {
    checkArgument(0 <= minEntries && minEntries <= maxEntries, "entries %s to %s", minEntries,
        maxEntries);
    checkArgument(!regions.isEmpty(), "at least one region");
    checkArgument(partyShare >= 0 && partyShare <= 1, "partyShare is a fraction, got %s",
        partyShare);
    checkArgument(2 <= maxPartySize && maxPartySize <= Party.MAX_SIZE,
        "maxPartySize is 2 to %s, got %s", Party.MAX_SIZE, maxPartySize);
    this.minEntries = minEntries;
    this.maxEntries = maxEntries;
    this.regions = ImmutableList.copyOf(regions);
    this.partyShare = partyShare;
    this.maxPartySize = maxPartySize;
  }

  /** Queues of {@code min} to {@code max} entries. */
  public QueueArbitrary ofSize(int min, int max) {
    return new QueueArbitrary(min, max, regions, partyShare, maxPartySize);
  }

  /** Queues whose entries are in one of {@code regions}. */
  public QueueArbitrary inRegions(Region... regions) {
    return new QueueArbitrary(minEntries, maxEntries, ImmutableList.copyOf(regions), partyShare,
        maxPartySize);
  }

  /** Queues in which about {@code share} of the entries are parties. */
  public QueueArbitrary partyShare(double share) {
    return new QueueArbitrary(minEntries, maxEntries, regions, share, maxPartySize);
  }

  /** Queues whose parties have at most {@code size} members. */
  public QueueArbitrary maxPartySize(int size) {
    return new QueueArbitrary(minEntries, maxEntries, regions, partyShare, size);
  }

  /** A shape of one entry: its size (1 for a solo player), region and the gap before it. */
  private record Shape(int size, Region region, int gapSeconds, int leader) {}

  @Override
  protected Arbitrary<List<QueueEntry>> arbitrary() {
    int partyWeight = (int) Math.round(partyShare * 1000);
    Arbitrary<Integer> partySizes = Arbitraries.integers().between(2, maxPartySize);
    Arbitrary<Integer> sizes = partyWeight == 0 ? Arbitraries.just(1)
        : partyWeight == 1000 ? partySizes
        : Arbitraries.frequencyOf(
            Tuple.of(1000 - partyWeight, Arbitraries.just(1)),
            Tuple.of(partyWeight, partySizes));
    Arbitrary<Shape> shapes = Combinators.combine(sizes, Arbitraries.of(regions),
        Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 4))
        .as(Shape::new);
    Arbitrary<Long> firstUser = Arbitraries.longs().between(100_000_000_000_000_000L,
        200_000_000_000_000_000L);
    Arbitrary<Integer> firstId = Arbitraries.integers().between(0, 1_000_000);
    return Combinators.combine(shapes.list().ofMinSize(minEntries).ofMaxSize(maxEntries),
        firstUser, firstId).as(QueueArbitrary::build);
  }

  private static List<QueueEntry> build(List<Shape> shapes, long firstUser, int firstId) {
    ImmutableList.Builder<QueueEntry> queue = ImmutableList.builder();
    long nextUser = firstUser;
    Instant at = RelvaArbitraries.EPOCH;
    for (int i = 0; i < shapes.size(); i++) {
      Shape shape = shapes.get(i);
      at = at.plusSeconds(shape.gapSeconds());
      EntityId id = RelvaArbitraries.sequentialId(firstId + (long) i);
      ImmutableList.Builder<Member> members = ImmutableList.builder();
      for (int m = 0; m < shape.size(); m++) {
        long user = nextUser++;
        members.add(new Member(UserId.of(Long.toString(user)), "player" + user % 100_000));
      }
      List<Member> list = members.build();
      QueueEntity entity = shape.size() == 1
          ? new SoloPlayer(id, shape.region(), list.get(0))
          : new Party(id, shape.region(), list.get(shape.leader() % list.size()).id(),
              new JoinCode(codeFor(firstId + (long) i)), list, at.minusSeconds(60));
      queue.add(new QueueEntry(entity, at));
    }
    return queue.build();
  }

  private static String codeFor(long n) {
    char[] chars = new char[JoinCode.LENGTH];
    long rest = n;
    for (int i = chars.length - 1; i >= 0; i--) {
      chars[i] = JoinCode.ALPHABET.charAt((int) (rest % JoinCode.ALPHABET.length()));
      rest /= JoinCode.ALPHABET.length();
    }
    return new String(chars);
  }
}

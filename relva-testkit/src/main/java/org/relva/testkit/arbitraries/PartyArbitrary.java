package org.relva.testkit.arbitraries;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.arbitraries.ArbitraryDecorator;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;

/**
 * Generates parties: distinct members, a leader among them, a valid join code. Every method
 * returns a new arbitrary and leaves this one as it was.
 */
public final class PartyArbitrary extends ArbitraryDecorator<Party> {
  private final int minSize;
  private final int maxSize;
  private final List<Region> regions;

  PartyArbitrary(int minSize, int maxSize, List<Region> regions) {
    checkArgument(1 <= minSize && minSize <= maxSize && maxSize <= Party.MAX_SIZE,
        "party sizes are 1 to %s, got %s to %s", Party.MAX_SIZE, minSize, maxSize);
    checkArgument(!regions.isEmpty(), "at least one region");
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.regions = ImmutableList.copyOf(regions);
  }

  /** Parties of {@code min} to {@code max} members. */
  public PartyArbitrary ofSize(int min, int max) {
    return new PartyArbitrary(min, max, regions);
  }

  /** Parties in one of {@code regions}. */
  public PartyArbitrary inRegions(Region... regions) {
    return new PartyArbitrary(minSize, maxSize, ImmutableList.copyOf(regions));
  }

  @Override
  protected Arbitrary<Party> arbitrary() {
    Arbitrary<List<Member>> members = RelvaArbitraries.members().list()
        .ofMinSize(minSize).ofMaxSize(maxSize).uniqueElements(Member::id);
    Arbitrary<JoinCode> codes = Arbitraries.strings()
        .withChars(JoinCode.ALPHABET.toCharArray()).ofLength(JoinCode.LENGTH).map(JoinCode::new);
    Arbitrary<Integer> leaderIndex = Arbitraries.integers().between(0, Party.MAX_SIZE - 1);
    Arbitrary<Long> ageSeconds = Arbitraries.longs().between(0, 86_400);
    return Combinators.combine(RelvaArbitraries.entityIds(), Arbitraries.of(regions), members,
        leaderIndex, codes, ageSeconds).as((id, region, list, leader, code, age) -> new Party(
            id, region, list.get(leader % list.size()).id(), code, list,
            RelvaArbitraries.EPOCH.minusSeconds(age)));
  }
}

package org.relva.testkit.arbitraries;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * Lets {@code @ForAll} take Relva's values without a {@code @Provide} method: {@link Party},
 * {@link SoloPlayer}, {@link Member}, {@link UserId}, {@link Region} and {@link EntityId}.
 * Registered in {@code META-INF/services/net.jqwik.api.providers.ArbitraryProvider}.
 */
public final class RelvaArbitraryProvider implements ArbitraryProvider {
  private static final Map<Class<?>, Supplier<Arbitrary<?>>> PROVIDED = Map.of(
      Party.class, RelvaArbitraries::parties,
      SoloPlayer.class, RelvaArbitraries::solos,
      Member.class, RelvaArbitraries::members,
      UserId.class, RelvaArbitraries::userIds,
      Region.class, RelvaArbitraries::regions,
      EntityId.class, RelvaArbitraries::entityIds);

  @Override
  public boolean canProvideFor(TypeUsage targetType) {
    return PROVIDED.containsKey(targetType.getRawType());
  }

  @Override
  public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
    return Set.of(PROVIDED.get(targetType.getRawType()).get());
  }
}

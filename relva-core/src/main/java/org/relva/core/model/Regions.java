package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configured set of regions, with a default for commands that name none. Immutable.
 *
 * @param all the known regions, in the order the operator configured them
 * @param defaultRegion the region used when a command names none; one of {@code all}
 */
public record Regions(ImmutableSet<Region> all, Region defaultRegion) {

  public Regions {
    all = ImmutableSet.copyOf(all);
    checkArgument(!all.isEmpty(), "at least one region must be configured");
    checkArgument(all.contains(defaultRegion),
        "the default region %s is not one of the configured regions %s", defaultRegion, all);
  }

  /** The given regions, the first being the default. */
  public static Regions of(String first, String... more) {
    ImmutableSet.Builder<Region> builder = ImmutableSet.<Region>builder().add(Region.of(first));
    for (String code : more) {
      builder.add(Region.of(code));
    }
    return new Regions(builder.build(), Region.of(first));
  }

  /** The given regions, the first being the default. */
  public static Regions of(Collection<Region> regions) {
    checkArgument(!regions.isEmpty(), "at least one region must be configured");
    return new Regions(ImmutableSet.copyOf(regions), regions.iterator().next());
  }

  /**
   * The known region spelled {@code input}, ignoring case and surrounding spaces; empty when there
   * is none.
   */
  public Optional<Region> find(String input) {
    String code = input.strip().toLowerCase(Locale.ROOT);
    return all.stream().filter(r -> r.code().equals(code)).findFirst();
  }

  public boolean contains(Region region) {
    return all.contains(region);
  }

  /** The known regions' codes, comma-separated, for error messages. */
  public String describe() {
    return all.stream().map(Region::code).collect(Collectors.joining(", "));
  }
}

package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.relva.core.model.Region;

/**
 * Which regions may play together, and after how long a wait. Immutable and value-based.
 *
 * <p>An entity always plays in its own region. A {@link Link} between two regions lets an entity
 * queued in either one be matched in the other once it has waited the link's {@code after}: with
 * {@code us-e <-> us-w after 3 min}, a {@code us-w} player who has waited three minutes may be put
 * in a {@code us-e} match (and the other way round). Regions are never crossed otherwise, and links
 * do not chain: {@code a <-> b} and {@code b <-> c} do not let {@code a} play in {@code c}.
 *
 * @param links the links, at most one per pair of regions
 */
public record RegionPolicy(Set<Link> links) {

  public RegionPolicy {
    links = ImmutableSet.copyOf(links);
    Set<String> pairs = new HashSet<>();
    for (Link link : links) {
      checkArgument(pairs.add(link.a() + "<->" + link.b()),
          "matchmaking.regionPolicy links %s and %s twice", link.a(), link.b());
    }
  }

  /** No links: every match is played in the region all its entities queued in. */
  public static RegionPolicy none() {
    return new RegionPolicy(Set.of());
  }

  /** This policy with a link between {@code a} and {@code b}, usable after {@code after}. */
  public RegionPolicy withLink(Region a, Region b, Duration after) {
    return new RegionPolicy(
        ImmutableSet.<Link>builder().addAll(links).add(new Link(a, b, after)).build());
  }

  /** This policy with a link between the regions coded {@code a} and {@code b}. */
  public RegionPolicy withLink(String a, String b, Duration after) {
    return withLink(Region.of(a), Region.of(b), after);
  }

  /** How long an entity queued in {@code home} must wait to be matched in {@code other}, if ever. */
  public Optional<Duration> expandAfter(Region home, Region other) {
    for (Link link : links) {
      if (link.joins(home, other)) {
        return Optional.of(link.after());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether an entity queued in {@code home} that has waited {@code waited} may play in a match in
   * {@code match}: its own region, or a linked one once the link's wait has passed.
   */
  public boolean accepts(Region home, Region match, Duration waited) {
    if (home.equals(match)) {
      return true;
    }
    Optional<Duration> after = expandAfter(home, match);
    return after.isPresent() && waited.compareTo(after.get()) >= 0;
  }

  /** The regions linked to {@code region}, in code order. */
  public Set<Region> neighbours(Region region) {
    Set<Region> neighbours = new TreeSet<>();
    for (Link link : links) {
      if (link.a().equals(region)) {
        neighbours.add(link.b());
      } else if (link.b().equals(region)) {
        neighbours.add(link.a());
      }
    }
    return neighbours;
  }

  /** Every region some link names, in code order. */
  public Set<Region> regions() {
    Set<Region> regions = new TreeSet<>();
    for (Link link : links) {
      regions.add(link.a());
      regions.add(link.b());
    }
    return regions;
  }

  /**
   * A link between two regions, in both directions. The pair is stored in code order, so
   * {@code Link(us-w, us-e, d)} equals {@code Link(us-e, us-w, d)}.
   *
   * @param a the region that sorts first
   * @param b the other region
   * @param after how long an entity waits before it may play in the other region
   */
  public record Link(Region a, Region b, Duration after) {
    public Link {
      requireNonNull(a, "a");
      requireNonNull(b, "b");
      requireNonNull(after, "after");
      checkArgument(!a.equals(b), "matchmaking.regionPolicy: a region cannot link to itself (%s)", a);
      checkArgument(!after.isNegative(),
          "matchmaking.regionPolicy: the wait of %s <-> %s is negative (%s)", a, b, after);
      if (a.compareTo(b) > 0) {
        Region swap = a;
        a = b;
        b = swap;
      }
    }

    boolean joins(Region x, Region y) {
      return (a.equals(x) && b.equals(y)) || (a.equals(y) && b.equals(x));
    }

    @Override
    public String toString() {
      return a + " <-> " + b + " after " + after;
    }
  }
}

package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * The id of a queue entity: a party's id, or a solo player's queue ticket. Per the spec it is
 * {@code K} followed by six characters of {@code [A-Za-z0-9]}, for example {@code K8d0wl5}. Ids are
 * case-sensitive: {@code K8d0wl5} and {@code K8D0WL5} are different parties, which is why nothing
 * may find a party by a Discord channel name (Discord lowercases those).
 *
 * @param value the id's seven characters
 */
public record EntityId(String value) implements Comparable<EntityId> {
  /** The id format. */
  public static final Pattern FORMAT = Pattern.compile("K[A-Za-z0-9]{6}");

  public EntityId {
    checkArgument(value != null && FORMAT.matcher(value).matches(),
        "an id is K followed by 6 letters or digits, got '%s'", value);
  }

  public static EntityId of(String value) {
    return new EntityId(value);
  }

  @Override
  public int compareTo(EntityId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

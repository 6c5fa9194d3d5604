package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * A matchmaking region such as {@code us-e}, {@code us-w} or {@code eu}. Which regions exist is
 * configuration ({@link Regions}); this type only fixes the spelling: 1 to 16 lower-case letters,
 * digits and hyphens.
 *
 * @param code the region's code
 */
public record Region(String code) implements Comparable<Region> {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?");

  public Region {
    checkArgument(code != null && FORMAT.matcher(code).matches(),
        "a region code is 1 to 16 lower-case letters, digits and inner hyphens, got '%s'", code);
  }

  public static Region of(String code) {
    return new Region(code);
  }

  @Override
  public int compareTo(Region other) {
    return code.compareTo(other.code);
  }

  @Override
  public String toString() {
    return code;
  }
}

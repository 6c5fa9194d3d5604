package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An opaque user identifier. Discord's are 64-bit snowflakes written in decimal, but the core only
 * compares them: any front end may use its own scheme.
 *
 * @param value 1 to 64 printable, non-blank characters
 */
public record UserId(String value) implements Comparable<UserId> {
  public static final int MAX_LENGTH = 64;

  public UserId {
    checkArgument(Validation.isToken(value, MAX_LENGTH),
        "a user id is 1 to %s printable characters without spaces, got '%s'", MAX_LENGTH, value);
  }

  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

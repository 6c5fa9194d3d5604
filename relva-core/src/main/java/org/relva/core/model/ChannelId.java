package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An opaque reference to a chat channel (or thread) that a command came from or a party owns. The
 * core only compares channel ids; the front end that made them knows what they point to.
 *
 * @param value 1 to 64 printable characters without spaces
 */
public record ChannelId(String value) {
  public static final int MAX_LENGTH = 64;

  public ChannelId {
    checkArgument(Validation.isToken(value, MAX_LENGTH),
        "a channel id is 1 to %s printable characters without spaces, got '%s'", MAX_LENGTH, value);
  }

  public static ChannelId of(String value) {
    return new ChannelId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}

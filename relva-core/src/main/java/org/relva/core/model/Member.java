package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A user as the core sees them: an id and the name to show. This stands in for the spec's
 * "guild member object"; the Discord adapter resolves the id to the real member when it needs one.
 *
 * <p>Two members are the same user when their ids are equal; {@link #equals} compares both fields,
 * so use {@link #id()} to ask "same user?".
 *
 * @param id the user's id
 * @param displayName 1 to 100 characters, trimmed
 */
public record Member(UserId id, String displayName) {
  public static final int MAX_NAME_LENGTH = 100;

  public Member {
    requireNonNull(id, "id");
    requireNonNull(displayName, "displayName");
    displayName = displayName.strip();
    checkArgument(!displayName.isEmpty() && displayName.length() <= MAX_NAME_LENGTH,
        "a display name is 1 to %s characters, got '%s'", MAX_NAME_LENGTH, displayName);
  }

  public static Member of(String id, String displayName) {
    return new Member(UserId.of(id), displayName);
  }
}

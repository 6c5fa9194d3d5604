package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

/**
 * A member of the fake server, as a test scripts them.
 *
 * @param id their snowflake
 * @param name the name the server shows (their global name)
 * @param moderator whether they hold the server's moderator role and Manage Server
 */
public record DiscordUser(String id, String name, boolean moderator) {
  public DiscordUser {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    if (!id.matches("[0-9]{1,20}")) {
      throw new IllegalArgumentException("a user id is a snowflake, not '" + id + "'");
    }
  }

  /** How Discord writes a mention of this user. */
  public String mention() {
    return "<@" + id + ">";
  }
}

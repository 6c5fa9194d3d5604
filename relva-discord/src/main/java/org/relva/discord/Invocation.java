package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;

/**
 * One command as a front end received it: who ran it, where, which command with which options.
 * Discord's slash commands and the console's lines both become this.
 *
 * @param user who ran it
 * @param channel where it was run
 * @param command the top-level command, such as {@code party}
 * @param subcommand the subcommand, such as {@code create}, or empty for a command without one
 * @param options the string options by name
 * @param users the user options by name, resolved to members
 * @param moderator whether the user may run {@code /admin} commands
 * @param manager whether the user may change the server's setup ({@code /setup}): Manage
 *     Server on Discord, {@code :mod} in the console
 */
record Invocation(Member user, ChannelId channel, String command, String subcommand,
    Map<String, String> options, Map<String, Member> users, boolean moderator, boolean manager) {

  /** A call by someone who may not manage the server ({@code /setup}). */
  Invocation(Member user, ChannelId channel, String command, String subcommand,
      Map<String, String> options, Map<String, Member> users, boolean moderator) {
    this(user, channel, command, subcommand, options, users, moderator, false);
  }

  Invocation {
    requireNonNull(user, "user");
    requireNonNull(channel, "channel");
    requireNonNull(command, "command");
    requireNonNull(subcommand, "subcommand");
    options = ImmutableMap.copyOf(options);
    users = ImmutableMap.copyOf(users);
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  Optional<Member> userOption(String name) {
    return Optional.ofNullable(users.get(name));
  }

  /** The command as typed, such as {@code /party create}. */
  String path() {
    return "/" + command + (subcommand.isEmpty() ? "" : " " + subcommand);
  }
}

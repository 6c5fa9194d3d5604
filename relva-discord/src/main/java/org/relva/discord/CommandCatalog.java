package org.relva.discord;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;

/**
 * Every command the bot offers, as data: registered with Discord as slash commands, and used by
 * the console to check what it reads. Names and descriptions follow Discord's rules (checked
 * here, when the catalog is built, so a bad one fails at start-up rather than at registration).
 */
final class CommandCatalog {
  /** Discord's rule for command and option names, in lower case. */
  static final Pattern NAME = Pattern.compile("^[-_\\p{Ll}\\p{N}]{1,32}$");
  static final int MAX_DESCRIPTION = 100;
  static final int MAX_OPTIONS = 25;
  static final int MAX_CHOICES = 25;

  enum Type { STRING, USER }

  record OptionSpec(String name, Type type, boolean required, String description,
      List<String> choices) {
    OptionSpec {
      checkName(name);
      checkDescription(name, description);
      choices = ImmutableList.copyOf(choices);
      checkArgument(choices.size() <= MAX_CHOICES, "option %s has over %s choices", name,
          MAX_CHOICES);
    }
  }

  record SubcommandSpec(String name, String description, List<OptionSpec> options) {
    SubcommandSpec {
      checkName(name);
      checkDescription(name, description);
      options = ImmutableList.copyOf(options);
      checkOptions(name, options);
    }

    Optional<OptionSpec> option(String option) {
      return options.stream().filter(o -> o.name().equals(option)).findFirst();
    }
  }

  record CommandSpec(String name, String description, List<SubcommandSpec> subcommands,
      List<OptionSpec> options) {
    CommandSpec {
      checkName(name);
      checkDescription(name, description);
      subcommands = ImmutableList.copyOf(subcommands);
      options = ImmutableList.copyOf(options);
      checkArgument(subcommands.isEmpty() || options.isEmpty(),
          "command %s has both subcommands and options", name);
      checkArgument(subcommands.size() <= MAX_OPTIONS, "command %s has over %s subcommands", name,
          MAX_OPTIONS);
      checkOptions(name, options);
    }

    Optional<SubcommandSpec> subcommand(String sub) {
      return subcommands.stream().filter(s -> s.name().equals(sub)).findFirst();
    }
  }

  private final List<CommandSpec> commands;

  private CommandCatalog(List<CommandSpec> commands) {
    this.commands = ImmutableList.copyOf(commands);
  }

  List<CommandSpec> commands() {
    return commands;
  }

  Optional<CommandSpec> command(String name) {
    return commands.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The options an invocation of {@code command} [{@code sub}] may carry; empty if unknown. */
  Optional<List<OptionSpec>> optionsOf(String command, String sub) {
    Optional<CommandSpec> spec = command(command);
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    if (spec.get().subcommands().isEmpty()) {
      return sub.isEmpty() ? Optional.of(spec.get().options()) : Optional.empty();
    }
    return spec.get().subcommand(sub).map(SubcommandSpec::options);
  }

  /** The bot's commands, the region options offering {@code regions} as choices. */
  static CommandCatalog of(Regions regions) {
    return of(regions, true);
  }

  /**
   * The bot's commands; with {@code regionChoices} false, region options take any text (the core
   * refuses a region a queue lacks): global commands, shared by servers that set up regions of
   * their own, cannot offer one server's regions as choices.
   */
  static CommandCatalog of(Regions regions, boolean regionChoices) {
    return of(regions, regionChoices ? regions.all().stream().map(Region::code).toList()
        : List.of());
  }

  private static CommandCatalog of(Regions regions, List<String> regionChoices) {
    OptionSpec region = new OptionSpec("region", Type.STRING, false,
        "Where to play (default " + regions.defaultRegion() + ")", regionChoices);
    OptionSpec match = new OptionSpec("match", Type.STRING, false,
        "The match id (default: your current match)", List.of());
    OptionSpec result = new OptionSpec("result", Type.STRING, true, "Who won",
        List.of("team1", "team2", "draw"));
    OptionSpec queue = new OptionSpec("queue", Type.STRING, false,
        "Which queue (default: this lobby's, or the only one)", List.of());
    OptionSpec setting = new OptionSpec("setting", Type.STRING, true,
        "The setting, e.g. format, regions, ready-timeout (/setup show lists them)", List.of());
    OptionSpec value = new OptionSpec("value", Type.STRING, true, "Its new value, e.g. 2v2",
        List.of());
    OptionSpec name = new OptionSpec("name", Type.STRING, true, "The queue's name, e.g. 2v2",
        List.of());
    return new CommandCatalog(List.of(
        new CommandSpec("party", "Make and manage a party of 2 to 5 players", List.of(
            sub("create", "Create a party and its channel", region),
            sub("join", "Join a party with its join code",
                new OptionSpec("code", Type.STRING, true, "The party's join code", List.of())),
            sub("leave", "Leave your party"),
            sub("disband", "Disband your party (leader)"),
            sub("kick", "Remove a player from your party (leader)", user("The player to remove")),
            sub("promote", "Make another member the leader (leader)", user("The new leader")),
            sub("code", "Make a new join code; the old one stops working (leader)"),
            sub("region", "Move your party to another region while it is not queued (leader)",
                new OptionSpec("region", Type.STRING, true, "The party's new region",
                    regionChoices)),
            sub("info", "Show your party"),
            sub("stats", "Show your party's ratings and record")), List.of()),
        new CommandSpec("queue", "Queue for a match", List.of(
            sub("join", "Queue alone (in the lobby) or your party (leader, in its channel)",
                region, queue),
            sub("leave", "Leave the queue (every queue, unless you name one)", queue),
            sub("status", "Show who is waiting, and why no match has popped yet", queue),
            sub("stats", "Show waits and matches per region", region, queue)), List.of()),
        new CommandSpec("match", "Your match", List.of(
            sub("accept", "Accept the ready check", match),
            sub("decline", "Decline the ready check", match),
            sub("report", "Report the result of your match", result, match),
            sub("vote", "Vote for the map of your match",
                new OptionSpec("map", Type.STRING, true, "The map", List.of())),
            sub("captain", "Volunteer to captain your match's draft, during its ready check"),
            sub("pick", "Pick a player (with their party) for your team, on your turn (captains)",
                new OptionSpec("player", Type.USER, true, "The player to pick", List.of())),
            sub("info", "Show a match: its teams or draft, where it stands, its map", match)),
            List.of()),
        new CommandSpec("sub", "Substitutes for an open match", List.of(
            sub("request", "Ask for someone to take your place in your match"),
            sub("take", "Take the place of a player who asked for a substitute",
                new OptionSpec("player", Type.USER, true, "The player whose place you take",
                    List.of()))), List.of()),
        new CommandSpec("stats", "A player's rating and record", List.of(),
            List.of(new OptionSpec("user", Type.USER, false, "The player (default: you)",
                List.of()))),
        new CommandSpec("leaderboard", "The best players of a region", List.of(),
            List.of(region, queue)),
        new CommandSpec("help", "Every command, and where it works", List.of(), List.of()),
        new CommandSpec("admin", "Moderator commands", List.of(
            sub("clear-queue", "Take everyone out of the queue"),
            sub("disband", "Disband a player's party", user("A member of the party")),
            sub("cancel", "Cancel a match", new OptionSpec("match", Type.STRING, true,
                "The match id", List.of()), new OptionSpec("players", Type.STRING, false,
                "In a ready check: back into the queue (default) or out of it",
                List.of("queue", "out"))),
            sub("result", "Set an open match's result, or correct a finished one's",
                new OptionSpec("match", Type.STRING, true, "The match id", List.of()), result,
                new OptionSpec("reason", Type.STRING, false,
                    "Why a finished match's result is corrected (kept in its history)",
                    List.of())),
            sub("sub", "Put a free player in another's place in their open match",
                new OptionSpec("out", Type.USER, true, "The player who goes out", List.of()),
                new OptionSpec("in", Type.USER, true, "The player who comes in", List.of())),
            sub("history", "Show a match, its result and every correction of it",
                new OptionSpec("match", Type.STRING, true, "The match id", List.of())),
            sub("rating", "Set a player's rating", user("The player"),
                new OptionSpec("value", Type.STRING, true, "The new rating, e.g. 1650",
                    List.of()), region),
            sub("ban", "Ban a player from queueing", user("The player"),
                new OptionSpec("duration", Type.STRING, true, "How long, e.g. 30m, 2h, 1d",
                    List.of()),
                new OptionSpec("reason", Type.STRING, false, "Shown to the player", List.of())),
            sub("unban", "Lift a player's queue ban", user("The player"))), List.of()),
        new CommandSpec("setup", "Set Relva up in this server (Manage Server)", List.of(
            sub("show", "Show this server's settings and queues"),
            sub("set", "Change a setting of the server (and of its default queue)", setting,
                value),
            sub("reset", "Put a server setting back to the bot's default", setting),
            sub("queue-add", "Add a queue: a lobby channel with its own settings", name,
                new OptionSpec("lobby", Type.STRING, true, "Its lobby channel's name",
                    List.of())),
            sub("queue-set", "Change a setting of one queue", name, setting, value),
            sub("queue-reset", "Put a queue's setting back to the server's", name, setting),
            sub("queue-remove", "Remove a queue; its players leave it", name)), List.of())));
  }

  private static SubcommandSpec sub(String name, String description, OptionSpec... options) {
    return new SubcommandSpec(name, description, List.of(options));
  }

  private static OptionSpec user(String description) {
    return new OptionSpec("user", Type.USER, true, description, List.of());
  }

  private static void checkName(String name) {
    checkArgument(NAME.matcher(name).matches(), "'%s' is not a valid Discord command name", name);
  }

  private static void checkDescription(String name, String description) {
    checkArgument(!description.isBlank() && description.length() <= MAX_DESCRIPTION,
        "the description of %s must be 1 to %s characters", name, MAX_DESCRIPTION);
  }

  private static void checkOptions(String name, List<OptionSpec> options) {
    checkArgument(options.size() <= MAX_OPTIONS, "%s has over %s options", name, MAX_OPTIONS);
    boolean optionalSeen = false;
    for (OptionSpec option : options) {
      checkArgument(!(option.required() && optionalSeen),
          "%s: required option %s comes after an optional one", name, option.name());
      optionalSeen |= !option.required();
    }
  }
}

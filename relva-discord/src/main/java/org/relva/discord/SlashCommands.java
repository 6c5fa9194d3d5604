package org.relva.discord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.relva.discord.CommandCatalog.CommandSpec;
import org.relva.discord.CommandCatalog.OptionSpec;
import org.relva.discord.CommandCatalog.SubcommandSpec;

/**
 * The {@link CommandCatalog} as Discord slash commands, and their registration.
 *
 * <p>Guild commands (the default) appear at once in the configured server; global commands take
 * up to an hour to reach every server the bot is in. Registration overwrites the whole list in one
 * scope and clears the other, so switching {@code RELVA_GLOBAL_COMMANDS} never shows a command
 * twice. Stateless.
 */
final class SlashCommands {
  private SlashCommands() {}

  /** Every command of {@code catalog}, usable only in servers (not in DMs). */
  static List<SlashCommandData> from(CommandCatalog catalog) {
    return catalog.commands().stream().map(SlashCommands::command).toList();
  }

  private static SlashCommandData command(CommandSpec spec) {
    SlashCommandData data = Commands.slash(spec.name(), spec.description())
        .setContexts(InteractionContextType.GUILD);
    spec.subcommands().forEach(sub -> data.addSubcommands(subcommand(sub)));
    spec.options().forEach(option -> data.addOptions(option(option)));
    return data;
  }

  private static SubcommandData subcommand(SubcommandSpec spec) {
    SubcommandData data = new SubcommandData(spec.name(), spec.description());
    spec.options().forEach(option -> data.addOptions(option(option)));
    return data;
  }

  private static OptionData option(OptionSpec spec) {
    OptionType type = switch (spec.type()) {
      case STRING -> OptionType.STRING;
      case USER -> OptionType.USER;
    };
    OptionData data = new OptionData(type, spec.name(), spec.description(), spec.required());
    spec.choices().forEach(choice -> data.addChoice(choice, choice));
    return data;
  }

  /**
   * Registers {@code commands} in {@code guild}, or globally if {@code global}, and clears the
   * other scope. Blocks, at most {@code timeout} per request.
   *
   * @throws RuntimeException as JDA's {@code complete()} does, if Discord refuses or does not
   *     answer in time
   */
  static void register(JDA jda, Guild guild, List<SlashCommandData> commands, boolean global,
      Duration timeout) {
    registerGlobally(jda, commands, global, timeout);
    registerIn(guild, commands, global, timeout);
  }

  /**
   * The global half of {@link #register}: {@code commands} when {@code global}, else none. Once a
   * process, however many servers it serves.
   */
  static void registerGlobally(JDA jda, List<SlashCommandData> commands, boolean global,
      Duration timeout) {
    jda.updateCommands().addCommands(global ? commands : List.of())
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).complete();
  }

  /** The server's half of {@link #register}: none when {@code global}, else {@code commands}. */
  static void registerIn(Guild guild, List<SlashCommandData> commands, boolean global,
      Duration timeout) {
    guild.updateCommands().addCommands(global ? List.of() : commands)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).complete();
  }
}

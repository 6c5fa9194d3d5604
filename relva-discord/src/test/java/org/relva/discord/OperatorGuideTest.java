package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.Regions;

/** OPERATOR.md stays true to the bot: every command and every setting is in it. */
class OperatorGuideTest {
  private static final Path GUIDE = Path.of("OPERATOR.md");

  @Test
  @DisplayName("the command reference names every command and subcommand the bot registers")
  void commandReference_namesEveryCommand() throws Exception {
    String guide = Files.readString(GUIDE);
    String reference = guide.substring(guide.indexOf("### Command reference"),
        guide.indexOf("### Your first evening"));
    for (CommandCatalog.CommandSpec command
        : CommandCatalog.of(Regions.of("us-e")).commands()) {
      if (command.subcommands().isEmpty()) {
        assertThat(reference).contains("`/" + command.name());
      }
      for (CommandCatalog.SubcommandSpec sub : command.subcommands()) {
        assertThat(reference).as("/%s %s", command.name(), sub.name())
            .containsPattern("`/" + command.name() + " " + sub.name() + "[ `]");
      }
    }
  }

  @Test
  @DisplayName("the settings table names every setting, and the guide has a first evening")
  void settingsAndFirstEvening() throws Exception {
    String guide = Files.readString(GUIDE);
    for (BotConfig.Setting setting : BotConfig.Setting.values()) {
      assertThat(guide).contains("`" + setting.variable + "`").contains("`" + setting.property + "`");
    }
    assertThat(guide).contains("### Your first evening").contains("--console");
  }
}

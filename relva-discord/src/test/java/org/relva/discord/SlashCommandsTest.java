package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.restaction.CommandListUpdateAction;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.Regions;

/**
 * The slash commands as Discord receives them (JDA's {@code toData()}, built offline), checked
 * against Discord's rules for application commands, so a bad name or too many options fails here
 * rather than at registration.
 */
class SlashCommandsTest {
  /** Discord's rule for names; slash command and option names must also be lower case. */
  private static final Pattern NAME = Pattern.compile("^[-_\\p{L}\\p{N}]{1,32}$");
  private static final int SUB_COMMAND = 1;
  private static final int STRING = 3;
  private static final int USER = 6;

  private final List<SlashCommandData> commands =
      SlashCommands.from(CommandCatalog.of(Regions.of("us-e", "us-w", "eu")));

  private static List<DataObject> objects(DataObject parent, String key) {
    List<DataObject> list = new ArrayList<>();
    DataArray array = parent.optArray(key).orElse(DataArray.empty());
    for (int i = 0; i < array.length(); i++) {
      list.add(array.getObject(i));
    }
    return list;
  }

  private static void checkNamed(DataObject data, String where) {
    String name = data.getString("name");
    assertThat(name).as(where + " name").matches(NAME).isLowerCase();
    assertThat(data.getString("description")).as(where + " " + name + " description")
        .hasSizeBetween(1, 100);
  }

  /** Checks an option list (a command's, or a subcommand's); returns its characters. */
  private static int checkOptions(List<DataObject> options, String where) {
    assertThat(options).as(where + " options").hasSizeLessThanOrEqualTo(25);
    Set<String> names = new HashSet<>();
    boolean optionalSeen = false;
    int characters = 0;
    for (DataObject option : options) {
      checkNamed(option, where);
      String name = option.getString("name");
      assertThat(names.add(name)).as(where + " has one option " + name).isTrue();
      characters += name.length() + option.getString("description").length();
      if (option.getInt("type") == SUB_COMMAND) {
        characters += checkOptions(objects(option, "options"), where + " " + name);
        continue;
      }
      boolean required = option.getBoolean("required", false);
      assertThat(required && optionalSeen).as(where + ": required " + name + " after an optional")
          .isFalse();
      optionalSeen |= !required;
      List<DataObject> choices = objects(option, "choices");
      assertThat(choices).as(where + " " + name + " choices").hasSizeLessThanOrEqualTo(25);
      for (DataObject choice : choices) {
        assertThat(choice.getString("name")).hasSizeBetween(1, 100);
        assertThat(choice.getString("value")).hasSizeBetween(1, 100);
        characters += choice.getString("name").length() + choice.getString("value").length();
      }
    }
    return characters;
  }

  private DataObject command(String name) {
    return commands.stream().map(SlashCommandData::toData)
        .filter(d -> d.getString("name").equals(name)).findFirst().orElseThrow();
  }

  private static DataObject option(DataObject parent, String name) {
    return objects(parent, "options").stream().filter(o -> o.getString("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no option " + name));
  }

  @Test
  @DisplayName("every command obeys Discord's rules: names, descriptions, counts, order, size")
  void discordRules() {
    assertThat(commands).hasSizeLessThanOrEqualTo(Commands.MAX_SLASH_COMMANDS);
    Set<String> names = new HashSet<>();
    for (SlashCommandData command : commands) {
      DataObject data = command.toData();
      checkNamed(data, "command");
      assertThat(names.add(data.getString("name"))).isTrue();
      int characters = data.getString("name").length() + data.getString("description").length()
          + checkOptions(objects(data, "options"), "/" + data.getString("name"));
      assertThat(characters).as("/" + data.getString("name") + " characters")
          .isLessThanOrEqualTo(4000);
    }
  }

  @Test
  @DisplayName("the commands are the catalog's, usable in servers only")
  void fromCatalog() {
    CommandCatalog catalog = CommandCatalog.of(Regions.of("us-e", "us-w", "eu"));
    assertThat(commands).extracting(SlashCommandData::getName).containsExactlyElementsOf(
        catalog.commands().stream().map(CommandCatalog.CommandSpec::name).toList());
    for (SlashCommandData command : commands) {
      assertThat(command.toData().getArray("contexts").toList()).as(command.getName())
          .containsExactly("0");
    }
    DataObject party = command("party");
    assertThat(objects(party, "options")).extracting(o -> o.getString("name")).contains("create",
        "join", "leave", "disband", "kick", "promote", "code", "info", "stats");
    assertThat(objects(party, "options")).allMatch(o -> o.getInt("type") == SUB_COMMAND);
  }

  @Test
  @DisplayName("region options offer the configured regions as choices; result offers team1, team2, draw")
  void choices() {
    DataObject region = option(option(command("party"), "create"), "region");
    assertThat(region.getInt("type")).isEqualTo(STRING);
    assertThat(region.getBoolean("required", false)).isFalse();
    assertThat(objects(region, "choices")).extracting(c -> c.getString("value"))
        .containsExactly("us-e", "us-w", "eu");

    DataObject result = option(option(command("match"), "report"), "result");
    assertThat(result.getBoolean("required", false)).isTrue();
    assertThat(objects(result, "choices")).extracting(c -> c.getString("value"))
        .containsExactly("team1", "team2", "draw");

    DataObject code = option(option(command("party"), "join"), "code");
    assertThat(objects(code, "choices")).isEmpty();
  }

  @Test
  @DisplayName("global commands, shared by servers with regions of their own, offer no region "
      + "choices; a server's own commands offer its regions")
  void globalCommands_noRegionChoices() {
    SlashCommandData global = SlashCommands.from(CommandCatalog.of(Regions.of("eu", "us-e"),
        false)).stream().filter(c -> c.getName().equals("party")).findFirst().orElseThrow();
    DataObject create = option(global.toData(), "create");

    assertThat(option(create, "region").optArray("choices").map(a -> a.length()).orElse(0))
        .isZero();
    assertThat(objects(option(command("party"), "create"), "options").get(0)
        .getArray("choices").length()).isPositive();
  }

  @Test
  @DisplayName("user options are Discord USER options, so members pick a member")
  void userOptions() {
    assertThat(option(command("stats"), "user").getInt("type")).isEqualTo(USER);
    DataObject ban = option(command("admin"), "ban");
    assertThat(option(ban, "user").getInt("type")).isEqualTo(USER);
    assertThat(option(ban, "user").getBoolean("required", false)).isTrue();
    assertThat(option(option(command("party"), "kick"), "user").getInt("type")).isEqualTo(USER);
  }

  @Test
  @DisplayName("register: guild commands in the server, and the global list cleared")
  void registerInGuild() {
    JDA jda = mock(JDA.class);
    Guild guild = mock(Guild.class);
    CommandListUpdateAction guildUpdate = mock(CommandListUpdateAction.class, RETURNS_SELF);
    CommandListUpdateAction globalUpdate = mock(CommandListUpdateAction.class, RETURNS_SELF);
    when(guild.updateCommands()).thenReturn(guildUpdate);
    when(jda.updateCommands()).thenReturn(globalUpdate);
    when(guildUpdate.complete()).thenReturn(List.of());
    when(globalUpdate.complete()).thenReturn(List.of());

    SlashCommands.register(jda, guild, commands, false, Duration.ofSeconds(10));

    verify(guildUpdate).addCommands(commands);
    verify(guildUpdate).timeout(10_000, TimeUnit.MILLISECONDS);
    verify(guildUpdate).complete();
    verify(globalUpdate).addCommands(List.of());
    verify(globalUpdate).complete();
  }

  @Test
  @DisplayName("register with global commands: global list set, and the server's cleared")
  void registerGlobally() {
    JDA jda = mock(JDA.class);
    Guild guild = mock(Guild.class);
    CommandListUpdateAction guildUpdate = mock(CommandListUpdateAction.class, RETURNS_SELF);
    CommandListUpdateAction globalUpdate = mock(CommandListUpdateAction.class, RETURNS_SELF);
    when(guild.updateCommands()).thenReturn(guildUpdate);
    when(jda.updateCommands()).thenReturn(globalUpdate);
    when(guildUpdate.complete()).thenReturn(List.of());
    when(globalUpdate.complete()).thenReturn(List.of());

    SlashCommands.register(jda, guild, commands, true, Duration.ofSeconds(10));

    verify(globalUpdate).addCommands(commands);
    verify(globalUpdate).complete();
    verify(guildUpdate).addCommands(List.of());
    verify(guildUpdate).complete();
  }
}

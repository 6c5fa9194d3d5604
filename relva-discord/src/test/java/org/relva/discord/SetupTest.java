package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /setup} in the console: who may use it, every refusal (each naming what is wrong and
 * changing nothing), and a setup kept across a restart.
 */
class SetupTest {
  @TempDir
  Path dir;

  /** The console's output lines for {@code script}, with {@code args}. */
  private static List<String> console(String script, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] given = args.length == 0 ? new String[] {"--console"} : args;
    int status = RelvaBot.run(given, Map.of(), new BufferedReader(new StringReader(script)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** The answer to the last line of {@code script}, run by alice, a moderator. */
  private static String answer(String script) throws Exception {
    List<String> lines = console(":mod alice\n" + script + "\nalice /setup show\n");
    int last = lines.size() - 1;
    // The line before the final show's prompt is the answer to the script's last line.
    int show = lines.lastIndexOf("> alice /setup show");
    assertThat(lines.get(last)).contains("**Queues**");
    return lines.get(show - 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "alice /setup set setting:shards value:4|'shards' is no setting of a server; these are: "
          + "lobby, regions, format",
      "alice /setup set setting:token value:x|'token' is no setting of a server",
      "alice /setup set setting:format value:1v1|Nothing changed: format=1v1 is not allowed",
      "alice /setup set setting:ready-timeout value:1s|Nothing changed: ready-timeout=1s is not "
          + "allowed (outside 5s to 10m)",
      "alice /setup set setting:regions value:us-e;mars|Nothing changed: regions=us-e;mars is "
          + "not allowed",
      "alice /setup reset setting:queue|'queue' is no setting of a server",
      "alice /setup queue-add name:two_two lobby:duos|a queue's name is 1 to 32 lowercase "
          + "letters, digits or '-', got 'two_two'",
      "alice /setup queue-add name:default lobby:duos|a queue called default already exists.",
      "alice /setup queue-add name:2v2 lobby:kiwipugs|Nothing changed: the queues do not fit "
          + "together: two queues have the lobby kiwipugs",
      "alice /setup queue-set name:3v3 setting:format value:3v3|There is no queue 3v3 set up "
          + "here; add one with /setup queue-add.",
      "alice /setup queue-remove name:3v3|There is no queue 3v3 set up here",
  })
  @DisplayName("every bad /setup is refused with what is wrong, and changes nothing")
  void refusals(String line, String expected) throws Exception {
    String reply = answer(line);

    assertThat(reply).contains("!").contains(expected);
    List<String> after = console(":mod alice\n" + line + "\nalice /setup show\n");
    assertThat(after.get(after.size() - 1)).contains("Every setting is the bot's default.");
  }

  @Test
  @DisplayName("a queue's own settings: a server-only one refused, its lobby kept, a second queue "
      + "with the same name refused, the eleventh refused")
  void queueRefusals() throws Exception {
    String base = "alice /setup queue-add name:2v2 lobby:duos\n";

    assertThat(answer(base + "alice /setup queue-set name:2v2 setting:moderator-role value:x"))
        .contains("'moderator-role' is no setting of a queue");
    assertThat(answer(base + "alice /setup queue-reset name:2v2 setting:lobby"))
        .contains("a queue needs its lobby; remove the queue instead.");
    assertThat(answer(base + "alice /setup queue-add name:2v2 lobby:other"))
        .contains("a queue called 2v2 already exists.");
    StringBuilder many = new StringBuilder();
    for (int i = 1; i <= 9; i++) {
      many.append("alice /setup queue-add name:q").append(i).append(" lobby:l").append(i)
          .append('\n');
    }
    assertThat(answer(many + "alice /setup queue-add name:q10 lobby:l10"))
        .contains("a server has at most 10 queues.");
  }

  @Test
  @DisplayName("a change the running state cannot follow is refused by the core, changing "
      + "nothing: teams of 2 while a party of 4 exists")
  void refusedByTheState() throws Exception {
    String party = "bob /party create\ncarol /party join code:@bob\ndave /party join code:@bob\n"
        + "erin /party join code:@bob\nbob #party /queue join\n";

    assertThat(answer(party + "alice /setup set setting:format value:2v2"))
        .contains("Nothing changed: A party has more players than any queue of the new settings "
            + "would take (2).");
    List<String> after = console(":mod alice\n" + party
        + "alice /setup set setting:format value:2v2\nalice /setup show\n");
    assertThat(after.get(after.size() - 1)).contains("default in #kiwipugs (5 a team")
        .contains("Every setting is the bot's default.");
  }

  @Test
  @DisplayName("only members with Manage Server (in the console, :mod users) may use /setup, "
      + "even to look")
  void onlyManagers() throws Exception {
    List<String> lines = console("bob /setup show\nbob /setup set setting:format value:2v2\n");

    assertThat(lines.stream().filter(l -> l.contains("Only members with Manage Server")))
        .hasSize(2);
  }

  @Test
  @DisplayName("a setup is kept in the database: after a restart the server has its queues and "
      + "settings, and the queue its players")
  void keptAcrossRestart() throws Exception {
    String db = dir.resolve("relva.db").toString();
    console(":mod alice\nalice /setup queue-add name:2v2 lobby:duos\n"
        + "alice /setup queue-set name:2v2 setting:format value:2v2\n"
        + "alice /setup set setting:ready-timeout value:45s\n"
        + "bob #duos /queue join\n", "--console", "--data", db);

    List<String> again = console(":mod alice\nalice /setup show\nbob #duos /queue status\n",
        "--console", "--data", db);

    assertThat(String.join("\n", again))
        .contains("2v2 in #duos (2 a team")
        .contains("ready-timeout = 45s")
        .contains("queue 2v2: format = 2v2, lobby = duos");
    assertThat(again.get(again.size() - 1)).contains("bob");
  }
}

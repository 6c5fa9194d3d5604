package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The console as a place to try things (issue 12, section 4). */
class ConsoleTryingTest {

  private static String run(String input, boolean terminal, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = RelvaBot.run(args, Map.of(), new BufferedReader(new StringReader(input)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), terminal);
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("at a terminal the console prompts, and does not echo what was typed")
  void terminal_promptsWithoutEcho() throws Exception {
    String out = run("alice /party create\n", true, "--console");
    assertThat(out).contains("relva> ").doesNotContain("> alice /party create")
        .contains("[to alice, only they see] Party ");
    assertThat(run("alice /party create\n", false, "--console"))
        .contains("> alice /party create").doesNotContain("relva> ");
  }

  @Test
  @DisplayName("a # after a command is a comment; #party is still a channel")
  void commentsAfterACommand() throws Exception {
    String out = run("""
        alice /party create   # alice's party
        bob /party join code:@alice # bob joins
        alice #party /party info # who is in it
        """, false, "--console");
    assertThat(out).doesNotContain("!").contains("You joined party")
        .contains("alice (leader), bob");
  }

  @Test
  @DisplayName("user names in any script, quoted when they have spaces")
  void namesInAnyScript() throws Exception {
    String out = run("""
        李 /queue join
        José /queue join
        "Mary Ann" /party create
        Zoë /party join code:@"Mary Ann"
        :mod zed
        zed /admin ban user:"Mary Ann" duration:1m
        """, false, "--console");
    assertThat(out).contains("[to 李, only they see] You are in the queue")
        .contains("[to José, only they see] You are in the queue")
        .contains("[to Mary Ann, only they see] Party ")
        .contains("Mary Ann may not queue until");
  }

  @Test
  @DisplayName(":mod confirms, and :help lists the directives")
  void modConfirmsAndHelpLists() throws Exception {
    String out = run(":mod zed\n:help\n", false, "--console");
    assertThat(out).contains("(zed is a moderator now, and may use /admin)")
        .contains(":wait <duration>").contains(":mod <user>").contains(":help")
        .contains("quote a name with spaces");
  }

  @Test
  @DisplayName("a huge line is refused with its length, not echoed back whole")
  void hugeLine_refusedWithItsLength() throws Exception {
    String huge = "alice /party create " + "x".repeat(100_000);
    String out = run(huge + "\n", false, "--console");
    assertThat(out).contains("! Line 1 is 100020 characters long; the console reads lines of up "
        + "to 4000.").doesNotContain("xxxxxxxxxx");
    assertThat(out.length()).isLessThan(1_000);
  }

  @Test
  @DisplayName("--json: a refusal is an ok:false acknowledgement, the one error signal")
  void json_oneErrorSignal() throws Exception {
    List<String> lines = run("bob /queue leave\nalice /nope\n", false, "--console", "--json")
        .lines().toList();
    assertThat(lines).noneMatch(l -> l.contains("\"error\":true"))
        .anyMatch(l -> l.startsWith("{\"type\":\"message\",\"to\":\"bob\""))
        .anyMatch(l -> l.equals("{\"type\":\"ack\",\"line\":1,\"input\":\"bob /queue leave\","
            + "\"ok\":false,\"error\":\"You are not in the queue.\"}"))
        .anyMatch(l -> l.startsWith("{\"type\":\"ack\",\"line\":2,") && l.contains("\"ok\":false"));
  }

  @Test
  @DisplayName("--json carries channel notes and clock moves too")
  void json_notesAndClock() throws Exception {
    List<String> lines = run("alice /party create\n:wait 30s\n:mod zed\n", false,
        "--console", "--json").lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("{\"type\":\"note\",\"text\":\"channel Party [")
            && l.contains("opened, visible to alice"))
        .contains("{\"type\":\"clock\",\"now\":\"2026-01-01T18:00:30Z\"}")
        .contains("{\"type\":\"note\",\"text\":\"zed is a moderator now, and may use /admin\"}");
  }
}

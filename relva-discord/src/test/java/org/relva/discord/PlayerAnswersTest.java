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

/**
 * What players and moderators are told, through the console (issue 12, section 1 and 3): each
 * test names an answer that was wrong or misleading before.
 */
class PlayerAnswersTest {

  static String console(String script) throws Exception {
    return console(Map.of(), script);
  }

  static String console(Map<String, String> env, String script) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = RelvaBot.run(new String[] {"--console"}, env,
        new BufferedReader(new StringReader(script)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  static String tenSolos() {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      script.append("p").append(i).append(" /queue join\n");
    }
    return script.toString();
  }

  /** The lines following each "popped in" in the lobby: the teams of every pop, in order. */
  static List<String> lobbyTeams(String out) {
    List<String> lines = out.lines().toList();
    List<String> teams = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("[#kiwipugs] Match") && lines.get(i).contains("popped in")) {
        teams.add(lines.get(i + 1).strip() + " | " + lines.get(i + 2).strip());
      }
    }
    return teams;
  }

  @Test
  @DisplayName("the /queue join that pops a match says so, not '0 players waiting'")
  void joinThatPops_saysAMatchPopped() throws Exception {
    String out = console(tenSolos());
    String last = out.lines().filter(l -> l.contains("[to p10,")).findFirst().orElseThrow();
    assertThat(last).contains("A match popped at once").contains("/match accept")
        .doesNotContain("0 players waiting");
  }

  @Test
  @DisplayName("/admin cancel players:queue puts them back, and the next pop is not the same teams")
  void cancelBackToQueue_doesNotRepeatTheTeams() throws Exception {
    String out = console(tenSolos() + ":mod zed\nzed /admin cancel match:@p1 players:queue\n");
    assertThat(out).contains("Its players are back in the queue, keeping their places; the same "
        + "teams will not pop again.");
    List<String> pops = lobbyTeams(out);
    assertThat(pops).hasSize(2);
    assertThat(pops.get(1)).isNotEqualTo(pops.get(0));
  }

  @Test
  @DisplayName("/admin cancel players:out takes everyone out of the queue, and nothing pops")
  void cancelOutOfQueue_stopsTheMatch() throws Exception {
    String out = console(tenSolos() + ":mod zed\nzed /admin cancel match:@p1 players:out\n"
        + "p1 /queue status\np1 /queue join\n");
    assertThat(out).contains("Its players are out of the queue, with no cooldown.")
        .contains("Nobody is queued.")
        .contains("You are in the queue (us-e). 1 player waiting in us-e.");
    assertThat(lobbyTeams(out)).hasSize(1);
  }

  @Test
  @DisplayName("/leaderboard region: with global ratings is refused, and the header says global")
  void leaderboardRegion_withGlobalRatings() throws Exception {
    String out = console("alice /leaderboard region:eu\nalice /leaderboard\n");
    assertThat(out).contains("! Ratings are global, not per region")
        .contains("Leaderboard of all regions (ratings are global):");
  }

  @Test
  @DisplayName("a leave names the leader only when leadership changed")
  void leaveMentionsLeaderOnlyWhenItChanged() throws Exception {
    String out = console("""
        alice /party create
        bob /party join code:@alice
        carol /party join code:@alice
        dave /party join code:@alice
        carol #party /party leave
        alice #party /party leave
        """);
    assertThat(out).contains("carol left the party.\n")
        .doesNotContain("carol left the party. alice")
        .contains("alice left the party. bob leads it now.");
  }

  @Test
  @DisplayName("no repeated words, 0 s bans say 0 s, plurals agree, 3v3v3 is not 3x3")
  void wordsAndNumbers() throws Exception {
    String out = console("""
        alice /party create
        bob /party join code:@alice
        alice #party /queue join
        alice #party /queue leave
        :mod zed
        zed /admin ban user:bob duration:0s
        carol /queue join
        carol /queue status
        """);
    assertThat(out).contains("The party left the queue.\n").doesNotContain("left the queue: left")
        .contains("A ban lasts from 1 s to 365 days; got 0 s.")
        .contains("Queue us-e: 1 of 10 players waiting").doesNotContain("1 players")
        .contains("Needs 9 more players.");
    String matches = console(tenSolos() + "p1 /queue stats\n");
    assertThat(matches).contains("us-e: 1 match;").doesNotContain("1 matches");
    assertThat(console(Map.of("RELVA_FORMAT", "3v3v3"), "")).contains("; 3v3v3;")
        .doesNotContain("3x3");
  }

  @Test
  @DisplayName("members of a disbanded party and a kicked player are told in the lobby, by name")
  void disbandedAndKickedAreTold() throws Exception {
    String out = console("""
        alice /party create
        bob /party join code:@alice
        carol /party join code:@alice
        alice #party /party kick user:carol
        alice #party /party disband
        dave /party create
        erin /party join code:@dave
        :mod zed
        zed /admin disband user:erin
        """);
    assertThat(out).contains("[#kiwipugs] @carol: alice removed you from party")
        .contains("[#kiwipugs] @bob: party ")
        .contains("is disbanded (the leader disbanded the party)")
        .contains("[#kiwipugs] @dave @erin: party ")
        .contains("is disbanded (a moderator disbanded the party)");
  }

  @Test
  @DisplayName("a solo in a ready check who types /queue leave is told to decline the match")
  void queueLeaveInReadyCheck_saysDecline() throws Exception {
    String out = console(tenSolos() + "p3 /queue leave\n");
    assertThat(out).contains("! You are not in the queue any more: match ")
        .contains("To leave, decline it with /match decline");
  }
}

package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The offline console, end to end through the launcher, in both output modes. */
class ConsoleTest {
  private static final Path EVENING = Path.of("..", "examples", "evening.txt");

  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run run(String input, String... args) throws Exception {
    return run(Map.of(), input, args);
  }

  private static Run run(Map<String, String> env, String input, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RelvaBot.run(args, env, new BufferedReader(new StringReader(input)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the example evening: parties, a pop, a decline, a re-pop, a confirmed match, a result, ratings")
  void exampleEvening() throws Exception {
    Run run = run(Files.readString(EVENING), "--console");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEqualTo("Relva: offline console, reading commands from standard "
        + "input; no Discord; state kept in memory only." + System.lineSeparator());
    assertThat(run.out())
        .contains("[to bob, only they see] ! You are in party")
        .contains("Ask your leader, alice, to queue the party")
        .contains("is cancelled: frank declined. Out of the queue: frank.")
        .contains("Back in the queue, keeping their places: alice, bob, carol, dave, erin")
        .contains("is on!")
        .contains("is over: team 1 won (6 of 10 players reported team 1 won)")
        .contains("record 1-0-0 (W-L-D)")
        .containsPattern("[0-9]+\\. alice 1577 \\(1 game\\)");
    assertThat(run.lines().stream().filter(l -> l.contains("popped in us-e!")).count())
        .as("two pops, each in the lobby and both party channels").isEqualTo(6);
  }

  @Test
  @DisplayName("the example correction: a moderator turns a result over, the leaderboard follows")
  void exampleCorrection() throws Exception {
    Run run = run(Files.readString(Path.of("..", "examples", "correction.txt")), "--console");

    assertThat(run.status()).isZero();
    List<String> lines = run.lines();
    int correction = lines.indexOf(lines.stream()
        .filter(l -> l.startsWith("> zed /admin result")).findFirst().orElseThrow());
    String before = String.join("\n", lines.subList(0, correction));
    String after = String.join("\n", lines.subList(correction, lines.size()));
    assertThat(before).containsPattern("[0-9]\\. alice 1577 \\(1 game\\)")
        .contains("is over: team 1 won");
    assertThat(after)
        .contains("result was corrected by zed: team 2 won, not team 1 won (the teams reported it "
            + "the wrong way round)")
        .contains("alice: rating 1423").contains("0-1-0 (W-L-D), lost 1 in a row")
        .contains("already ended with team 2 won; nothing to correct")
        .contains("10. alice 1423 (1 game)")
        .contains("zed changed team 1 won to team 2 won (the teams reported it the wrong way "
            + "round)");
  }

  @Test
  @DisplayName("examples/two-queues.txt: /setup adds a 2v2 queue with its own lobby; every bad "
      + "change refused and nothing changed; a pop in one queue takes its players out of the "
      + "other; a queue removed")
  void exampleTwoQueues() throws Exception {
    Run run = run(Map.of(), Files.readString(Path.of("..", "examples", "two-queues.txt")),
        "--console");

    assertThat(run.status()).isZero();
    String out = String.join("\n", run.lines());
    assertThat(out)
        .contains("! Only members with Manage Server can change how Relva is set up here.")
        .contains("Saved, and applied now (queue add). This server's own settings: queue 2v2: "
            + "lobby = duos.")
        .containsPattern("Nothing changed: queue 2v2: format=1v1 is not allowed.*for example "
            + "format=5v5")
        .contains("Nothing changed: the queues do not fit together: two queues have the lobby "
            + "kiwipugs")
        .contains("2v2 in #duos (2 a team, regions us-e, us-w, eu). Players may wait in several "
            + "at once.")
        .contains("You are in queue 2v2 (us-e). 1 player waiting in us-e.")
        .contains("This server has several queues: name one with queue:")
        .contains("Your party is in queue 2v2 (us-e).")
        .containsPattern("\\[#duos\\] Match \\w+ popped in queue 2v2: erin also left queue "
            + "default\\.")
        .containsPattern("\\[#duos\\] Match \\w+ is over: team 1 won")
        .containsPattern("> carol /leaderboard queue:2v2\\n.*\\n    1\\. carol 1618")
        .containsPattern("> carol /leaderboard\\n.*\\n    Nobody has played a rated match yet\\.")
        .contains("There is no queue called 3v3 here; the queues are default, 2v2.")
        .containsPattern("> ivan /queue status\\n.*Nobody is queued\\.")
        .containsPattern("> alice /setup show\\n.*\\*\\*Queues\\*\\*: default in #kiwipugs "
            + "\\(5 a team[^;]*\\)\\. Players");
  }

  @Test
  @DisplayName("examples/maps.txt: a map vote, then a second one that spares the maps just played")
  void exampleMaps() throws Exception {
    Run run = run(Map.of("RELVA_FORMAT", "2v2", "RELVA_MAPS", "Dust,Nuke,Mirage",
        "RELVA_MAP_COOLDOWN", "1"), Files.readString(Path.of("..", "examples", "maps.txt")),
        "--console");

    assertThat(run.status()).isZero();
    String out = String.join("\n", run.lines());
    assertThat(out)
        .contains("vote for the map within 30 s with the buttons or /match vote map:<name>. "
            + "The maps: Dust, Nuke, Mirage.")
        .contains("is played on Nuke (Dust 1, Nuke 3, Mirage 0).")
        .containsPattern("> alice /match info\\n.*being played\\. Map: Nuke\\.")
        .contains("'Inferno' is not in the vote; the maps are Dust, Nuke, Mirage.")
        .contains("The maps: Dust, Mirage.")
        .contains("'nuke' is not in the vote; the maps are Dust, Mirage.")
        .containsPattern("is played on (Dust|Mirage) \\(Dust 1, Mirage 1\\)\\.")
        .containsPattern("Map: (Dust|Mirage)\\.");
  }

  @Test
  @DisplayName("examples/substitute.txt: a substitute in the ready check, a moderator's mid-match")
  void exampleSubstitute() throws Exception {
    Run run = run(Files.readString(Path.of("..", "examples", "substitute.txt")), "--console");

    assertThat(run.status()).isZero();
    String out = String.join("\n", run.lines());
    assertThat(out)
        .contains("judy needs a substitute in match")
        .contains("mia is in the queue; leave it first.")
        .contains(": kim came in for judy (team 1). @kim, accept the ready check")
        .contains(": leo came in for ivan (team 1).")
        .contains("Team 1: @alice, @grace, @bob, @leo, @kim")
        .containsPattern("[0-9]\\. kim 1577 \\(1 game\\)")
        .containsPattern("[0-9]\\. leo 1577 \\(1 game\\)")
        .doesNotContainPattern("[0-9]\\. (judy|ivan) ")
        .contains("Left for a substitute: judy, ivan.");
  }

  @Test
  @DisplayName("examples/captains.txt: captains by rating pick a 5v5, a party whole, a refused "
      + "pick, a timed-out pick, the last left, then a result")
  void exampleCaptains() throws Exception {
    Run run = run(Map.of("RELVA_TEAMS", "captains"),
        Files.readString(Path.of("..", "examples", "captains.txt")), "--console");

    assertThat(run.status()).isZero();
    assertThat(run.err()).doesNotContain("warning");
    String out = String.join("\n", run.lines());
    assertThat(out)
        .contains("5v5, captains pick the teams")
        .contains("Once everyone has accepted, captains (the highest rated) pick the teams.")
        .contains("! Captains here are chosen by rating; nobody volunteers.")
        .contains(": the captains are @erin (team 1) and @frank (team 2).")
        .contains("erin picked carol for team 1.")
        .contains("[to erin, only they see] ! It is frank's pick.")
        .contains("[to dave, only they see] ! Only the captains pick: erin, frank.")
        .contains("frank picked the party alice and bob for team 2.")
        .contains("Team 2 (captain frank): @frank, [@alice @bob]")
        .containsPattern("> alice /match info\n.*confirmed, its captains picking the teams\\.")
        .containsPattern(": time ran out, [a-z]+ picked for frank \\(team 2\\)\\.")
        .containsPattern(": [a-z]+ joins team 1 as the last left\\.")
        .containsPattern("teams are picked!\n    Team 1 \\(mean [0-9]+, [0-9]+% to win\\): "
            + "@erin, @carol, @dave, @grace, @[a-z]+\n    Team 2 \\(mean [0-9]+, [0-9]+% to "
            + "win\\): @frank, \\[@alice @bob\\], @[a-z]+, @ivan")
        .contains("is over: team 1 won (6 of 10 players reported team 1 won)")
        .containsPattern("1\\. erin 1637 \\(1 game\\)");
  }

  @Test
  @DisplayName("examples/second-evening.txt: a substitute, volunteer captains, a map vote after "
      + "the picks, a corrected result, and a second vote that spares the map just played")
  void exampleSecondEvening() throws Exception {
    Run run = run(Map.of("RELVA_FORMAT", "3v3", "RELVA_TEAMS", "captains",
        "RELVA_CAPTAINS", "volunteers", "RELVA_MAPS", "Dust,Nuke,Mirage",
        "RELVA_MAP_COOLDOWN", "1"),
        Files.readString(Path.of("..", "examples", "second-evening.txt")), "--console");

    assertThat(run.status()).isZero();
    List<String> lines = run.lines();
    String out = String.join("\n", lines);
    assertThat(out)
        .contains(": grace came in for dave. @grace, accept the ready check")
        .contains("You volunteered to captain match").contains("(2 volunteers so far)")
        .contains(": the captains are @alice (team 1) and @erin (team 2).")
        .contains("captains are still picking the teams; report the result once the teams are "
            + "set.")
        .contains("frank joins team 1 as the last left.")
        .contains("Team 1 (mean 1500, 50% to win): @alice, @bob, @frank")
        .contains("is played on Nuke (Dust 1, Nuke 2, Mirage 0).")
        .contains("result was corrected by zed: team 2 won, not team 1 won (reported the wrong "
            + "way round)")
        .contains("'Nuke' is not in the vote; the maps are Dust, Mirage.")
        .contains("is played on Mirage (Dust 0, Mirage 2).");
    assertThat(out.indexOf("The maps: Dust, Nuke, Mirage.")).as("the vote after the picks")
        .isGreaterThan(out.indexOf("'s teams are picked!"));
    int correction = lines.indexOf(lines.stream()
        .filter(l -> l.startsWith("> zed /admin result")).findFirst().orElseThrow());
    String before = String.join("\n", lines.subList(0, correction));
    String after = String.join("\n", lines.subList(correction, lines.size()));
    assertThat(before).containsPattern("1\\. [a-z]+ 1598 \\(1 game\\)")
        .containsPattern("6\\. (carol|erin|grace) 1402");
    assertThat(after).containsPattern("1\\. (carol|erin|grace) 1598 \\(1 game\\)")
        .containsPattern("6\\. (alice|bob|frank) 1402");
  }

  private static Run run(Map<String, String> env, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RelvaBot.run(new String[] {"--console"}, env,
        new BufferedReader(new StringReader(input)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the pop shows each team's mean rating and chance to win: new players, 50% each")
  void pop_showsMeanAndChance_evenForNewPlayers() throws Exception {
    Run run = run(Map.of(), PlayerAnswersTest.tenSolos());

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("Team 1 (mean 1500, 50% to win): @")
        .contains("Team 2 (mean 1500, 50% to win): @");
  }

  @Test
  @DisplayName("RELVA_TEAMS=random: the console says so, and the stronger drawn team is favoured")
  void randomTeams_popShowsTheDrawsOdds() throws Exception {
    Run run = run(Map.of("RELVA_TEAMS", "random"),
        ":mod zed\nzed /admin rating user:p1 value:1580\n" + PlayerAnswersTest.tenSolos());

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("; 5v5, teams drawn at random;");
    List<String> teams = run.lines().stream()
        .filter(l -> l.matches(".*Team [12] \\(mean [0-9]+, [0-9]+% to win\\): .*"))
        .map(l -> l.substring(l.indexOf("Team "))).distinct()
        .toList();
    assertThat(teams).as("one line a team, the same in the lobby and elsewhere").hasSize(2);
    String strong = teams.stream().filter(l -> l.contains("@p1,") || l.endsWith("@p1"))
        .findFirst().orElseThrow();
    String weak = teams.stream().filter(l -> !l.equals(strong)).findFirst().orElseThrow();
    assertThat(strong).contains("(mean 1516, ");
    assertThat(weak).contains("(mean 1500, ");
    int strongChance = Integer.parseInt(strong.replaceAll(".*, ([0-9]+)% to win.*", "$1"));
    int weakChance = Integer.parseInt(weak.replaceAll(".*, ([0-9]+)% to win.*", "$1"));
    assertThat(strongChance).isGreaterThan(50);
    assertThat(strongChance + weakChance).isBetween(99, 101);
  }

  @Test
  @DisplayName("--json prints one object per bot message and one acknowledgement per input line")
  void jsonMode() throws Exception {
    String script = Files.readString(EVENING);
    Run run = run(script, "--console", "--json");

    long inputs = script.lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    assertThat(run.status()).isZero();
    assertThat(run.lines()).allMatch(l -> l.startsWith("{\"type\":\"") && l.endsWith("}"));
    assertThat(run.lines().stream().filter(l -> l.startsWith("{\"type\":\"ack\"")).count())
        .isEqualTo(inputs);
    assertThat(run.lines()).anyMatch(l -> l.contains("\"to\":\"bob\",\"ephemeral\":true,"
        + "\"text\":\"You are in party"));
    assertThat(run.lines()).anyMatch(l -> l.contains("\"channel\":\"kiwipugs\"")
        && l.contains("\"match\":\"M") && l.contains("\"teams\":[[\"alice\",\"bob\",\"carol\","
            + "\"dave\",\"erin\"],["));
    assertThat(run.lines().stream().filter(l -> l.contains("\"ok\":false")))
        .as("bob's refused /queue join, the one error of the evening").singleElement().asString()
        .contains("\"input\":\"bob /queue join\"").contains("\"error\":\"You are in party");
  }

  @Test
  @DisplayName("a bad line is answered with why, and the console goes on")
  void badLines() throws Exception {
    Run run = run("""
        alice /party teleport
        alice /party create region:mars
        alice /queue join region:eu
        :wait soon
        bob #party /party info
        alice /party join
        """, "--console");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("! There is no command /party teleport.")
        .contains("region: must be one of us-e, us-w, eu; got 'mars'.")
        .contains("You are in the queue (eu).")
        .contains("! A duration is like 90s, 30m, 2h, 1d or 1h30m; got 'soon'.")
        .contains("! bob has no party channel: bob is in no party.")
        .contains("! /party join needs code:.");
  }

  @Test
  @DisplayName("in --json mode a bad line's acknowledgement says it failed and why")
  void jsonBadLine() throws Exception {
    Run run = run("alice /nope\n", "--console", "--json");
    assertThat(run.out().strip())
        .isEqualTo("{\"type\":\"ack\",\"line\":1,\"input\":\"alice /nope\",\"ok\":false,"
            + "\"error\":\"There is no command /nope.\"}");
  }

  @Test
  @DisplayName("the ready check times out with :wait, and those who did not accept leave the queue")
  void readyCheckTimesOut() throws Exception {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      script.append("p").append(i).append(" /queue join\n");
    }
    for (int i = 1; i <= 9; i++) {
      script.append("p").append(i).append(" /match accept\n");
    }
    script.append(":wait 31s\np1 /queue status\np10 /queue join\n");
    Run run = run(script.toString(), "--console");
    assertThat(run.out()).contains("is cancelled: the ready check timed out. Out of the queue: p10.")
        .contains("You are queued in us-e");
    assertThat(run.lines().get(run.lines().size() - 1)).contains("A match popped at once");
  }

  @Test
  @DisplayName("party counts show the configured cap: (2/2) in 2v2, not the spec's 5")
  void partyCountsShowTheConfiguredCap() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = RelvaBot.run(new String[] {"--console"}, Map.of("RELVA_FORMAT", "2v2"),
        new BufferedReader(new StringReader("""
            alice /party create
            bob /party join code:@alice
            alice #party /party info
            carol /party join code:@alice
            """)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()));
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(status).isZero();
    assertThat(text).contains("You joined party").contains("(2/2)")
        .contains("bob joined the party (2/2).").contains(", 2/2): alice (leader), bob")
        .contains("is full (2 players)").doesNotContain("/5");
  }

  @Test
  @DisplayName("without --console and without a token the launcher says what to set")
  void noTokenNoConsole() throws Exception {
    Run run = run("", new String[0]);
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("DISCORD_TOKEN: not set").contains("--console");
  }

  @Test
  @DisplayName("a bad setting stops the launcher with a message naming it")
  void badSetting() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RelvaBot.run(new String[] {"--console"}, Map.of("RELVA_FORMAT", "5vs5"),
        new BufferedReader(new StringReader("")), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("RELVA_FORMAT=5vs5 is not allowed");
  }

  @Test
  @DisplayName("--data keeps the console's state in a file: a second run finds the party, queue and ratings")
  void dataFileKeepsStateAcrossRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path db = dir.resolve("try.db");
    Run first = run("""
        alice /party create region:eu
        bob /party join code:@alice
        alice #party /queue join
        carol /queue join region:us-w
        """, "--console", "--data", db.toString());
    assertThat(first.status()).isZero();
    assertThat(first.err()).contains("state kept in SQLite " + db);

    Run second = run("""
        bob #party /party info
        carol /queue leave
        dave /party join code:@alice
        """, "--console", "--data", db.toString());

    assertThat(second.status()).isZero();
    assertThat(second.out()).contains("Relva is back, and kept everything: 1 party, 2 entries "
        + "in the queue, 0 matches under way.");
    assertThat(second.out()).contains("alice (leader), bob").contains("In the queue since")
        .contains("You left the queue.");
    assertThat(second.out()).as("the restored party is queued, so nobody can join it")
        .contains("is in the queue");
  }

  @Test
  @DisplayName("a --data file in a missing directory stops the console with the setting and the fix")
  void dataFileInMissingDirectory(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Run run = run("alice /party create\n", "--console", "--data",
        dir.resolve("no/such/dir/try.db").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("Relva cannot start: ").contains("RELVA_DATA")
        .doesNotContain("Exception");
    assertThat(dir.resolve("no")).doesNotExist();
  }

  @Test
  @DisplayName("--backup copies the file a running Relva holds; the copy restores the same state")
  void backupWhileHeld(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path db = dir.resolve("relva.db");
    run("alice /party create region:eu\nbob /party join code:@alice\n", "--console", "--data",
        db.toString());
    Path copy = dir.resolve("copy.db");
    // The bot holds the file meanwhile: a journal open on it, as a running bot's is.
    try (var held = org.relva.store.RelvaStore.sqlite(db,
        org.relva.store.RelvaStore.Durability.PROCESS_CRASH)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = RelvaBot.run(new String[] {"--backup", copy.toString()},
          Map.of("RELVA_DATA", db.toString()), new BufferedReader(new StringReader("")),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("Backed up " + db);
      assertThat(held.load()).as("the bot's journal works on meanwhile").isNotEmpty();
    }
    Run restored = run("bob #party /party info\n", "--console", "--data", copy.toString());
    assertThat(restored.out()).contains("alice (leader), bob");

    Run noDatabase = run("", "--backup", dir.resolve("other.db").toString());
    assertThat(noDatabase.status()).as("relva.db, the default, is not here").isEqualTo(2);
    assertThat(noDatabase.err()).startsWith("Relva cannot back up: ")
        .contains("nothing to back up");
    assertThat(dir.resolve("other.db")).doesNotExist();
  }

  @Test
  @DisplayName("with RELVA_VOICE the console shows the team voice channels the bot would make, "
      + "who it would move, and that they go when the match ends")
  void voiceChannelsShown() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = RelvaBot.run(new String[] {"--console"}, Map.of("RELVA_FORMAT", "2v2",
        "RELVA_ALGORITHM", "fifo", "RELVA_VOICE", "true", "RELVA_VOICE_CATEGORY",
        "223456789012345678", "RELVA_AUTOMOVE", "true", "RELVA_WAITING_ROOM",
        "323456789012345678"), new BufferedReader(new StringReader("""
            p1 /queue join
            p2 /queue join
            p3 /queue join
            p4 /queue join
            p1 /match accept
            p2 /match accept
            p3 /match accept
            p4 /match accept
            p1 /match report result:team1
            p2 /match report result:team1
            p3 /match report result:team1
            p4 /match report result:team1
            """)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()));
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(status).isZero();
    assertThat(text).containsPattern("voice channel M[0-9A-Za-z]+ · Team 1 would be created in "
        + "category 223456789012345678, visible to p[1-4], p[1-4]")
        .containsPattern("voice channel M[0-9A-Za-z]+ · Team 2 would be created")
        .contains("players in waiting room 323456789012345678 would be moved into their team's "
            + "voice channel")
        .containsPattern("the voice channels of match M[0-9A-Za-z]+ would be deleted");
  }
}

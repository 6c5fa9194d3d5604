package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator meets first: bad settings, in console and bot mode alike, each reported as one
 * line before anything connects, with exit status 2 and never a stack trace (issue 12, section 2).
 */
class SettingsTest {
  private static final Map<String, String> DISCORD =
      Map.of("DISCORD_TOKEN", "not-a-real-token", "RELVA_GUILD_ID", "123456789012345678");

  private record Run(int status, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RelvaBot.run(args, env, new BufferedReader(new StringReader("")),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "RELVA_REGIONS|,|an empty region code|RELVA_REGIONS=us-e,us-w,eu",
      "RELVA_ALGORITHM|magic|balanced, fifo|RELVA_ALGORITHM=balanced",
      "RELVA_TEAMS|drafted|random (teams drawn at random, parties kept whole) or captains|RELVA_TEAMS=captains",
      "RELVA_CAPTAINS|eldest|rated (the highest rated), random, or volunteers|RELVA_CAPTAINS=volunteers",
      "RELVA_PICK_ORDER|abba|not snake, straight, or 2 to 64 capital team letters|RELVA_PICK_ORDER=ABBAAB",
      "RELVA_PICK_ORDER|ABC|it names 3 teams, and RELVA_FORMAT 5v5 has 2|RELVA_PICK_ORDER=ABBAAB",
      "RELVA_PICK_TIME|2s|a duration from 5s to 10m|RELVA_PICK_TIME=45s",
      "RELVA_FORMAT|1v1|2 or more players each|RELVA_FORMAT=5v5",
      "RELVA_FORMAT|0v0|2 or more players each|RELVA_FORMAT=5v5",
      "RELVA_READY_TIMEOUT|0s|a duration from 5s to 10m|RELVA_READY_TIMEOUT=30s",
      "RELVA_REGION_LINKS|us-e:mars:3m|'mars' is not one of the regions|RELVA_REGION_LINKS=us-e:us-w:3m",
      "RELVA_GLOBAL_COMMANDS|yes|true or false|RELVA_GLOBAL_COMMANDS=false",
      "RELVA_DATABASE_URL|mysql://db/relva|a jdbc:postgresql:// URL|RELVA_DATABASE_URL=jdbc:postgresql://localhost:5432/relva",
      "RELVA_DURABILITY|paranoid|process-crash|RELVA_DURABILITY=power-loss",
      "RELVA_SHARDS|0|1 to 4096, or auto|RELVA_SHARDS=4",
      "RELVA_SHARDS|many|1 to 4096, or auto|RELVA_SHARDS=4",
      "RELVA_SHARD_IDS|0-x|numbers and ranges below RELVA_SHARDS|RELVA_SHARD_IDS=0-1",
      "RELVA_SHARD_IDS|3-1|runs backwards|RELVA_SHARD_IDS=0-1",
      "RELVA_SHARD_IDS|0-1|set RELVA_SHARDS to the bot's number of shards|RELVA_SHARD_IDS=0-1",
  })
  @DisplayName("a bad setting is one line: the variable, the value, what is allowed, an example")
  void badSetting_isOneLineInBothModes(String variable, String value, String allowed,
      String example) throws Exception {
    Map<String, String> env = new HashMap<>(DISCORD);
    env.put(variable, value);
    for (String[] mode : List.of(new String[] {"--console"}, new String[0])) {
      Run run = run(env, mode);

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.errLines()).singleElement().asString()
          .startsWith("Relva cannot start: " + variable + "=" + value + " is not allowed")
          .contains(allowed).contains("for example " + example)
          .doesNotContain("Exception").doesNotContain("matchmaking.").doesNotContain("PT0S")
          .doesNotContain("maxPartySize");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  @DisplayName("every bad setting is reported at once, one line each")
  void severalBadSettings_allReported() throws Exception {
    Run run = run(Map.of("RELVA_ALGORITHM", "magic", "RELVA_FORMAT", "1v1",
        "RELVA_READY_TIMEOUT", "soon"), "--console");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(3).allMatch(l -> l.startsWith("Relva cannot start: RELVA_"));
  }

  @Test
  @DisplayName("an unknown key in the properties file is warned about, naming the nearest key")
  void unknownPropertyKey_warnsWithTheNearestKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relva.properties");
    Files.writeString(file, "relva.algoritm=fifo\nrelva.format=2v2\n");
    Run run = run(Map.of(), "--console", "--config", file.toString());

    assertThat(run.status()).isZero();
    assertThat(run.err()).contains("warning: relva.properties: 'relva.algoritm' is no setting, "
        + "and is ignored; did you mean 'relva.algorithm'?");
    assertThat(run.out()).contains("; 2v2;");
  }

  @Test
  @DisplayName("a bad value in the properties file names the property and the file")
  void badPropertyValue_namesThePropertyAndTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relva.properties");
    Files.writeString(file, "relva.algorithm=magic\n");
    Run run = run(Map.of(), "--console", "--config", file.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("Relva cannot start: relva.algorithm=magic (in "
        + "relva.properties) is not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--json"})
  @DisplayName("--json alone does not start the console: the modes are explicit")
  void jsonAlone_isRefused(String flag) throws Exception {
    Run run = run(Map.of(), flag);
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--console --json");
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("standard error says which mode started")
  void modeIsAnnouncedOnStandardError() throws Exception {
    assertThat(run(Map.of(), "--console").err())
        .startsWith("Relva: offline console, reading commands from standard input");
    assertThat(run(Map.of(), "--console", "--json").err())
        .startsWith("Relva: offline console (JSON lines)");
  }

  @Test
  @DisplayName("a database password is never printed: not in its own setting, not in a URL")
  void databasePasswordIsNeverPrinted() throws Exception {
    Run run = run(Map.of("RELVA_DATABASE_URL", "postgresql://relva:s3cret@db/x?password=s3cret",
        "RELVA_DATABASE_PASSWORD", "s3cret"), "--console");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("RELVA_DATABASE_URL=").doesNotContain("s3cret");
    BotConfig config = BotConfig.load(Map.of("RELVA_DATABASE_URL",
        "jdbc:postgresql://db:5432/relva?password=s3cret", "RELVA_DATABASE_USER", "relva",
        "RELVA_DATABASE_PASSWORD", "s3cret"), java.util.Optional.empty());
    assertThat(config.toString()).contains("PostgreSQL").doesNotContain("s3cret");
    assertThat(config.storage().password()).contains("s3cret");
  }

  @Test
  @DisplayName("sharding: auto and every shard by default; some shards of a total; one process "
      + "of several needs PostgreSQL; a server the process's shards do not hold is refused")
  void sharding() throws Exception {
    assertThat(BotConfig.load(DISCORD, java.util.Optional.empty()).sharding())
        .isEqualTo(Sharding.auto());
    Map<String, String> env = new HashMap<>(DISCORD);
    env.put("RELVA_SHARDS", "4");
    env.put("RELVA_SHARD_IDS", "2, 0-1");
    env.put("RELVA_DATABASE_URL", "jdbc:postgresql://db:5432/relva");
    Sharding three = BotConfig.load(env, java.util.Optional.empty()).sharding();
    assertThat(three.ids()).containsExactly(0, 1, 2);
    assertThat(three.partial()).isTrue();
    assertThat(three.toString()).isEqualTo("shards 0-2 of 4");

    env.remove("RELVA_DATABASE_URL");
    Run sqlite = run(env);
    assertThat(sqlite.status()).isEqualTo(2);
    assertThat(sqlite.errLines()).singleElement().asString()
        .startsWith("Relva cannot start: RELVA_SHARD_IDS: this process runs shards 0-2 of 4")
        .contains("one PostgreSQL database", "RELVA_DATABASE_URL");

    env.put("RELVA_SHARD_IDS", "0-3"); // every shard: one process, SQLite is fine
    assertThat(BotConfig.load(env, java.util.Optional.empty()).sharding().partial()).isFalse();

    // Server 2^22 * 5 is on shard 5 % 4 = 1.
    env.put("RELVA_SHARD_IDS", "0");
    env.put("RELVA_DATABASE_URL", "jdbc:postgresql://db:5432/relva");
    env.put("RELVA_GUILD_ID", Long.toString((1L << 22) * 5 + (1L << 60)));
    Run elsewhere = run(env);
    assertThat(elsewhere.status()).isEqualTo(2);
    assertThat(elsewhere.err()).contains("is on shard " + Sharding.shardOf((1L << 22) * 5
        + (1L << 60), 4) + " of 4, which this process does not run");
  }

  @Test
  @DisplayName("RELVA_TEAMS: balanced by default, random when asked, and the matchmaker is told")
  void teams_balancedByDefault_randomWhenAsked() {
    BotConfig plain = BotConfig.load(DISCORD, java.util.Optional.empty());
    assertThat(plain.teams()).isEqualTo(org.relva.matchmaking.TeamChoice.BALANCED);
    assertThat(plain.matchmakingConfig().teams())
        .isEqualTo(org.relva.matchmaking.TeamChoice.BALANCED);

    Map<String, String> env = new HashMap<>(DISCORD);
    env.put("RELVA_TEAMS", "random");
    BotConfig random = BotConfig.load(env, java.util.Optional.empty());
    assertThat(random.matchmakingConfig().teams())
        .isEqualTo(org.relva.matchmaking.TeamChoice.RANDOM);
    assertThat(random.toString()).contains("teams=random");
  }

  // --- Team voice channels ---

  @Test
  @DisplayName("voice channels are off by default")
  void voice_offByDefault() {
    BotConfig config = BotConfig.load(DISCORD, java.util.Optional.empty());
    assertThat(config.voice().on()).isFalse();
    assertThat(config.voice().automove()).isFalse();
    assertThat(config.toString()).contains("voice=off");
  }

  @Test
  @DisplayName("RELVA_VOICE with a category, and RELVA_AUTOMOVE with a waiting room, are read")
  void voice_andAutomove_areRead() {
    Map<String, String> env = new HashMap<>(DISCORD);
    env.put("RELVA_VOICE", "true");
    env.put("RELVA_VOICE_CATEGORY", "223456789012345678");
    env.put("RELVA_AUTOMOVE", "true");
    env.put("RELVA_WAITING_ROOM", "323456789012345678");
    BotConfig.Voice voice = BotConfig.load(env, java.util.Optional.empty()).voice();
    assertThat(voice.on()).isTrue();
    assertThat(voice.category()).contains(223456789012345678L);
    assertThat(voice.automove()).isTrue();
    assertThat(voice.waitingRoom()).contains(323456789012345678L);
    assertThat(DiscordBot.intents(voice)).containsExactly(
        net.dv8tion.jda.api.requests.GatewayIntent.GUILD_VOICE_STATES);
    assertThat(DiscordBot.intents(BotConfig.Voice.off())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "RELVA_VOICE=true|RELVA_VOICE=true needs RELVA_VOICE_CATEGORY",
      "RELVA_AUTOMOVE=true|RELVA_AUTOMOVE=true needs RELVA_VOICE=true",
      "RELVA_VOICE=true,RELVA_VOICE_CATEGORY=223456789012345678,RELVA_AUTOMOVE=true"
          + "|RELVA_AUTOMOVE=true needs RELVA_WAITING_ROOM",
      "RELVA_VOICE=yes|RELVA_VOICE=yes is not allowed (neither true nor false)",
      "RELVA_VOICE=true,RELVA_VOICE_CATEGORY=#matches|RELVA_VOICE_CATEGORY=#matches is not "
          + "allowed (not 17 to 20 digits): it takes the id of the category",
      "RELVA_WAITING_ROOM=lobby|RELVA_WAITING_ROOM=lobby is not allowed (not 17 to 20 digits)",
  })
  @DisplayName("a voice setting that is bad or missing is one line naming the setting and the fix")
  void voice_badOrMissing_isOneLine(String settings, String line) throws Exception {
    Map<String, String> env = new HashMap<>(DISCORD);
    for (String pair : settings.split(",")) {
      env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    Run run = run(env, "--console");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("Relva cannot start: " + line).doesNotContain("Exception");
  }

  // --- Map votes ---

  @Test
  @DisplayName("the map vote is off by default; RELVA_MAPS, its time and its cooldown are read")
  void maps_areRead() {
    assertThat(BotConfig.load(DISCORD, java.util.Optional.empty()).mapVote().isOn()).isFalse();
    Map<String, String> env = new HashMap<>(DISCORD);
    env.put("RELVA_MAPS", " Dust , Nuke,Mirage ");
    env.put("RELVA_MAP_VOTE_TIME", "45s");
    env.put("RELVA_MAP_COOLDOWN", "2");
    BotConfig config = BotConfig.load(env, java.util.Optional.empty());
    assertThat(config.mapVote()).isEqualTo(new org.relva.core.MapVote(
        java.util.List.of("Dust", "Nuke", "Mirage"), java.time.Duration.ofSeconds(45), 2));
    assertThat(config.relvaConfig().matches().mapVote()).isEqualTo(config.mapVote());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "RELVA_MAPS=Dust|RELVA_MAPS=Dust is not allowed (maps: name none (no vote) or at least two",
      "RELVA_MAPS=Dust;Nuke;dust|RELVA_MAPS=Dust;Nuke;dust is not allowed (maps: 'dust' is named "
          + "twice",
      "RELVA_MAP_VOTE_TIME=1s|RELVA_MAP_VOTE_TIME=1s is not allowed (outside 5s to 10m)",
      "RELVA_MAP_COOLDOWN=-1|RELVA_MAP_COOLDOWN=-1 is not allowed (outside 0 to 50)",
  })
  @DisplayName("a map setting that is bad is one line naming the setting and the fix")
  void maps_bad_isOneLine(String setting, String line) throws Exception {
    Map<String, String> env = new HashMap<>(DISCORD);
    env.put(setting.substring(0, setting.indexOf('=')),
        setting.substring(setting.indexOf('=') + 1).replace(';', ','));
    Run run = run(env, "--console");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("Relva cannot start: " + line.replace(';', ',')).doesNotContain("Exception");
  }
}

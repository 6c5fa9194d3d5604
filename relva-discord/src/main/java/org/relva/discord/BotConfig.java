package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.relva.core.Draft;
import org.relva.core.MapVote;
import org.relva.core.MatchRules;
import org.relva.core.RelvaConfig;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.matchmaking.AlgorithmRegistry;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.TeamChoice;

/**
 * The bot's settings, read from environment variables and an optional properties file, and
 * validated at start-up: a missing or bad setting stops the bot with a message naming it.
 * Immutable. The token is never printed: {@link #toString()} hides it.
 *
 * <p>Each setting has an environment variable and a property (the variable wins):
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>property</th><th>default</th></tr>
 *   <tr><td>DISCORD_TOKEN</td><td>discord.token</td><td>none: the console runs without</td></tr>
 *   <tr><td>RELVA_GUILD_ID</td><td>relva.guild</td><td>none: every server the bot is in</td></tr>
 *   <tr><td>RELVA_SHARDS</td><td>relva.shards</td><td>auto (as many as Discord
 *       recommends)</td></tr>
 *   <tr><td>RELVA_SHARD_IDS</td><td>relva.shardIds</td><td>all: every shard runs here</td></tr>
 *   <tr><td>RELVA_LOBBY</td><td>relva.lobby</td><td>kiwipugs</td></tr>
 *   <tr><td>RELVA_REGIONS</td><td>relva.regions</td><td>us-e,us-w,eu (the first is the default)</td></tr>
 *   <tr><td>RELVA_FORMAT</td><td>relva.format</td><td>5v5 (or 3v3v3 and so on)</td></tr>
 *   <tr><td>RELVA_ALGORITHM</td><td>relva.algorithm</td><td>balanced</td></tr>
 *   <tr><td>RELVA_TEAMS</td><td>relva.teams</td><td>balanced (or random, or captains)</td></tr>
 *   <tr><td>RELVA_CAPTAINS</td><td>relva.captains</td><td>rated (or random, or
 *       volunteers); with RELVA_TEAMS=captains</td></tr>
 *   <tr><td>RELVA_PICK_ORDER</td><td>relva.pickOrder</td><td>snake (or straight, or letters
 *       such as ABBAAB); with RELVA_TEAMS=captains</td></tr>
 *   <tr><td>RELVA_PICK_TIME</td><td>relva.pickTime</td><td>30s; with
 *       RELVA_TEAMS=captains</td></tr>
 *   <tr><td>RELVA_REGION_LINKS</td><td>relva.regionLinks</td><td>none; e.g. us-e:us-w:3m</td></tr>
 *   <tr><td>RELVA_READY_TIMEOUT</td><td>relva.readyTimeout</td><td>30s</td></tr>
 *   <tr><td>RELVA_DODGE_COOLDOWN</td><td>relva.dodgeCooldown</td><td>0s</td></tr>
 *   <tr><td>RELVA_LEAVE_COOLDOWN</td><td>relva.leaveCooldown</td><td>0s</td></tr>
 *   <tr><td>RELVA_MODERATOR_ROLE</td><td>relva.moderatorRole</td><td>none: Manage Server only</td></tr>
 *   <tr><td>RELVA_GLOBAL_COMMANDS</td><td>relva.globalCommands</td><td>false</td></tr>
 *   <tr><td>RELVA_LIVE_QUEUE</td><td>relva.liveQueue</td><td>false</td></tr>
 *   <tr><td>RELVA_METRICS_PORT</td><td>relva.metrics.port</td><td>none: no metrics; 0 for any
 *       free port</td></tr>
 *   <tr><td>RELVA_METRICS_BIND</td><td>relva.metrics.bind</td><td>127.0.0.1</td></tr>
 *   <tr><td>RELVA_DATA</td><td>relva.data</td><td>relva.db for the bot; the console keeps
 *       nothing unless given a file (or --data)</td></tr>
 *   <tr><td>RELVA_DATABASE_URL</td><td>relva.databaseUrl</td><td>none: SQLite; a
 *       jdbc:postgresql:// URL to use PostgreSQL instead</td></tr>
 *   <tr><td>RELVA_DATABASE_USER</td><td>relva.databaseUser</td><td>none</td></tr>
 *   <tr><td>RELVA_DATABASE_PASSWORD</td><td>relva.databasePassword</td><td>none; never
 *       printed</td></tr>
 *   <tr><td>RELVA_DURABILITY</td><td>relva.durability</td><td>process-crash</td></tr>
 *   <tr><td>RELVA_VOICE</td><td>relva.voice</td><td>false</td></tr>
 *   <tr><td>RELVA_VOICE_CATEGORY</td><td>relva.voiceCategory</td><td>none: required with
 *       RELVA_VOICE</td></tr>
 *   <tr><td>RELVA_AUTOMOVE</td><td>relva.automove</td><td>false</td></tr>
 *   <tr><td>RELVA_WAITING_ROOM</td><td>relva.waitingRoom</td><td>none: required with
 *       RELVA_AUTOMOVE</td></tr>
 *   <tr><td>RELVA_MAPS</td><td>relva.maps</td><td>none: no map vote</td></tr>
 *   <tr><td>RELVA_MAP_VOTE_TIME</td><td>relva.mapVoteTime</td><td>30s</td></tr>
 *   <tr><td>RELVA_MAP_COOLDOWN</td><td>relva.mapCooldown</td><td>0</td></tr>
 *   <tr><td>RELVA_MULTI_QUEUE</td><td>relva.multiQueue</td><td>false</td></tr>
 *   <tr><td>RELVA_LADDER</td><td>relva.ladder</td><td>shared</td></tr>
 * </table>
 *
 * <p>{@code given} keeps every setting as given (by variable name), so that a server's own
 * settings ({@link ServerSetup}) are read over them with the same checks ({@link #withOverrides});
 * it is never printed.
 */
record BotConfig(Optional<String> token, Optional<String> guildId, String lobby,
    Regions regions, MatchFormat format, String algorithm, RegionPolicy regionLinks,
    Duration readyTimeout, Duration dodgeCooldown, Optional<String> moderatorRole,
    boolean globalCommands, boolean liveQueue, Storage storage, Voice voice, MapVote mapVote,
    TeamChoice teams, Duration leaveCooldown, Draft draft, MetricsSettings metrics,
    Sharding sharding, boolean multiQueue, boolean ownLadder, Map<String, String> given) {

  BotConfig {
    requireNonNull(token, "token");
    requireNonNull(guildId, "guildId");
    requireNonNull(lobby, "lobby");
    requireNonNull(regions, "regions");
    requireNonNull(format, "format");
    requireNonNull(algorithm, "algorithm");
    requireNonNull(regionLinks, "regionLinks");
    requireNonNull(readyTimeout, "readyTimeout");
    requireNonNull(dodgeCooldown, "dodgeCooldown");
    requireNonNull(moderatorRole, "moderatorRole");
    requireNonNull(storage, "storage");
    requireNonNull(voice, "voice");
    requireNonNull(mapVote, "mapVote");
    requireNonNull(teams, "teams");
    requireNonNull(leaveCooldown, "leaveCooldown");
    requireNonNull(draft, "draft");
    requireNonNull(metrics, "metrics");
    requireNonNull(sharding, "sharding");
    given = Map.copyOf(given);
  }

  /**
   * Team voice channels: whether a confirmed match gets one per team, in which category (a
   * channel id), and whether the players waiting in a voice channel (the waiting room, an id) are
   * moved into their team's.
   *
   * @param on whether matches get team voice channels ({@code RELVA_VOICE})
   * @param category the category they are made in, set whenever {@code on}
   * @param automove whether players are moved from the waiting room ({@code RELVA_AUTOMOVE})
   * @param waitingRoom the waiting room, set whenever {@code automove}
   */
  record Voice(boolean on, Optional<Long> category, boolean automove,
      Optional<Long> waitingRoom) {
    Voice {
      requireNonNull(category, "category");
      requireNonNull(waitingRoom, "waitingRoom");
      if (on && category.isEmpty()) {
        throw new IllegalArgumentException("voice channels need a category");
      }
      if (automove && (!on || waitingRoom.isEmpty())) {
        throw new IllegalArgumentException("moving players needs voice channels and a waiting "
            + "room");
      }
    }

    /** No voice channels: the default. */
    static Voice off() {
      return new Voice(false, Optional.empty(), false, Optional.empty());
    }

    @Override
    public String toString() {
      return !on ? "off" : "category " + category.orElseThrow() + (automove
          ? ", automove from " + waitingRoom.orElseThrow() : "");
    }
  }

  /**
   * Where the state is kept: a SQLite file, or a PostgreSQL server when a URL is given, and how
   * much a SQLite commit survives. The password is never printed.
   *
   * @param data the SQLite file, if one was set
   * @param databaseUrl the PostgreSQL URL, if one was set; it wins over {@code data}
   * @param user the PostgreSQL user
   * @param password the PostgreSQL password
   * @param powerLoss whether each SQLite commit is flushed to the disk, to survive a power cut
   */
  record Storage(Optional<Path> data, Optional<String> databaseUrl, Optional<String> user,
      Optional<String> password, boolean powerLoss) {
    Storage {
      requireNonNull(data, "data");
      requireNonNull(databaseUrl, "databaseUrl");
      requireNonNull(user, "user");
      requireNonNull(password, "password");
    }

    /** Keeps nothing: every setting unset. */
    static Storage none() {
      return new Storage(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          false);
    }

    /** The same, with the SQLite file {@code file} (the console's {@code --data}). */
    Storage withData(Path file) {
      return new Storage(Optional.of(file), databaseUrl, user, password, powerLoss);
    }

    @Override
    public String toString() {
      return databaseUrl.map(u -> "PostgreSQL " + hideSecrets(u) + user.map(n -> " as " + n)
          .orElse("")).orElseGet(() -> data.map(d -> "SQLite " + d + (powerLoss
              ? " (power-loss durability)" : " (process-crash durability)")).orElse("in memory"));
    }
  }

  /** {@code url} with any password in it replaced, for logs and messages. */
  static String hideSecrets(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1(hidden)")
        .replaceAll("//([^/@:]+):[^/@]*@", "//$1:(hidden)@");
  }

  /**
   * Thrown for missing or bad settings: one {@link #problems() problem} a bad setting, each one
   * line that names the variable (or property), the value given, what is allowed and an example.
   */
  static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ConfigException(String message) {
      this(List.of(message));
    }

    ConfigException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }

  /** Every setting: its variable, its property, what is allowed, and an example value. */
  enum Setting {
    TOKEN("DISCORD_TOKEN", "discord.token", "your bot's token", "(from the Developer Portal)"),
    GUILD("RELVA_GUILD_ID", "relva.guild", "a server id, 17 to 20 digits (unset: every server "
        + "the bot is in)", "123456789012345678"),
    SHARDS("RELVA_SHARDS", "relva.shards", "how many gateway shards the bot runs in all, 1 to "
        + Sharding.MAX_SHARDS + ", or auto (as many as Discord recommends)", "4"),
    SHARD_IDS("RELVA_SHARD_IDS", "relva.shardIds", "the shards this process runs, numbers and "
        + "ranges below RELVA_SHARDS separated by commas (unset: all)", "0-1"),
    LOBBY("RELVA_LOBBY", "relva.lobby", "a channel name, up to 64 characters without spaces",
        "kiwipugs"),
    REGIONS("RELVA_REGIONS", "relva.regions", "region codes separated by commas, each 1 to 16 "
        + "lowercase letters, digits or dashes, the first the default", "us-e,us-w,eu"),
    FORMAT("RELVA_FORMAT", "relva.format", "at least two teams of the same size, 2 or more "
        + "players each and at most " + MatchFormat.MAX_PLAYERS + " in all", "5v5 or 3v3v3"),
    ALGORITHM("RELVA_ALGORITHM", "relva.algorithm", "one of the matchmaking algorithms: "
        + String.join(", ", new TreeSet<>(AlgorithmRegistry.discover().names())), "balanced"),
    TEAMS("RELVA_TEAMS", "relva.teams", "balanced (the most even teams the algorithm finds), "
        + "random (teams drawn at random, parties kept whole) or captains (captains pick the "
        + "teams once everyone has accepted)", "captains"),
    CAPTAINS("RELVA_CAPTAINS", "relva.captains", "with RELVA_TEAMS=captains, who captains: rated "
        + "(the highest rated), random, or volunteers (who volunteered in the ready check, "
        + "else the highest rated)", "volunteers"),
    PICK_ORDER("RELVA_PICK_ORDER", "relva.pickOrder", "with RELVA_TEAMS=captains, the order of "
        + "picks: snake (ABBA...), straight (ABAB...), or the teams' capital letters in picking "
        + "order", "ABBAAB"),
    PICK_TIME("RELVA_PICK_TIME", "relva.pickTime", "with RELVA_TEAMS=captains, how long a "
        + "captain has for each pick, a duration from 5s to 10m", "45s"),
    REGION_LINKS("RELVA_REGION_LINKS", "relva.regionLinks", "links region:region:wait, separated "
        + "by commas, between configured regions", "us-e:us-w:3m"),
    READY_TIMEOUT("RELVA_READY_TIMEOUT", "relva.readyTimeout", "a duration from 5s to 10m",
        "30s"),
    DODGE_COOLDOWN("RELVA_DODGE_COOLDOWN", "relva.dodgeCooldown", "a duration, 0s for none",
        "5m"),
    LEAVE_COOLDOWN("RELVA_LEAVE_COOLDOWN", "relva.leaveCooldown", "how long a player who leaves "
        + "a match for a substitute may not queue, a duration, 0s for none", "15m"),
    MODERATOR_ROLE("RELVA_MODERATOR_ROLE", "relva.moderatorRole", "a role's name", "PUG Mods"),
    GLOBAL_COMMANDS("RELVA_GLOBAL_COMMANDS", "relva.globalCommands", "true or false", "false"),
    LIVE_QUEUE("RELVA_LIVE_QUEUE", "relva.liveQueue", "true or false", "true"),
    METRICS_PORT("RELVA_METRICS_PORT", "relva.metrics.port", "the port the metrics are served "
        + "on for Prometheus, 1 to 65535, or 0 for any free one (unset: no metrics)", "9464"),
    METRICS_BIND("RELVA_METRICS_BIND", "relva.metrics.bind", "the IP address the metrics are "
        + "served on: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)", "0.0.0.0"),
    DATA("RELVA_DATA", "relva.data", "a file for the SQLite database", "relva.db"),
    DATABASE_URL("RELVA_DATABASE_URL", "relva.databaseUrl", "a jdbc:postgresql:// URL",
        "jdbc:postgresql://localhost:5432/relva"),
    DATABASE_USER("RELVA_DATABASE_USER", "relva.databaseUser", "the PostgreSQL user", "relva"),
    DATABASE_PASSWORD("RELVA_DATABASE_PASSWORD", "relva.databasePassword",
        "the PostgreSQL user's password", "(yours)"),
    DURABILITY("RELVA_DURABILITY", "relva.durability", "process-crash (survives a killed "
        + "process) or power-loss (survives a power cut too; a disk flush each commit)",
        "power-loss"),
    VOICE("RELVA_VOICE", "relva.voice", "true or false", "true"),
    VOICE_CATEGORY("RELVA_VOICE_CATEGORY", "relva.voiceCategory", "the id of the category for "
        + "team voice channels, 17 to 20 digits (Developer Mode, then right-click the category, "
        + "Copy Channel ID)", "123456789012345678"),
    AUTOMOVE("RELVA_AUTOMOVE", "relva.automove", "true or false (true needs RELVA_VOICE=true)",
        "true"),
    WAITING_ROOM("RELVA_WAITING_ROOM", "relva.waitingRoom", "the id of the voice channel "
        + "players wait in, 17 to 20 digits", "123456789012345679"),
    MAPS("RELVA_MAPS", "relva.maps", "the maps a confirmed match votes on, separated by commas: "
        + "none (no vote), or 2 to 25 different names of up to 32 characters",
        "Dust,Nuke,Mirage"),
    MAP_VOTE_TIME("RELVA_MAP_VOTE_TIME", "relva.mapVoteTime", "how long the map vote runs, a "
        + "duration from 5s to 10m", "30s"),
    MAP_COOLDOWN("RELVA_MAP_COOLDOWN", "relva.mapCooldown", "how many of each player's last "
        + "matches' maps are left out of the vote, 0 to 50", "2"),
    MULTI_QUEUE("RELVA_MULTI_QUEUE", "relva.multiQueue", "true or false: whether a player may "
        + "wait in several of a server's queues at once (a pop in one takes them out of the "
        + "others)", "true"),
    LADDER("RELVA_LADDER", "relva.ladder", "shared (the server's ratings) or own (a ratings "
        + "ladder of the queue's own; for a queue set up with /setup)", "own");

    final String variable;
    final String property;
    final String allowed;
    final String example;

    Setting(String variable, String property, String allowed, String example) {
      this.variable = variable;
      this.property = property;
      this.allowed = allowed;
      this.example = example;
    }
  }

  /** The settings in {@code env}, over those in {@code file} if given; warnings are dropped. */
  static BotConfig load(Map<String, String> env, Optional<Path> file) {
    return load(env, file, warning -> { });
  }

  /**
   * The settings in {@code env}, over those in {@code file} if given. Every bad setting is
   * reported at once, in one {@link ConfigException}; a key in the file that is no setting is
   * passed to {@code warnings}, with the nearest known key.
   */
  static BotConfig load(Map<String, String> env, Optional<Path> file, Consumer<String> warnings) {
    Properties props = new Properties();
    if (file.isPresent()) {
      try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException("--config " + file.get() + ": cannot read it (" + e.getMessage()
            + ")");
      }
      for (String key : new TreeSet<>(props.stringPropertyNames())) {
        if (Arrays.stream(Setting.values()).noneMatch(s -> s.property.equals(key))) {
          warnings.accept("warning: " + file.get().getFileName() + ": '" + key + "' is no "
              + "setting, and is ignored; did you mean '" + nearest(key) + "'?");
        }
      }
    }
    Source s = new Source(env, props, file.map(f -> f.getFileName().toString()).orElse(""));
    List<String> problems = new ArrayList<>();
    String lobby = s.read(Setting.LOBBY, "kiwipugs", problems, v -> {
      String name = v.replaceFirst("^#", "");
      if (name.isEmpty() || name.length() > ChannelId.MAX_LENGTH || name.matches(".*\\s.*")) {
        throw new IllegalArgumentException("not a channel name");
      }
      ChannelId.of(name);
      return name;
    });
    Regions regions = s.read(Setting.REGIONS, "us-e,us-w,eu", problems, BotConfig::regions);
    MatchFormat format = s.read(Setting.FORMAT, "5v5", problems, BotConfig::format);
    String algorithm = s.read(Setting.ALGORITHM, MatchmakingConfig.DEFAULT_ALGORITHM, problems,
        v -> {
          if (AlgorithmRegistry.discover().find(v).isEmpty()) {
            throw new IllegalArgumentException("no such algorithm");
          }
          return v;
        });
    String teamsLabel = s.read(Setting.TEAMS, TeamChoice.BALANCED.label(), problems, v -> {
      if (v.equals(CAPTAINS)) {
        return v;
      }
      try {
        return TeamChoice.of(v).label();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("no such choice", e);
      }
    });
    // Captains pick from teams the matchmaker proved fair: its balanced split is their start.
    TeamChoice teams = teamsLabel == null ? null : teamsLabel.equals(CAPTAINS)
        ? TeamChoice.BALANCED : TeamChoice.of(teamsLabel);
    Draft draft = draft(s, problems, format, CAPTAINS.equals(teamsLabel));
    // Links name regions: with no valid regions, they are not checked (the regions' line says why).
    RegionPolicy links = regions == null ? RegionPolicy.none()
        : s.read(Setting.REGION_LINKS, "", problems, v -> links(v, regions));
    Duration ready = s.read(Setting.READY_TIMEOUT, "30s", problems, v -> {
      Duration d = duration(v);
      if (d.compareTo(Duration.ofSeconds(5)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("outside 5s to 10m");
      }
      return d;
    });
    Duration dodge = s.read(Setting.DODGE_COOLDOWN, "0s", problems, BotConfig::duration);
    Duration leave = s.read(Setting.LEAVE_COOLDOWN, "0s", problems, BotConfig::duration);
    Boolean global = s.read(Setting.GLOBAL_COMMANDS, "false", problems, BotConfig::bool);
    Boolean live = s.read(Setting.LIVE_QUEUE, "false", problems, BotConfig::bool);
    String guild = s.read(Setting.GUILD, "", problems, v -> {
      if (!v.isEmpty() && !v.matches("[0-9]{17,20}")) {
        throw new IllegalArgumentException("not 17 to 20 digits");
      }
      if (!v.isEmpty() && parseServer(v) < 0) {
        throw new IllegalArgumentException("too large for a server id");
      }
      return v;
    });
    Path data = s.read(Setting.DATA, ".", problems, Path::of);
    String url = s.read(Setting.DATABASE_URL, "", problems, v -> {
      if (!v.isEmpty() && !v.startsWith("jdbc:postgresql://")) {
        throw new IllegalArgumentException("not a jdbc:postgresql:// URL");
      }
      return v;
    });
    Boolean powerLoss = s.read(Setting.DURABILITY, "process-crash", problems, v -> switch (v) {
      case "process-crash" -> false;
      case "power-loss" -> true;
      default -> throw new IllegalArgumentException("no such durability");
    });
    Voice voice = voice(s, problems);
    MapVote mapVote = mapVote(s, problems);
    MetricsSettings metrics = metrics(s, problems);
    Sharding sharding = sharding(s, problems, url != null && !url.isEmpty(), guild);
    Boolean multiQueue = s.read(Setting.MULTI_QUEUE, "false", problems, BotConfig::bool);
    Boolean ownLadder = s.read(Setting.LADDER, "shared", problems, v -> switch (v) {
      case "shared" -> false;
      case "own" -> true;
      default -> throw new IllegalArgumentException("not shared or own");
    });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    draftUnused(s, draft).ifPresent(warnings);
    Storage storage = new Storage(s.get(Setting.DATA).map(v -> data),
        Optional.of(url).filter(u -> !u.isEmpty()), s.get(Setting.DATABASE_USER),
        s.get(Setting.DATABASE_PASSWORD), powerLoss);
    BotConfig config = new BotConfig(s.get(Setting.TOKEN), Optional.of(guild)
        .filter(g -> !g.isEmpty()), lobby, regions, format, algorithm, links, ready, dodge,
        s.get(Setting.MODERATOR_ROLE), global, live, storage, voice, mapVote, teams, leave,
        draft, metrics, sharding, multiQueue, ownLadder, s.given());
    config.relvaConfig(); // every rule the core and the engine check, now
    config.matchmakingConfig();
    return config;
  }

  /** RELVA_TEAMS's value for a captains' draft. */
  static final String CAPTAINS = "captains";

  /**
   * The draft's three settings, read together: a draft with RELVA_TEAMS=captains, else none
   * (given without it they are still checked; {@link #draftUnused} warns of them).
   */
  private static Draft draft(Source s, List<String> problems, @Nullable MatchFormat format,
      boolean on) {
    Draft.Captains captains = s.read(Setting.CAPTAINS, Draft.Captains.RATED.label(), problems,
        v -> {
          try {
            return Draft.Captains.of(v);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no such rule", e);
          }
        });
    String order = s.read(Setting.PICK_ORDER, "snake", problems, v -> {
      if (!v.equals("snake") && !v.equals("straight") && !v.matches("[A-Z]{2,64}")) {
        throw new IllegalArgumentException("not snake, straight, or 2 to 64 capital team letters");
      }
      int named;
      try {
        // Its rules: A and B at least, no letter skipped.
        named = Draft.byCaptains().withOrder(v).teamsNamed();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage().replace("pickOrder ", ""), e);
      }
      if (format != null && named > format.teams()) {
        throw new IllegalArgumentException("it names " + named + " teams, and RELVA_FORMAT "
            + Wording.format(format) + " has " + format.teams());
      }
      return v;
    });
    Duration time = s.read(Setting.PICK_TIME, "30s", problems, v -> {
      Duration d = duration(v);
      if (d.compareTo(Duration.ofSeconds(5)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("outside 5s to 10m");
      }
      // The result time runs from confirmation, the picks included: they must leave room.
      Duration expiry = MatchRules.defaults().resultExpiry();
      int picks = format == null ? 0 : format.teams() * format.teamSize() - format.teams();
      if (on && d.multipliedBy(picks).compareTo(expiry.dividedBy(2)) > 0) {
        throw new IllegalArgumentException(picks + " picks of " + v + " could take "
            + d.multipliedBy(picks).toMinutes() + " min, more than half the "
            + expiry.toHours() + " h a match has for its result once confirmed");
      }
      return d;
    });
    if (!on) {
      return Draft.none();
    }
    return captains == null || order == null || time == null ? Draft.none()
        : new Draft(true, captains, order, time);
  }

  /** The warning for draft settings given without RELVA_TEAMS=captains, which do nothing. */
  private static Optional<String> draftUnused(Source s, Draft draft) {
    List<String> given = List.of(Setting.CAPTAINS, Setting.PICK_ORDER, Setting.PICK_TIME)
        .stream().filter(setting -> s.get(setting).isPresent()).map(setting -> setting.variable)
        .toList();
    if (draft.on() || given.isEmpty()) {
      return Optional.empty();
    }
    boolean one = given.size() == 1;
    return Optional.of("warning: " + String.join(", ", given) + (one ? " does" : " do")
        + " nothing without RELVA_TEAMS=captains, and " + (one ? "is" : "are") + " ignored; set "
        + "RELVA_TEAMS=captains for a captains' draft, or remove " + (one ? "it." : "them."));
  }

  /** The map vote's three settings, read together: one vote, or none. */
  private static MapVote mapVote(Source s, List<String> problems) {
    List<String> maps = s.read(Setting.MAPS, "", problems, v -> {
      if (v.isBlank()) {
        return List.<String>of();
      }
      List<String> names = Arrays.stream(v.split(",", -1)).map(String::strip).toList();
      if (names.size() > 25) {
        throw new IllegalArgumentException("more than 25 maps (Discord shows 25 buttons at most)");
      }
      MapVote.of(names); // its rules: two or more, distinct, 1 to 32 characters each
      return names;
    });
    Duration time = s.read(Setting.MAP_VOTE_TIME, "30s", problems, v -> {
      Duration d = duration(v);
      if (d.compareTo(Duration.ofSeconds(5)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("outside 5s to 10m");
      }
      return d;
    });
    Integer cooldown = s.read(Setting.MAP_COOLDOWN, "0", problems, v -> {
      int n = Integer.parseInt(v);
      if (n < 0 || n > 50) {
        throw new IllegalArgumentException("outside 0 to 50");
      }
      return n;
    });
    return maps == null || time == null || cooldown == null || maps.isEmpty() ? MapVote.none()
        : new MapVote(maps, time, cooldown);
  }

  /**
   * The sharding's two settings; each bad one adds a line to {@code problems}, as does a process
   * that runs some shards only (others run the rest) without PostgreSQL, which is the one store
   * several processes can share, or whose shards do not hold {@code guild}.
   */
  private static Sharding sharding(Source s, List<String> problems, boolean postgres,
      @Nullable String guild) {
    Optional<Integer> total = s.read(Setting.SHARDS, "auto", problems, v -> {
      if (v.equals("auto")) {
        return Optional.<Integer>empty();
      }
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number or auto", e);
      }
      if (n < 1 || n > Sharding.MAX_SHARDS) {
        throw new IllegalArgumentException("outside 1 to " + Sharding.MAX_SHARDS);
      }
      return Optional.of(n);
    });
    List<Integer> ids = s.read(Setting.SHARD_IDS, "", problems, v -> {
      if (v.isEmpty()) {
        return List.<Integer>of();
      }
      List<Integer> parsed = Sharding.parseIds(v);
      if (total != null && total.isEmpty()) {
        throw new IllegalArgumentException("RELVA_SHARDS is auto, so the shards are not known "
            + "yet; set RELVA_SHARDS to the bot's number of shards");
      }
      if (total != null) {
        for (int id : parsed) {
          if (id >= total.get()) {
            throw new IllegalArgumentException("shard " + id + " is not below RELVA_SHARDS="
                + total.get() + " (shards count from 0)");
          }
        }
      }
      return parsed;
    });
    if (total == null || ids == null) {
      return Sharding.auto();
    }
    Sharding sharding = new Sharding(total, ids);
    if (sharding.partial() && !postgres) {
      problems.add("RELVA_SHARD_IDS: this process runs " + sharding + ", so other processes run "
          + "the rest, and several processes must share one PostgreSQL database (SQLite is for "
          + "one process). Set RELVA_DATABASE_URL, for example "
          + Setting.DATABASE_URL.example + ", or leave RELVA_SHARD_IDS unset to run every shard "
          + "here.");
    }
    long server = guild == null || guild.isEmpty() ? -1 : parseServer(guild);
    if (server != -1 && total.isPresent() && !sharding.runs(server)) {
      problems.add("RELVA_SHARD_IDS: server " + guild + " is on shard "
          + Sharding.shardOf(server, total.get()) + " of " + total.get()
          + ", which this process does not run (" + sharding + "). Add that shard, or leave "
          + "RELVA_GUILD_ID unset to serve every server of this process's shards.");
    }
    return sharding;
  }

  /** {@code id} as a server id, or -1 if it is too large for one. */
  static long parseServer(String id) {
    try {
      return Long.parseUnsignedLong(id);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The metrics' two settings; each bad one adds a line to {@code problems}. */
  private static MetricsSettings metrics(Source s, List<String> problems) {
    Optional<Integer> port = s.read(Setting.METRICS_PORT, "", problems, v -> {
      if (v.isEmpty()) {
        return Optional.<Integer>empty();
      }
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port number", e);
      }
      if (n < 0 || n > 65_535) {
        throw new IllegalArgumentException("outside 0 to 65535");
      }
      return Optional.of(n);
    });
    String bind = s.read(Setting.METRICS_BIND, MetricsSettings.DEFAULT_BIND, problems, v -> {
      if (!InetAddresses.isInetAddress(v)) {
        throw new IllegalArgumentException("not an IP address");
      }
      return v;
    });
    return port == null || bind == null ? MetricsSettings.off()
        : new MetricsSettings(port, bind);
  }

  /** The known property nearest to {@code key}, by edit distance. */
  static String nearest(String key) {
    return Arrays.stream(Setting.values()).map(s -> s.property)
        .min(Comparator.comparingInt(p -> distance(key.toLowerCase(Locale.ROOT),
            p.toLowerCase(Locale.ROOT)))).orElseThrow();
  }

  private static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
            diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  /** What the bot needs to connect to Discord: a token (without a server id, it serves all). */
  void requireDiscord() {
    if (token.isEmpty()) {
      throw new ConfigException("DISCORD_TOKEN: not set. Set it to your bot's token, or run "
          + "with --console to try Relva without Discord.");
    }
  }

  /** The core's settings. */
  RelvaConfig relvaConfig() {
    try {
      return RelvaConfig.defaults().withRegions(regions).withLobby(ChannelId.of(lobby))
          .withMaxPartySize(Math.min(5, format.teamSize()))
          .withMatchRules(MatchRules.defaults().withReadyTimeout(readyTimeout)
              .withDodgeCooldown(dodgeCooldown).withMapVote(mapVote)
              .withLeaveCooldown(leaveCooldown).withDraft(draft));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Relva's settings do not fit together: " + e.getMessage());
    }
  }

  /** The matchmaker's settings. */
  MatchmakingConfig matchmakingConfig() {
    try {
      return MatchmakingConfig.defaults().withAlgorithm(algorithm).withFormat(format)
          .withRegionPolicy(regionLinks).withTeams(teams).validate(regions);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Relva's matchmaking settings do not fit together: "
          + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "BotConfig[token=" + (token.isPresent() ? "(set)" : "(none)") + ", guild="
        + guildId.orElse("(none)") + ", lobby=#" + lobby + ", regions=" + regions.describe()
        + ", format=" + format + ", algorithm=" + algorithm + ", teams="
        + (draft.on() ? CAPTAINS + " (" + draft.captains().label() + ", " + draft.order() + ", "
            + Wording.duration(draft.pickTime()) + " a pick)" : teams)
        + ", readyTimeout=" + readyTimeout
        + ", dodgeCooldown=" + dodgeCooldown + ", moderatorRole=" + moderatorRole.orElse("(none)")
        + ", globalCommands=" + globalCommands + ", liveQueue=" + liveQueue + ", storage="
        + storage + ", voice=" + voice + ", maps=" + (mapVote.isOn() ? mapVote : "(none)")
        + ", metrics=" + metrics + ", sharding=" + sharding + "]";
  }

  /** The voice settings; each bad one adds a line to {@code problems}, and the result is off. */
  private static Voice voice(Source s, List<String> problems) {
    int before = problems.size();
    Boolean on = s.read(Setting.VOICE, "false", problems, BotConfig::bool);
    Boolean automove = s.read(Setting.AUTOMOVE, "false", problems, BotConfig::bool);
    Long category = s.read(Setting.VOICE_CATEGORY, "0", problems, BotConfig::snowflake);
    Long room = s.read(Setting.WAITING_ROOM, "0", problems, BotConfig::snowflake);
    if (problems.size() > before) {
      return Voice.off();
    }
    if (Boolean.TRUE.equals(automove) && !Boolean.TRUE.equals(on)) {
      problems.add("RELVA_AUTOMOVE=true needs RELVA_VOICE=true: players are moved into their "
          + "team's voice channel, which only RELVA_VOICE makes. Set RELVA_VOICE=true (and "
          + "RELVA_VOICE_CATEGORY), or RELVA_AUTOMOVE=false.");
    }
    if (Boolean.TRUE.equals(on) && category == 0) {
      problems.add("RELVA_VOICE=true needs RELVA_VOICE_CATEGORY: " + Setting.VOICE_CATEGORY.allowed
          + "; for example RELVA_VOICE_CATEGORY=" + Setting.VOICE_CATEGORY.example);
    }
    // Without RELVA_VOICE the line above says what to do; a missing room would be a second one.
    if (Boolean.TRUE.equals(automove) && Boolean.TRUE.equals(on) && room == 0) {
      problems.add("RELVA_AUTOMOVE=true needs RELVA_WAITING_ROOM: " + Setting.WAITING_ROOM.allowed
          + "; for example RELVA_WAITING_ROOM=" + Setting.WAITING_ROOM.example);
    }
    if (problems.size() > before || !Boolean.TRUE.equals(on)) {
      return Voice.off();
    }
    return new Voice(true, Optional.of(category), Boolean.TRUE.equals(automove),
        Optional.of(room).filter(r -> r != 0 && Boolean.TRUE.equals(automove)));
  }

  /** A Discord id, or 0 for none (the fallback). */
  private static long snowflake(String value) {
    if (value.equals("0")) {
      return 0;
    }
    if (!value.matches("[0-9]{17,20}")) {
      throw new IllegalArgumentException("not 17 to 20 digits");
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("too large for an id", e);
    }
  }

  private static Regions regions(String value) {
    List<Region> regions = new ArrayList<>();
    for (String code : value.split(",", -1)) {
      String clean = code.strip().toLowerCase(Locale.ROOT);
      if (clean.isEmpty()) {
        throw new IllegalArgumentException("an empty region code");
      }
      Region region;
      try {
        region = Region.of(clean);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + clean + "' is not a region code", e);
      }
      if (regions.contains(region)) {
        throw new IllegalArgumentException(region + " is listed twice");
      }
      regions.add(region);
    }
    return Regions.of(ImmutableList.copyOf(regions));
  }

  private static MatchFormat format(String value) {
    String[] sizes = value.strip().toLowerCase(Locale.ROOT).split("v", -1);
    int size;
    try {
      size = Integer.parseInt(sizes[0]);
      for (String other : sizes) {
        if (Integer.parseInt(other) != size) {
          throw new IllegalArgumentException("the teams differ in size");
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not team sizes joined by v", e);
    }
    if (sizes.length < 2) {
      throw new IllegalArgumentException("only one team");
    }
    if (size < 2) {
      throw new IllegalArgumentException("teams of " + size + " leave no room for a party");
    }
    if ((long) size * sizes.length > MatchFormat.MAX_PLAYERS) {
      throw new IllegalArgumentException("over " + MatchFormat.MAX_PLAYERS + " players");
    }
    return MatchFormat.of(sizes.length, size);
  }

  private static RegionPolicy links(String value, Regions regions) {
    RegionPolicy policy = RegionPolicy.none();
    for (String link : value.split(",")) {
      if (link.isBlank()) {
        continue;
      }
      String[] parts = link.strip().split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("'" + link.strip() + "' is not region:region:wait");
      }
      for (int i = 0; i < 2; i++) {
        if (regions.find(parts[i]).isEmpty()) {
          throw new IllegalArgumentException("'" + parts[i] + "' is not one of the regions ("
              + regions.describe() + ")");
        }
      }
      policy = policy.withLink(parts[0].strip(), parts[1].strip(), duration(parts[2]));
    }
    return policy;
  }

  private static boolean bool(String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("neither true nor false");
    }
    return value.equals("true");
  }

  private static Duration duration(String value) {
    try {
      return CommandLayer.duration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + value.strip() + "' is not a duration like 30s, 5m "
          + "or 1h30m", e);
    }
  }

  /** Looks a setting up in the environment, then in the file. */
  /**
   * These settings with {@code overrides} (by variable name) read over them, checked as at
   * start-up: a server's own settings over the operator's.
   *
   * @throws ConfigException naming each bad setting, as at start-up
   */
  BotConfig withOverrides(Map<String, String> overrides) {
    Map<String, String> merged = new java.util.HashMap<>(given);
    merged.putAll(overrides);
    return load(merged, Optional.empty());
  }

  private record Source(Map<String, String> env, Properties props, String fileName) {
    /** Every setting given, by variable name, from the variables or the file. */
    Map<String, String> given() {
      Map<String, String> all = new java.util.HashMap<>();
      for (Setting setting : Setting.values()) {
        raw(setting).filter(v -> !v.isBlank()).ifPresent(v -> all.put(setting.variable, v));
      }
      return all;
    }

    Optional<String> get(Setting setting) {
      return raw(setting).map(String::strip).filter(v -> !v.isEmpty());
    }

    private Optional<String> raw(Setting setting) {
      String value = env.get(setting.variable);
      if (value == null || value.isBlank()) {
        value = props.getProperty(setting.property);
      }
      return Optional.ofNullable(value);
    }

    /** Where {@code setting}'s value came from, as the operator wrote it, secrets hidden. */
    private String name(Setting setting) {
      String value = env.get(setting.variable);
      boolean fromFile = (value == null || value.isBlank())
          && props.getProperty(setting.property) != null;
      String given = hideSecrets(raw(setting).orElse("").strip());
      return fromFile ? setting.property + "=" + given + " (in " + fileName + ")"
          : setting.variable + "=" + given;
    }

    /**
     * {@code setting}'s value (or {@code fallback}) read by {@code parse}; if it throws, one line
     * about it is added to {@code problems} and the result is null.
     */
    <T> @Nullable T read(Setting setting, String fallback, List<String> problems, Function<String, T> parse) {
      Optional<String> given = get(setting);
      try {
        return parse.apply(given.orElse(fallback));
      } catch (RuntimeException e) {
        problems.add(name(setting) + " is not allowed (" + e.getMessage()
            + "): it takes " + setting.allowed + "; for example " + setting.variable + "="
            + setting.example);
        return null;
      }
    }
  }
}

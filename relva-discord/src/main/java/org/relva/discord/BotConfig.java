package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.relva.core.MatchRules;
import org.relva.core.RelvaConfig;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.RegionPolicy;

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
 *   <tr><td>RELVA_GUILD_ID</td><td>relva.guild</td><td>none: required with a token</td></tr>
 *   <tr><td>RELVA_LOBBY</td><td>relva.lobby</td><td>kiwipugs</td></tr>
 *   <tr><td>RELVA_REGIONS</td><td>relva.regions</td><td>us-e,us-w,eu (the first is the default)</td></tr>
 *   <tr><td>RELVA_FORMAT</td><td>relva.format</td><td>5v5 (or 3v3v3 and so on)</td></tr>
 *   <tr><td>RELVA_ALGORITHM</td><td>relva.algorithm</td><td>balanced</td></tr>
 *   <tr><td>RELVA_REGION_LINKS</td><td>relva.regionLinks</td><td>none; e.g. us-e:us-w:3m</td></tr>
 *   <tr><td>RELVA_READY_TIMEOUT</td><td>relva.readyTimeout</td><td>30s</td></tr>
 *   <tr><td>RELVA_DODGE_COOLDOWN</td><td>relva.dodgeCooldown</td><td>0s</td></tr>
 *   <tr><td>RELVA_MODERATOR_ROLE</td><td>relva.moderatorRole</td><td>none: Manage Server only</td></tr>
 *   <tr><td>RELVA_GLOBAL_COMMANDS</td><td>relva.globalCommands</td><td>false</td></tr>
 * </table>
 */
record BotConfig(Optional<String> token, Optional<String> guildId, String lobby,
    Regions regions, MatchFormat format, String algorithm, RegionPolicy regionLinks,
    Duration readyTimeout, Duration dodgeCooldown, Optional<String> moderatorRole,
    boolean globalCommands) {

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
  }

  /** Thrown for a missing or bad setting; its message names the setting and what is wrong. */
  static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }

  /** The settings in {@code env}, over those in {@code file} if given. */
  static BotConfig load(Map<String, String> env, Optional<Path> file) {
    Properties props = new Properties();
    if (file.isPresent()) {
      try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException e) {
        throw new ConfigException("--config " + file.get() + ": cannot read it (" + e.getMessage()
            + ")");
      }
    }
    Source s = new Source(env, props);
    String lobby = s.get("RELVA_LOBBY", "relva.lobby").orElse("kiwipugs").replaceFirst("^#", "");
    try {
      ChannelId.of(lobby);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("RELVA_LOBBY: '" + lobby + "' is not a channel name");
    }
    Regions regions = regions(s.get("RELVA_REGIONS", "relva.regions").orElse("us-e,us-w,eu"));
    MatchFormat format = format(s.get("RELVA_FORMAT", "relva.format").orElse("5v5"));
    RegionPolicy links = links(s.get("RELVA_REGION_LINKS", "relva.regionLinks").orElse(""),
        regions);
    Duration ready = duration("RELVA_READY_TIMEOUT",
        s.get("RELVA_READY_TIMEOUT", "relva.readyTimeout").orElse("30s"));
    Duration dodge = duration("RELVA_DODGE_COOLDOWN",
        s.get("RELVA_DODGE_COOLDOWN", "relva.dodgeCooldown").orElse("0s"));
    String global = s.get("RELVA_GLOBAL_COMMANDS", "relva.globalCommands").orElse("false");
    if (!global.equals("true") && !global.equals("false")) {
      throw new ConfigException("RELVA_GLOBAL_COMMANDS: must be true or false, got '" + global
          + "'");
    }
    Optional<String> guild = s.get("RELVA_GUILD_ID", "relva.guild");
    guild.ifPresent(g -> {
      if (!g.matches("[0-9]{17,20}")) {
        throw new ConfigException("RELVA_GUILD_ID: a guild id is 17 to 20 digits, got '" + g + "'");
      }
    });
    BotConfig config = new BotConfig(s.get("DISCORD_TOKEN", "discord.token"), guild, lobby,
        regions, format, s.get("RELVA_ALGORITHM", "relva.algorithm").orElse("balanced"), links,
        ready, dodge, s.get("RELVA_MODERATOR_ROLE", "relva.moderatorRole"), global.equals("true"));
    config.relvaConfig(); // every rule the core and the engine check, now
    config.matchmakingConfig();
    return config;
  }

  /** What the bot needs to connect to Discord: a token and a guild. */
  void requireDiscord() {
    if (token.isEmpty()) {
      throw new ConfigException("DISCORD_TOKEN: not set. Set it to your bot's token, or run "
          + "with --console to try Relva without Discord.");
    }
    if (guildId.isEmpty()) {
      throw new ConfigException("RELVA_GUILD_ID: not set. Set it to your server's id (Developer "
          + "Mode, then right-click the server, Copy Server ID).");
    }
  }

  /** The core's settings. */
  RelvaConfig relvaConfig() {
    try {
      return RelvaConfig.defaults().withRegions(regions).withLobby(ChannelId.of(lobby))
          .withMaxPartySize(Math.min(5, format.teamSize()))
          .withMatchRules(MatchRules.defaults().withReadyTimeout(readyTimeout)
              .withDodgeCooldown(dodgeCooldown));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The matchmaker's settings. */
  MatchmakingConfig matchmakingConfig() {
    try {
      return MatchmakingConfig.defaults().withAlgorithm(algorithm).withFormat(format)
          .withRegionPolicy(regionLinks).validate(regions);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("RELVA_ALGORITHM/RELVA_FORMAT/RELVA_REGION_LINKS: "
          + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "BotConfig[token=" + (token.isPresent() ? "(set)" : "(none)") + ", guild="
        + guildId.orElse("(none)") + ", lobby=#" + lobby + ", regions=" + regions.describe()
        + ", format=" + format + ", algorithm=" + algorithm + ", readyTimeout=" + readyTimeout
        + ", dodgeCooldown=" + dodgeCooldown + ", moderatorRole=" + moderatorRole.orElse("(none)")
        + ", globalCommands=" + globalCommands + "]";
  }

  private static Regions regions(String value) {
    List<Region> regions = new ArrayList<>();
    for (String code : value.split(",")) {
      try {
        Region region = Region.of(code.strip().toLowerCase(Locale.ROOT));
        if (regions.contains(region)) {
          throw new ConfigException("RELVA_REGIONS: " + region + " is listed twice");
        }
        regions.add(region);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("RELVA_REGIONS: " + e.getMessage());
      }
    }
    return Regions.of(ImmutableList.copyOf(regions));
  }

  private static MatchFormat format(String value) {
    String[] sizes = value.strip().toLowerCase(Locale.ROOT).split("v");
    try {
      int size = Integer.parseInt(sizes[0]);
      for (String other : sizes) {
        if (Integer.parseInt(other) != size) {
          throw new ConfigException("RELVA_FORMAT: every team has the same size, got '" + value
              + "'");
        }
      }
      return MatchFormat.of(sizes.length, size);
    } catch (NumberFormatException e) {
      throw new ConfigException("RELVA_FORMAT: a format is like 5v5 or 3v3v3, got '" + value
          + "'");
    } catch (IllegalArgumentException e) {
      throw new ConfigException("RELVA_FORMAT: " + e.getMessage());
    }
  }

  private static RegionPolicy links(String value, Regions regions) {
    RegionPolicy policy = RegionPolicy.none();
    for (String link : value.split(",")) {
      if (link.isBlank()) {
        continue;
      }
      String[] parts = link.strip().split(":");
      if (parts.length != 3) {
        throw new ConfigException("RELVA_REGION_LINKS: a link is region:region:wait, such as "
            + "us-e:us-w:3m, got '" + link.strip() + "'");
      }
      for (int i = 0; i < 2; i++) {
        if (regions.find(parts[i]).isEmpty()) {
          throw new ConfigException("RELVA_REGION_LINKS: '" + parts[i] + "' is not one of "
              + "RELVA_REGIONS (" + regions.describe() + ")");
        }
      }
      try {
        policy = policy.withLink(parts[0].strip(), parts[1].strip(),
            duration("RELVA_REGION_LINKS", parts[2]));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("RELVA_REGION_LINKS: " + e.getMessage());
      }
    }
    return policy;
  }

  private static Duration duration(String setting, String value) {
    try {
      return CommandLayer.duration(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting + ": " + e.getMessage());
    }
  }

  /** Looks a setting up in the environment, then in the file. */
  private record Source(Map<String, String> env, Properties props) {
    Optional<String> get(String variable, String property) {
      String value = env.get(variable);
      if (value == null || value.isBlank()) {
        value = props.getProperty(property);
      }
      return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
  }
}

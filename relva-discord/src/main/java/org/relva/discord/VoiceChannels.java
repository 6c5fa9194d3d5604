package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.GuildVoiceState;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.entities.channel.concrete.Category;
import net.dv8tion.jda.api.entities.channel.concrete.VoiceChannel;
import net.dv8tion.jda.api.entities.channel.middleman.AudioChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.PermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.ChannelAction;
import org.jspecify.annotations.Nullable;
import org.relva.core.Relva;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Team voice channels ({@code RELVA_VOICE}): when a match's teams are set (at confirmation, or
 * once a captains' draft has picked them), one voice channel per team
 * in the configured category, named {@code M1a2b3c4d · Team 1}, which only that team's players,
 * the bot and the moderator role (if one is set and exists) can see and join; with
 * {@code RELVA_AUTOMOVE}, the team's players who are in the waiting room are moved in. When the
 * match finishes or is cancelled (an unreported one finishes, with no result, when it expires),
 * its channels are deleted, whoever is in them disconnected by Discord.
 *
 * <p>Which channels belong to which match is kept on Discord itself, in the names: nothing is
 * stored. So after a restart the bot still deletes an open match's channels when it ends, and
 * {@link #cleanUp} deletes those in the category whose match is no longer open. A moderator's own
 * channel in the category is left alone unless it is named like a match's.
 *
 * <p>What Discord refuses does not stop the match: the 500 channels of a server, the 50 of a
 * category, a Manage Channels or Move Members taken from the bot become an {@link OperatorLog}
 * alert naming the setting and the fix, and a line in the lobby for the players. A player who
 * left the waiting room before the move is simply not moved.
 *
 * <p>This class is thread-safe: the core's events are handed to one worker thread, which does the
 * Discord requests one at a time, in the order of the events (a match's channels are made before
 * they can be deleted).
 */
final class VoiceChannels {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceChannels.class);
  /** Between the match id and the team, in a channel's name. */
  static final String SEPARATOR = " · ";
  /** A match's team channel's name; group 1 is the match id. */
  static final Pattern NAME = Pattern.compile("(M[0-9A-Za-z]+) · Team [0-9]+");
  /** What a team's players, the bot and the moderators may do in their team's channel. */
  static final Set<Permission> JOIN = EnumSet.of(Permission.VIEW_CHANNEL,
      Permission.VOICE_CONNECT);

  /** One team's channel, as planned: its name and its players. */
  record TeamChannel(String name, List<Member> players) {
    TeamChannel {
      requireNonNull(name, "name");
      players = List.copyOf(players);
    }
  }

  private final Guild guild;
  private final long categoryId;
  private final @Nullable Long waitingRoomId;
  private final Optional<String> moderatorRole;
  private final ChannelId lobby;
  private final Consumer<BotMessage> outbox;
  private final OperatorLog operator;
  private final ExecutorService worker;
  private final Duration requestTimeout;

  VoiceChannels(Guild guild, BotConfig.Voice settings, Optional<String> moderatorRole,
      ChannelId lobby, Consumer<BotMessage> outbox, OperatorLog operator, ExecutorService worker,
      Duration requestTimeout) {
    this.guild = requireNonNull(guild, "guild");
    this.categoryId = settings.category().orElseThrow();
    this.waitingRoomId = settings.automove() ? settings.waitingRoom().orElseThrow() : null;
    this.moderatorRole = requireNonNull(moderatorRole, "moderatorRole");
    this.lobby = requireNonNull(lobby, "lobby");
    this.outbox = requireNonNull(outbox, "outbox");
    this.operator = requireNonNull(operator, "operator");
    this.worker = requireNonNull(worker, "worker");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
  }

  /** The name of {@code matchId}'s channel for team {@code team} (from 1). */
  static String name(String matchId, int team) {
    return matchId + SEPARATOR + "Team " + team;
  }

  /** The match a channel named {@code name} belongs to, if it is named like a team channel. */
  static Optional<String> matchOf(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The channels {@code match} gets: one per team, with that team's players. */
  static List<TeamChannel> plan(MatchRecord match) {
    List<TeamChannel> plan = new ArrayList<>();
    for (int t = 0; t < match.teams().size(); t++) {
      List<Member> players = new ArrayList<>();
      for (QueueEntry entry : match.teams().get(t)) {
        players.addAll(entry.entity().members());
      }
      plan.add(new TeamChannel(name(match.id(), t + 1), players));
    }
    return plan;
  }

  /**
   * Checks, at start-up, that the category exists and the bot may make channels in it (and move
   * players out of the waiting room); the message names the setting and the fix.
   *
   * @throws DiscordBot.StartException if not
   */
  static void check(Guild guild, BotConfig.Voice settings) {
    long id = settings.category().orElseThrow();
    Category category = guild.getCategoryById(id);
    if (category == null) {
      boolean other = guild.getGuildChannelById(id) != null;
      throw new DiscordBot.StartException("RELVA_VOICE_CATEGORY: " + Long.toUnsignedString(id)
          + (other ? " is a channel, not a category" : " is no category the bot can see in "
              + guild.getName()) + ". Set it to the id of the category for team voice channels "
          + "(Developer Mode, then right-click the category, Copy Channel ID).");
    }
    Set<Permission> needed = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MANAGE_CHANNEL,
        Permission.VOICE_CONNECT);
    if (settings.automove()) {
      needed.add(Permission.VOICE_MOVE_OTHERS);
    }
    List<Permission> missing = needed.stream()
        .filter(p -> !guild.getSelfMember().hasPermission(category, p)).toList();
    if (!missing.isEmpty()) {
      throw new DiscordBot.StartException("RELVA_VOICE_CATEGORY: the bot lacks " + names(missing)
          + " in category " + category.getName() + ", which team voice channels need. Grant "
          + "them to its role (Server Settings, Roles) or in the category's permissions, or set "
          + "RELVA_VOICE=false.");
    }
    if (settings.automove()) {
      long roomId = settings.waitingRoom().orElseThrow();
      VoiceChannel room = guild.getVoiceChannelById(roomId);
      if (room == null) {
        throw new DiscordBot.StartException("RELVA_WAITING_ROOM: "
            + Long.toUnsignedString(roomId) + " is no voice channel the bot can see in "
            + guild.getName() + ". Set it to the id of the voice channel players wait in, or "
            + "set RELVA_AUTOMOVE=false.");
      }
      if (!guild.getSelfMember().hasPermission(room, Permission.VIEW_CHANNEL,
          Permission.VOICE_MOVE_OTHERS)) {
        throw new DiscordBot.StartException("RELVA_WAITING_ROOM: the bot lacks Move Members in "
            + room.getName() + ". Grant it to its role (Server Settings, Roles) or in the "
            + "channel's permissions, or set RELVA_AUTOMOVE=false.");
      }
    }
  }

  /**
   * Calls {@code then} with each match of {@code relva}'s as its teams are set: at confirmation,
   * or with a captains' draft once the captains have picked them ({@link MatchEvent.TeamsPicked};
   * at confirmation the teams are not known yet).
   */
  static void whenTeamsSet(Relva relva, Consumer<MatchRecord> then) {
    // Picked teams always count: a draft begun before a restart turned drafts off still ends so.
    relva.events().subscribe(MatchEvent.TeamsPicked.class, e -> then.accept(e.match()));
    if (!relva.config().matches().draft().on()) {
      relva.events().subscribe(MatchEvent.Confirmed.class, e -> then.accept(e.match()));
    }
  }

  /** Makes and deletes {@code relva}'s matches' channels from now on. */
  void attach(Relva relva) {
    whenTeamsSet(relva, match -> worker.execute(() -> create(match)));
    relva.events().subscribe(MatchEvent.Finished.class,
        e -> worker.execute(() -> delete(e.match().id())));
    relva.events().subscribe(MatchEvent.Cancelled.class,
        e -> worker.execute(() -> delete(e.match().id())));
  }

  /**
   * After a restart: deletes the team channels in the category whose match is not among
   * {@code open} (it ended while the bot was down, or before it could delete them).
   */
  void cleanUp(Set<String> open) {
    worker.execute(() -> {
      Category category = guild.getCategoryById(categoryId);
      if (category == null) {
        operator.alert("RELVA_VOICE_CATEGORY: category " + Long.toUnsignedString(categoryId)
            + " is gone; team voice channels cannot be made. Set RELVA_VOICE_CATEGORY to an "
            + "existing category, or RELVA_VOICE=false, and restart Relva.");
        return;
      }
      for (VoiceChannel channel : category.getVoiceChannels()) {
        Optional<String> match = matchOf(channel.getName());
        if (match.isPresent() && !open.contains(match.get())) {
          LOG.info("Deleting {}: its match is no longer open", channel.getName());
          deleteChannel(channel);
        }
      }
    });
  }

  /** Makes {@code match}'s team channels, then moves the waiting players in. On the worker. */
  private void create(MatchRecord match) {
    Category category = guild.getCategoryById(categoryId);
    if (category == null) {
      refused(match.id(), "RELVA_VOICE_CATEGORY: category " + Long.toUnsignedString(categoryId)
          + " is gone. Set RELVA_VOICE_CATEGORY to an existing category, or RELVA_VOICE=false, "
          + "and restart Relva.");
      return;
    }
    Map<Long, VoiceChannel> teamOf = new HashMap<>();
    List<String> mentions = new ArrayList<>();
    for (TeamChannel team : plan(match)) {
      VoiceChannel channel;
      try {
        channel = action(category, team).timeout(requestTimeout.toMillis(),
            TimeUnit.MILLISECONDS).complete();
      } catch (PermissionException e) {
        refused(match.id(), lacksManageChannels(category));
        return;
      } catch (ErrorResponseException e) {
        refused(match.id(), why(e, category));
        return;
      } catch (RuntimeException e) {
        refused(match.id(), "RELVA_VOICE: Discord did not make " + team.name() + " ("
            + e.getMessage() + "); the match goes on without voice channels.");
        return;
      }
      mentions.add(channel.getAsMention());
      team.players().forEach(p -> teamOf.put(Long.parseUnsignedLong(p.id().value()), channel));
    }
    outbox.accept(BotMessage.inChannel(lobby, Wording.voiceReady(match.id(), mentions)));
    if (waitingRoomId != null) {
      move(teamOf);
    }
  }

  private ChannelAction<VoiceChannel> action(Category category, TeamChannel team) {
    Set<Permission> none = EnumSet.noneOf(Permission.class);
    Set<Permission> self = EnumSet.copyOf(JOIN);
    if (waitingRoomId != null) {
      self.add(Permission.VOICE_MOVE_OTHERS);
    }
    ChannelAction<VoiceChannel> action = guild.createVoiceChannel(team.name(), category)
        .addPermissionOverride(guild.getPublicRole(), none, JOIN)
        .addMemberPermissionOverride(guild.getSelfMember().getIdLong(), self, none);
    for (Member player : team.players()) {
      action = action.addMemberPermissionOverride(Long.parseUnsignedLong(player.id().value()),
          JOIN, none);
    }
    Optional<Role> moderators = moderatorRole.flatMap(name -> guild.getRolesByName(name, true)
        .stream().findFirst());
    if (moderators.isPresent()) {
      action = action.addPermissionOverride(moderators.get(), JOIN, none);
    }
    return action;
  }

  /** Moves the players waiting in the waiting room into their team's channel. On the worker. */
  private void move(Map<Long, VoiceChannel> teamOf) {
    List<Long> waiting = new ArrayList<>();
    for (GuildVoiceState state : guild.getVoiceStates()) {
      AudioChannel in = state.getChannel();
      if (in != null && in.getIdLong() == requireNonNull(waitingRoomId)
          && teamOf.containsKey(state.getIdLong())) {
        waiting.add(state.getIdLong());
      }
    }
    for (long player : waiting) {
      VoiceChannel to = teamOf.get(player);
      try {
        guild.moveVoiceMember(UserSnowflake.fromId(player), to)
            .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).complete();
      } catch (PermissionException e) {
        operator.alert(lacksMoveMembers());
        return;
      } catch (ErrorResponseException e) {
        if (e.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS
            || e.getErrorResponse() == ErrorResponse.MISSING_ACCESS) {
          operator.alert(lacksMoveMembers());
          return;
        }
        // 40032: they left voice since; anything else: they can still join by hand.
        LOG.info("Could not move {} into {}: {}", player, to.getName(), e.getMeaning());
      } catch (IllegalStateException | IllegalArgumentException e) {
        LOG.info("Could not move {} into {}: {}", player, to.getName(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("Could not move {} into {}: {}", player, to.getName(), e.toString());
      }
    }
  }

  /** Deletes {@code matchId}'s team channels, found by name. On the worker. */
  private void delete(String matchId) {
    Category category = guild.getCategoryById(categoryId);
    if (category == null) {
      return;
    }
    for (VoiceChannel channel : category.getVoiceChannels()) {
      if (matchOf(channel.getName()).filter(matchId::equals).isPresent()) {
        deleteChannel(channel);
      }
    }
  }

  private void deleteChannel(VoiceChannel channel) {
    try {
      channel.delete().timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).complete();
    } catch (PermissionException e) {
      operator.alert(lacksManageChannels(channel.getParentCategory()));
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() == ErrorResponse.UNKNOWN_CHANNEL) {
        return; // a moderator deleted it first
      }
      if (e.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS
          || e.getErrorResponse() == ErrorResponse.MISSING_ACCESS) {
        operator.alert(lacksManageChannels(channel.getParentCategory()));
      } else {
        LOG.warn("Could not delete {}: {}", channel.getName(), e.getMeaning());
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not delete {}: {}", channel.getName(), e.toString());
    }
  }

  /** Tells the operator why, and the players that the match goes on without voice. */
  private void refused(String matchId, String why) {
    operator.alert(why);
    outbox.accept(BotMessage.inChannel(lobby, Wording.voiceUnavailable(matchId)));
  }

  /** The operator's message for Discord's refusal {@code e} to make a channel. */
  private String why(ErrorResponseException e, Category category) {
    if (e.getErrorResponse() == ErrorResponse.MAX_CHANNELS) {
      return "RELVA_VOICE: the server has Discord's maximum of 500 channels, so matches get no "
          + "team voice channels. Delete unused channels or categories, or set RELVA_VOICE=false.";
    }
    boolean categoryFull = e.getSchemaErrors().stream().flatMap(s -> s.getErrors().stream())
        .anyMatch(c -> c.getCode().equals("CHANNEL_PARENT_MAX_CHANNELS"));
    if (categoryFull) {
      return "RELVA_VOICE_CATEGORY: category " + category.getName() + " holds Discord's maximum "
          + "of 50 channels, so matches get no team voice channels. Delete channels in it that "
          + "are not a match's, or set RELVA_VOICE_CATEGORY to an emptier category.";
    }
    if (e.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS
        || e.getErrorResponse() == ErrorResponse.MISSING_ACCESS) {
      return lacksManageChannels(category);
    }
    return "RELVA_VOICE: Discord refused a team voice channel (" + e.getMeaning() + "); the "
        + "match goes on without voice channels.";
  }

  private static String lacksManageChannels(@Nullable Category category) {
    return "RELVA_VOICE_CATEGORY: the bot lacks Manage Channels (or View Channel, Connect) in "
        + "category " + (category == null ? "(gone)" : category.getName()) + ", so matches get "
        + "no team voice channels. Grant them to its role (Server Settings, Roles) or in the "
        + "category's permissions, or set RELVA_VOICE=false.";
  }

  private static String lacksMoveMembers() {
    return "RELVA_AUTOMOVE: the bot lacks Move Members, so players in the waiting room are not "
        + "moved into their team's voice channel. Grant it to its role (Server Settings, Roles), "
        + "or set RELVA_AUTOMOVE=false.";
  }

  private static String names(List<Permission> permissions) {
    return permissions.stream().map(Permission::getName).collect(Collectors.joining(", "));
  }
}

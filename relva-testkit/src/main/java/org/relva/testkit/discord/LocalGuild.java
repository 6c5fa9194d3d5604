package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.relva.testkit.discord.LocalDiscord.ChannelState;

/**
 * One server (guild) of a {@link LocalDiscord}: its lobby channel, its roles ({@code @everyone},
 * the bot's, a moderator role), its members, channels, threads, commands and voice states, and
 * what a test does in it. {@link LocalDiscord}'s own methods of the same names act on its first
 * guild; these act on this one. A guild's events go only to the gateway sessions whose shard holds
 * it ({@link #shard}).
 *
 * <p>This class is thread-safe: its state is guarded by the fake's lock.
 */
public final class LocalGuild {
  private final LocalDiscord d;
  final String id;
  final String name;
  final String ownerId;
  final String botRoleId;
  final String moderatorRoleId;
  final String lobbyId;
  // All below: guarded by the fake's lock.
  /** The permissions of the bot's role, changed by {@link #setBotPermissions}. */
  long botPermissions;
  /** How many active threads the server may have. */
  int maxActiveThreads;
  final Map<String, DiscordUser> users = new LinkedHashMap<>();
  final Map<String, ObjectNode> commands = new LinkedHashMap<>();
  /** Who is connected to which voice channel: user id to channel id. */
  final Map<String, String> voiceStates = new LinkedHashMap<>();
  /** Every move of a member between voice channels the bot made, as "user from -> to". */
  final List<String> moves = new ArrayList<>();

  /** Makes the guild {@code id} with its lobby {@code lobby}; under the lock. */
  LocalGuild(LocalDiscord discord, String id, String name, String lobby, long botPermissions,
      int maxActiveThreads) {
    this.d = discord;
    this.id = id;
    this.name = name;
    this.ownerId = discord.ids.next();
    this.botRoleId = discord.ids.next();
    this.moderatorRoleId = discord.ids.next();
    this.lobbyId = discord.ids.next();
    this.botPermissions = botPermissions;
    this.maxActiveThreads = maxActiveThreads;
    d.keep(ChannelState.text(this, lobbyId, lobby));
  }

  /** The guild's id; also the id of its {@code @everyone} role. */
  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** Its one text channel from the start, where players queue. */
  public String lobbyId() {
    return lobbyId;
  }

  /** The id of the bot's own role here, whose permissions {@link #setBotPermissions} sets. */
  public String botRoleId() {
    return botRoleId;
  }

  public String moderatorRoleName() {
    return "Moderator";
  }

  /**
   * The shard that holds this guild when a bot runs {@code numShards} shards:
   * {@code (guild_id >> 22) % num_shards} ({@code events/gateway}, Sharding).
   */
  public int shard(int numShards) {
    return LocalDiscord.shardOf(id, numShards);
  }

  // --- Members ---

  /** The member called {@code name}. */
  public DiscordUser user(String name) {
    synchronized (d.lock) {
      return users.values().stream().filter(u -> u.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no member called " + name + " in "
              + this.name));
    }
  }

  public List<DiscordUser> users() {
    synchronized (d.lock) {
      return List.copyOf(users.values());
    }
  }

  /**
   * Adds a member to the server (Discord sends the bot no event for it: no members intent). A
   * new user, with an id of their own: the same name in another guild is another person.
   */
  public DiscordUser addUser(String name, boolean moderator) {
    synchronized (d.lock) {
      if (users.values().stream().anyMatch(u -> u.name().equals(name))) {
        throw new IllegalArgumentException("there already is a member called " + name);
      }
      DiscordUser user = new DiscordUser(d.ids.next(), name, moderator);
      users.put(user.id(), user);
      return user;
    }
  }

  /**
   * {@code user}, a member of another guild of this Discord, joins this one too: the same person
   * (the same id) in both, as on Discord.
   *
   * @throws IllegalArgumentException if a member of this guild has that id or name
   */
  public DiscordUser addMember(DiscordUser user) {
    synchronized (d.lock) {
      if (users.containsKey(user.id())
          || users.values().stream().anyMatch(u -> u.name().equals(user.name()))) {
        throw new IllegalArgumentException(user.name() + " is already a member");
      }
      users.put(user.id(), user);
      return user;
    }
  }

  // --- Scripting users ---

  /**
   * {@code user} runs {@code /command subcommand} in {@code channelId}, a channel of this guild,
   * with {@code options}; see {@link LocalDiscord#slash(DiscordUser, String, String, String,
   * Map)}.
   */
  public SentInteraction slash(DiscordUser user, String channelId, String command,
      String subcommand, Map<String, String> options) {
    synchronized (d.lock) {
      ObjectNode registered = commands.getOrDefault(command, d.globalCommands.get(command));
      if (registered == null) {
        throw new IllegalArgumentException("the bot registered no command /" + command
            + " (registered: " + commands.keySet() + ")");
      }
      ChannelState channel = visibleChannel(user, channelId);
      ObjectNode data = Payloads.commandData(d, this, registered, subcommand, options);
      String description = "/" + command + (subcommand.isEmpty() ? "" : " " + subcommand)
          + options.entrySet().stream().map(e -> " " + e.getKey() + ":" + e.getValue())
              .reduce("", String::concat);
      return d.dispatchInteraction(user, channel, 2, data, null, description);
    }
  }

  /** {@code user} runs {@code /command subcommand} with no options. */
  public SentInteraction slash(DiscordUser user, String channelId, String command,
      String subcommand) {
    return slash(user, channelId, command, subcommand, Map.of());
  }

  /** {@code user} clicks the button {@code customId} on {@code seen}, a message in this guild. */
  public SentInteraction click(DiscordUser user, SeenMessage seen, String customId) {
    synchronized (d.lock) {
      // The message as it is now: it may have been edited or deleted since the test saw it.
      SeenMessage message = d.messages.stream().filter(m -> m.id().equals(seen.id()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("message " + seen.id() + " is gone"));
      if (!message.buttons().contains(customId)) {
        throw new IllegalArgumentException("message " + message.id() + " has no button "
            + customId + " (it has " + message.buttons() + ")");
      }
      ChannelState channel = visibleChannel(user, message.channelId());
      ObjectNode data = Json.obj("custom_id", customId, "component_type", 2);
      return d.dispatchInteraction(user, channel, 3, data, message, "button " + customId);
    }
  }

  /** The channel {@code channelId} of this guild, if {@code user} can see it. Under the lock. */
  private ChannelState visibleChannel(DiscordUser user, String channelId) {
    ChannelState channel = d.channels.get(channelId);
    if (channel == null || channel.guild != this) {
      throw new IllegalArgumentException("no channel " + channelId + " in " + name);
    }
    if (!users.containsKey(user.id())) {
      throw new IllegalArgumentException(user.name() + " is not a member of " + name);
    }
    if (channel.isThread() && !channel.members.contains(user.id())) {
      throw new IllegalArgumentException(user.name() + " cannot see the private thread "
          + channel.name + ": they are not a member of it");
    }
    return channel;
  }

  /**
   * A private thread of the lobby that the bot made {@code age} ago; see
   * {@link LocalDiscord#addLeftoverThread}.
   *
   * @return the thread's id
   */
  public String addLeftoverThread(String name, Duration age) {
    synchronized (d.lock) {
      ChannelState thread = ChannelState.thread(this, d.ids.next(), name, lobbyId, d.botId,
          false, 10080, d.clock.instant().minus(age));
      thread.members.add(d.botId);
      d.keep(thread);
      if (d.gateway.anySession()) {
        d.gateway.dispatch(this, "THREAD_CREATE", Payloads.thread(d, thread));
      }
      d.changed();
      return thread.id;
    }
  }

  // --- Permissions ---

  /**
   * A moderator edits the bot's role here: its permissions become {@code permissions}, and the
   * bot gets GUILD_ROLE_UPDATE; see {@link LocalDiscord#setBotPermissions}.
   */
  public void setBotPermissions(long permissions) {
    synchronized (d.lock) {
      botPermissions = permissions;
      d.gateway.dispatch(this, "GUILD_ROLE_UPDATE", Json.obj("guild_id", id, "role",
          Payloads.role(botRoleId, d.botName, permissions, 2, true)));
      d.changed();
    }
  }

  /**
   * The bot's permissions in {@code channel}, a channel of this guild, computed as
   * {@code topics/permissions} says: the {@code @everyone} role and the bot's role, everything
   * with Administrator, then the channel's overwrites for {@code @everyone}, for the bot's role
   * and for the bot itself, in that order. A thread has its parent's. Under the lock.
   */
  long permissionsIn(ChannelState channel) {
    long base = LocalDiscord.EVERYONE | botPermissions;
    if ((base & LocalDiscord.ADMINISTRATOR) != 0) {
      return ~0L;
    }
    ChannelState parent = channel.isThread() ? d.channels.get(channel.parentId) : channel;
    if (parent == null) {
      return base;
    }
    long permissions = base;
    for (String target : List.of(id, botRoleId, d.botId)) {
      SeenChannel.Overwrite overwrite = parent.overwrites.get(target);
      if (overwrite != null) {
        permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
      }
    }
    return permissions;
  }

  // --- Channels and voice ---

  /** Every channel and thread of this guild that exists now. */
  public List<SeenChannel> channels() {
    synchronized (d.lock) {
      return d.channels.values().stream().filter(c -> c.guild == this).map(ChannelState::seen)
          .toList();
    }
  }

  /** This guild's threads that exist now. */
  public List<SeenChannel> threads() {
    return channels().stream().filter(SeenChannel::isThread).toList();
  }

  /** This guild's voice channels that exist now. */
  public List<SeenChannel> voiceChannels() {
    return channels().stream().filter(c -> c.type() == SeenChannel.VOICE).toList();
  }

  /**
   * Adds a text channel that a moderator made, such as a second queue's lobby: the sessions that
   * hold this guild get CHANNEL_CREATE, as from Discord. The bot can see it and act in it as in
   * the lobby.
   *
   * @return its id
   */
  public String addTextChannel(String name) {
    synchronized (d.lock) {
      return addChannel(ChannelState.text(this, d.ids.next(), requireNonNull(name, "name")));
    }
  }

  /** Adds a category that a moderator made; see {@link LocalDiscord#addCategory}. */
  public String addCategory(String name) {
    synchronized (d.lock) {
      return addChannel(ChannelState.category(this, d.ids.next(),
          requireNonNull(name, "name")));
    }
  }

  /**
   * Adds a voice channel in the category {@code parentId} of this guild (or none, if null); see
   * {@link LocalDiscord#addVoiceChannel}.
   */
  public String addVoiceChannel(String name, @Nullable String parentId) {
    synchronized (d.lock) {
      ChannelState parent = parentId == null ? null : d.channels.get(parentId);
      if (parentId != null && (parent == null || parent.guild != this
          || parent.type != SeenChannel.CATEGORY)) {
        throw new IllegalArgumentException("no category " + parentId + " in " + this.name);
      }
      return addChannel(ChannelState.voice(this, d.ids.next(), requireNonNull(name, "name"),
          parentId));
    }
  }

  private String addChannel(ChannelState channel) {
    d.keep(channel);
    if (d.gateway.anySession()) {
      d.gateway.dispatch(this, "CHANNEL_CREATE", Payloads.channel(d, channel));
    }
    d.changed();
    return channel.id;
  }

  /**
   * {@code user} connects to this guild's voice channel {@code channelId}, or disconnects if it is
   * null; see {@link LocalDiscord#joinVoice}.
   */
  public void joinVoice(DiscordUser user, @Nullable String channelId) {
    synchronized (d.lock) {
      ChannelState channel = channelId == null ? null : d.channels.get(channelId);
      if (channelId != null && (channel == null || channel.guild != this
          || channel.type != SeenChannel.VOICE)) {
        throw new IllegalArgumentException("no voice channel " + channelId + " in " + name);
      }
      if (!users.containsKey(user.id())) {
        throw new IllegalArgumentException(user.name() + " is not a member of " + name);
      }
      setVoiceState(user.id(), channelId);
      d.changed();
    }
  }

  /** Connects or disconnects {@code userId} and tells the sessions that asked for voice states. */
  void setVoiceState(String userId, @Nullable String channelId) {
    if (channelId == null) {
      voiceStates.remove(userId);
    } else {
      voiceStates.put(userId, channelId);
    }
    ObjectNode state = Payloads.voiceState(d, this, userId, channelId);
    state.put("guild_id", id);
    d.gateway.dispatch(this, "VOICE_STATE_UPDATE", state,
        LocalDiscord.GUILD_VOICE_STATES_INTENT);
  }

  /** The voice channel {@code user} is connected to here, if any. */
  public Optional<String> voiceChannelOf(DiscordUser user) {
    synchronized (d.lock) {
      return Optional.ofNullable(voiceStates.get(user.id()));
    }
  }

  /** Every move the bot made here, oldest first, as {@code "<user id> <from> -> <to>"}. */
  public List<String> voiceMoves() {
    synchronized (d.lock) {
      return List.copyOf(moves);
    }
  }

  // --- Threads and commands ---

  /** Sets how many active threads this guild may have. */
  public void setMaxActiveThreads(int max) {
    synchronized (d.lock) {
      maxActiveThreads = max;
    }
  }

  /** How many threads of this guild are active (not archived). Under the lock. */
  int activeThreads() {
    return (int) d.channels.values().stream()
        .filter(c -> c.guild == this && c.isThread() && !c.archived).count();
  }

  /** The names of the commands the bot registered in this guild. */
  public List<String> registeredCommands() {
    synchronized (d.lock) {
      return List.copyOf(commands.keySet());
    }
  }

  @Override
  public String toString() {
    return "LocalGuild[" + id + " " + name + "]";
  }
}

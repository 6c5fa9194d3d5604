package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import okhttp3.WebSocket;
import org.jspecify.annotations.Nullable;

/**
 * A fake Discord on a loopback port: a bot user in one server (a guild) or {@linkplain
 * Builder#guilds several}, each a {@link LocalGuild} with a lobby text channel and members the
 * test adds; Discord's REST API under {@link #restUrl()} and its gateway under
 * {@link #gatewayUrl()}, both served by OkHttp's MockWebServer.
 *
 * <h2>Guilds</h2>
 * The methods of this class that make or list things of a guild ({@link #guildId}, {@link
 * #lobbyId}, {@link #users}, {@link #addUser}, {@link #channels}, {@link #setBotPermissions},
 * ...) act on the first guild, {@link #guild()}, so a single-guild test reads as before; {@link
 * #guild(String)} and {@link #guilds()} give the others, with the same methods. Methods that take
 * a channel or thread id ({@link #slash}, {@link #channel}, {@link #deleteChannel}, ...) act in
 * whichever guild it is. Ids are unique across guilds, as Discord's snowflakes are; each guild has
 * its own roles, bot member, members, commands, channels, threads and voice states, and a REST
 * route that names a guild refuses another guild's channel (404, 10003) or member (404, 10007).
 *
 * <h2>What it does</h2>
 * The gateway greets with HELLO, answers IDENTIFY with READY (the session's guilds as unavailable
 * stubs) and then a GUILD_CREATE for each of them (the guild, its roles, its channels, its active
 * threads and the bot's own member, as Discord sends a bot without privileged intents),
 * acknowledges heartbeats, and on RESUME replays every dispatch the client missed, then sends
 * RESUMED. It keeps a session per shard (the inner class {@code Gateway} explains how), from one
 * client or several with the same token, and sends each guild's dispatches only to the sessions
 * whose shard holds it. It dispatches INTERACTION_CREATE when a test calls {@link #slash} or {@link
 * #click}, THREAD_CREATE, THREAD_UPDATE and THREAD_DELETE as threads are made, archived, unarchived
 * and removed, GUILD_ROLE_UPDATE when a test {@linkplain #setBotPermissions edits the bot's role}
 * and CHANNEL_UPDATE when it {@linkplain #setOverwrite edits a channel's permissions}. REST covers
 * what a queue bot uses: its own user, command registration (bulk overwrite), channels by id,
 * private threads (made, archived and unarchived, listed when archived, deleted) and their members
 * (listed only if the application enabled the members intent), channel permission overwrites,
 * messages, interaction callbacks and webhook follow-ups and edits. Error answers carry Discord's
 * JSON error body and code.
 *
 * <h2>Discord's rules it keeps</h2>
 * Each comes from Discord's docs ({@code discord/discord-api-docs}, page named) or its OpenAPI
 * document ({@code discord/discord-api-spec}, schema named); the fake's own tests cite them.
 * <ul>
 *   <li>Interactions ({@code interactions/receiving-and-responding}): acknowledged within
 *       {@linkplain Builder#interactionDeadline three seconds} (later: 404, 10062) and only once
 *       (again: 400, 40060); follow-ups and edits only after it. A first follow-up after a
 *       deferral edits the original, as Discord still does, but the docs mark that deprecated, so
 *       it is a {@linkplain #problems() problem}: answer with Edit Original Interaction Response.
 *       With {@code with_response=true} the answer names the response message
 *       ({@code InteractionCallbackResponse}). Only registered commands and options, and buttons
 *       on a message, can be used.</li>
 *   <li>Message bodies (see {@code MessageRules}): content 2,000, nonce 25, at most 10 embeds
 *       within Discord's embed limits, 5 action rows of 1 to 5 buttons with a style and a unique
 *       {@code custom_id} of at most 100, no bare component, {@code allowed_mentions.parse} and
 *       {@code users} not both; else 400, 50035 (empty: 50006). Flags a message may not set are
 *       dropped and listed as problems: an "ephemeral" channel message is seen by everyone.</li>
 *   <li>Permissions ({@code topics/permissions}, {@code resources/channel}): computed from the
 *       roles and the channel's overwrites; creating a private thread needs Create Private
 *       Threads, adding a thread member and posting in a thread Send Messages in Threads,
 *       removing one Manage Threads (or having made the private thread), deleting a thread Manage
 *       Threads, overwrites Manage Roles; else 403, 50013, or 50001 when the bot cannot see the
 *       channel.</li>
 *   <li>Threads ({@code topics/threads}, {@code resources/channel}): {@code auto_archive_duration}
 *       60, 1440, 4320 or 10080; a thread archives on the fake's {@link Clock} after that long
 *       without a message ({@link #archiveIdleThreads}); an archived thread's members cannot
 *       change (400, 50083); a message or {@code archived: false} unarchives it; listing the
 *       archived private ones needs Read Message History and Manage Threads, listing a thread's
 *       members the Server Members intent enabled for the application (else 403, 50001); at most
 *       {@linkplain Builder#maxActiveThreads 1,000 active threads} (then 400, 160006).</li>
 *   <li>Gateway ({@code events/gateway}, {@code topics/opcodes-and-status-codes}): IDENTIFY's
 *       intents must be Discord's (else close 4013) and privileged only if
 *       {@linkplain Builder#privilegedIntents enabled} (else 4014); anything but a heartbeat
 *       before IDENTIFY closes with 4003, a second IDENTIFY with 4005, a bad token with 4004;
 *       READY carries {@code shard} when IDENTIFY did.</li>
 *   <li>Sharding ({@code events/gateway}, Sharding; {@code topics/gateway}, Get Gateway Bot):
 *       IDENTIFY's {@code shard} is {@code [shard_id, num_shards]} with
 *       {@code 0 <= shard_id < num_shards} (else close 4010), and the session holds the guilds
 *       with {@code (guild_id >> 22) % num_shards == shard_id} ({@link #shardOf}); without it,
 *       every guild. A session that would hold more than {@linkplain
 *       Builder#maxGuildsPerShard 2,500} guilds is closed with 4011. A second IDENTIFY for a
 *       shard that has a session replaces that session (the older connection closes with 4009).
 *       {@code GET /gateway/bot} recommends {@linkplain Builder#recommendedShards a shard
 *       count}.</li>
 *   <li>Voice ({@code resources/guild}, {@code resources/channel}, {@code resources/voice}):
 *       voice channels (type 2) and categories (type 4), which a test {@linkplain #addCategory
 *       adds} or the bot creates (Create Guild Channel: Manage Channels, in the category if it
 *       names one, and overwrites only of permissions the bot has, else 403, 50013; at most
 *       {@linkplain #MAX_CHANNELS 500} channels, else 400, 30013, and {@linkplain
 *       #MAX_CHANNELS_PER_CATEGORY 50} in a category, else 400, 50035 with
 *       {@code CHANNEL_PARENT_MAX_CHANNELS} on {@code parent_id}), CHANNEL_CREATE and
 *       CHANNEL_DELETE; voice states ({@link #joinVoice}, GUILD_CREATE's {@code voice_states} and
 *       VOICE_STATE_UPDATE, only to a session with the GUILD_VOICE_STATES intent; Get User Voice
 *       State, 10065 when not connected); moving a member (Modify Guild Member with
 *       {@code channel_id}: Move Members in both channels and Connect in the new one, else 403,
 *       50013; a member not in voice 400, 40032). Deleting a voice channel disconnects whoever is
 *       in it.</li>
 *   <li>A thread member must be a member of the server; a message goes only to a channel that
 *       exists. Every REST call but the interaction webhooks must carry
 *       {@code Authorization: Bot <token>}.</li>
 * </ul>
 * Where the spec and the docs disagree the fake follows the docs: content is 2,000 characters
 * (the spec's {@code MessageCreateRequest} says 4,000) and a message has at most 5 action rows
 * (the spec allows 40 components, which holds only with {@code IS_COMPONENTS_V2}).
 *
 * <h2>Capture</h2>
 * With {@link Builder#capture} or the system property {@code relva.discord.capture=FILE}, every
 * exchange is written to {@code FILE} as JSON Lines: {@code {"kind":"rest","method":...,"path":
 * ...,"query":...,"request_body":...,"status":...,"response_body":...}}, {@code {"kind":
 * "gateway_out","frame":...}} for what the fake sends, {@code {"kind":"gateway_in","frame":...}}
 * for what it receives and {@code {"kind":"gateway_close","code":...,"reason":...}}. Off by
 * default, and then free.
 *
 * <h2>What it does not do</h2>
 * No voice connections (voice states only), no presences, no member chunking, no real
 * rate-limit buckets (a rate limit is a {@linkplain #failNext fault} a test injects), no message history beyond what the bot sent, no
 * locked threads, no Embed Links check, no earlier archiving of threads in a busy server, no
 * DMs (which Discord sends to shard 0), no concurrency limit on IDENTIFY ({@code max_concurrency}
 * is 1 but not enforced), and a user is a member of one guild only (a test adds "the same" person
 * to another guild as a new user). An unknown route answers 404 and is listed in
 * {@link #problems()}.
 *
 * <p>This class is thread-safe: every change happens under one lock, and {@link #await} waits on
 * it, so a test waits for what it expects without sleeping.
 */
public final class LocalDiscord implements AutoCloseable {
  /** Bits of Discord's permission integer used here ({@code topics/permissions}). */
  static final long ADMINISTRATOR = 1L << 3;
  static final long MANAGE_CHANNELS = 1L << 4;
  static final long VIEW_CHANNEL = 1L << 10;
  static final long SEND_MESSAGES = 1L << 11;
  static final long MANAGE_GUILD = 1L << 5;
  static final long MANAGE_ROLES = 1L << 28;
  static final long MANAGE_THREADS = 1L << 34;
  static final long CREATE_PRIVATE_THREADS = 1L << 36;
  static final long READ_MESSAGE_HISTORY = 1L << 16;
  static final long USE_APPLICATION_COMMANDS = 1L << 31;
  static final long SEND_MESSAGES_IN_THREADS = 1L << 38;
  static final long CONNECT = 1L << 20;
  static final long MOVE_MEMBERS = 1L << 24;
  /** The GUILD_VOICE_STATES intent ({@code events/gateway}, List of Intents). */
  public static final long GUILD_VOICE_STATES_INTENT = 1L << 7;
  /** Discord's cap on a server's channels, categories included ({@code resources/guild}). */
  public static final int MAX_CHANNELS = 500;
  /** Discord's cap on the channels in one category ({@code resources/channel}). */
  public static final int MAX_CHANNELS_PER_CATEGORY = 50;
  /** The GUILD_MEMBERS privileged intent ({@code events/gateway}, List of Intents). */
  public static final long GUILD_MEMBERS_INTENT = 1L << 1;
  /** What {@code @everyone} may do in the fake server. */
  static final long EVERYONE = VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY
      | USE_APPLICATION_COMMANDS | SEND_MESSAGES_IN_THREADS;

  final Object lock = new Object();
  final Clock clock;
  final Snowflakes ids;
  final String token;
  final String botId;
  final String botName;
  /** Where every exchange is written, if anywhere. */
  final @Nullable Capture capture;
  final Instant created;
  final Duration interactionDeadline;
  final int heartbeatMillis;
  /** The privileged intents the application enabled in the Developer Portal. */
  final long privilegedIntents;
  /** How many guilds one session may hold before Discord asks for sharding (close 4011). */
  final int maxGuildsPerShard;
  /** The shard count {@code GET /gateway/bot} recommends. */
  final int recommendedShards;
  /** What a guild made later starts with. */
  private final long defaultBotPermissions;
  private final int defaultMaxActiveThreads;
  private final MockWebServer server = new MockWebServer();

  // All below: guarded by lock.
  /** The guilds, the first one (what {@link #guildId()} names) first. */
  final List<LocalGuild> guilds = new ArrayList<>();
  /** Every guild's channels and threads, by id: Discord's ids are unique across guilds. */
  final Map<String, ChannelState> channels = new LinkedHashMap<>();
  /** The guild of every channel that ever existed, deleted ones included, by channel id. */
  final Map<String, LocalGuild> channelGuilds = new HashMap<>();
  final List<SeenChannel> deleted = new ArrayList<>();
  final List<SeenMessage> messages = new ArrayList<>();
  /** The JSON body each message was last made or edited from, by message id. */
  final Map<String, ObjectNode> bodies = new HashMap<>();
  final Map<String, ObjectNode> globalCommands = new LinkedHashMap<>();
  /** Interactions by token, as their routes name them. */
  final Map<String, SentInteraction> interactions = new LinkedHashMap<>();
  /** The same interactions by id, as messages name them. */
  final Map<String, SentInteraction> interactionsById = new HashMap<>();
  final List<FaultRule> faults = new ArrayList<>();
  final List<String> requests = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  final Gateway gateway = new Gateway();

  private LocalDiscord(Builder builder) {
    this.clock = builder.clock;
    this.ids = new Snowflakes(clock);
    this.token = builder.token;
    this.botName = builder.botName;
    this.capture = Capture.open(builder.capture);
    this.interactionDeadline = builder.interactionDeadline;
    this.heartbeatMillis = (int) builder.heartbeat.toMillis();
    this.privilegedIntents = builder.privilegedIntents;
    this.maxGuildsPerShard = builder.maxGuildsPerShard;
    this.recommendedShards = builder.recommendedShards;
    this.defaultBotPermissions = builder.botPermissions;
    this.defaultMaxActiveThreads = builder.maxActiveThreads;
    this.created = clock.instant();
    String firstId = ids.next();
    this.botId = ids.next();
    synchronized (lock) {
      LocalGuild first = newGuild(firstId, builder.guildName, builder.lobby);
      for (String name : builder.members) {
        first.addUser(name, false);
      }
      for (Map.Entry<String, Duration> leftover : builder.leftovers.entrySet()) {
        String id = Snowflakes.at(created.minus(leftover.getValue()));
        ChannelState thread = ChannelState.thread(first, id, leftover.getKey(), first.lobbyId,
            botId, false, 10080, created);
        thread.members.add(botId);
        keep(thread);
      }
      for (String name : builder.moderators) {
        first.addUser(name, true);
      }
      for (int i = 2; i <= builder.guilds; i++) {
        newGuild(nextGuildId(), builder.guildName + " " + i, builder.lobby);
      }
    }
  }

  /**
   * An id for a new guild: a millisecond before the oldest guild's, so that guilds made together
   * fall on different shards ({@code (guild_id >> 22) % num_shards}), as guilds made at different
   * times do. Under the lock.
   */
  private String nextGuildId() {
    long oldest = guilds.stream().mapToLong(g -> Long.parseUnsignedLong(g.id) >>> 22).min()
        .orElseThrow();
    return Long.toUnsignedString((oldest - 1) << 22);
  }

  private LocalGuild newGuild(String id, String name, String lobby) {
    LocalGuild guild = new LocalGuild(this, id, name, lobby, defaultBotPermissions,
        defaultMaxActiveThreads);
    guilds.add(guild);
    return guild;
  }

  /**
   * The shard that holds the guild {@code guildId} when a bot runs {@code numShards} shards:
   * {@code (guild_id >> 22) % num_shards} ({@code events/gateway}, Sharding).
   */
  public static int shardOf(String guildId, int numShards) {
    if (numShards < 1) {
      throw new IllegalArgumentException("numShards must be at least 1: " + numShards);
    }
    return (int) Long.remainderUnsigned(Long.parseUnsignedLong(guildId) >>> 22, numShards);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures and starts a {@link LocalDiscord}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String token = "relva-test-token." + UUID.randomUUID();
    private String guildName = "Kiwi PUGs";
    private String lobby = "kiwipugs";
    private String botName = "Relva";
    private long botPermissions = 362_924_755_968L;
    private int maxActiveThreads = 1000;
    private long privilegedIntents;
    private @Nullable Path capture = Capture.fromSystemProperty();
    private Duration interactionDeadline = Duration.ofSeconds(3);
    private Duration heartbeat = Duration.ofMillis(41_250);
    private int guilds = 1;
    private int maxGuildsPerShard = 2500;
    private int recommendedShards = 1;
    private final List<String> members = new ArrayList<>();
    private final List<String> moderators = new ArrayList<>();
    private final Map<String, Duration> leftovers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * A private thread of the lobby that the bot made {@code age} ago, in an earlier run: what a
     * bot finds in GUILD_CREATE after a restart.
     */
    public Builder leftoverThread(String name, Duration age) {
      leftovers.put(requireNonNull(name, "name"), requireNonNull(age, "age"));
      return this;
    }

    /** The token the bot must log in with. */
    public Builder token(String token) {
      this.token = requireNonNull(token, "token");
      return this;
    }

    public Builder guildName(String guildName) {
      this.guildName = requireNonNull(guildName, "guildName");
      return this;
    }

    /** The name of the server's one text channel, where players queue. */
    public Builder lobby(String lobby) {
      this.lobby = requireNonNull(lobby, "lobby");
      return this;
    }

    public Builder botName(String botName) {
      this.botName = requireNonNull(botName, "botName");
      return this;
    }

    /** The permissions of the bot's role; by default what Relva's invite link asks for. */
    public Builder botPermissions(long botPermissions) {
      this.botPermissions = botPermissions;
      return this;
    }

    /**
     * How many active (not archived) threads the server may have; Discord's cap is about 1,000
     * ({@code resources/channel}, Thread Limits). Beyond it a new thread is refused with 160006.
     */
    public Builder maxActiveThreads(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxActiveThreads must not be negative: " + max);
      }
      this.maxActiveThreads = max;
      return this;
    }

    /**
     * Writes every exchange to {@code file} as JSON Lines (see {@link LocalDiscord}); the system
     * property {@code relva.discord.capture} does the same for every fake. Null turns it off.
     */
    public Builder capture(@Nullable Path file) {
      this.capture = file;
      return this;
    }

    /**
     * The privileged intents (GUILD_MEMBERS 2, GUILD_PRESENCES 256, MESSAGE_CONTENT 32768) the
     * application enabled in the Developer Portal; none by default, as for Relva. An IDENTIFY
     * asking for another one is closed with 4014.
     */
    public Builder privilegedIntents(long intents) {
      this.privilegedIntents = intents;
      return this;
    }

    /** How long the bot has to acknowledge an interaction; Discord's is three seconds. */
    public Builder interactionDeadline(Duration deadline) {
      this.interactionDeadline = requireNonNull(deadline, "deadline");
      return this;
    }

    /** The heartbeat interval HELLO asks for; Discord's is about 41 seconds. */
    public Builder heartbeat(Duration heartbeat) {
      if (heartbeat.toMillis() < 10) {
        throw new IllegalArgumentException("heartbeat must be at least 10ms: " + heartbeat);
      }
      this.heartbeat = heartbeat;
      return this;
    }

    /**
     * How many guilds the bot is in from the start; one by default. The first is named
     * {@link #guildName}, the others after it with a number ("Kiwi PUGs 2"), each with its own
     * lobby named {@link #lobby}. Members, moderators and leftover threads are the first's.
     * Guild ids are a millisecond apart, so with {@code n} shards consecutive guilds fall on
     * consecutive shards.
     */
    public Builder guilds(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("guilds must be at least 1: " + count);
      }
      this.guilds = count;
      return this;
    }

    /**
     * How many guilds one gateway session may hold: an IDENTIFY whose shard would hold more is
     * closed with 4011 (Sharding required). Discord's limit is 2,500 ({@code events/gateway},
     * Sharding); a test sets a small one to reach it.
     */
    public Builder maxGuildsPerShard(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxGuildsPerShard must be at least 1: " + max);
      }
      this.maxGuildsPerShard = max;
      return this;
    }

    /** The shard count {@code GET /gateway/bot} recommends; 1 by default. */
    public Builder recommendedShards(int shards) {
      if (shards < 1) {
        throw new IllegalArgumentException("recommendedShards must be at least 1: " + shards);
      }
      this.recommendedShards = shards;
      return this;
    }

    /** Members of the server from the start, by display name. */
    public Builder members(String... names) {
      members.addAll(List.of(names));
      return this;
    }

    /** Members holding the moderator role and Manage Server. */
    public Builder moderators(String... names) {
      moderators.addAll(List.of(names));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Starts serving on a free loopback port. */
    public LocalDiscord start() {
      LocalDiscord discord = new LocalDiscord(this);
      discord.listen();
      return discord;
    }
  }

  private void listen() {
    server.setDispatcher(new Routes(this));
    server.setServerSocketFactory(new NoDelaySockets());
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the fake Discord", e);
    }
  }

  /** Where Discord's REST API is: {@code http://127.0.0.1:<port>/api/v10/}. */
  public String restUrl() {
    return server.url("/api/v10/").toString();
  }

  /** Where the gateway is: {@code ws://127.0.0.1:<port>/gateway}. */
  public String gatewayUrl() {
    return "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway";
  }

  public String token() {
    return token;
  }

  /** The first guild: the one the single-guild methods of this class act on. */
  public LocalGuild guild() {
    synchronized (lock) {
      return guilds.get(0);
    }
  }

  /**
   * The guild {@code id}.
   *
   * @throws IllegalArgumentException if the bot is in no such guild
   */
  public LocalGuild guild(String id) {
    synchronized (lock) {
      LocalGuild guild = findGuild(id);
      if (guild == null) {
        throw new IllegalArgumentException("no guild " + id);
      }
      return guild;
    }
  }

  /** The guild {@code id} of the bot's, or null. Under the lock. */
  @Nullable LocalGuild findGuild(String id) {
    for (LocalGuild guild : guilds) {
      if (guild.id.equals(id)) {
        return guild;
      }
    }
    return null;
  }

  /** Every guild the bot is in, the first one first. */
  public List<LocalGuild> guilds() {
    synchronized (lock) {
      return List.copyOf(guilds);
    }
  }

  /**
   * The bot is added to a new guild called {@code name}, with a lobby called {@code lobby}: the
   * session of its shard gets GUILD_CREATE, as from Discord when a bot joins a server
   * ({@code events/gateway-events}, Guild Create).
   */
  public LocalGuild addGuild(String name, String lobby) {
    synchronized (lock) {
      LocalGuild guild = newGuild(nextGuildId(), requireNonNull(name, "name"),
          requireNonNull(lobby, "lobby"));
      gateway.guildCreated(guild);
      changed();
      return guild;
    }
  }

  /** The first guild's id. */
  public String guildId() {
    return guild().id;
  }

  /** The bot's user id, which is also its application id. */
  public String botId() {
    return botId;
  }

  /** The first guild's lobby. */
  public String lobbyId() {
    return guild().lobbyId;
  }

  public String moderatorRoleName() {
    return guild().moderatorRoleName();
  }

  /** The member of the first guild called {@code name}. */
  public DiscordUser user(String name) {
    return guild().user(name);
  }

  /** The first guild's members. */
  public List<DiscordUser> users() {
    return guild().users();
  }

  /** Adds a member to the first guild (see {@link LocalGuild#addUser}). */
  public DiscordUser addUser(String name, boolean moderator) {
    return guild().addUser(name, moderator);
  }

  /** The guild of the channel {@code channelId}. Under the lock. */
  private LocalGuild guildOfChannel(String channelId) {
    ChannelState channel = channels.get(channelId);
    if (channel == null) {
      throw new IllegalArgumentException("no channel " + channelId);
    }
    return channel.guild;
  }

  /** The guild that {@code channelId} is or was in, if the fake ever had it. Under the lock. */
  @Nullable LocalGuild guildOfChannelEver(String channelId) {
    return channelGuilds.get(channelId);
  }

  /** The member {@code id} of any guild. Under the lock. */
  @Nullable DiscordUser anyUser(String id) {
    for (LocalGuild guild : guilds) {
      DiscordUser user = guild.users.get(id);
      if (user != null) {
        return user;
      }
    }
    return null;
  }

  /** Keeps {@code channel}, of its guild. Under the lock. */
  void keep(ChannelState channel) {
    channels.put(channel.id, channel);
    channelGuilds.put(channel.id, channel.guild);
  }

  // --- Scripting users ---

  /**
   * {@code user} runs {@code /command subcommand} in {@code channelId} with {@code options} (a
   * user option's value is the user's id): the fake dispatches INTERACTION_CREATE to the session
   * of the channel's guild's shard, or keeps it for the bot's resume if the gateway is down.
   *
   * @throws IllegalArgumentException if the bot did not register that command, subcommand or
   *     option, a required option is missing, the channel does not exist, or the user is not a
   *     member of its guild: Discord's client would not let the user send it
   */
  public SentInteraction slash(DiscordUser user, String channelId, String command,
      String subcommand, Map<String, String> options) {
    synchronized (lock) {
      return guildOfChannel(channelId).slash(user, channelId, command, subcommand, options);
    }
  }

  /** {@code user} runs {@code /command subcommand} with no options. */
  public SentInteraction slash(DiscordUser user, String channelId, String command,
      String subcommand) {
    return slash(user, channelId, command, subcommand, Map.of());
  }

  /**
   * {@code user} clicks the button {@code customId} on {@code seen} (as it is now), in whichever
   * guild it is.
   *
   * @throws IllegalArgumentException if the message has no such button, or the user cannot see
   *     its channel
   */
  public SentInteraction click(DiscordUser user, SeenMessage seen, String customId) {
    synchronized (lock) {
      return guildOfChannel(seen.channelId()).click(user, seen, customId);
    }
  }

  /** Dispatches {@code interaction} again, with the same id and token, as a duplicate delivery. */
  public void deliverAgain(SentInteraction interaction) {
    synchronized (lock) {
      gateway.dispatch(guild(interaction.guildId()), "INTERACTION_CREATE",
          Json.parse(interaction.payload()));
    }
  }

  /** The interaction with id {@code id}, if it is still kept. Under the lock. */
  @Nullable SentInteraction interactionById(String id) {
    return interactionsById.get(id);
  }

  /** Makes, keeps and dispatches an interaction in {@code channel}'s guild. Under the lock. */
  SentInteraction dispatchInteraction(DiscordUser user, ChannelState channel, int type,
      ObjectNode data, @Nullable SeenMessage message, String description) {
    String id = ids.next();
    String interactionToken = "aW50ZXJhY3Rpb246" + id + ":" + UUID.randomUUID();
    ObjectNode payload = Payloads.interaction(this, id, interactionToken, type, data, user,
        channel, message);
    SentInteraction sent = new SentInteraction(this, id, interactionToken, user,
        channel.guild.id, channel.id, type, description, System.nanoTime(),
        Json.write(payload));
    interactions.put(interactionToken, sent);
    interactionsById.put(id, sent);
    gateway.dispatch(channel.guild, "INTERACTION_CREATE", payload);
    changed();
    return sent;
  }

  /**
   * A moderator deletes a channel or thread (of any guild) in Discord's client: it is gone, and
   * the bot gets THREAD_DELETE (or CHANNEL_DELETE).
   *
   * @throws IllegalArgumentException if there is no such channel
   */
  public void deleteChannel(String channelId) {
    synchronized (lock) {
      ChannelState channel = channels.get(channelId);
      if (channel == null) {
        throw new IllegalArgumentException("no channel " + channelId);
      }
      remove(channel);
      changed();
    }
  }

  /**
   * Discord archives the thread {@code threadId} (of any guild) now, as it does early in a busy
   * server, or as a moderator does from the thread's menu: THREAD_UPDATE with
   * {@code archived: true}, after which it is out of GUILD_CREATE and its members cannot change
   * until it is unarchived.
   *
   * @throws IllegalArgumentException if there is no such thread, or it is archived already
   */
  public void archiveThread(String threadId) {
    synchronized (lock) {
      ChannelState thread = activeThread(threadId);
      setArchived(thread, true);
      changed();
    }
  }

  /**
   * A moderator adds {@code user} to the active thread {@code threadId} in Discord's client (as
   * Manage Threads allows, even to a thread that members may not invite to). Discord sends
   * THREAD_MEMBERS_UPDATE about others only to a bot with the members intent, which the fake
   * never sends, so the bot is not told.
   *
   * @throws IllegalArgumentException if there is no such active thread
   */
  public void addThreadMember(String threadId, DiscordUser user) {
    synchronized (lock) {
      activeThread(threadId).members.add(user.id());
      changed();
    }
  }

  /**
   * A moderator removes {@code user} from the active thread {@code threadId} in Discord's client;
   * as for {@link #addThreadMember}, the bot is not told.
   *
   * @throws IllegalArgumentException if there is no such active thread
   */
  public void removeThreadMember(String threadId, DiscordUser user) {
    synchronized (lock) {
      activeThread(threadId).members.remove(user.id());
      changed();
    }
  }

  /**
   * A private thread of the first guild's lobby that the bot made {@code age} ago, as
   * {@link Builder#leftoverThread} makes one, but now: a thread the bot made in a run whose
   * party the next run does not know. The bot gets THREAD_CREATE if it is connected.
   *
   * @return the thread's id
   */
  public String addLeftoverThread(String name, Duration age) {
    return guild().addLeftoverThread(name, age);
  }

  private ChannelState activeThread(String threadId) {
    ChannelState thread = channels.get(threadId);
    if (thread == null || !thread.isThread() || thread.archived) {
      throw new IllegalArgumentException("no active thread " + threadId);
    }
    return thread;
  }

  /** Removes {@code channel} and tells the bot; returns its last JSON. Under the lock. */
  ObjectNode remove(ChannelState channel) {
    ObjectNode json = Payloads.channel(this, channel);
    LocalGuild guild = channel.guild;
    channels.remove(channel.id);
    deleted.add(channel.seen());
    if (channel.type == SeenChannel.VOICE) {
      // resources/channel, Delete/Close Channel: whoever was connected is disconnected.
      for (String user : List.copyOf(guild.voiceStates.keySet())) {
        if (channel.id.equals(guild.voiceStates.get(user))) {
          guild.setVoiceState(user, null);
        }
      }
    }
    if (channel.isThread()) {
      gateway.dispatch(guild, "THREAD_DELETE", Json.obj("id", channel.id, "guild_id", guild.id,
          "parent_id", channel.parentId, "type", channel.type));
    } else {
      gateway.dispatch(guild, "CHANNEL_DELETE", json);
    }
    return json;
  }

  // --- Permissions ---

  /**
   * A moderator edits the bot's role in the first guild: its permissions become
   * {@code permissions}, and the bot gets GUILD_ROLE_UPDATE, as from Discord. From now on the
   * fake refuses what the role no longer allows (see {@link #botPermissionsIn}).
   */
  public void setBotPermissions(long permissions) {
    guild().setBotPermissions(permissions);
  }

  /**
   * A moderator edits {@code channelId}'s permissions (in any guild): the overwrite for
   * {@code targetId} (a role, {@code type} 0, such as {@link #botRoleId()}; or a member, 1)
   * becomes {@code allow} and {@code deny}, and the bot gets CHANNEL_UPDATE, as from Discord.
   *
   * @throws IllegalArgumentException if there is no such text channel
   */
  public void setOverwrite(String channelId, String targetId, int type, long allow, long deny) {
    synchronized (lock) {
      ChannelState channel = channels.get(channelId);
      if (channel == null || channel.isThread()) {
        throw new IllegalArgumentException("no text channel " + channelId);
      }
      channel.overwrites.put(targetId, new SeenChannel.Overwrite(targetId, type, allow, deny));
      gateway.dispatch(channel.guild, "CHANNEL_UPDATE", Payloads.channel(this, channel));
      changed();
    }
  }

  /** The id of the bot's own role in the first guild (see {@link #setBotPermissions}). */
  public String botRoleId() {
    return guild().botRoleId;
  }

  /** The bot's permissions in the channel or thread {@code channelId}, of any guild. */
  public long botPermissionsIn(String channelId) {
    synchronized (lock) {
      ChannelState channel = channels.get(channelId);
      if (channel == null) {
        throw new IllegalArgumentException("no channel " + channelId);
      }
      return permissionsIn(channel);
    }
  }

  /** The bot's permissions in {@code channel}, as its guild computes them. Under the lock. */
  long permissionsIn(ChannelState channel) {
    return channel.guild.permissionsIn(channel);
  }

  // --- Voice ---

  /**
   * Adds a category (type 4) to the first guild, as a moderator made it: the bot gets
   * CHANNEL_CREATE if it is connected, else sees it in GUILD_CREATE.
   *
   * @return its id
   */
  public String addCategory(String name) {
    return guild().addCategory(name);
  }

  /**
   * Adds a voice channel (type 2) to the first guild, in the category {@code parentId} (or none,
   * if null), as a moderator or an earlier run of the bot made it; the bot is told as for
   * {@link #addCategory}.
   *
   * @return its id
   * @throws IllegalArgumentException if {@code parentId} is not a category
   */
  public String addVoiceChannel(String name, @Nullable String parentId) {
    return guild().addVoiceChannel(name, parentId);
  }

  /**
   * {@code user} connects to the voice channel {@code channelId} in Discord's client, or
   * disconnects from the first guild's voice if it is null: the bot gets VOICE_STATE_UPDATE if
   * its session asked for the GUILD_VOICE_STATES intent, as from Discord
   * ({@code events/gateway-events}, Voice State Update).
   *
   * @throws IllegalArgumentException if there is no such voice channel
   */
  public void joinVoice(DiscordUser user, @Nullable String channelId) {
    synchronized (lock) {
      LocalGuild guild = channelId == null || !channels.containsKey(channelId) ? guild()
          : guildOfChannel(channelId);
      guild.joinVoice(user, channelId);
    }
  }

  /** The voice channel of the first guild {@code user} is connected to, if any. */
  public Optional<String> voiceChannelOf(DiscordUser user) {
    return guild().voiceChannelOf(user);
  }

  /** The first guild's voice channels that exist now. */
  public List<SeenChannel> voiceChannels() {
    return guild().voiceChannels();
  }

  /**
   * Every move the bot made in the first guild, oldest first, as
   * {@code "<user id> <from> -> <to>"}.
   */
  public List<String> voiceMoves() {
    return guild().voiceMoves();
  }

  // --- Threads and the fake's clock ---

  /**
   * Sets how many active threads the first guild may have (see {@link
   * Builder#maxActiveThreads}).
   */
  public void setMaxActiveThreads(int max) {
    guild().setMaxActiveThreads(max);
  }

  /**
   * Archives every active thread, of every guild, that has had no activity for its
   * {@code auto_archive_duration}, by the fake's clock, as Discord does ({@code topics/threads},
   * Active and Archived Threads): THREAD_UPDATE with {@code archived: true}, after which the
   * thread is out of the gateway's view (no longer in GUILD_CREATE) and its members cannot
   * change. The fake does this before every request and gateway frame it handles; a test that
   * moved the clock calls it to see the effect at once.
   *
   * @return how many threads it archived
   */
  public int archiveIdleThreads() {
    synchronized (lock) {
      Instant now = clock.instant();
      int archived = 0;
      for (ChannelState thread : channels.values()) {
        if (thread.isThread() && !thread.archived && !thread.lastActivity
            .plus(Duration.ofMinutes(thread.autoArchiveMinutes)).isAfter(now)) {
          setArchived(thread, true);
          archived++;
        }
      }
      if (archived > 0) {
        changed();
      }
      return archived;
    }
  }

  /**
   * Archives or unarchives {@code thread} and tells the bot; unarchiving is activity, and is
   * followed by THREAD_MEMBER_UPDATE ({@code topics/threads}, Unarchiving a Thread). Under the
   * lock.
   */
  void setArchived(ChannelState thread, boolean archived) {
    Instant now = clock.instant();
    thread.archived = archived;
    thread.archiveTimestamp = now;
    if (!archived) {
      thread.lastActivity = now;
    }
    gateway.dispatch(thread.guild, "THREAD_UPDATE", Payloads.thread(this, thread));
    if (!archived && thread.members.contains(botId)) {
      gateway.dispatch(thread.guild, "THREAD_MEMBER_UPDATE", Json.obj("id", thread.id,
          "user_id", botId, "join_timestamp", Snowflakes.timeOf(thread.id).toString(),
          "flags", 0, "guild_id", thread.guild.id));
    }
  }

  // --- Gateway control ---

  /**
   * Drops every gateway connection of the bot, as Discord does on an internal error (close code
   * 4000), at once: nothing more is sent on them. The sessions stay resumable: dispatches from
   * now on are kept and replayed on RESUME.
   */
  public void dropGateway() {
    synchronized (lock) {
      gateway.dropAll();
    }
  }

  /** The intents the bot's last IDENTIFY (of any shard) asked for (-1 before any). */
  public long intents() {
    synchronized (lock) {
      return gateway.intents;
    }
  }

  /** Whether the bot holds an identified or resumed gateway connection (of any shard) now. */
  public boolean gatewayConnected() {
    synchronized (lock) {
      return gateway.sessions.stream().anyMatch(Session::connected);
    }
  }

  /**
   * The shards of the sessions that hold an identified or resumed connection now, as
   * {@code [shard_id, num_shards]} ({@code [0, 1]} for a session that sent no {@code shard}),
   * oldest session first.
   */
  public List<List<Integer>> connectedShards() {
    synchronized (lock) {
      return gateway.sessions.stream().filter(Session::connected)
          .map(s -> List.of(s.shardId, s.numShards)).toList();
    }
  }

  /** How many times the bot identified (started a new session), every shard counted. */
  public int identifies() {
    synchronized (lock) {
      return gateway.identifies;
    }
  }

  /** How many times the bot resumed a session. */
  public int resumes() {
    synchronized (lock) {
      return gateway.resumes;
    }
  }

  /** How many heartbeats the fake acknowledged. */
  public int heartbeats() {
    synchronized (lock) {
      return gateway.heartbeats;
    }
  }

  // --- Faults ---

  /**
   * Fails the next {@code times} requests whose method is {@code method} and whose path (after
   * {@code /api/v10/}, without the query) matches {@code pathRegex}, with {@code fault}.
   */
  public void failNext(String method, String pathRegex, int times, RestFault fault) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
    synchronized (lock) {
      faults.add(new FaultRule(method, Pattern.compile(pathRegex), times, fault));
    }
  }

  /** Faults injected with {@link #failNext} that no request has used up yet. */
  public int pendingFaults() {
    synchronized (lock) {
      return faults.stream().mapToInt(rule -> rule.remaining).sum();
    }
  }

  // --- Reading back ---

  /** Every channel and thread of the first guild that exists now. */
  public List<SeenChannel> channels() {
    return guild().channels();
  }

  /** The channel or thread {@code id}, of any guild, if it exists now. */
  public Optional<SeenChannel> channel(String id) {
    synchronized (lock) {
      return Optional.ofNullable(channels.get(id)).map(ChannelState::seen);
    }
  }

  /** The first guild's threads that exist now. */
  public List<SeenChannel> threads() {
    return guild().threads();
  }

  /** Channels and threads deleted, of every guild. */
  public List<SeenChannel> deletedChannels() {
    synchronized (lock) {
      return List.copyOf(deleted);
    }
  }

  /** Messages posted in {@code channelId} (not interaction replies), oldest first. */
  public List<SeenMessage> messages(String channelId) {
    synchronized (lock) {
      return messages.stream().filter(m -> m.channelId().equals(channelId)
          && m.interactionId().isEmpty()).toList();
    }
  }

  /** Every message the bot made, replies included, oldest first. */
  public List<SeenMessage> allMessages() {
    synchronized (lock) {
      return List.copyOf(messages);
    }
  }

  /** Every interaction scripted so far, oldest first. */
  public List<SentInteraction> interactions() {
    synchronized (lock) {
      return List.copyOf(interactions.values());
    }
  }

  /** Every REST request, as {@code METHOD path -> status}, oldest first. */
  public List<String> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** What the bot did that Discord would refuse or ignore: unknown routes, bad bodies, etc. */
  public List<String> problems() {
    synchronized (lock) {
      return List.copyOf(problems);
    }
  }

  /**
   * Forgets every answered interaction, its replies, and the request log, so a long run (a
   * benchmark) keeps its memory bounded. Channels, threads and channel messages are kept.
   *
   * @return how many interactions it forgot
   */
  public int forgetAnswered() {
    synchronized (lock) {
      int before = interactions.size();
      interactions.values().removeIf(SentInteraction::answered);
      interactionsById.values().removeIf(SentInteraction::answered);
      messages.removeIf(m -> {
        boolean reply = m.interactionId().isPresent();
        if (reply) {
          bodies.remove(m.id());
        }
        return reply;
      });
      requests.clear();
      return before - interactions.size();
    }
  }

  private static final long AWAIT_SLICE_MILLIS = 20;

  /**
   * Whether {@code condition} held within {@code timeout}; rechecked on every change of the fake,
   * and at least every 20ms.
   */
  public boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          // Woken by every change of the fake; the slices recheck conditions on other state
          // (the bot's, say) that can change without the fake noticing.
          lock.wait(Math.max(1, Math.min(AWAIT_SLICE_MILLIS, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it did not within {@code timeout}
   */
  public void await(String what, BooleanSupplier condition, Duration timeout) {
    if (!awaitUntil(condition, timeout)) {
      throw new AssertionError("timed out after " + timeout.toMillis() + "ms waiting for "
          + what + "; problems: " + problems() + "; last requests: " + tail(requests(), 10));
    }
  }

  private static List<String> tail(List<String> list, int n) {
    return list.subList(Math.max(0, list.size() - n), list.size());
  }

  /** Wakes {@link #await}ers; call under the lock after every change. */
  void changed() {
    lock.notifyAll();
  }

  @Override
  public void close() {
    synchronized (lock) {
      gateway.dropAll();
    }
    server.close();
    if (capture != null) {
      capture.close();
    }
  }

  @Override
  public String toString() {
    return "LocalDiscord[" + restUrl() + "]";
  }

  // --- State ---

  /** A channel or thread; mutable, guarded by the lock. */
  static final class ChannelState {
    /** The guild it is in. */
    final LocalGuild guild;
    final String id;
    final int type;
    final String name;
    final @Nullable String parentId;
    final @Nullable String ownerId;
    final boolean invitable;
    final Set<String> members = new LinkedHashSet<>();
    final Map<String, SeenChannel.Overwrite> overwrites = new LinkedHashMap<>();
    /** A thread's {@code thread_metadata}: minutes of inactivity before it archives. */
    int autoArchiveMinutes;
    boolean archived;
    /** When {@code archived} last changed (or the duration did), as Discord keeps it. */
    Instant archiveTimestamp;
    /** The last activity: a message, the creation, an unarchive ({@code topics/threads}). */
    Instant lastActivity;

    private ChannelState(LocalGuild guild, String id, int type, String name,
        @Nullable String parentId, @Nullable String ownerId, boolean invitable,
        int autoArchiveMinutes, Instant at) {
      this.guild = guild;
      this.id = id;
      this.type = type;
      this.name = name;
      this.parentId = parentId;
      this.ownerId = ownerId;
      this.invitable = invitable;
      this.autoArchiveMinutes = autoArchiveMinutes;
      this.archiveTimestamp = at;
      this.lastActivity = at;
    }

    static ChannelState text(LocalGuild guild, String id, String name) {
      return new ChannelState(guild, id, SeenChannel.TEXT, name, null, null, true, 0,
          Instant.EPOCH);
    }

    static ChannelState voice(LocalGuild guild, String id, String name,
        @Nullable String parentId) {
      return new ChannelState(guild, id, SeenChannel.VOICE, name, parentId, null, true, 0,
          Instant.EPOCH);
    }

    static ChannelState category(LocalGuild guild, String id, String name) {
      return new ChannelState(guild, id, SeenChannel.CATEGORY, name, null, null, true, 0,
          Instant.EPOCH);
    }

    static ChannelState thread(LocalGuild guild, String id, String name, String parentId,
        String ownerId, boolean invitable, int autoArchiveMinutes, Instant at) {
      return new ChannelState(guild, id, SeenChannel.PRIVATE_THREAD, name, parentId, ownerId,
          invitable, autoArchiveMinutes, at);
    }

    boolean isThread() {
      return type == SeenChannel.PRIVATE_THREAD;
    }

    SeenChannel seen() {
      return new SeenChannel(id, type, name, Optional.ofNullable(parentId),
          Optional.ofNullable(ownerId), members, List.copyOf(overwrites.values()), invitable,
          archived);
    }
  }

  /** A fault to apply to matching requests; guarded by the lock. */
  static final class FaultRule {
    final String method;
    final Pattern path;
    int remaining;
    final RestFault fault;

    FaultRule(String method, Pattern path, int remaining, RestFault fault) {
      this.method = requireNonNull(method, "method");
      this.path = path;
      this.remaining = remaining;
      this.fault = requireNonNull(fault, "fault");
    }
  }

  /**
   * The bot's gateway sessions, one per shard, and what they count; guarded by the lock.
   *
   * <p>A session belongs to the shard its IDENTIFY named ({@code [0, 1]} if it named none, which
   * is how Discord reads a missing {@code shard}), and holds that shard's guilds: those with
   * {@code (guild_id >> 22) % num_shards == shard_id} ({@code events/gateway}, Sharding). A
   * guild's dispatches go to every session that holds it, so sessions of different shard counts
   * (a bot moving from 1 shard to 2, say) each get their share, as with Discord, which computes
   * the formula for each session on its own. Sessions of different shards live side by side, from
   * one client or from several with the same token. A new IDENTIFY for a shard that already has a
   * session replaces it: Discord's docs do not say what becomes of the older session (in practice
   * Discord lets both run for a while before it invalidates the old one); the fake closes the
   * older connection at once with 4009 (Session timed out), after which its RESUME is refused
   * with INVALID_SESSION, as it was when the fake kept one session at a time.
   */
  final class Gateway {
    /** The live sessions, oldest first. */
    final List<Session> sessions = new ArrayList<>();
    int identifies;
    int resumes;
    int heartbeats;
    /** The intents of the last IDENTIFY, of any shard. */
    long intents = -1;

    boolean anySession() {
      return !sessions.isEmpty();
    }

    /**
     * Sends {@code type} about {@code guild} to every session that holds it; a problem if the bot
     * never identified, since the event then reaches no one.
     */
    void dispatch(LocalGuild guild, String type, JsonNode data) {
      if (sessions.isEmpty()) {
        problems.add("dispatch " + type + " with no session: the bot never identified");
        return;
      }
      for (Session session : sessions) {
        if (session.holds(guild)) {
          session.dispatch(type, data);
        }
      }
    }

    /** As {@link #dispatch}, only to sessions that asked for {@code intent}; never a problem. */
    void dispatch(LocalGuild guild, String type, JsonNode data, long intent) {
      for (Session session : sessions) {
        if (session.holds(guild) && (session.intents & intent) != 0) {
          session.dispatch(type, data);
        }
      }
    }

    /** Tells the sessions that hold {@code guild} that the bot joined it. */
    void guildCreated(LocalGuild guild) {
      for (Session session : sessions) {
        if (session.holds(guild)) {
          session.dispatch("GUILD_CREATE", Payloads.guild(LocalDiscord.this, guild,
              session.intents));
        }
      }
    }

    /** How many guilds a session of shard {@code shardId} of {@code numShards} would hold. */
    int guildsOf(int shardId, int numShards) {
      return (int) guilds.stream().filter(g -> shardOf(g.id, numShards) == shardId).count();
    }

    void dropAll() {
      sessions.forEach(Session::drop);
      changed();
    }

    /**
     * Starts a session on {@code ws} for shard {@code shardId} of {@code numShards}
     * ({@code shard} is the IDENTIFY's array, echoed in READY, or null), replacing an older
     * session of the same shard.
     */
    void identify(WebSocket ws, long intents, @Nullable JsonNode shard, int shardId,
        int numShards) {
      for (Iterator<Session> older = sessions.iterator(); older.hasNext(); ) {
        Session session = older.next();
        if (session.shardId == shardId && session.numShards == numShards) {
          if (session.socket != null && session.socket != ws) {
            close(session.socket, 4009, "Session timed out.");
          }
          older.remove();
        }
      }
      Session session = new Session(ws, intents, shard, shardId, numShards);
      sessions.add(session);
      identifies++;
      this.intents = intents;
      session.start();
      changed();
    }

    /** Resumes the session {@code sessionId} on {@code ws}, if it exists and can be. */
    boolean resume(WebSocket ws, String sessionId, int lastSeq) {
      for (Session session : sessions) {
        if (session.sessionId.equals(sessionId)) {
          return session.resume(ws, lastSeq);
        }
      }
      return false;
    }

    /** Forgets {@code ws}, which closed or failed. */
    void detach(WebSocket ws) {
      for (Session session : sessions) {
        if (session.socket == ws) {
          session.socket = null;
          session.identified = false;
          changed();
        }
      }
    }
  }

  /** One gateway session: a shard's connection and its dispatches; guarded by the lock. */
  final class Session {
    static final int KEPT_FRAMES = 10_000;
    final int shardId;
    final int numShards;
    /** The {@code shard} array of the session's IDENTIFY, if it sent one. */
    final @Nullable JsonNode shard;
    final long intents;
    final String sessionId = UUID.randomUUID().toString().replace("-", "");
    @Nullable WebSocket socket;
    boolean identified;
    int seq;
    /**
     * The session's latest dispatches, for RESUME: the frame at index {@code i} has sequence
     * {@code firstSeq + i}. At most {@link #KEPT_FRAMES}; a client further behind than that must
     * identify again, as with Discord, whose buffer is also bounded.
     */
    final ArrayDeque<String> frames = new ArrayDeque<>();
    int firstSeq = 1;

    Session(WebSocket socket, long intents, @Nullable JsonNode shard, int shardId,
        int numShards) {
      this.socket = socket;
      this.intents = intents;
      this.shard = shard;
      this.shardId = shardId;
      this.numShards = numShards;
      this.identified = true;
    }

    boolean holds(LocalGuild guild) {
      return shardOf(guild.id, numShards) == shardId;
    }

    boolean connected() {
      return socket != null && identified;
    }

    /** READY with this shard's guilds as unavailable stubs, then a GUILD_CREATE for each. */
    void start() {
      List<LocalGuild> held = guilds.stream().filter(this::holds).toList();
      ObjectNode ready = Payloads.ready(LocalDiscord.this, sessionId, held);
      if (shard != null) {
        // gateway-events, Ready: "shard information associated with this session, if sent when
        // identifying".
        ready.set("shard", shard);
      }
      dispatch("READY", ready);
      for (LocalGuild guild : held) {
        dispatch("GUILD_CREATE", Payloads.guild(LocalDiscord.this, guild, intents));
      }
    }

    void dispatch(String type, JsonNode data) {
      seq++;
      String frame = Json.write(Json.obj("op", 0, "t", type, "s", seq, "d", data));
      frames.addLast(frame);
      if (frames.size() > KEPT_FRAMES) {
        frames.removeFirst();
        firstSeq++;
      }
      if (connected()) {
        send(requireNonNull(socket), frame);
      }
    }

    void drop() {
      if (socket != null) {
        // A server-side OkHttp WebSocket cannot be cancelled, only closed: 4000 is Discord's
        // "unknown error", after which a client resumes.
        close(socket, 4000, "Unknown error.");
        socket = null;
      }
      identified = false;
    }

    boolean resume(WebSocket ws, int lastSeq) {
      if (lastSeq > seq || lastSeq < firstSeq - 1) {
        return false;
      }
      if (socket != null && socket != ws) {
        close(socket, 4009, "Session timed out.");
      }
      socket = ws;
      identified = true;
      gateway.resumes++;
      int skip = lastSeq - (firstSeq - 1);
      for (String frame : frames) {
        if (skip-- <= 0) {
          send(ws, frame);
        }
      }
      dispatch("RESUMED", Json.obj("_trace", Json.arr("[\"relva-local-discord\"]")));
      changed();
      return true;
    }
  }

  /** Sends {@code frame} on {@code ws}, capturing it if asked to. Under the lock. */
  void send(WebSocket ws, String frame) {
    if (capture != null) {
      capture.gatewayOut(frame);
    }
    ws.send(frame);
  }

  /** Closes {@code ws} with {@code code}, capturing it if asked to. */
  void close(WebSocket ws, int code, String reason) {
    if (capture != null) {
      capture.gatewayClose(code, reason);
    }
    ws.close(code, reason);
  }

  /** The names of the commands the bot registered in the first guild. */
  public List<String> registeredCommands() {
    return guild().registeredCommands();
  }

  static ArrayNode commandList(Map<String, ObjectNode> commands) {
    return Json.arr(commands.values().toArray());
  }
}

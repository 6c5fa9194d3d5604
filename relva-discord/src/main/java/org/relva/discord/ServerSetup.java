package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.relva.core.QueueSpec;
import org.relva.core.RelvaConfig;
import org.relva.core.model.QueueId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.matchmaking.MatchmakingConfig;

/**
 * A server's own settings, made with {@code /setup} by its members with Manage Server (or the
 * console's {@code :mod} users) and kept in the server's database scope, so they survive
 * restarts and take effect at once. They are the operator's settings' names
 * ({@code RELVA_FORMAT} is {@code format}) read over the operator's settings, which stay the
 * defaults of a server not set up and the whole configuration of the console; they are checked
 * exactly as at start-up ({@link BotConfig#withOverrides}), so a refusal names the setting, the
 * value, what is allowed and an example. Besides the default queue (whose lobby is
 * {@code RELVA_LOBBY}), a server may have more queues, each a lobby channel with its own
 * settings over the server's: {@code queue.<name>.<setting>}.
 *
 * <p>Which settings a server may set, and which a queue may, lives here and only here.
 * Immutable.
 *
 * @param values each setting set, by its key: {@code RELVA_FORMAT}, or
 *     {@code queue.2v2.RELVA_FORMAT} for a queue's; a queue exists while its lobby is set
 */
record ServerSetup(SortedMap<String, String> values) {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ServerSetup.class);
  /** The journal store that keeps it, in the server's scope: one entry, {@link #KEY}. */
  static final String STORE = "setup";
  static final String KEY = "setup";
  /**
   * What a server may set: everything of a server's own, not the process's (the token, the
   * database, the shards, the metrics, global commands) nor moving players between voice
   * channels, which needs the voice states the operator's process asks Discord for.
   */
  static final Set<BotConfig.Setting> SERVER = EnumSet.of(BotConfig.Setting.LOBBY,
      BotConfig.Setting.REGIONS, BotConfig.Setting.FORMAT, BotConfig.Setting.ALGORITHM,
      BotConfig.Setting.TEAMS, BotConfig.Setting.CAPTAINS, BotConfig.Setting.PICK_ORDER,
      BotConfig.Setting.PICK_TIME, BotConfig.Setting.REGION_LINKS,
      BotConfig.Setting.READY_TIMEOUT, BotConfig.Setting.DODGE_COOLDOWN,
      BotConfig.Setting.LEAVE_COOLDOWN, BotConfig.Setting.MODERATOR_ROLE,
      BotConfig.Setting.LIVE_QUEUE, BotConfig.Setting.MAPS, BotConfig.Setting.MAP_VOTE_TIME,
      BotConfig.Setting.MAP_COOLDOWN, BotConfig.Setting.MULTI_QUEUE, BotConfig.Setting.VOICE,
      BotConfig.Setting.VOICE_CATEGORY);
  /** What a queue may set over the server's: its game mode. */
  static final Set<BotConfig.Setting> QUEUE = EnumSet.of(BotConfig.Setting.LOBBY,
      BotConfig.Setting.REGIONS, BotConfig.Setting.FORMAT, BotConfig.Setting.ALGORITHM,
      BotConfig.Setting.TEAMS, BotConfig.Setting.CAPTAINS, BotConfig.Setting.PICK_ORDER,
      BotConfig.Setting.PICK_TIME, BotConfig.Setting.REGION_LINKS,
      BotConfig.Setting.READY_TIMEOUT, BotConfig.Setting.DODGE_COOLDOWN,
      BotConfig.Setting.MAPS, BotConfig.Setting.MAP_VOTE_TIME, BotConfig.Setting.MAP_COOLDOWN,
      BotConfig.Setting.LADDER);
  /** The most queues a server may have. */
  static final int MAX_QUEUES = 10;
  private static final String QUEUE_PREFIX = "queue.";

  ServerSetup {
    values = new TreeMap<>(values);
  }

  /** Nothing set: the operator's settings throughout. */
  static ServerSetup none() {
    return new ServerSetup(new TreeMap<>());
  }

  /** What {@code journal} keeps of the server's setup, or {@link #none()}. */
  static ServerSetup read(StateJournal journal) {
    return journal.read(STORE, KEY).map(v -> parse((String) v)).orElseGet(ServerSetup::none);
  }

  /** The change that keeps this setup in the server's journal. */
  Change change() {
    return new Change(STORE, KEY, Optional.of(text()));
  }

  static ServerSetup parse(String text) {
    Properties props = new Properties();
    try {
      props.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SortedMap<String, String> values = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
    return new ServerSetup(values);
  }

  String text() {
    Properties props = new Properties();
    props.putAll(values);
    StringWriter out = new StringWriter();
    try {
      props.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * The setting a {@code /setup} option names: {@code format}, {@code ready-timeout} or
   * {@code RELVA_READY_TIMEOUT}, among {@code allowed}.
   *
   * @throws IllegalArgumentException naming the settings allowed
   */
  static BotConfig.Setting setting(String name, Set<BotConfig.Setting> allowed) {
    String wanted = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (BotConfig.Setting setting : allowed) {
      if (setting.variable.equals(wanted) || setting.variable.equals("RELVA_" + wanted)) {
        return setting;
      }
    }
    throw new IllegalArgumentException("'" + name.strip() + "' is no setting "
        + (allowed == QUEUE ? "of a queue" : "of a server") + "; these are: "
        + allowed.stream().map(ServerSetup::label).collect(Collectors.joining(", ")) + ".");
  }

  /** A setting's name in {@code /setup}: {@code ready-timeout} for RELVA_READY_TIMEOUT. */
  static String label(BotConfig.Setting setting) {
    return setting.variable.substring("RELVA_".length()).toLowerCase(Locale.ROOT)
        .replace('_', '-');
  }

  /** The server's {@code setting} set to {@code value}. */
  ServerSetup with(BotConfig.Setting setting, String value) {
    return edited(next -> next.put(setting.variable, value.strip()));
  }

  /** The server's {@code setting} back to the operator's. */
  ServerSetup without(BotConfig.Setting setting) {
    return edited(next -> next.remove(setting.variable));
  }

  /** This setup with {@code change} made to a copy of its values. */
  private ServerSetup edited(java.util.function.Consumer<SortedMap<String, String>> change) {
    SortedMap<String, String> next = new TreeMap<>(values);
    change.accept(next);
    return new ServerSetup(next);
  }

  /** Queue {@code id}'s own settings, by variable name. */
  private SortedMap<String, String> ofQueue(QueueId id) {
    String prefix = QUEUE_PREFIX + id.value() + ".";
    SortedMap<String, String> own = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        own.put(k.substring(prefix.length()), v);
      }
    });
    return own;
  }

  /** The queues beyond the default one, in name order. */
  List<QueueId> queues() {
    return values.keySet().stream().filter(k -> k.startsWith(QUEUE_PREFIX)
            && k.endsWith("." + BotConfig.Setting.LOBBY.variable))
        .map(k -> QueueId.of(k.substring(QUEUE_PREFIX.length(), k.lastIndexOf('.'))))
        .toList();
  }

  /**
   * A new queue {@code name} whose lobby is the channel {@code lobby}.
   *
   * @throws IllegalArgumentException if the name is no queue name, is taken, or the server has
   *     {@value #MAX_QUEUES} queues
   */
  ServerSetup withQueue(String name, String lobby) {
    QueueId id = QueueId.of(name.strip().toLowerCase(Locale.ROOT));
    if (id.equals(QueueId.DEFAULT) || queues().contains(id)) {
      throw new IllegalArgumentException("a queue called " + id.value() + " already exists.");
    }
    if (queues().size() + 1 >= MAX_QUEUES) {
      throw new IllegalArgumentException("a server has at most " + MAX_QUEUES + " queues.");
    }
    return inQueue(id, BotConfig.Setting.LOBBY, lobby);
  }

  /** Queue {@code id}'s {@code setting} set to {@code value}. */
  ServerSetup inQueue(QueueId id, BotConfig.Setting setting, String value) {
    return edited(next -> next.put(QUEUE_PREFIX + id.value() + "." + setting.variable,
        value.strip()));
  }

  /** Queue {@code id}'s {@code setting} back to the server's. */
  ServerSetup notInQueue(QueueId id, BotConfig.Setting setting) {
    if (setting == BotConfig.Setting.LOBBY) {
      throw new IllegalArgumentException("a queue needs its lobby; remove the queue instead.");
    }
    return edited(next -> next.remove(QUEUE_PREFIX + id.value() + "." + setting.variable));
  }

  /** Without queue {@code id} and its settings. */
  ServerSetup withoutQueue(QueueId id) {
    return edited(next -> next.keySet().removeIf(k -> k.startsWith(QUEUE_PREFIX + id.value()
        + ".")));
  }

  /**
   * The server's settings: {@code base} with this setup read over it, checked as at start-up.
   *
   * @throws BotConfig.ConfigException naming each bad setting (a queue's prefixed with the
   *     queue), or queues that do not fit together (two on one lobby, say)
   */
  ServerConfig apply(BotConfig base) {
    Map<String, String> server = new TreeMap<>();
    values.forEach((k, v) -> {
      if (!k.startsWith(QUEUE_PREFIX)) {
        server.put(k, v);
      }
    });
    BotConfig main = base.withOverrides(server);
    List<ServerConfig.Queue> others = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (QueueId id : queues()) {
      SortedMap<String, String> own = ofQueue(id);
      try {
        others.add(new ServerConfig.Queue(id, main.withOverrides(own)));
      } catch (BotConfig.ConfigException e) {
        e.problems().forEach(p -> problems.add("queue " + id.value() + ": " + p));
      }
    }
    if (!problems.isEmpty()) {
      throw new BotConfig.ConfigException(problems);
    }
    ServerConfig config = new ServerConfig(main, others);
    try {
      config.relvaConfig();
    } catch (IllegalArgumentException e) {
      throw new BotConfig.ConfigException("the queues do not fit together: " + e.getMessage());
    }
    return config;
  }

  /**
   * {@link #apply}, or {@code base} alone if this setup no longer fits it (the operator changed a
   * setting since), which the log says.
   */
  ServerConfig applyOrBase(BotConfig base) {
    try {
      return apply(base);
    } catch (BotConfig.ConfigException e) {
      LOG.warn("A server's setup does not fit the operator's settings any more, so they apply "
          + "alone until it is changed: {}", e.getMessage());
      return ServerConfig.of(base);
    }
  }

  /** What {@code /setup show} lists: each setting set, the server's then each queue's. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    values.forEach((k, v) -> {
      if (!k.startsWith(QUEUE_PREFIX)) {
        lines.add(label(setting(k, EnumSet.allOf(BotConfig.Setting.class))) + " = " + v);
      }
    });
    for (QueueId id : queues()) {
      List<String> own = new ArrayList<>();
      ofQueue(id).forEach((k, v) -> own.add(label(setting(k,
          EnumSet.allOf(BotConfig.Setting.class))) + " = " + v));
      lines.add("queue " + id.value() + ": " + String.join(", ", own));
    }
    return lines;
  }

  /**
   * A server's settings once its setup is read over the operator's: the default queue's and the
   * server's in {@code main}, each other queue's in its own.
   */
  record ServerConfig(BotConfig main, List<Queue> others) {
    ServerConfig {
      requireNonNull(main, "main");
      others = List.copyOf(others);
    }

    /** A server with the operator's settings only: one queue. */
    static ServerConfig of(BotConfig main) {
      return new ServerConfig(main, List.of());
    }

    /** One more queue: its name and its settings. */
    record Queue(QueueId id, BotConfig config) {
      QueueSpec spec() {
        QueueSpec own = config.relvaConfig().defaultQueue();
        return new QueueSpec(id, own.lobby(), own.regions(), own.teamSize(), own.rules());
      }
    }

    /** The core's settings: every queue, and whether a player may wait in several. */
    RelvaConfig relvaConfig() {
      return main.relvaConfig().withOtherQueues(others.stream().map(Queue::spec).toList())
          .withMultiQueue(main.multiQueue());
    }

    /** Each queue's matchmaking settings, the default queue's first. */
    Map<QueueId, MatchmakingConfig> matchmaking() {
      Map<QueueId, MatchmakingConfig> all = new java.util.LinkedHashMap<>();
      all.put(QueueId.DEFAULT, main.matchmakingConfig());
      others.forEach(q -> all.put(q.id(), q.config().matchmakingConfig()));
      return all;
    }

    /** The queues rated on a ladder of their own ({@code ladder = own}). */
    List<QueueId> ownLadders() {
      return others.stream().filter(q -> q.config().ownLadder()).map(Queue::id).toList();
    }

    /** Every queue's lobby channel name, the default queue's first. */
    List<String> lobbies() {
      List<String> names = new ArrayList<>(List.of(main.lobby()));
      others.forEach(q -> names.add(q.config().lobby()));
      return names;
    }
  }

  @Override
  public String toString() {
    return "ServerSetup" + Arrays.toString(describe().toArray());
  }
}

package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyChannels;
import org.relva.core.Relva;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.discord.CommandCatalog.OptionSpec;
import org.relva.matchmaking.TeamChoice;

/**
 * The offline console: the bot's whole command layer, with in-memory stores, against a guild that
 * exists only in this process. It reads lines such as
 * {@code alice #kiwipugs /party create region:us-e} and prints every message the bot sends, saying
 * where it went.
 *
 * <p>A line is {@code <user> [#channel] /<command> [subcommand] [option:value ...]}. The channel
 * defaults to the lobby; {@code #party} is the user's own party channel. A user name may be in any
 * script ({@code 李}, {@code José}) and is quoted if it has spaces ({@code "Mary Ann"}); users
 * come into being when first named, and a user option names another console user;
 * {@code code:@alice} stands for alice's party's join code and {@code match:@alice} for her open
 * match (or, with none, her last one), so scripts need not know the random ids. Option values with spaces are quoted:
 * {@code reason:"spam in chat"}. Lines starting with {@code :} are directives:
 * {@code :wait <duration>} moves the console's clock on (ready-check timeouts, rating-window and
 * region expansions), {@code :mod <user>} makes a user a moderator, {@code :help} lists them. A
 * line starting with {@code #}, or the rest of a line from a {@code #} between spaces, is a
 * comment. Lines over {@value #MAX_LINE} characters are refused with their length. At a terminal
 * the console prompts and does not echo the typed line; reading a script, it echoes each line
 * before the bot's answers.
 *
 * <p>With {@code --json} it prints one JSON object per bot message ({@code "type":"message"}),
 * channel note ({@code "note"}) and clock move ({@code "clock"}), and one acknowledgement per
 * input line ({@code "ack"}), whose {@code "ok"} is the one error signal: false, with
 * {@code "error"}, when the bot refused the line or could not read it.
 * Not thread-safe: one console reads one input.
 */
final class Console {
  private static final Pattern TOKEN =
      Pattern.compile("([a-z-]+):\"([^\"]*)\"|\"([^\"]*)\"|(\\S+)");
  /** A user name: letters of any script, digits, spaces (quoted), {@code _ . -}; as Discord's. */
  private static final Pattern USER = Pattern.compile("[\\p{L}\\p{M}\\p{N}_.' -]{1,32}");
  /** The longest line the console reads; Discord's own longest message is 2,000 characters. */
  static final int MAX_LINE = 4_000;

  private BotRuntime runtime;
  /** A setup {@code /setup} saved during the line being handled, applied once it is done. */
  private @Nullable ServerSetup saved;
  private final BotConfig config;
  private final SplittableRandom random = new SplittableRandom(1);
  private final ChannelId lobby;
  private final ConsoleClock clock;
  private final PrintStream out;
  private final boolean json;
  private final Map<String, Member> users = new LinkedHashMap<>();
  private final Set<UserId> moderators = new HashSet<>();
  private final ConsoleChannels channels;
  private final Set<Long> taken = new HashSet<>();
  private int lineNumber;
  /** Whether the line being handled was refused or could not be read. */
  private @Nullable String lineError;

  private Console(BotConfig config, PrintStream out, boolean json, StateJournal journal) {
    this.out = out;
    // Known before the runtime starts: a restart's notices are printed while it starts.
    this.lobby = ChannelId.of(config.lobby());
    this.json = json;
    this.clock = new ConsoleClock(Instant.parse("2026-01-01T18:00:00Z"));
    this.channels = new ConsoleChannels(this::note);
    // Seeded: the console is for trying and for scripts, whose output should repeat. A real
    // guild's ids and join codes come from a SecureRandom.
    this.config = config;
    // Without a file, a journal in memory: a runtime started anew after /setup finds the state.
    journal = journal.isDurable() ? journal : new MemoryJournal();
    this.runtime = startRuntime(BotRuntime.readSetup(journal), journal, true);
  }

  /**
   * The whole engine for the setup {@code setup}, on {@code journal}, its passes in step with the
   * commands; {@code announceBack}: say what came back (not when a new setup is applied).
   */
  private BotRuntime startRuntime(ServerSetup setup, StateJournal journal,
      boolean announceBack) {
    BotRuntime started = BotRuntime.start(config, setup, setup.applyOrBase(config), channels,
        clock, random, this::print, journal,
        com.google.common.util.concurrent.MoreExecutors.directExecutor(), false, announceBack);
    started.onSetup(next -> saved = next);
    if (config.voice().on()) {
      showVoice(started, config);
    }
    return started;
  }

  /**
   * Applies the setup saved by the line just handled: the runtime starts anew with it, on the
   * same journal (the state carries over), as a bot serving a server does.
   */
  private void applySaved() {
    ServerSetup next = saved;
    if (next == null) {
      return;
    }
    saved = null;
    StateJournal journal = runtime.journal();
    runtime.stop(false);
    runtime = startRuntime(next, journal, false);
  }

  /** Runs the console over {@code in} until its end; returns the exit status (0). */
  static int run(BotConfig config, BufferedReader in, PrintStream out, boolean json)
      throws IOException {
    return run(config, in, out, json, false, StateJournal.none());
  }

  /**
   * As {@link #run(BotConfig, BufferedReader, PrintStream, boolean)}; {@code interactive} when a
   * person types at a terminal: then the console prompts, and does not echo what they typed.
   */
  static int run(BotConfig config, BufferedReader in, PrintStream out, boolean json,
      boolean interactive, StateJournal journal) throws IOException {
    Console console = new Console(config, out, json, journal);
    console.interactive = interactive;
    if (!json) {
      out.println("Relva console: " + config.regions().describe() + "; "
          + Wording.format(config.format())
          + (config.draft().on() ? ", captains pick the teams"
              : config.teams() == TeamChoice.RANDOM ? ", teams drawn at random" : "")
          + "; lobby #" + config.lobby() + ". Type lines like: alice /party create region:"
          + config.regions().defaultRegion() + "   (:help for more, Ctrl-D to end)");
    }
    String line;
    while (true) {
      if (interactive && !json) {
        out.print("relva> ");
        out.flush();
      }
      line = in.readLine();
      if (line == null) {
        break;
      }
      console.accept(line);
    }
    console.runtime.stop();
    return 0;
  }

  private boolean interactive;

  /** Handles one input line. */
  void accept(String raw) {
    lineNumber++;
    if (raw.length() > MAX_LINE) {
      String why = "Line " + lineNumber + " is " + raw.length() + " characters long; the console "
          + "reads lines of up to " + MAX_LINE + ".";
      if (json) {
        ack("(" + raw.length() + " characters)", false, why);
      } else {
        out.println("  ! " + why);
      }
      return;
    }
    String line = withoutComment(raw).strip();
    if (line.isEmpty()) {
      return;
    }
    if (!json && !interactive) {
      out.println("> " + line); // what a script said, beside what the bot answered
    }
    lineError = null;
    try {
      if (line.startsWith(":")) {
        directive(line);
      } else {
        command(line);
        applySaved();
      }
      ack(line, lineError == null, lineError == null ? "" : lineError);
    } catch (IllegalArgumentException e) {
      if (json) {
        ack(line, false, e.getMessage());
      } else {
        out.println("  ! " + e.getMessage());
      }
    }
  }

  /**
   * {@code line} without its comment: the whole line if it starts with {@code #}, else from a
   * {@code #} between spaces (or a space and the end), outside quotes; {@code #party} and
   * {@code #kiwipugs} stay channels.
   */
  static String withoutComment(String line) {
    if (line.strip().startsWith("#")) {
      return "";
    }
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted && i > 0 && Character.isWhitespace(line.charAt(i - 1))
          && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private void note(String text) {
    if (json) {
      out.println("{\"type\":\"note\",\"text\":" + Json.quote(text) + "}");
    } else {
      out.println("  (" + text + ")");
    }
  }

  private void directive(String line) {
    String[] parts = line.substring(1).strip().split("\\s+", 2);
    switch (parts[0]) {
      case "wait" -> {
        if (parts.length < 2) {
          throw new IllegalArgumentException(":wait needs a duration, such as :wait 30s");
        }
        Duration total = CommandLayer.duration(parts[1]);
        // Move in steps so that timeouts and expansions happen at the moments they are due.
        Duration step = total.compareTo(Duration.ofMinutes(10)) <= 0 ? Duration.ofSeconds(1)
            : total.dividedBy(600);
        Duration left = total;
        while (!left.isZero() && !left.isNegative()) {
          Duration now = left.compareTo(step) < 0 ? left : step;
          clock.advance(now);
          runtime.tick();
          left = left.minus(now);
        }
        if (json) {
          out.println("{\"type\":\"clock\",\"now\":" + Json.quote(clock.instant().toString())
              + "}");
        } else {
          out.println("  (the clock is now " + clock.instant() + ")");
        }
      }
      case "mod" -> {
        if (parts.length < 2) {
          throw new IllegalArgumentException(":mod needs a user, such as :mod alice");
        }
        Member moderator = user(unquote(parts[1].strip()));
        moderators.add(moderator.id());
        note(moderator.displayName() + " is a moderator now, and may use /admin");
      }
      case "help" -> {
        for (String help : List.of(
            "Lines are: <user> [#channel] /<command> [subcommand] [option:value ...]  # comment",
            "  alice /party create region:us-e     a user is made when first named",
            "  \"Mary Ann\" /queue join             quote a name with spaces",
            "  bob /party join code:@alice         @alice stands for alice's party's join code",
            "  alice #party /queue join            #party is the user's party channel",
            "  zed /admin cancel match:@alice      @alice stands for alice's open match",
            "  alice /help                         the bot's commands",
            "Directives:",
            "  :wait <duration>    move the clock on, e.g. :wait 30s, :wait 2m",
            "  :mod <user>         make a user a moderator",
            "  :help               this list")) {
          note(help);
        }
      }
      default -> throw new IllegalArgumentException("Unknown directive :" + parts[0]
          + " (known: :wait <duration>, :mod <user>, :help)");
    }
  }

  private void command(String line) {
    List<String> tokens = new ArrayList<>();
    Map<String, String> quoted = new LinkedHashMap<>();
    Matcher m = TOKEN.matcher(line);
    while (m.find()) {
      if (m.group(1) != null) {
        quoted.put(m.group(1), m.group(2));
        tokens.add(m.group(1) + ":");
      } else if (m.group(3) != null) {
        tokens.add(QUOTED_USER + m.group(3));
      } else {
        tokens.add(m.group(4));
      }
    }
    int i = 0;
    Member user = user(unquote(tokens.get(i++)));
    ChannelId channel = runtime.lobby();
    if (i < tokens.size() && tokens.get(i).startsWith("#")) {
      channel = channel(user, tokens.get(i++).substring(1));
    }
    if (i >= tokens.size() || !tokens.get(i).startsWith("/")) {
      throw new IllegalArgumentException("Expected a command such as /party create after the user"
          + " and channel, in: " + line);
    }
    String command = tokens.get(i++).substring(1);
    String sub = "";
    Optional<List<OptionSpec>> found = runtime.catalog().optionsOf(command, "");
    if (found.isEmpty() && i < tokens.size() && !tokens.get(i).contains(":")) {
      sub = tokens.get(i++);
      found = runtime.catalog().optionsOf(command, sub);
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("There is no command /" + command
          + (sub.isEmpty() ? "" : " " + sub) + ".");
    }
    List<OptionSpec> specs = found.get();
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, Member> userOptions = new LinkedHashMap<>();
    for (; i < tokens.size(); i++) {
      String token = tokens.get(i);
      int colon = token.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("Options are name:value; got '" + token + "'.");
      }
      String name = token.substring(0, colon);
      String value = quoted.containsKey(name) ? quoted.get(name) : token.substring(colon + 1);
      String pathName = "/" + command + (sub.isEmpty() ? "" : " " + sub);
      OptionSpec spec = specs.stream().filter(o -> o.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(pathName + " has no option " + name
              + ":; it takes " + describe(specs) + "."));
      if (spec.type() == CommandCatalog.Type.USER) {
        userOptions.put(name, user(value.replaceFirst("^@", "")));
      } else if (name.equals("code") && value.startsWith("@")) {
        // A console convenience: code:@alice is alice's party's join code, so scripts need not
        // know the random codes in advance.
        Member holder = user(value.substring(1));
        options.put(name, runtime.relva().partyOf(holder.id()).map(p -> p.joinCode().display())
            .orElseThrow(() -> new IllegalArgumentException(holder.displayName()
                + " is in no party, so code:@" + holder.displayName() + " names no code.")));
      } else if (name.equals("match") && value.startsWith("@")) {
        // Likewise match:@alice is alice's open match, or else the last one she played, for
        // moderators' scripts.
        Member player = user(value.substring(1));
        Relva relva = runtime.relva();
        options.put(name, relva.openMatchOf(player.id()).or(() -> relva.endedMatchIds().stream()
                .map(relva::match).flatMap(Optional::stream)
                .filter(ended -> ended.hasPlayer(player.id()))
                .max(Comparator.comparing((MatchRecord ended) -> ended.endedAt().orElseThrow())
                    .thenComparing(MatchRecord::id)))
            .map(MatchRecord::id)
            .orElseThrow(() -> new IllegalArgumentException(player.displayName()
                + " has played no match, so match:@" + player.displayName() + " names none.")));
      } else {
        if (!spec.choices().isEmpty() && !spec.choices().contains(value.toLowerCase(
            Locale.ROOT))) {
          throw new IllegalArgumentException(name + ": must be one of "
              + String.join(", ", spec.choices()) + "; got '" + value + "'.");
        }
        options.put(name, value);
      }
    }
    for (OptionSpec spec : specs) {
      if (spec.required() && !options.containsKey(spec.name())
          && !userOptions.containsKey(spec.name())) {
        throw new IllegalArgumentException("/" + command + (sub.isEmpty() ? "" : " " + sub)
            + " needs " + spec.name() + ":.");
      }
    }
    runtime.handle(new Invocation(user, channel, command, sub, options, userOptions,
        moderators.contains(user.id()), moderators.contains(user.id()))).forEach(this::print);
  }

  /** Marks a token that was a quoted user name, so it is never read as a command or option. */
  private static final String QUOTED_USER = "\u0000";

  private static String unquote(String token) {
    if (token.startsWith(QUOTED_USER)) {
      return token.substring(QUOTED_USER.length());
    }
    return token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")
        ? token.substring(1, token.length() - 1) : token;
  }

  private static String describe(List<OptionSpec> specs) {
    return specs.isEmpty() ? "no options" : String.join(", ",
        specs.stream().map(o -> o.name() + ":" + (o.required() ? "" : " (optional)")).toList());
  }

  private Member user(String name) {
    if (!USER.matcher(name).matches() || name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("'" + name + "' is not a console user name (letters of "
          + "any script, digits, spaces, _ . ' -, up to 32; quote a name with spaces)");
    }
    return users.computeIfAbsent(name, n -> Member.of(idOf(n), n));
  }

  /**
   * The same snowflake-like id for the same name in every run, so that a console kept in a file
   * ({@code --data}) knows its players again; another name's id if two names ever hash alike.
   */
  private String idOf(String name) {
    long hash = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
        .getMostSignificantBits() & Long.MAX_VALUE;
    long id = 100_000_000_000_000_000L + hash % 900_000_000_000_000_000L;
    while (taken.contains(id)) {
      id++;
    }
    taken.add(id);
    return Long.toString(id);
  }

  private ChannelId channel(Member user, String name) {
    if (name.equals("party")) {
      Party party = runtime.relva().partyOf(user.id()).orElseThrow(() ->
          new IllegalArgumentException(user.displayName() + " has no party channel: "
              + user.displayName() + " is in no party."));
      return runtime.relva().channel(party.id()).orElseThrow();
    }
    if (name.equals(runtime.lobby().value())) {
      return runtime.lobby();
    }
    return channels.byName(name).orElse(ChannelId.of(name));
  }

  private void print(BotMessage message) {
    if (message.error()) {
      lineError = message.text(); // the line's acknowledgement carries it, in --json
    }
    if (json) {
      StringBuilder b = new StringBuilder("{\"type\":\"message\"");
      message.channel().ifPresent(c -> b.append(",\"channel\":").append(Json.quote(
          channels.displayName(c, lobby))));
      message.to().ifPresent(u -> b.append(",\"to\":").append(Json.quote(nameOf(u))));
      b.append(",\"ephemeral\":").append(message.ephemeral());
      b.append(",\"text\":").append(Json.quote(message.text()));
      message.readyCheck().ifPresent(match -> {
        b.append(",\"match\":").append(Json.quote(match.id())).append(",\"teams\":[");
        for (int t = 0; t < match.teams().size(); t++) {
          b.append(t == 0 ? "" : ",").append('[');
          List<String> names = new ArrayList<>();
          for (QueueEntry e : match.teams().get(t)) {
            e.entity().members().forEach(p -> names.add(Json.quote(p.displayName())));
          }
          b.append(String.join(",", names)).append(']');
        }
        b.append(']');
      });
      out.println(b.append('}'));
      return;
    }
    String where = message.channel().map(c -> "[#" + channels.displayName(c, lobby)
        + message.board().map(b -> ", live " + b).orElse("") + "]").orElseGet(() -> "[to " + nameOf(message.to().orElseThrow()) + ", only they see]");
    String text = message.text().replace("\n", "\n    ");
    out.println("  " + where + (message.error() ? " ! " : " ") + text);
  }

  private void ack(String line, boolean ok, String error) {
    if (json) {
      out.println("{\"type\":\"ack\",\"line\":" + lineNumber + ",\"input\":" + Json.quote(line)
          + ",\"ok\":" + ok + (ok ? "" : ",\"error\":" + Json.quote(error)) + "}");
    }
  }

  private String nameOf(UserId id) {
    return users.values().stream().filter(m -> m.id().equals(id)).map(Member::displayName)
        .findFirst().orElse(id.value());
  }

  /** The console's virtual time, moved only by {@code :wait}. */
  static final class ConsoleClock extends Clock {
    private final AtomicReference<Instant> now;

    ConsoleClock(Instant start) {
      this.now = new AtomicReference<>(requireNonNull(start, "start"));
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the console's clock is in UTC");
    }
  }

  /**
   * The console guild's party channels: one per party, named {@code Party [K8d0wl5]} as the bot's
   * private threads are, and announced as they open and close.
   */
  static final class ConsoleChannels implements PartyChannels {
    private final Consumer<String> note;
    private final Map<ChannelId, String> names = new LinkedHashMap<>();
    private final Map<ChannelId, Set<UserId>> access = new LinkedHashMap<>();

    ConsoleChannels(Consumer<String> note) {
      this.note = note;
    }

    @Override
    public synchronized ChannelId open(EntityId party, String name, Member leader) {
      ChannelId id = ChannelId.of("party-" + party.value());
      names.put(id, name);
      access.put(id, new HashSet<>(Set.of(leader.id())));
      note.accept("channel " + name + " opened, visible to " + leader.displayName());
      return id;
    }

    @Override
    public synchronized void grant(ChannelId channel, Member member) {
      access.computeIfAbsent(channel, c -> new HashSet<>()).add(member.id());
    }

    @Override
    public synchronized void revoke(ChannelId channel, UserId user) {
      access.computeIfAbsent(channel, c -> new HashSet<>()).remove(user);
    }

    @Override
    public synchronized void close(ChannelId channel) {
      String name = names.remove(channel);
      access.remove(channel);
      if (name != null) {
        note.accept("channel " + name + " closed");
      }
    }

    synchronized Optional<ChannelId> byName(String name) {
      return names.entrySet().stream()
          .filter(e -> e.getValue().equals(name) || e.getKey().value().equals(name))
          .map(Map.Entry::getKey).findFirst();
    }

    synchronized String displayName(ChannelId channel, ChannelId lobby) {
      return channel.equals(lobby) ? lobby.value() : names.getOrDefault(channel, channel.value());
    }
  }

  /**
   * With {@code RELVA_VOICE}: notes the team voice channels the bot would make on Discord when a
   * match's teams are set, who it would move, and that they would be deleted when it ends.
   */
  private void showVoice(BotRuntime runtime, BotConfig config) {
    BotConfig.Voice voice = config.voice();
    String category = Long.toUnsignedString(voice.category().orElseThrow());
    String moderators = config.moderatorRole().map(r -> " and the role " + r).orElse("");
    VoiceChannels.whenTeamsSet(runtime.relva(), match -> {
      for (VoiceChannels.TeamChannel team : VoiceChannels.plan(match)) {
        note("voice channel " + team.name() + " would be created in category " + category
            + ", visible to " + String.join(", ", team.players().stream()
                .map(Member::displayName).toList()) + moderators);
      }
      voice.waitingRoom().ifPresent(room -> note("players in waiting room "
          + Long.toUnsignedString(room) + " would be moved into their team's voice channel"));
    });
    runtime.relva().events().subscribe(MatchEvent.Finished.class,
        e -> note("the voice channels of match " + e.match().id() + " would be deleted"));
    runtime.relva().events().subscribe(MatchEvent.Cancelled.class,
        e -> note("the voice channels of match " + e.match().id() + " would be deleted"));
  }
}

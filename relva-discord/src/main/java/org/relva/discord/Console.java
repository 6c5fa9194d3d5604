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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.relva.core.PartyChannels;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.discord.CommandCatalog.OptionSpec;

/**
 * The offline console: the bot's whole command layer, with in-memory stores, against a guild that
 * exists only in this process. It reads lines such as
 * {@code alice #kiwipugs /party create region:us-e} and prints every message the bot sends, saying
 * where it went.
 *
 * <p>A line is {@code <user> [#channel] /<command> [subcommand] [option:value ...]}. The channel
 * defaults to the lobby; {@code #party} is the user's own party channel. A user option names
 * another console user; users come into being when first named; {@code code:@alice} stands for
 * alice's party's join code, so scripts need not know the random codes. Option values with spaces
 * are quoted: {@code reason:"spam in chat"}. Lines starting with {@code :} are directives:
 * {@code :wait <duration>} moves the console's clock on (ready-check timeouts, rating-window and
 * region expansions), {@code :mod <user>} makes a user a moderator. {@code #} starts a comment.
 *
 * <p>With {@code --json} it prints one JSON object per bot message and one acknowledgement per
 * input line instead. Not thread-safe: one console reads one input.
 */
final class Console {
  private static final Pattern TOKEN = Pattern.compile("([a-z-]+):\"([^\"]*)\"|(\\S+)");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private final BotRuntime runtime;
  private final ConsoleClock clock;
  private final PrintStream out;
  private final boolean json;
  private final Map<String, Member> users = new LinkedHashMap<>();
  private final Set<UserId> moderators = new HashSet<>();
  private final ConsoleChannels channels;
  private final AtomicLong nextUser = new AtomicLong(100_000_000_000_000_001L);
  private int lineNumber;

  private Console(BotConfig config, PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
    this.clock = new ConsoleClock(Instant.parse("2026-01-01T18:00:00Z"));
    this.channels = new ConsoleChannels(note -> {
      if (!json) {
        out.println("  (" + note + ")");
      }
    });
    // Seeded: the console is for trying and for scripts, whose output should repeat. A real
    // guild's ids and join codes come from a SecureRandom.
    this.runtime = BotRuntime.startConsole(config, channels, clock, new SplittableRandom(1), this::print);
  }

  /** Runs the console over {@code in} until its end; returns the exit status (0). */
  static int run(BotConfig config, BufferedReader in, PrintStream out, boolean json)
      throws IOException {
    Console console = new Console(config, out, json);
    if (!json) {
      out.println("Relva console: " + config.regions().describe() + "; "
          + Wording.format(config.format())
          + "; lobby #" + config.lobby() + ". Type lines like: alice /party create region:"
          + config.regions().defaultRegion() + "   (end with Ctrl-D)");
    }
    String line;
    while ((line = in.readLine()) != null) {
      console.accept(line);
    }
    console.runtime.stop();
    return 0;
  }

  /** Handles one input line. */
  void accept(String raw) {
    lineNumber++;
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return;
    }
    if (!json) {
      out.println("> " + line);
    }
    try {
      if (line.startsWith(":")) {
        directive(line);
      } else {
        command(line);
      }
      ack(line, true, "");
    } catch (IllegalArgumentException e) {
      if (json) {
        ack(line, false, e.getMessage());
      } else {
        out.println("  ! " + e.getMessage());
      }
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
        if (!json) {
          out.println("  (the clock is now " + clock.instant() + ")");
        }
      }
      case "mod" -> {
        if (parts.length < 2) {
          throw new IllegalArgumentException(":mod needs a user, such as :mod alice");
        }
        moderators.add(user(parts[1].strip()).id());
      }
      default -> throw new IllegalArgumentException("Unknown directive :" + parts[0]
          + " (known: :wait <duration>, :mod <user>)");
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
      } else {
        tokens.add(m.group(3));
      }
    }
    int i = 0;
    Member user = user(tokens.get(i++));
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
        // Likewise match:@alice is alice's open match, for moderators' scripts.
        Member player = user(value.substring(1));
        options.put(name, runtime.relva().openMatchOf(player.id()).map(MatchRecord::id)
            .orElseThrow(() -> new IllegalArgumentException(player.displayName()
                + " is in no open match, so match:@" + player.displayName() + " names none.")));
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
        moderators.contains(user.id()))).forEach(this::print);
  }

  private static String describe(List<OptionSpec> specs) {
    return specs.isEmpty() ? "no options" : String.join(", ",
        specs.stream().map(o -> o.name() + ":" + (o.required() ? "" : " (optional)")).toList());
  }

  private Member user(String name) {
    if (!USER.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a console user name (letters, "
          + "digits, _ . -, up to 32)");
    }
    return users.computeIfAbsent(name,
        n -> Member.of(Long.toString(nextUser.getAndIncrement()), n));
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
    if (json) {
      StringBuilder b = new StringBuilder("{\"type\":\"message\"");
      message.channel().ifPresent(c -> b.append(",\"channel\":").append(Json.quote(
          channels.displayName(c, runtime.lobby()))));
      message.to().ifPresent(u -> b.append(",\"to\":").append(Json.quote(nameOf(u))));
      b.append(",\"ephemeral\":").append(message.ephemeral());
      b.append(",\"error\":").append(message.error());
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
    String where = message.channel().map(c -> "[#" + channels.displayName(c, runtime.lobby())
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
}

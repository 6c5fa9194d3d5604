package org.relva.discord;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore;

/**
 * Relva's launcher, the one way into the bot.
 *
 * <pre>
 * java -jar relva-bot.jar [--config relva.properties]                    the Discord bot
 * java -jar relva-bot.jar --console [--json] [--data FILE] [--config F]   the offline console
 * java -jar relva-bot.jar --backup FILE [--config relva.properties]      a copy of relva.db
 * java -jar relva-bot.jar --forget-server ID [--config relva.properties] delete a server's state
 * </pre>
 *
 * <p>Without {@code --console} it connects to Discord with {@code DISCORD_TOKEN} and serves every
 * server the bot is in, or only {@code RELVA_GUILD_ID} when set. {@code --console} runs the
 * whole command layer against an offline console guild, reading commands from standard input
 * until its end (see {@link Console} for the line format); it needs no Discord token. {@code --json} prints machine-readable lines instead. Settings come from
 * environment variables and the optional properties file ({@link BotConfig}); a bad one stops the
 * launcher with a message naming it and exit status 2.
 *
 * <p>{@link #startAt} is the one other way in: the bot against a Discord at other addresses, for
 * benchmarks and tests outside this module (the bot's own tests reach its package-private classes
 * directly). It is deliberately narrow, settings in and a handle to stop it out, so that the
 * module's public surface stays this class.
 */
public final class RelvaBot {
  private RelvaBot() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getenv(), new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, System.err,
        System.console() != null));
  }

  /**
   * Starts the Discord bot against a Discord served at other addresses, such as the testkit's
   * {@code LocalDiscord}, and returns once it serves the server; closing the handle stops it (a
   * notice in the lobby, then JDA shut down). JDA's REST client sends to {@code restUrl}, which
   * stands for {@code https://discord.com/api/v10/}, and its gateway connects to
   * {@code gatewayUrl} with plain JSON frames. {@code settings} are named as the environment
   * variables are ({@code DISCORD_TOKEN}, {@code RELVA_GUILD_ID}, {@code RELVA_REGIONS}, ...);
   * the timings are production's. The state is kept where {@code RELVA_DATA} or
   * {@code RELVA_DATABASE_URL} say, and in memory only when neither is set. Unlike {@link #main},
   * it installs no shutdown hook.
   *
   * @throws RuntimeException if a setting is bad or the bot cannot start; the message says which
   *     and why, as the launcher would print it
   */
  public static AutoCloseable startAt(Map<String, String> settings, String restUrl,
      String gatewayUrl) {
    DiscordBot.Link production = DiscordBot.Link.DISCORD;
    BotConfig config = BotConfig.load(settings, Optional.empty());
    DiscordBot bot = DiscordBot.start(config, DiscordBot.Link.at(restUrl, gatewayUrl,
        production.requestTimeout(), production.tick(), production.orphanAge()),
        Journals.open(config.storage(), false));
    return bot::stop;
  }

  /** Runs the launcher with input from a script (not a terminal); returns its exit status. */
  static int run(String[] args, Map<String, String> env, BufferedReader in, PrintStream out,
      PrintStream err) throws Exception {
    return run(args, env, in, out, err, false);
  }

  /**
   * Runs the launcher; returns its exit status. {@code terminal}: standard input is a person at
   * a terminal, so the console prompts and does not echo their lines.
   */
  static int run(String[] args, Map<String, String> env, BufferedReader in, PrintStream out,
      PrintStream err, boolean terminal) throws Exception {
    boolean console = false;
    boolean json = false;
    Optional<Path> file = Optional.empty();
    Optional<Path> data = Optional.empty();
    Optional<Path> backup = Optional.empty();
    Optional<String> forget = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--console" -> console = true;
        case "--json" -> json = true;
        case "--config" -> {
          if (i + 1 >= args.length) {
            err.println("--config needs a file: --config relva.properties");
            return 2;
          }
          file = Optional.of(Path.of(args[++i]));
        }
        case "--data" -> {
          if (i + 1 >= args.length) {
            err.println("--data needs a file: --data relva.db");
            return 2;
          }
          data = Optional.of(Path.of(args[++i]));
        }
        case "--backup" -> {
          if (i + 1 >= args.length) {
            err.println("--backup needs a file to write: --backup relva-2026-12-06.db");
            return 2;
          }
          backup = Optional.of(Path.of(args[++i]));
        }
        case "--forget-server" -> {
          if (i + 1 >= args.length || !args[i + 1].matches("[0-9]{17,20}")) {
            err.println("--forget-server needs a server id, 17 to 20 digits: --forget-server "
                + "123456789012345678");
            return 2;
          }
          forget = Optional.of(args[++i]);
        }
        case "--help", "-h" -> {
          out.println(usage());
          return 0;
        }
        default -> {
          err.println("Unknown argument '" + args[i] + "'.\n" + usage());
          return 2;
        }
      }
    }
    if (json && !console) {
      err.println("Relva cannot start: --json is an output of the console; run --console --json "
          + "(or leave out --json to run the Discord bot).");
      return 2;
    }
    BotConfig config;
    try {
      config = BotConfig.load(env, file, err::println);
      if (!console && backup.isEmpty() && forget.isEmpty()) {
        config.requireDiscord();
      }
    } catch (BotConfig.ConfigException e) {
      e.problems().forEach(problem -> err.println("Relva cannot start: " + problem));
      return 2;
    } catch (RuntimeException e) {
      // A setting no check above foresaw: still one line, never a stack trace.
      err.println("Relva cannot start: " + e.getMessage());
      return 2;
    }
    BotConfig.Storage storage = data.map(config.storage()::withData).orElse(config.storage());
    if (backup.isPresent()) {
      return backup(storage, backup.get(), out, err);
    }
    if (forget.isPresent()) {
      return forget(storage, forget.get(), out, err);
    }
    StateJournal journal;
    try {
      journal = Journals.open(storage, !console);
    } catch (StorageException e) {
      err.println("Relva cannot start: " + e.getMessage());
      return 2;
    }
    String kept = journal.isDurable() ? "state kept in " + describe(storage)
        : "state kept in memory only";
    if (console) {
      err.println("Relva: offline console" + (json ? " (JSON lines)" : "") + ", reading commands "
          + "from standard input; no Discord; " + kept + ".");
      return Console.run(config, in, out, json, terminal, journal);
    }
    err.println("Relva: Discord bot for " + config.guildId().map(id -> "server " + id)
        .orElse("every server it is in") + " (" + config.sharding() + "), connecting; " + kept
        + ".");
    return DiscordBot.run(config, err, journal);
  }

  /**
   * {@code --backup FILE}: a consistent copy of the bot's SQLite file, written while the bot runs
   * (or not); PostgreSQL is backed up with its own tools.
   */
  private static int backup(BotConfig.Storage storage, Path target, PrintStream out,
      PrintStream err) {
    if (storage.databaseUrl().isPresent()) {
      err.println("Relva cannot back up: RELVA_DATABASE_URL names a PostgreSQL database; back "
          + "it up with pg_dump (OPERATOR.md, Keeping state).");
      return 2;
    }
    Path db = storage.data().orElse(Journals.BOT_DEFAULT);
    try {
      RelvaStore.backupSqlite(db, target);
    } catch (StorageException e) {
      err.println("Relva cannot back up: " + e.getMessage());
      return 2;
    }
    out.println("Backed up " + db + " to " + target + ". To restore it, stop the bot and put "
        + "the copy in place of " + db + ".");
    return 0;
  }

  /**
   * {@code --forget-server ID}: deletes everything kept of server {@code id} (its parties, queue,
   * matches, ratings, bans and history), for a server the bot has left for good. With SQLite the
   * bot must be stopped (the file's lock says so); with PostgreSQL, a process still serving the
   * server can no longer save its state there.
   */
  private static int forget(BotConfig.Storage storage, String id, PrintStream out,
      PrintStream err) {
    StateJournal journal;
    try {
      journal = Journals.open(storage, true);
    } catch (StorageException e) {
      err.println("Relva cannot forget server " + id + ": " + e.getMessage());
      return 2;
    }
    try {
      if (!(journal instanceof RelvaStore store)) {
        err.println("Relva cannot forget server " + id + ": no database is set.");
        return 2;
      }
      int rows = store.forgetScope(id);
      out.println(rows == 0 ? "Relva keeps nothing of server " + id + " in " + describe(storage)
          + "." : "Forgot server " + id + ": deleted " + rows + " entries from "
          + describe(storage) + ".");
      return 0;
    } catch (StorageException e) {
      err.println("Relva cannot forget server " + id + ": " + e.getMessage());
      return 2;
    } finally {
      journal.close();
    }
  }

  private static String describe(BotConfig.Storage storage) {
    return storage.databaseUrl().isPresent() || storage.data().isPresent() ? storage.toString()
        : storage.withData(Journals.BOT_DEFAULT).toString();
  }

  private static String usage() {
    return "Usage: java -jar relva-bot.jar [--console [--json]] [--config relva.properties]\n"
        + "  (no flag)  run the Discord bot: set DISCORD_TOKEN (and RELVA_GUILD_ID to serve one "
        + "server only)\n"
        + "  --console  play with the bot offline: type lines like\n"
        + "             alice /party create region:us-e\n"
        + "             bob /party join code:ABCD-EFGH\n"
        + "             alice #party /queue join\n"
        + "             :wait 30s\n"
        + "  --json     with --console: one JSON object per bot message and per input line\n"
        + "  --data     with --console: keep the state in this SQLite file (RELVA_DATA)\n"
        + "  --backup   write a consistent copy of the bot's SQLite file (RELVA_DATA) to a new "
        + "file, while the bot runs\n"
        + "  --forget-server ID  delete everything kept of a server the bot has left\n"
        + "  --config   a properties file of settings (environment variables win)";
  }
}

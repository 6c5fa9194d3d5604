package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.relva.core.Outcome;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;
import org.relva.core.model.ResultCorrection;
import org.relva.core.model.UserId;
import org.relva.core.store.StorageException;
import org.jspecify.annotations.Nullable;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.stats.PlayerStats;

/**
 * Turns an {@link Invocation} into calls on the core and its answers into messages. No rule lives
 * here: who may do what, and where, is the core's to decide (even whether "/queue join" means the
 * party or the user alone); this class only routes and reads the options, and {@link Wording} words
 * the results. Replies to the user who ran a command are ephemeral; what others need to know (a
 * member joined, a match popped) is announced by the {@link Announcer} from the core's events.
 *
 * <p>This class is thread-safe if the core is: it keeps no state of its own.
 */
final class CommandLayer {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
  private static final Pattern TEAM = Pattern.compile("team(\\d+)");

  private final Relva relva;
  private final Standings standings;
  private final Wording words;
  private final CommandCatalog catalog;
  private final Setup setup;
  private final Queues queues;

  /** Each queue's matchmaking settings and analytics. */
  interface Queues {
    MatchmakingConfig matchmaking(QueueId queue);

    QueueAnalytics analytics(QueueId queue);
  }

  /**
   * The server's setup, as {@code /setup} reads and changes it: the bot's runtime keeps it in the
   * server's journal and applies it.
   */
  interface Setup {
    /** What is set now. */
    ServerSetup current();

    /**
     * Applies {@code edit} to the setup now, checks the result as start-up checks settings (and
     * against the running server), keeps it, and applies it from now on; returns it. One edit at
     * a time, so two admins' changes never overwrite each other.
     *
     * @throws BotConfig.ConfigException naming each bad setting; nothing was kept
     * @throws IllegalArgumentException if {@code edit} refuses; nothing was kept
     * @throws StorageException if it could not be kept; nothing changed
     */
    ServerSetup save(java.util.function.UnaryOperator<ServerSetup> edit);
  }

  CommandLayer(Relva relva, Standings standings, Wording words, CommandCatalog catalog,
      Setup setup, Queues queues) {
    this.relva = requireNonNull(relva, "relva");
    this.standings = requireNonNull(standings, "standings");
    this.words = requireNonNull(words, "words");
    this.catalog = requireNonNull(catalog, "catalog");
    this.setup = requireNonNull(setup, "setup");
    this.queues = requireNonNull(queues, "queues");
  }

  /** What the bot answers {@code call}. Never throws for bad input: it answers with why. */
  List<BotMessage> handle(Invocation call) {
    try {
      return switch (call.command()) {
        case "party" -> party(call);
        case "queue" -> queue(call);
        case "match" -> match(call);
        case "sub" -> sub(call);
        case "stats" -> {
          Member player = call.userOption("user").orElse(call.user());
          yield List.of(reply(call, words.player(player, standings.stats(player, regionOf(call)))));
        }
        case "leaderboard" -> leaderboard(call);
        case "help" -> List.of(reply(call, words.help(catalog, call.moderator())));
        case "admin" -> admin(call);
        case "setup" -> setup(call);
        default -> refuse(call, words.noSuchCommand("/" + call.command()));
      };
    } catch (IllegalArgumentException e) {
      return refuse(call, e.getMessage());
    } catch (StorageException e) {
      // A read of the history the database did not answer; changes answer for themselves.
      return refuse(call, words.storageUnreadable());
    }
  }

  private List<BotMessage> party(Invocation call) {
    UserId user = call.user().id();
    ChannelId from = call.channel();
    return switch (call.subcommand()) {
      case "create" -> answer(call, relva.createParty(call.user(), from,
          call.option("region").orElse(null)), words::partyMade);
      case "join" -> answer(call, relva.joinParty(call.user(), from, required(call, "code")),
          words::joinedParty);
      case "leave" -> answer(call, relva.leaveParty(user, from), words::departed);
      case "disband" -> answer(call, relva.disbandParty(user, from), words::disbanded);
      case "kick" -> answer(call, relva.removeMember(user, from, target(call).id()), words::kicked);
      case "promote" -> answer(call, relva.promote(user, from, target(call).id()), words::promoted);
      case "code" -> answer(call, relva.newJoinCode(user, from), words::newCode);
      case "region" -> answer(call, relva.changePartyRegion(user, from,
          required(call, "region")), words::regionChanged);
      case "info" -> answer(call, relva.partyInfo(user, from), words::partyInfo);
      case "stats" -> answer(call, relva.partyStats(user, from), stats -> words.partyStats(stats,
          stats.party().members().stream()
              .map(m -> words.player(m, standings.stats(m, stats.party().region()))).toList()));
      default -> unknown(call);
    };
  }

  private List<BotMessage> queue(Invocation call) {
    UserId user = call.user().id();
    ChannelId from = call.channel();
    return switch (call.subcommand()) {
      case "join" -> answer(call, relva.enqueue(call.user(), from, queueOf(call),
          call.option("region").orElse(null)), entry -> relva.openMatchOf(user)
              .filter(m -> m.state() == MatchRecord.State.POPPED)
              .map(words::queuedAndPopped)
              .orElseGet(() -> words.queued(entry, waiting(entry))));
      case "leave" -> answer(call, relva.dequeue(user, from, queueOf(call)), words::leftQueue);
      case "status" -> {
        QueueSpec spec = queueSpec(call);
        yield List.of(reply(call, words.queueStatus(relva.openMatchOf(user),
            relva.queueEntryOf(user), QueueBoard.of(relva.queue(spec.id()), spec.regions(),
                queues.matchmaking(spec.id())))));
      }
      case "stats" -> {
        QueueAnalytics of = queues.analytics(queueSpec(call).id());
        yield List.of(reply(call, words.queueStats(call.option("region").isPresent()
            ? List.of(of.stats(region(call.option("region").get()))) : of.stats())));
      }
      default -> unknown(call);
    };
  }

  /**
   * The queue {@code /queue status} or {@code stats} is about: the one named, else the lobby's
   * the call came from, else the default.
   */
  private QueueSpec queueSpec(Invocation call) {
    QueueId named = queueOf(call);
    if (named != null) {
      return relva.config().queue(named).orElseThrow(() -> new IllegalArgumentException(
          words.noSuchQueue(named.value(), relva.config().queueNames())));
    }
    return relva.config().queueAt(call.channel()).orElse(relva.config().defaultQueue());
  }

  /** The queue a call names, if it names one (the core refuses one it does not know). */
  private static @Nullable QueueId queueOf(Invocation call) {
    return call.option("queue").map(q -> QueueId.of(q.toLowerCase(Locale.ROOT))).orElse(null);
  }

  /**
   * {@code /setup}: members with Manage Server change the server's settings and queues; each
   * change is checked as at start-up, kept, and applied at once.
   */
  private List<BotMessage> setup(Invocation call) {
    if (!call.manager()) {
      return refuse(call, words.setupNotAllowed());
    }
    java.util.function.UnaryOperator<ServerSetup> edit;
    switch (call.subcommand()) {
      case "show" -> {
        return List.of(reply(call, words.setup(setup.current(), relva.config())));
      }
      case "set" -> {
        BotConfig.Setting setting = ServerSetup.setting(required(call, "setting"),
            ServerSetup.SERVER);
        String value = required(call, "value");
        edit = now -> now.with(setting, value);
      }
      case "reset" -> {
        BotConfig.Setting setting = ServerSetup.setting(required(call, "setting"),
            ServerSetup.SERVER);
        edit = now -> now.without(setting);
      }
      case "queue-add" -> {
        String name = required(call, "name");
        String lobby = required(call, "lobby");
        edit = now -> now.withQueue(name, lobby);
      }
      case "queue-set" -> {
        BotConfig.Setting setting = ServerSetup.setting(required(call, "setting"),
            ServerSetup.QUEUE);
        String value = required(call, "value");
        edit = now -> now.inQueue(knownQueue(now, call), setting, value);
      }
      case "queue-reset" -> {
        BotConfig.Setting setting = ServerSetup.setting(required(call, "setting"),
            ServerSetup.QUEUE);
        edit = now -> now.notInQueue(knownQueue(now, call), setting);
      }
      case "queue-remove" -> edit = now -> now.withoutQueue(knownQueue(now, call));
      default -> {
        return unknown(call);
      }
    }
    ServerSetup next;
    try {
      next = setup.save(edit);
    } catch (BotConfig.ConfigException e) {
      return refuse(call, words.setupRefused(e.problems()));
    }
    return List.of(reply(call, words.setupSaved(call.subcommand(), next)));
  }

  /** The queue {@code /setup queue-*} names, which must be one of the server's own. */
  private QueueId knownQueue(ServerSetup now, Invocation call) {
    QueueId id = QueueId.of(required(call, "name").toLowerCase(Locale.ROOT));
    if (!now.queues().contains(id)) {
      throw new IllegalArgumentException(words.noSuchSetupQueue(id, now.queues()));
    }
    return id;
  }

  private List<BotMessage> match(Invocation call) {
    UserId user = call.user().id();
    Optional<String> id = call.option("match").or(() -> relva.openMatchOf(user)
        .map(MatchRecord::id));
    if (id.isEmpty()) {
      return refuse(call, words.noOpenMatch());
    }
    // These act on the caller's open match: one named (a button of an older match, most often)
    // must be it.
    Optional<String> open = relva.openMatchOf(user).map(MatchRecord::id);
    if (List.of("vote", "captain", "pick").contains(call.subcommand()) && open.isPresent()
        && !open.get().equals(id.get().strip())) {
      return refuse(call, words.notYourOpenMatch(id.get().strip(), open.get()));
    }
    return switch (call.subcommand()) {
      case "accept" -> answer(call, relva.acceptMatch(user, id.get()), words::accepted);
      case "decline" -> answer(call, relva.declineMatch(user, id.get()), words::declined);
      case "report" -> answer(call, relva.reportResult(user, id.get(), result(call)),
          words::reported);
      case "vote" -> answer(call, relva.voteMap(user, required(call, "map")),
          poll -> words.voted(poll, user));
      case "captain" -> answer(call, relva.volunteerCaptain(user), words::volunteered);
      case "pick" -> {
        // A user option from /match pick, or the id a draft's button carries.
        UserId target = call.userOption("player").map(Member::id)
            .or(() -> call.option("player").map(UserId::of))
            .orElseThrow(() -> new IllegalArgumentException(words.needsOption(call.path(),
                "player")));
        yield answer(call, relva.pick(user, target), m -> words.picked(m, target));
      }
      case "info" -> relva.match(id.get().strip())
          .map(m -> List.of(reply(call, words.history(m,
              Optional.ofNullable(relva.corrections().get(m.id())),
              relva.draft(m.id()).filter(DraftBoard::isPicking)))))
          .orElseGet(() -> refuse(call, words.noSuchMatch(id.get().strip())));
      default -> unknown(call);
    };
  }

  private List<BotMessage> sub(Invocation call) {
    return switch (call.subcommand()) {
      case "request" -> answer(call, relva.requestSub(call.user().id()),
          m -> words.subAsked(m, call.user()));
      case "take" -> answer(call, relva.takeSub(call.user(), member(call, "player").id()),
          m -> words.subbedIn(m, call.user()));
      default -> unknown(call);
    };
  }

  private List<BotMessage> leaderboard(Invocation call) {
    QueueId queue = Optional.ofNullable(queueOf(call)).orElse(QueueId.DEFAULT);
    if (relva.config().queue(queue).isEmpty()) {
      return refuse(call, words.noSuchQueue(queue.value(), relva.config().queueNames()));
    }
    Standings ladder = standings.of(queue);
    if (!ladder.perRegion() && call.option("region").isPresent()) {
      return refuse(call, words.ratingsAreGlobal());
    }
    Region region = regionOf(call);
    return List.of(reply(call, words.leaderboard(
        ladder.perRegion() ? Optional.of(region) : Optional.empty(),
        ladder.leaderboard(region, 10), ladder::nameOf)));
  }

  private List<BotMessage> admin(Invocation call) {
    if (!call.moderator()) {
      return refuse(call, words.moderatorsOnly());
    }
    return switch (call.subcommand()) {
      case "clear-queue" -> List.of(reply(call, words.queueCleared(relva.clearQueue().size())));
      case "disband" -> {
        Member target = target(call);
        Optional<Party> party = relva.partyOf(target.id());
        if (party.isEmpty()) {
          yield refuse(call, words.inNoParty(target));
        }
        yield answer(call, relva.disbandAsModerator(party.get().id()), words::disbanded);
      }
      case "cancel" -> {
        String id = required(call, "match");
        String players = call.option("players").orElse("queue").toLowerCase(Locale.ROOT);
        if (!players.equals("queue") && !players.equals("out")) {
          yield refuse(call, words.badCancelChoice(players));
        }
        boolean requeue = players.equals("queue");
        boolean readyCheck = relva.match(id.strip())
            .map(m -> m.state() == MatchRecord.State.POPPED).orElse(false);
        yield answer(call, relva.cancelMatch(id, "a moderator cancelled it", requeue),
            m -> words.cancelled(m, requeue, readyCheck));
      }
      case "result" -> {
        String id = required(call, "match");
        MatchResult result = result(call);
        boolean finished = relva.match(id.strip())
            .filter(m -> m.state() == MatchRecord.State.FINISHED).isPresent();
        yield finished
            ? answer(call, relva.correctResult(id, result, call.user(),
                call.option("reason").orElse("")), m -> words.corrected(m, lastCorrection(m)))
            : answer(call, relva.setResult(id, result), words::over);
      }
      case "sub" -> {
        Member out = member(call, "out");
        Member in = member(call, "in");
        yield answer(call, relva.substitute(out.id(), in), m -> words.substituted(m, out, in));
      }
      case "history" -> {
        String id = required(call, "match").strip();
        yield relva.match(id)
            .map(m -> List.of(reply(call, words.history(m,
                Optional.ofNullable(relva.corrections().get(m.id()))))))
            .orElseGet(() -> refuse(call, words.noSuchMatch(id)));
      }
      case "rating" -> {
        Member target = target(call);
        double value;
        try {
          value = Double.parseDouble(required(call, "value"));
        } catch (NumberFormatException e) {
          yield refuse(call, words.notANumber());
        }
        if (!Double.isFinite(value) || value < 0 || value > 5_000) {
          yield refuse(call, words.badRating(value));
        }
        standings.setRating(target, call.option("region").map(this::region), value);
        yield List.of(reply(call, words.ratingSet(target, value)));
      }
      case "ban" -> {
        Member target = target(call);
        Duration duration = duration(required(call, "duration"));
        yield answer(call, relva.banFromQueue(target.id(), duration,
            call.option("reason").orElse("")), until -> words.banned(target, until));
      }
      case "unban" -> {
        Member target = target(call);
        yield answer(call, relva.liftBan(target.id()), u -> words.unbanned(target));
      }
      default -> unknown(call);
    };
  }

  // ---------------------------------------------------------------------------------------------

  /** The players waiting in {@code entry}'s queue and region, {@code entry}'s included. */
  private long waiting(QueueEntry entry) {
    return relva.queue(entry.queue()).stream().filter(e -> e.region().equals(entry.region()))
        .mapToLong(e -> e.entity().size()).sum();
  }

  private Region regionOf(Invocation call) {
    return call.option("region").map(this::region).orElseGet(() -> relva.partyOf(call.user().id())
        .map(Party::region).orElse(relva.config().regions().defaultRegion()));
  }

  private Region region(String input) {
    return relva.config().regions().find(input)
        .orElseThrow(() -> new IllegalArgumentException(words.unknownRegion(input)));
  }

  private Member target(Invocation call) {
    return call.userOption("user").orElseThrow(() -> new IllegalArgumentException(
        words.needsUser(call.path())));
  }

  private Member member(Invocation call, String option) {
    return call.userOption(option).orElseThrow(() -> new IllegalArgumentException(
        words.needsOption(call.path(), option)));
  }

  private String required(Invocation call, String option) {
    return call.option(option).orElseThrow(() -> new IllegalArgumentException(
        words.needsOption(call.path(), option)));
  }

  private ResultCorrection lastCorrection(MatchRecord match) {
    List<ResultCorrection> all = relva.corrections().get(match.id()).corrections();
    return all.get(all.size() - 1);
  }

  private MatchResult result(Invocation call) {
    String value = required(call, "result").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "team1", "1" -> MatchResult.win(0);
      case "team2", "2" -> MatchResult.win(1);
      case "draw" -> MatchResult.draw();
      default -> {
        Matcher team = TEAM.matcher(value);
        if (team.matches() && Integer.parseInt(team.group(1)) >= 1) {
          yield MatchResult.win(Integer.parseInt(team.group(1)) - 1);
        }
        throw new IllegalArgumentException(words.badResult(value));
      }
    };
  }

  /** Parses {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d} or {@code 1h30m}. */
  static Duration duration(String input) {
    String text = input.strip().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end && !text.substring(end, m.start()).isBlank()) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(Wording.badDuration(input));
    }
    return total;
  }

  private <T> List<BotMessage> answer(Invocation call, Outcome<T> outcome,
      Function<T, String> reply) {
    return outcome.isSuccess() ? List.of(reply(call, reply.apply(outcome.orElseThrow())))
        : refuse(call, words.refusal(outcome.failure().orElseThrow(), call.user().id()));
  }

  private static BotMessage reply(Invocation call, String text) {
    return BotMessage.reply(call.user().id(), text);
  }

  private static List<BotMessage> refuse(Invocation call, String text) {
    return List.of(BotMessage.refusal(call.user().id(), text));
  }

  private List<BotMessage> unknown(Invocation call) {
    return refuse(call, words.noSuchCommand(call.path()));
  }

  /** The ratings side of the bot: what /stats, /leaderboard and /admin rating read and change. */
  interface Standings {
    /** {@code player}'s rating and record in {@code region} (or overall, with global ratings). */
    PlayerStats stats(Member player, Region region);

    /** Whether ratings are kept per region. */
    boolean perRegion();

    /** The best {@code limit} players in {@code region} (or overall, with global ratings). */
    List<PlayerStats> leaderboard(Region region, int limit);

    /** The name to show for {@code user}. */
    String nameOf(UserId user);

    /** Sets {@code player}'s rating to {@code value} (0 to 5000), in {@code region} if per region. */
    void setRating(Member player, Optional<Region> region, double value);

    /** The standings of the ladder queue {@code queue} is rated on (the server's, by default). */
    default Standings of(QueueId queue) {
      return this;
    }
  }
}

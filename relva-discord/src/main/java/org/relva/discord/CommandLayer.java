package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.relva.core.Departure;
import org.relva.core.Outcome;
import org.relva.core.PartyInfo;
import org.relva.core.PartyStats;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.analytics.RegionStats;

/**
 * Turns an {@link Invocation} into calls on the core and its answers into messages. No rule lives
 * here: who may do what, and where, is the core's to decide; this class only routes, reads the
 * options, and words the results. Replies to the user who ran a command are ephemeral; what others
 * need to know (a member joined, a match popped) is announced by the {@link Announcer} from the
 * core's events.
 *
 * <p>This class is thread-safe if the core is: it keeps no state of its own.
 */
final class CommandLayer {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");

  private final Relva relva;
  private final QueueAnalytics analytics;
  private final Standings standings;

  CommandLayer(Relva relva, QueueAnalytics analytics, Standings standings) {
    this.relva = requireNonNull(relva, "relva");
    this.analytics = requireNonNull(analytics, "analytics");
    this.standings = requireNonNull(standings, "standings");
  }

  /** What the bot answers {@code call}. Never throws for bad input: it answers with why. */
  List<BotMessage> handle(Invocation call) {
    try {
      return switch (call.command()) {
        case "party" -> party(call);
        case "queue" -> queue(call);
        case "match" -> match(call);
        case "stats" -> List.of(reply(call, standings.describe(
            call.userOption("user").orElse(call.user()), regionOf(call))));
        case "leaderboard" -> leaderboard(call);
        case "admin" -> admin(call);
        default -> refuse(call, "There is no command /" + call.command() + ".");
      };
    } catch (IllegalArgumentException e) {
      return refuse(call, e.getMessage());
    }
  }

  private List<BotMessage> party(Invocation call) {
    UserId user = call.user().id();
    ChannelId from = call.channel();
    return switch (call.subcommand()) {
      case "create" -> answer(call, relva.createParty(call.user(), from,
          call.option("region").orElse(null)), party -> "Party " + party.id() + " is made: your "
          + "channel is " + party.channelName() + ". Share the join code "
          + party.joinCode().display() + " (/party join code:" + party.joinCode().display() + ").");
      case "join" -> answer(call, relva.joinParty(call.user(), from, required(call, "code")),
          party -> "You joined party " + party.id() + " (" + party.size() + "/5). Its channel is "
              + party.channelName() + ".");
      case "leave" -> answer(call, relva.leaveParty(user, from), this::describeDeparture);
      case "disband" -> answer(call, relva.disbandParty(user, from),
          party -> "Party " + party.id() + " is disbanded.");
      case "kick" -> answer(call, relva.removeMember(user, from, target(call).id()),
          d -> d.member().displayName() + " is out of the party."
              + d.dequeued().map(r -> " The party left the queue.").orElse(""));
      case "promote" -> answer(call, relva.promote(user, from, target(call).id()),
          party -> party.leader().displayName() + " now leads the party.");
      case "code" -> answer(call, relva.newJoinCode(user, from),
          party -> "The new join code is " + party.joinCode().display()
              + "; the old one no longer works.");
      case "info" -> answer(call, relva.partyInfo(user, from), this::describeInfo);
      case "stats" -> answer(call, relva.partyStats(user, from), this::describeStats);
      default -> unknown(call);
    };
  }

  private List<BotMessage> queue(Invocation call) {
    UserId user = call.user().id();
    ChannelId from = call.channel();
    Optional<Party> party = relva.partyOf(user);
    return switch (call.subcommand()) {
      case "join" -> {
        // One command, two meanings: in the party's channel a leader queues the party; anywhere
        // else it is a solo queue, which the core refuses for party members with the reason.
        boolean partyChannel = party.flatMap(p -> relva.channel(p.id())).map(from::equals)
            .orElse(false);
        if (partyChannel) {
          if (call.option("region").isPresent()) {
            yield refuse(call, "A party queues in its own region, "
                + party.get().region() + "; leave out region:.");
          }
          yield answer(call, relva.queueParty(user, from), entry -> "Your party is in the queue "
              + "(" + entry.region() + "). " + waiting(entry.region()));
        }
        yield answer(call, relva.joinQueue(call.user(), from, call.option("region").orElse(null)),
            entry -> "You are in the queue (" + entry.region() + "). " + waiting(entry.region()));
      }
      case "leave" -> {
        boolean partyChannel = party.flatMap(p -> relva.channel(p.id())).map(from::equals)
            .orElse(false);
        yield partyChannel
            ? answer(call, relva.dequeueParty(user, from), entry -> "Your party left the queue.")
            : answer(call, relva.leaveQueue(user, from), entry -> "You left the queue.");
      }
      case "status" -> List.of(reply(call, describeQueue(user)));
      case "stats" -> List.of(reply(call, describeQueueStats(call)));
      default -> unknown(call);
    };
  }

  private List<BotMessage> match(Invocation call) {
    UserId user = call.user().id();
    Optional<String> id = call.option("match").or(() -> relva.openMatchOf(user)
        .map(MatchRecord::id));
    if (id.isEmpty()) {
      return refuse(call, "You are in no open match; name one with match:.");
    }
    return switch (call.subcommand()) {
      case "accept" -> answer(call, relva.acceptMatch(user, id.get()), m ->
          m.state() == MatchRecord.State.CONFIRMED ? "Match " + m.id() + " is confirmed."
              : "You are ready. Waiting for " + m.notAccepted().size() + " more.");
      case "decline" -> answer(call, relva.declineMatch(user, id.get()),
          m -> "You declined match " + m.id() + ".");
      case "report" -> answer(call, relva.reportResult(user, id.get(), result(call)), m ->
          m.state() == MatchRecord.State.FINISHED ? "Match " + m.id() + " is over: "
              + m.result().orElseThrow() + "."
              : "Your report is in (" + m.reports().size() + " of " + m.players().size()
                  + " players have reported).");
      default -> unknown(call);
    };
  }

  private List<BotMessage> leaderboard(Invocation call) {
    Region region = regionOf(call);
    return List.of(reply(call, standings.leaderboard(region, 10)));
  }

  private List<BotMessage> admin(Invocation call) {
    if (!call.moderator()) {
      return refuse(call, "Only moderators can use /admin.");
    }
    return switch (call.subcommand()) {
      case "clear-queue" -> {
        List<QueueEntry> cleared = relva.clearQueue();
        yield List.of(reply(call, "The queue is clear: " + cleared.size() + " entr"
            + (cleared.size() == 1 ? "y" : "ies") + " taken out."));
      }
      case "disband" -> {
        Member target = target(call);
        Optional<Party> party = relva.partyOf(target.id());
        if (party.isEmpty()) {
          yield refuse(call, target.displayName() + " is in no party.");
        }
        yield answer(call, relva.disbandAsModerator(party.get().id()),
            p -> "Party " + p.id() + " is disbanded.");
      }
      case "cancel" -> answer(call, relva.cancelMatch(required(call, "match"),
          "a moderator cancelled it"), m -> "Match " + m.id() + " is cancelled.");
      case "result" -> answer(call, relva.setResult(required(call, "match"), result(call)),
          m -> "Match " + m.id() + " is over: " + m.result().orElseThrow() + ".");
      case "rating" -> {
        Member target = target(call);
        double value;
        try {
          value = Double.parseDouble(required(call, "value"));
        } catch (NumberFormatException e) {
          yield refuse(call, "value must be a number, such as 1650.");
        }
        yield List.of(reply(call, standings.setRating(target, call.option("region")
            .map(this::region), value)));
      }
      case "ban" -> {
        Member target = target(call);
        Duration duration = duration(required(call, "duration"));
        yield answer(call, relva.banFromQueue(target.id(), duration,
            call.option("reason").orElse("")), until -> target.displayName()
            + " may not queue until " + until + ".");
      }
      case "unban" -> {
        Member target = target(call);
        yield answer(call, relva.liftBan(target.id()),
            u -> target.displayName() + " may queue again.");
      }
      default -> unknown(call);
    };
  }

  // ---------------------------------------------------------------------------------------------

  private String describeDeparture(Departure d) {
    if (d.after().isEmpty()) {
      return "You left, and party " + d.before().id() + " is disbanded: nobody was left.";
    }
    Party after = d.after().get();
    return "You left party " + after.id() + "."
        + (d.leaderChanged() ? " " + after.leader().displayName() + " leads it now." : "")
        + d.dequeued().map(r -> " It left the queue.").orElse("");
  }

  private String describeInfo(PartyInfo info) {
    Party party = info.party();
    return "Party " + party.id() + " (" + party.region() + ", " + party.size() + "/5): "
        + party.members().stream().map(m -> m.displayName()
            + (m.id().equals(party.leaderId()) ? " (leader)" : "")).collect(Collectors.joining(", "))
        + ". Join code " + party.joinCode().display() + ". "
        + info.queuedSince().map(t -> "In the queue since " + t + ".").orElse("Not queued.");
  }

  private String describeStats(PartyStats stats) {
    Party party = stats.party();
    StringBuilder text = new StringBuilder("Party " + party.id() + ": made " + stats.createdAt()
        + ", " + stats.matches() + " match" + (stats.matches() == 1 ? "" : "es") + " popped, record "
        + stats.wins() + "-" + stats.losses() + "-" + stats.draws() + " (W-L-D), "
        + describe(stats.timeQueued()) + " queued in all.");
    for (Member m : party.members()) {
      text.append("\n  ").append(standings.describe(m, party.region()));
    }
    return text.toString();
  }

  private String waiting(Region region) {
    long here = relva.queue().stream().filter(e -> e.region().equals(region))
        .mapToLong(e -> e.entity().size()).sum();
    return here + " player" + (here == 1 ? "" : "s") + " waiting in " + region + ".";
  }

  private String describeQueue(UserId user) {
    List<QueueEntry> queue = relva.queue();
    Instant now = relva.clock().instant();
    StringBuilder text = new StringBuilder();
    Optional<MatchRecord> match = relva.openMatchOf(user);
    match.ifPresent(m -> text.append("You are in match ").append(m.id()).append(" (")
        .append(m.state().toString().toLowerCase(Locale.ROOT)).append(").\n"));
    relva.queueEntryOf(user).ifPresent(e -> text.append("You are queued in ").append(e.region())
        .append(" for ").append(describe(Duration.between(e.joinedAt(), now))).append(".\n"));
    if (queue.isEmpty()) {
      return text.append("Nobody is queued.").toString();
    }
    for (Region region : relva.config().regions().all()) {
      List<QueueEntry> here = queue.stream().filter(e -> e.region().equals(region)).toList();
      if (!here.isEmpty()) {
        text.append(region).append(": ").append(here.stream().mapToInt(e -> e.entity().size())
            .sum()).append(" players in ").append(here.size()).append(" entries, longest wait ")
            .append(describe(Duration.between(here.get(0).joinedAt(), now))).append(".\n");
      }
    }
    return text.toString().strip();
  }

  private String describeQueueStats(Invocation call) {
    List<RegionStats> all = call.option("region").isPresent()
        ? List.of(analytics.stats(region(call.option("region").get())))
        : analytics.stats();
    if (all.isEmpty()) {
      return "No matches yet.";
    }
    return all.stream().map(s -> s.region() + ": " + s.matches() + " matches; solo waits p50 "
        + describe(s.soloWaits().p50()) + ", p90 " + describe(s.soloWaits().p90()) + ", p99 "
        + describe(s.soloWaits().p99()) + "; party waits p50 " + describe(s.partyWaits().p50())
        + "; " + s.queuedPlayers() + " queued now; mean match quality "
        + String.format(Locale.ROOT, "%.2f", s.meanQuality()))
        .collect(Collectors.joining("\n"));
  }

  private Region regionOf(Invocation call) {
    return call.option("region").map(this::region).orElseGet(() -> relva.partyOf(call.user().id())
        .map(Party::region).orElse(relva.config().regions().defaultRegion()));
  }

  private Region region(String input) {
    return relva.config().regions().find(input).orElseThrow(() -> new IllegalArgumentException(
        "There is no region '" + input + "'. Choose one of: "
            + relva.config().regions().describe() + "."));
  }

  private static Member target(Invocation call) {
    return call.userOption("user").orElseThrow(() -> new IllegalArgumentException(
        call.path() + " needs user: the player it is about."));
  }

  private static String required(Invocation call, String option) {
    return call.option(option).orElseThrow(() -> new IllegalArgumentException(
        call.path() + " needs " + option + ":."));
  }

  private static MatchResult result(Invocation call) {
    String value = required(call, "result").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "team1", "1" -> MatchResult.win(0);
      case "team2", "2" -> MatchResult.win(1);
      case "draw" -> MatchResult.draw();
      default -> {
        Matcher team = Pattern.compile("team(\\d+)").matcher(value);
        if (team.matches() && Integer.parseInt(team.group(1)) >= 1) {
          yield MatchResult.win(Integer.parseInt(team.group(1)) - 1);
        }
        throw new IllegalArgumentException("result is team1, team2 or draw; got '" + value + "'.");
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
      throw new IllegalArgumentException("A duration is like 90s, 30m, 2h, 1d or 1h30m; got '"
          + input + "'.");
    }
    return total;
  }

  static String describe(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    }
    return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
  }

  private static <T> List<BotMessage> answer(Invocation call, Outcome<T> outcome,
      Function<T, String> words) {
    return outcome.isSuccess() ? List.of(reply(call, words.apply(outcome.orElseThrow())))
        : refuse(call, outcome.failure().orElseThrow().message());
  }

  private static BotMessage reply(Invocation call, String text) {
    return BotMessage.reply(call.user().id(), text);
  }

  private static List<BotMessage> refuse(Invocation call, String text) {
    return List.of(BotMessage.refusal(call.user().id(), text));
  }

  private static List<BotMessage> unknown(Invocation call) {
    return refuse(call, "There is no command " + call.path() + ".");
  }

  /** The ratings side of the bot: what /stats, /leaderboard and /admin rating show and do. */
  interface Standings {
    /** One line about {@code player}'s rating and record in {@code region}. */
    String describe(Member player, Region region);

    /** The region's leaderboard, as text. */
    String leaderboard(Region region, int limit);

    /** Sets {@code player}'s rating; returns what to tell the moderator. */
    String setRating(Member player, Optional<Region> region, double value);
  }
}

package org.relva.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relva.core.Departure;
import org.relva.core.Draft;
import org.relva.core.MatchRules;
import org.relva.core.Outcome;
import org.relva.core.PartyInfo;
import org.relva.core.PartyStats;
import org.relva.core.QueueSpec;
import org.relva.core.Refusal;
import org.relva.core.RefusalDetail;
import org.relva.core.RefusalDetail.Blocked;
import org.relva.core.RelvaConfig;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.MatchEvent.Picked;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MapPoll;
import org.relva.core.model.MatchAudit;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.ResultCorrection;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.analytics.RegionStats;
import org.relva.matchmaking.stats.PlayerStats;

/**
 * Every word the bot says, in one place: refusals rendered from the core's typed details with the
 * bot's slash commands, replies to the one who ran a command, and announcements to channels. The
 * core's own refusal messages name no commands; this is where {@code /party leave} and its like
 * enter. To change what players read, change it here.
 *
 * <p>Immutable and thread-safe.
 */
final class Wording {
  private final RelvaConfig config;
  private final Clock clock;
  private final boolean discordTimes;

  /**
   * Words for {@code config}'s bot. With {@code discordTimes}, a moment is a Discord timestamp
   * ({@code <t:1767290400:R>}, which each reader's client shows in their own time zone and
   * language); without, as the console writes it, readable text relative to {@code clock}.
   */
  Wording(RelvaConfig config, Clock clock, boolean discordTimes) {
    this.config = config;
    this.clock = clock;
    this.discordTimes = discordTimes;
  }

  // --- refusals ----------------------------------------------------------------------------------

  /** What to tell {@code asker} of a refusal: its detail with the bot's commands, or its message. */
  String refusal(Outcome.Failure<?> failure, UserId asker) {
    RefusalDetail detail = failure.detail();
    if (detail instanceof RefusalDetail.InParty p && failure.refusal() == Refusal.ALREADY_IN_PARTY) {
      return "You are already in party " + p.party()
          + ". Leave it first with /party leave in its channel.";
    }
    if (detail instanceof RefusalDetail.InParty p && failure.refusal() == Refusal.IN_PARTY) {
      return p.isLeader()
          ? "You lead party " + p.party() + ": queue it with /queue join in " + p.channelName()
              + "."
          : "You are in party " + p.party() + ": parties queue together. Ask your leader, "
              + p.leader().displayName() + ", to queue the party in " + p.channelName() + ".";
    }
    if (detail instanceof RefusalDetail.QueuedAlone q) {
      return "You are in the queue on your own. Leave it first with /queue leave in #" + q.lobby()
          + ".";
    }
    if (detail instanceof RefusalDetail.TargetIsSelf t && t.action().equals("remove")) {
      return "You can't remove yourself. To leave, use /party leave; to end the party, "
          + "/party disband.";
    }
    if (detail instanceof RefusalDetail.Blocked b && b.cause() == Blocked.Cause.IN_MATCH) {
      return (b.who().id().equals(asker) ? "You are" : b.who().displayName() + " is")
          + " still playing match " + b.match().orElseThrow()
          + ": report its result with /match report first.";
    }
    if (detail instanceof RefusalDetail.PartyRegion r && failure.refusal() == Refusal.PARTY_QUEUED) {
      return "Your party is in the queue in " + r.region() + ". Take it out first with "
          + "/queue leave, then change its region with /party region.";
    }
    if (detail instanceof RefusalDetail.PartyRegion r) {
      return "A party queues in its own region, " + r.region() + "; leave out region:. The "
          + "leader can change it with /party region while the party is not queued.";
    }
    if (detail instanceof RefusalDetail.InReadyCheck r) {
      return "You are not in the queue any more: match " + r.match() + " popped with you in it."
          + " To leave, decline it with /match decline (or the Decline button).";
    }
    if (failure.refusal() == Refusal.MATCH_OPEN) {
      return failure.message().replace("Set its result instead.",
          "/admin result sets it once the match is on; this corrects only a finished match.");
    }
    if (failure.refusal() == Refusal.NOT_IN_PARTY) {
      return "You are not in a party. Create one with /party create, or join one with /party join.";
    }
    if (detail instanceof RefusalDetail.Queues q) {
      return failure.refusal() == Refusal.CHOOSE_QUEUE
          ? "This server has several queues: name one with queue:, such as /queue join queue:"
              + q.queues().get(0) + " (" + String.join(", ", q.queues()) + ")."
          : noSuchQueue(q.given(), q.queues());
    }
    if (detail instanceof RefusalDetail.PartyTooLarge t) {
      return "Your party has " + t.size() + " players, more than a team of queue "
          + t.queue().value() + " (" + t.teamSize() + "). Queue it in a queue with larger "
          + "teams, or make the party smaller.";
    }
    if (detail instanceof RefusalDetail.QueuedIn q) {
      return "You are already waiting in queue " + q.queue().value() + ", and this server lets "
          + "you wait in one queue at a time. Leave it first with /queue leave queue:"
          + q.queue().value() + ".";
    }
    return failure.message();
  }

  /** The players of {@code popped} who also waited in other queues, and which. */
  String alsoLeft(PoppedMatch popped) {
    return popped.entries().stream().filter(e -> popped.alsoLeft().containsKey(e.id()))
        .map(e -> e.entity().members().stream().map(Member::displayName)
            .collect(Collectors.joining(", ")) + " also left queue"
            + (popped.alsoLeft().get(e.id()).size() == 1 ? " " : "s ")
            + String.join(", ", popped.alsoLeft().get(e.id()).stream().map(QueueId::value)
                .toList()))
        .collect(Collectors.joining("; ", "Match " + popped.matchId() + " popped in queue "
            + popped.queue().value() + ": ", "."));
  }

  // --- /setup ----------------------------------------------------------------------------------

  String setupNotAllowed() {
    return "Only members with Manage Server can change how Relva is set up here.";
  }

  /** A setting's variable in a start-up message: RELVA_READY_TIMEOUT is /setup's ready-timeout. */
  private static final java.util.regex.Pattern VARIABLE =
      java.util.regex.Pattern.compile("RELVA_([A-Z_]+)");

  String setupRefused(List<String> problems) {
    return "Nothing changed: " + String.join(" ", problems.stream().map(Wording::readable)
        .toList());
  }

  /** A setting's problem as start-up words it, with the setting named as /setup names it. */
  private static String readable(String problem) {
    java.util.regex.Matcher m = VARIABLE.matcher(problem);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    m.appendTail(out);
    return out.toString();
  }

  String setupSaved(String change, ServerSetup now) {
    return "Saved, and applied now (" + change.replace('-', ' ') + "). " + (now.values()
        .isEmpty() ? "This server uses the bot's defaults." : "This server's own settings: "
            + String.join("; ", now.describe()) + ".");
  }

  String setup(ServerSetup setup, RelvaConfig running) {
    StringBuilder text = new StringBuilder("**Queues**: ");
    text.append(running.queues().stream().map(q -> q.id().value() + " in #" + q.lobby().value()
        + " (" + q.teamSize() + " a team, regions " + q.regions().describe() + ")")
        .collect(java.util.stream.Collectors.joining("; ")));
    text.append(running.multiQueue() ? ". Players may wait in several at once."
        : ". Players wait in one at a time.");
    text.append(setup.values().isEmpty() ? " Every setting is the bot's default."
        : " Set here: " + String.join("; ", setup.describe()) + ".");
    text.append(" Change one with /setup set setting: value:, or a queue's with /setup "
        + "queue-set.");
    return text.toString();
  }

  String noSuchQueue(String name, List<String> queues) {
    return "There is no queue called " + name + " here; the queues are "
        + String.join(", ", queues) + ".";
  }

  String noSuchSetupQueue(QueueId id, List<QueueId> queues) {
    return "There is no queue " + id.value() + " set up here" + (queues.isEmpty()
        ? "; add one with /setup queue-add." : "; the queues are " + String.join(", ",
            queues.stream().map(QueueId::value).toList()) + " (and default, set with /setup "
            + "set).");
  }

  String storageUnreadable() {
    return "The database did not answer, so this could not be read; nothing changed. Try again "
        + "in a moment.";
  }

  String noSuchCommand(String path) {
    return "There is no command " + path + ".";
  }

  String needsOption(String path, String option) {
    return path + " needs " + option + ":.";
  }

  String needsUser(String path) {
    return path + " needs user: the player it is about.";
  }

  String noSuchMatch(String id) {
    return "There is no match '" + id + "'.";
  }

  String noOpenMatch() {
    return "You are in no open match; name one with match:.";
  }

  /** A vote, volunteer or pick (a button, most often) for a match other than the caller's. */
  String notYourOpenMatch(String named, String open) {
    return "That is for match " + named + ", and your open match is " + open
        + "; nothing was done there.";
  }

  String moderatorsOnly() {
    return "Only moderators can use /admin.";
  }

  String notANumber() {
    return "value must be a number, such as 1650.";
  }

  String inNoParty(Member user) {
    return user.displayName() + " is in no party.";
  }

  String unknownRegion(String input) {
    return "There is no region '" + input + "'. Choose one of: " + config.regions().describe()
        + ".";
  }

  String badResult(String value) {
    return "result is team1, team2 or draw; got '" + value + "'.";
  }

  String badCancelChoice(String given) {
    return "players: is queue (back into the queue, keeping their places) or out (out of the "
        + "queue); got '" + given + "'.";
  }

  /** The answer to {@code /help}: every command, where it works, and for moderators /admin. */
  String help(CommandCatalog catalog, boolean moderator) {
    StringBuilder text = new StringBuilder("Relva's commands (" + config.regions().describe()
        + "; the lobby is #" + config.lobby() + "):");
    for (CommandCatalog.CommandSpec command : catalog.commands()) {
      if ((command.name().equals("admin") || command.name().equals("setup")) && !moderator) {
        continue;
      }
      if (command.subcommands().isEmpty()) {
        text.append("\n/").append(command.name()).append(options(command.options())).append(": ")
            .append(command.description()).append(" (").append(where(command.name(), ""))
            .append(")");
      }
      for (CommandCatalog.SubcommandSpec sub : command.subcommands()) {
        text.append("\n/").append(command.name()).append(' ').append(sub.name())
            .append(options(sub.options())).append(": ").append(sub.description()).append(" (")
            .append(where(command.name(), sub.name())).append(")");
      }
    }
    if (!moderator) {
      text.append("\nModerators also have /admin, and members with Manage Server /setup.");
    }
    return text.toString();
  }

  private static String options(List<CommandCatalog.OptionSpec> options) {
    return options.stream().map(o -> o.required() ? " " + o.name() + ":" : " [" + o.name() + ":]")
        .collect(Collectors.joining());
  }

  /** Where a command works, as the core's channel rule has it. */
  private String where(String command, String sub) {
    String lobby = "#" + config.lobby();
    return switch (command + " " + sub) {
      case "party create", "party join" -> "in " + lobby;
      case "party leave", "party info", "party stats" -> "in your party's channel";
      case "party disband", "party kick", "party promote", "party code", "party region" ->
          "in your party's channel, leader only";
      case "queue join", "queue leave" -> "alone in " + lobby
          + "; a party's leader in the party's channel";
      default -> command.equals("admin") ? "anywhere, moderators only"
          : command.equals("setup") ? "anywhere, Manage Server only" : "anywhere";
    };
  }

  String ratingsAreGlobal() {
    return "Ratings are global, not per region, so there is one leaderboard for every region: "
        + "use /leaderboard without region:.";
  }

  static String badDuration(String input) {
    return "A duration is like 90s, 30m, 2h, 1d or 1h30m; got '" + input + "'.";
  }

  String badRating(double value) {
    return "A rating is a number from 0 to 5000; got " + value + ".";
  }

  String regionChanged(Party party) {
    return "Your party now plays in " + party.region() + ".";
  }

  // --- replies -----------------------------------------------------------------------------------

  String partyMade(Party party) {
    return "Party " + party.id() + " is made: your channel is " + party.channelName()
        + ". Share the join code " + party.joinCode().display() + " (/party join code:"
        + party.joinCode().display() + ").";
  }

  String joinedParty(Party party) {
    return "You joined party " + party.id() + " (" + count(party) + "). Its channel is "
        + party.channelName() + ".";
  }

  String departed(Departure d) {
    if (d.after().isEmpty()) {
      return "You left, and party " + d.before().id() + " is disbanded: nobody was left.";
    }
    Party after = d.after().get();
    return "You left party " + after.id() + "."
        + (d.leaderChanged() ? " " + after.leader().displayName() + " leads it now." : "")
        + d.dequeued().map(r -> " It left the queue.").orElse("");
  }

  String disbanded(Party party) {
    return "Party " + party.id() + " is disbanded.";
  }

  String kicked(Departure d) {
    return d.member().displayName() + " is out of the party."
        + d.dequeued().map(r -> " The party left the queue.").orElse("");
  }

  String promoted(Party party) {
    return party.leader().displayName() + " now leads the party.";
  }

  String newCode(Party party) {
    return "The new join code is " + party.joinCode().display() + "; the old one no longer works.";
  }

  String partyInfo(PartyInfo info) {
    Party party = info.party();
    return "Party " + party.id() + " (" + party.region() + ", " + count(party) + "): "
        + party.members().stream().map(m -> m.displayName()
            + (m.id().equals(party.leaderId()) ? " (leader)" : "")).collect(Collectors.joining(", "))
        + ". Join code " + party.joinCode().display() + ". "
        + info.queuedSince().map(t -> "In the queue since " + time(t) + ".").orElse("Not queued.");
  }

  String partyStats(PartyStats stats, List<String> memberLines) {
    Party party = stats.party();
    StringBuilder text = new StringBuilder("Party " + party.id() + ": made " + time(stats.createdAt())
        + ", " + stats.matches() + " match" + (stats.matches() == 1 ? "" : "es") + " popped, record "
        + stats.wins() + "-" + stats.losses() + "-" + stats.draws() + " (W-L-D), "
        + duration(stats.timeQueued()) + " queued in all.");
    for (String line : memberLines) {
      text.append("\n  ").append(line);
    }
    return text.toString();
  }

  String queued(QueueEntry entry, long waiting) {
    return (entry.entity() instanceof Party ? "Your party is" : "You are") + " in "
        + (config.queues().size() > 1 ? "queue " + entry.queue().value() : "the queue") + " ("
        + entry.region() + "). " + waiting + " player" + (waiting == 1 ? "" : "s") + " waiting in "
        + entry.region() + ".";
  }

  /** The reply to the {@code /queue join} that popped a match at once. */
  String queuedAndPopped(MatchRecord match) {
    return "A match popped at once: match " + match.id() + " in " + match.region() + ". Accept it "
        + "with /match accept (or the Accept button) before " + time(match.readyBy()) + ".";
  }

  String leftQueue(QueueEntry entry) {
    return entry.entity() instanceof Party ? "Your party left the queue." : "You left the queue.";
  }

  String accepted(MatchRecord m) {
    return m.state() == MatchRecord.State.CONFIRMED ? "Match " + m.id() + " is confirmed."
        : "You are ready. Waiting for " + m.notAccepted().size() + " more.";
  }

  String declined(MatchRecord m) {
    return "You declined match " + m.id() + ".";
  }

  String reported(MatchRecord m) {
    return m.state() == MatchRecord.State.FINISHED ? over(m)
        : "Your report is in (" + m.reports().size() + " of " + m.players().size()
            + " players have reported).";
  }

  String over(MatchRecord m) {
    return "Match " + m.id() + " is over: " + m.result().orElseThrow() + ".";
  }

  String corrected(MatchRecord m, ResultCorrection c) {
    return "Match " + m.id() + "'s result is corrected: " + c.to() + " (it was " + c.from()
        + "). Its players' ratings, and those of every later match they reach, are replayed; "
        + "/admin history match:" + m.id() + " shows the record.";
  }

  /** What {@code /admin history} shows: the match, its result, and every correction of it. */
  String history(MatchRecord m, Optional<MatchAudit> audit) {
    return history(m, audit, Optional.empty());
  }

  /**
   * As {@link #history(MatchRecord, Optional)}; while {@code draft} runs, it is shown in place of
   * the teams, which the captains have not finished picking.
   */
  String history(MatchRecord m, Optional<MatchAudit> audit, Optional<DraftBoard> draft) {
    StringBuilder b = new StringBuilder("Match " + m.id() + " (" + m.region() + "), popped "
        + time(m.poppedAt()) + ": " + switch (m.state()) {
          case POPPED -> "in its ready check";
          case CONFIRMED -> draft.isPresent() ? "confirmed, its captains picking the teams"
              : "being played";
          case FINISHED -> "finished, " + m.result().orElseThrow() + " ("
              + m.endReason().orElse("") + ")";
          case CANCELLED -> "cancelled (" + m.endReason().orElse("") + ")";
        } + ".");
    m.map().ifPresent(map -> b.append(" Map: ").append(map).append('.'));
    if (!m.left().isEmpty()) {
      b.append(" Left for a substitute: ").append(m.left().stream().map(Member::displayName)
          .collect(Collectors.joining(", "))).append('.');
    }
    if (draft.isPresent()) {
      b.append("\n").append(draftBoard(m, draft.get()));
    }
    if (draft.isEmpty() && !teamsSet(m)) {
      b.append("\n  Players: ").append(m.players().stream().map(Member::displayName)
          .collect(Collectors.joining(", "))).append(" (captains pick the teams once everyone "
          + "has accepted)");
    }
    for (int t = 0; t < (draft.isPresent() || !teamsSet(m) ? 0 : m.teams().size()); t++) {
      b.append("\n  Team ").append(t + 1).append(": ").append(m.teams().get(t).stream()
          .flatMap(e -> e.entity().members().stream()).map(Member::displayName)
          .collect(Collectors.joining(", ")));
    }
    List<ResultCorrection> corrections = audit.map(MatchAudit::corrections).orElse(List.of());
    b.append(corrections.isEmpty() ? "\nIts result was never corrected." : "\nCorrections:");
    for (ResultCorrection c : corrections) {
      b.append("\n  ").append(time(c.at())).append(": ").append(c.by().displayName())
          .append(" changed ").append(c.from()).append(" to ").append(c.to())
          .append(c.reason().isEmpty() ? "" : " (" + c.reason() + ")");
    }
    return b.toString();
  }

  String cancelled(MatchRecord m, boolean requeue, boolean wasReadyCheck) {
    if (!wasReadyCheck) {
      return "Match " + m.id() + " is cancelled; its players are free to queue again.";
    }
    return "Match " + m.id() + " is cancelled. " + (requeue
        ? "Its players are back in the queue, keeping their places; the same teams will not pop "
            + "again. (players:out takes them out of the queue instead.)"
        : "Its players are out of the queue, with no cooldown.");
  }

  String queueCleared(int entries) {
    return "The queue is clear: " + entries + " entr" + (entries == 1 ? "y" : "ies") + " taken out.";
  }

  String banned(Member target, Instant until) {
    return target.displayName() + " may not queue until " + time(until) + ".";
  }

  String unbanned(Member target) {
    return target.displayName() + " may queue again.";
  }

  String ratingSet(Member player, double value) {
    return player.displayName() + "'s rating is now " + Math.round(value) + ".";
  }

  /** One line about a player's rating and record. */
  String player(Member player, PlayerStats stats) {
    return player.displayName() + ": rating " + Math.round(stats.matchmakingRating())
        + " (everyone starts at " + Math.round(Ratings.DEFAULT_RATING) + "; higher is stronger), "
        + plural(stats.games(), "game") + ", " + stats.record().wins() + "-"
        + stats.record().losses() + "-" + stats.record().draws() + " (W-L-D)"
        + (stats.record().streak() == 0 ? ""
            : stats.record().streak() > 0 ? ", won " + stats.record().streak() + " in a row"
                : ", lost " + -stats.record().streak() + " in a row");
  }

  /** A leaderboard, its players named by {@code names}; {@code region} when ratings are per region. */
  String leaderboard(Optional<Region> region, List<PlayerStats> top,
      Function<UserId, String> names) {
    String header = region.map(r -> "Leaderboard of " + r + " (ratings are per region):")
        .orElse("Leaderboard of all regions (ratings are global):");
    if (top.isEmpty()) {
      return header + "\nNobody has played a rated match yet.";
    }
    int[] rank = {0};
    return header + "\n" + top.stream()
        .map(s -> (++rank[0]) + ". " + names.apply(s.user()) + " " + Math.round(s.matchmakingRating())
            + " (" + plural(s.games(), "game") + ")")
        .collect(Collectors.joining("\n"));
  }

  /** The answer to {@code /queue status}: the asker's own place, then every region's queue. */
  String queueStatus(Optional<MatchRecord> match, Optional<QueueEntry> mine,
      List<QueueBoard.RegionView> regions) {
    StringBuilder text = new StringBuilder();
    match.ifPresent(m -> text.append(m.state() == MatchRecord.State.POPPED
        ? "You are in match " + m.id() + "'s ready check: accept it with /match accept.\n"
        : "You are playing match " + m.id() + ".\n"));
    mine.ifPresent(e -> text.append("You are queued in ").append(e.region()).append(", since ")
        .append(time(e.joinedAt())).append(".\n"));
    List<QueueBoard.RegionView> busy = regions.stream().filter(r -> r.players() > 0).toList();
    if (busy.isEmpty()) {
      return text.append("Nobody is queued.").toString();
    }
    return text.append(busy.stream().map(this::queueBoard).collect(Collectors.joining("\n")))
        .toString();
  }

  /**
   * One region's queue, as {@code /queue status} and the lobby's live message show it: who waits
   * (a party's members together, in brackets), how many a match needs, the oldest's wait and, if
   * enough wait but nothing pops, why.
   */
  String queueBoard(QueueBoard.RegionView view) {
    StringBuilder text = new StringBuilder("Queue " + view.region() + ": ");
    if (view.entries().isEmpty()) {
      return text.append("nobody is waiting; a match needs ").append(view.needed())
          .append(" players.").toString();
    }
    text.append(view.players()).append(" of ").append(view.needed()).append(" players waiting, ")
        .append("the first since ").append(time(view.oldest().orElseThrow())).append(": ")
        .append(view.entries().stream().map(e -> e.entity() instanceof Party
            ? "[" + e.entity().members().stream().map(Member::displayName)
                .collect(Collectors.joining(", ")) + "]"
            : e.entity().members().get(0).displayName()).collect(Collectors.joining(", ")))
        .append(". ");
    text.append(switch (view.stall()) {
      case TOO_FEW -> "Needs " + plural(view.needed() - view.players(), "more player") + ".";
      case PARTIES_DO_NOT_FIT -> "Enough players, but the parties cannot make full teams while "
          + "staying whole: it needs more solo players or parties of other sizes.";
      case FULL_PARTY_WAITS -> "Enough players, but a full-team party first waits to face "
          + "another party" + view.until().map(t -> ", until " + time(t)).orElse("")
          + "; then it plays solo players too.";
      case RATING_WINDOW -> "Enough players, but the teams would be uneven: the matchmaker "
          + "waits for players near the first one's rating, and takes any rating"
          + view.until().map(t -> " from " + time(t)).orElse(" as the wait grows") + ".";
      case NONE -> "A match pops at the next pass.";
    });
    return text.toString();
  }

  String queueStats(List<RegionStats> all) {
    if (all.isEmpty()) {
      return "No matches yet.";
    }
    return all.stream().map(s -> s.region() + ": " + plural(s.matches(), "match")
        + "; solo waits p50 "
        + duration(s.soloWaits().p50()) + ", p90 " + duration(s.soloWaits().p90()) + ", p99 "
        + duration(s.soloWaits().p99()) + "; party waits p50 " + duration(s.partyWaits().p50())
        + "; " + plural(s.queuedPlayers(), "player") + " queued now; mean match quality "
        + String.format(Locale.ROOT, "%.2f", s.meanQuality()))
        .collect(Collectors.joining("\n"));
  }

  // --- announcements -----------------------------------------------------------------------------

  /** The lobby's notice after a restart that restored state. */
  String back(int parties, int queued, int matches) {
    return "Relva is back, and kept everything: " + (parties == 1 ? "1 party" : parties
        + " parties") + ", " + (queued == 1 ? "1 entry" : queued + " entries") + " in the queue, "
        + plural(matches, "match") + " under way.";
  }

  String partyCreated(Party party) {
    return party.leader().displayName() + " made party " + party.id() + " in " + party.region()
        + ". Join code: " + party.joinCode().display() + ".";
  }

  String memberJoined(Party party, Member member) {
    return member.displayName() + " joined the party (" + count(party) + ").";
  }

  String memberLeft(Party party, Member member, boolean leaderChanged) {
    return member.displayName() + " left the party."
        + (leaderChanged ? " " + party.leader().displayName() + " leads it now." : "");
  }

  String regionChangedNotice(Party party, Region previous) {
    return party.leader().displayName() + " moved the party from " + previous + " to "
        + party.region() + ".";
  }

  /** To the members of a party that is gone, in the lobby: they are no longer in a party. */
  String disbandedNotice(Party party, List<Member> told, String reason) {
    return mentions(told) + ": party " + party.id() + " is disbanded (" + reason + "). You are "
        + "in no party now: /party create or /party join to play in one, or /queue join alone.";
  }

  /**
   * Why a party is disbanded when its thread is gone: deleted in Discord while Relva ran, or
   * found gone when it started ({@code atStart}), deleted while it was offline.
   */
  String threadGone(boolean atStart) {
    return atStart ? "its thread was deleted while Relva was offline" : "its thread was deleted";
  }

  /** To a player removed from a party, in the lobby. */
  String removedNotice(Party party, Member member) {
    return mentions(List.of(member)) + ": " + party.leader().displayName() + " removed you from "
        + "party " + party.id() + ". You can /queue join alone here, or join another party.";
  }

  String memberRemoved(Member member) {
    return member.displayName() + " was removed from the party.";
  }

  String leaderPromoted(Party party) {
    return party.leader().displayName() + " now leads the party.";
  }

  String joinCodeChanged(Party party) {
    return "The join code is now " + party.joinCode().display() + "; the old one no longer works.";
  }

  String partyQueued(Party party) {
    return "The party is in the queue (" + party.region() + ").";
  }

  String partyLeftQueue(QueueEvent.LeaveReason reason) {
    return reason == QueueEvent.LeaveReason.LEFT ? "The party left the queue."
        : "The party left the queue: " + reason.description() + ".";
  }

  String readyCheck(MatchRecord match) {
    return readyCheck(match, List.of());
  }

  /**
   * The pop, each team's line saying the team's mean rating and chance to win when {@code odds}
   * has one entry a team (none: the plain team lines).
   */
  String readyCheck(MatchRecord match, List<TeamOdds> odds) {
    Draft draft = rulesOf(match).draft();
    if (draft.on()) {
      // The matchmaker's teams only show a fair split exists: the captains pick the real ones.
      return "Match " + match.id() + " popped in " + match.region() + "!\nPlayers: "
          + match.entries().stream().map(Wording::entry).collect(Collectors.joining(", "))
          + "\nOnce everyone has accepted, captains (" + switch (draft.captains()) {
            case RATED -> "the highest rated";
            case RANDOM -> "drawn at random";
            case VOLUNTEERS -> "from the volunteers, else the highest rated";
          } + ") pick the teams."
          + (draft.captains() == Draft.Captains.VOLUNTEERS
              ? " To captain, volunteer with /match captain (or the button)." : "")
          + "\nReady check: everyone accept within "
          + duration(Duration.between(match.poppedAt(), match.readyBy()))
          + " with /match accept (or decline with /match decline).";
    }
    return "Match " + match.id() + " popped in " + match.region() + "!\n" + teams(match, odds)
        + "\nReady check: everyone accept within "
        + duration(Duration.between(match.poppedAt(), match.readyBy()))
        + " with /match accept (or decline with /match decline).";
  }

  String matchOn(MatchRecord match) {
    if (rulesOf(match).draft().on()) {
      return "Match " + match.id() + " is on! The captains pick the teams now.";
    }
    return "Match " + match.id() + " is on!\n" + teams(match)
        + "\nReport the result with /match report when it is over.";
  }

  // --- captains' drafts --------------------------------------------------------------------------

  String volunteered(DraftBoard board) {
    return "You volunteered to captain match " + board.matchId() + " (" + plural(
        board.volunteers().size(), "volunteer") + " so far). Captains are chosen once everyone "
        + "has accepted.";
  }

  String picked(MatchRecord match, UserId target) {
    return "You picked " + match.entryOf(target).map(Wording::entryNames)
        .orElseGet(() -> name(match, target)) + ".";
  }

  /** The draft begins: who captains which team, and the draft as it stands. */
  String draftStarted(MatchRecord match, DraftBoard board, boolean current) {
    List<String> captains = new ArrayList<>();
    for (int t = 0; t < board.captains().size(); t++) {
      captains.add("@" + name(match, board.captains().get(t)) + " (team " + (t + 1) + ")");
    }
    return "Match " + match.id() + ": the captains are " + and(captains) + "."
        + (current ? "\n" + draftBoard(match, board) : "");
  }

  /** One pick, and (if it is the draft's latest state) the draft as it stands after it. */
  String pickMade(Picked pick, boolean current) {
    MatchRecord match = pick.match();
    String who = entryNames(pick.entry());
    String captain = name(match, pick.captain());
    String line = "Match " + match.id() + ": " + switch (pick.how()) {
      case CAPTAIN -> captain + " picked " + who + " for team " + (pick.team() + 1) + ".";
      case TIMED_OUT -> "time ran out, " + who + " picked for " + captain + " (team "
          + (pick.team() + 1) + ").";
      case LAST_LEFT -> who + (pick.entry().entity().size() > 1 ? " join" : " joins")
          + " team " + (pick.team() + 1) + " as the last left.";
    };
    return line + (current ? "\n" + draftBoard(match, pick.draft()) : "");
  }

  /** The draft is over: the teams as picked, with each team's odds when {@code odds} has them. */
  String teamsPicked(MatchRecord match, List<TeamOdds> odds) {
    return "Match " + match.id() + "'s teams are picked!\n" + teams(match, odds)
        + "\nReport the result with /match report when it is over.";
  }

  /**
   * A draft as it stands: each team so far with its captain, who is left, and whose pick it is
   * until when (the turn is the core's {@link Draft#onTurn}).
   */
  String draftBoard(MatchRecord match, DraftBoard board) {
    StringBuilder b = new StringBuilder();
    for (int t = 0; t < board.teams().size(); t++) {
      b.append("Team ").append(t + 1).append(" (captain ")
          .append(name(match, board.captains().get(t))).append("): ")
          .append(board.teams().get(t).stream().map(Wording::entry)
              .collect(Collectors.joining(", "))).append('\n');
    }
    if (board.pool().isEmpty()) {
      return b.toString().strip();
    }
    b.append("Left to pick: ").append(board.pool().stream().map(Wording::entry)
        .collect(Collectors.joining(", "))).append('\n');
    int team = rulesOf(match).draft().onTurn(board);
    b.append("@").append(name(match, board.captains().get(team))).append("'s pick (team ")
        .append(team + 1).append("), by ").append(time(board.pickBy().orElseThrow()))
        .append(board.pool().size() > DiscordOutbox.MAX_BUTTONS
            ? ": too many are left for buttons, so pick with /match pick player:<name>."
            : ": press a name, or /match pick player:<name>.")
        .append(" A party is picked whole; if time runs out, the best-rated player left is "
            + "picked.");
    return b.toString();
  }

  /** A pick button's label: the entry's members, a party's joined by {@code +}. */
  static String pickLabel(QueueEntry entry) {
    return entry.entity().members().stream().map(Member::displayName)
        .collect(Collectors.joining(" + "));
  }

  // --- map votes ---------------------------------------------------------------------------------

  String mapVoteOpened(MatchRecord match, List<String> options, Instant closesAt) {
    return "Match " + match.id() + ": vote for the map within "
        + duration(Duration.between(match.confirmedAt().orElseThrow(), closesAt))
        + " with the buttons or /match vote map:<name>. The maps: " + String.join(", ", options)
        + ".";
  }

  String mapChosen(MatchRecord match, String map, Map<String, Integer> votes) {
    return "Match " + match.id() + " is played on " + map + (votes.isEmpty()
        ? " (the only map none of its players played in their last matches)."
        : " (" + votes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")) + ").");
  }

  String voted(MapPoll poll, UserId voter) {
    return "Your vote for " + poll.votes().get(voter) + " is in (" + poll.votes().size()
        + " vote" + (poll.votes().size() == 1 ? "" : "s") + " so far).";
  }

  // --- substitutes ------------------------------------------------------------------------------

  String subAsked(MatchRecord match, Member asker) {
    return "You asked for a substitute in match " + match.id() + ". Play on until someone takes "
        + "your place with /sub take player:@" + asker.displayName() + ".";
  }

  /**
   * The lobby's call for a substitute; while {@code picking} (a draft runs, the asker perhaps not
   * yet picked) it names no team, and says the place can be taken once the teams are set.
   */
  String subWanted(MatchRecord match, Member asker, boolean picking) {
    return asker.displayName() + " needs a substitute in match " + match.id() + " ("
        + match.region() + (picking ? "" : teamPart(match, asker.id())) + "). Anyone free: "
        + "/sub take player:@" + asker.displayName()
        + (picking ? ", once the captains have picked the teams." : "");
  }

  String subbedIn(MatchRecord match, Member in) {
    return "You are in match " + match.id() + teamPart(match, in.id()).replace(", team",
        " on team") + (match.state() == MatchRecord.State.POPPED
            ? ". Accept the ready check with /match accept." : ". Good luck!");
  }

  String substituted(MatchRecord match, Member out, Member in) {
    return "Match " + match.id() + ": " + in.displayName() + " came in for "
        + out.displayName() + (teamsSet(match) ? " (team " + (match.teamOf(in.id())
            .orElseThrow() + 1) + ")" : "") + "."
        + (match.state() == MatchRecord.State.POPPED
            ? " @" + in.displayName() + ", accept the ready check with /match accept." : "")
        + (teamsSet(match) ? "\n" + teams(match) : "");
  }

  /**
   * Whether {@code match}'s teams are its real ones: always without a draft; with one, only once
   * the captains have picked them (a swap is refused while they pick, so a confirmed match swapped
   * has them).
   */
  private boolean teamsSet(MatchRecord match) {
    return !rulesOf(match).draft().on() || match.state() != MatchRecord.State.POPPED;
  }

  /** The rules of {@code match}'s queue (the default queue's, if its queue was removed). */
  private MatchRules rulesOf(MatchRecord match) {
    return config.queue(match.queue()).map(QueueSpec::rules).orElse(config.matches());
  }

  /** {@code , team 2} for {@code user}'s team in {@code match}, once its teams are set. */
  private String teamPart(MatchRecord match, UserId user) {
    return teamsSet(match) ? ", team " + (match.teamOf(user).orElseThrow() + 1) : "";
  }

  String matchCancelled(MatchRecord match, String reason, Set<UserId> removed,
      List<QueueEntry> requeued) {
    return "Match " + match.id() + " is cancelled: " + reason + "."
        + (removed.isEmpty() ? "" : " Out of the queue: " + names(match, removed) + ".")
        + (requeued.isEmpty() ? ""
            : " Back in the queue, keeping their places: " + requeued.stream()
                .flatMap(e -> e.entity().members().stream()).map(Member::displayName)
                .collect(Collectors.joining(", ")) + ".");
  }

  String matchFinished(MatchRecord match, MatchResult result, List<String> playerLines) {
    StringBuilder b = new StringBuilder("Match " + match.id() + " is over: " + result
        + " (" + match.endReason().orElse("") + ").");
    for (String line : playerLines) {
      b.append("\n  ").append(line);
    }
    return b.toString();
  }

  String matchCorrected(MatchRecord match, ResultCorrection c, List<String> playerLines) {
    StringBuilder b = new StringBuilder("Match " + match.id() + "'s result was corrected by "
        + c.by().displayName() + ": " + c.to() + ", not " + c.from()
        + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")")
        + ". Ratings are replayed from that match on; its players now:");
    for (String line : playerLines) {
      b.append("\n  ").append(line);
    }
    return b.toString();
  }

  // --- shared ------------------------------------------------------------------------------------

  /** A party's size against the configured cap, {@code 2/5}. */
  String count(Party party) {
    return party.size() + "/" + config.maxPartySize();
  }

  /**
   * A duration the way the bot writes them everywhere: {@code 45 s}, {@code 1 min 30 s},
   * {@code 2 h 5 min}, {@code 3 d 4 h} (the two largest units, rounded down).
   */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
    if (s < 86_400) {
      return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + " min");
    }
    return (s / 86_400) + " d" + ((s % 86_400) / 3600 == 0 ? "" : " " + (s % 86_400) / 3600 + " h");
  }

  /**
   * A moment: for Discord a relative timestamp, {@code <t:1767290400:R>}, which every reader's
   * client shows in their own time zone ("in 5 minutes"); for the console, the time in UTC and
   * how far it is from now, {@code 18:10:00 UTC (in 10 min)}.
   */
  String time(Instant at) {
    if (discordTimes) {
      return "<t:" + at.getEpochSecond() + ":R>";
    }
    Instant now = clock.instant();
    String clockTime = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
        .format(at.atOffset(ZoneOffset.UTC)) + " UTC";
    Duration between = Duration.between(now, at);
    return clockTime + (between.abs().toSeconds() == 0 ? " (now)"
        : between.isNegative() ? " (" + duration(between.negated()) + " ago)"
            : " (in " + duration(between) + ")");
  }

  /** A match format as players write it: {@code 5v5}, {@code 3v3v3}. */
  static String format(MatchFormat format) {
    return String.join("v", Collections.nCopies(format.teams(),
        Integer.toString(format.teamSize())));
  }

  private static String mentions(List<Member> members) {
    return members.stream().map(m -> "@" + m.displayName()).collect(Collectors.joining(" "));
  }

  private String teams(MatchRecord match) {
    return teams(match, List.of());
  }

  private String teams(MatchRecord match, List<TeamOdds> odds) {
    List<String> lines = new ArrayList<>();
    for (int t = 0; t < match.teams().size(); t++) {
      lines.add("Team " + (t + 1) + (odds.size() == match.teams().size() ? " " + odds(odds.get(t))
          : "") + ": " + match.teams().get(t).stream()
          .map(Wording::entry).collect(Collectors.joining(", ")));
    }
    return String.join("\n", lines);
  }

  /**
   * A team's odds, {@code (mean 1520, 57% to win)}: the chance rounded to a whole percent, but
   * never to 0% or 100%, which no rating system can be that sure of.
   */
  static String odds(TeamOdds odds) {
    long percent = Math.round(odds.chance() * 100);
    String chance = percent <= 0 ? "under 1%" : percent >= 100 ? "over 99%" : percent + "%";
    return "(mean " + Math.round(odds.mean()) + ", " + chance + " to win)";
  }

  private static String entry(QueueEntry entry) {
    String names = entry.entity().members().stream().map(m -> "@" + m.displayName())
        .collect(Collectors.joining(" "));
    return entry.entity() instanceof Party ? "[" + names + "]" : names;
  }

  /** {@code user}'s name in {@code match}. */
  private static String name(MatchRecord match, UserId user) {
    return match.players().stream().filter(p -> p.id().equals(user)).findFirst()
        .map(Member::displayName).orElse(user.value());
  }

  private static String entryNames(QueueEntry entry) {
    List<String> names = entry.entity().members().stream().map(Member::displayName).toList();
    return names.size() == 1 ? names.get(0) : "the party " + and(names);
  }

  private static String and(List<String> items) {
    return items.size() <= 1 ? String.join("", items) : String.join(", ", items.subList(0,
        items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static String names(MatchRecord match, Set<UserId> users) {
    return match.players().stream().filter(m -> users.contains(m.id()))
        .map(Member::displayName).collect(Collectors.joining(", "));
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : word.endsWith("ch") ? "es" : "s");
  }

  // --- Team voice channels ---

  /** The lobby's line when a match's team voice channels are ready: each team's channel. */
  static String voiceReady(String matchId, List<String> channelMentions) {
    List<String> teams = new java.util.ArrayList<>();
    for (int t = 0; t < channelMentions.size(); t++) {
      teams.add("team " + (t + 1) + " " + channelMentions.get(t));
    }
    return "Voice for match " + matchId + ": " + String.join(", ", teams) + ".";
  }

  /** The lobby's line when Discord refused a match's voice channels; the match goes on. */
  static String voiceUnavailable(String matchId) {
    return "Match " + matchId + " has no team voice channels (Discord refused them; the "
        + "server's admins have been told). The match goes on: use any voice channel.";
  }
}

package org.relva.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relva.core.Departure;
import org.relva.core.Outcome;
import org.relva.core.PartyInfo;
import org.relva.core.PartyStats;
import org.relva.core.Refusal;
import org.relva.core.RefusalDetail;
import org.relva.core.RefusalDetail.Blocked;
import org.relva.core.RelvaConfig;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
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

  Wording(RelvaConfig config) {
    this.config = config;
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
    if (detail instanceof RefusalDetail.PartyRegion r) {
      return "A party queues in its own region, " + r.region() + "; leave out region:.";
    }
    if (failure.refusal() == Refusal.NOT_IN_PARTY) {
      return "You are not in a party. Create one with /party create, or join one with /party join.";
    }
    return failure.message();
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

  String noOpenMatch() {
    return "You are in no open match; name one with match:.";
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

  static String badDuration(String input) {
    return "A duration is like 90s, 30m, 2h, 1d or 1h30m; got '" + input + "'.";
  }

  String badRating(double value) {
    return "A rating is a number from 0 to 5000; got " + value + ".";
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
        + info.queuedSince().map(t -> "In the queue since " + t + ".").orElse("Not queued.");
  }

  String partyStats(PartyStats stats, List<String> memberLines) {
    Party party = stats.party();
    StringBuilder text = new StringBuilder("Party " + party.id() + ": made " + stats.createdAt()
        + ", " + stats.matches() + " match" + (stats.matches() == 1 ? "" : "es") + " popped, record "
        + stats.wins() + "-" + stats.losses() + "-" + stats.draws() + " (W-L-D), "
        + duration(stats.timeQueued()) + " queued in all.");
    for (String line : memberLines) {
      text.append("\n  ").append(line);
    }
    return text.toString();
  }

  String queued(QueueEntry entry, long waiting) {
    return (entry.entity() instanceof Party ? "Your party is" : "You are") + " in the queue ("
        + entry.region() + "). " + waiting + " player" + (waiting == 1 ? "" : "s") + " waiting in "
        + entry.region() + ".";
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

  String cancelled(MatchRecord m) {
    return "Match " + m.id() + " is cancelled.";
  }

  String queueCleared(int entries) {
    return "The queue is clear: " + entries + " entr" + (entries == 1 ? "y" : "ies") + " taken out.";
  }

  String banned(Member target, Instant until) {
    return target.displayName() + " may not queue until " + until + ".";
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
        + " (" + String.format(Locale.ROOT, "%.1f", stats.ordinal()) + " ordinal), "
        + plural(stats.games(), "game") + ", " + stats.record().wins() + "-"
        + stats.record().losses() + "-" + stats.record().draws()
        + (stats.record().streak() == 0 ? ""
            : stats.record().streak() > 0 ? ", won " + stats.record().streak() + " in a row"
                : ", lost " + -stats.record().streak() + " in a row");
  }

  /** A leaderboard, its players named by {@code names}; {@code region} when ratings are per region. */
  String leaderboard(Optional<Region> region, List<PlayerStats> top,
      Function<UserId, String> names) {
    if (top.isEmpty()) {
      return "Nobody has played a rated match yet.";
    }
    int[] rank = {0};
    return "Leaderboard" + region.map(r -> " of " + r).orElse("") + ":\n" + top.stream()
        .map(s -> (++rank[0]) + ". " + names.apply(s.user()) + " " + Math.round(s.matchmakingRating())
            + " (" + plural(s.games(), "game") + ")")
        .collect(Collectors.joining("\n"));
  }

  String queueStatus(Optional<MatchRecord> match, Optional<QueueEntry> mine,
      List<QueueEntry> queue, Instant now) {
    StringBuilder text = new StringBuilder();
    match.ifPresent(m -> text.append("You are in match ").append(m.id()).append(" (")
        .append(m.state().toString().toLowerCase(Locale.ROOT)).append(").\n"));
    mine.ifPresent(e -> text.append("You are queued in ").append(e.region())
        .append(" for ").append(duration(Duration.between(e.joinedAt(), now))).append(".\n"));
    if (queue.isEmpty()) {
      return text.append("Nobody is queued.").toString();
    }
    for (Region region : config.regions().all()) {
      List<QueueEntry> here = queue.stream().filter(e -> e.region().equals(region)).toList();
      if (!here.isEmpty()) {
        text.append(region).append(": ").append(here.stream().mapToInt(e -> e.entity().size())
            .sum()).append(" players in ").append(here.size()).append(" entries, longest wait ")
            .append(duration(Duration.between(here.get(0).joinedAt(), now))).append(".\n");
      }
    }
    return text.toString().strip();
  }

  String queueStats(List<RegionStats> all) {
    if (all.isEmpty()) {
      return "No matches yet.";
    }
    return all.stream().map(s -> s.region() + ": " + s.matches() + " matches; solo waits p50 "
        + duration(s.soloWaits().p50()) + ", p90 " + duration(s.soloWaits().p90()) + ", p99 "
        + duration(s.soloWaits().p99()) + "; party waits p50 " + duration(s.partyWaits().p50())
        + "; " + s.queuedPlayers() + " queued now; mean match quality "
        + String.format(Locale.ROOT, "%.2f", s.meanQuality()))
        .collect(Collectors.joining("\n"));
  }

  // --- announcements -----------------------------------------------------------------------------

  String partyCreated(Party party) {
    return party.leader().displayName() + " made party " + party.id() + " in " + party.region()
        + ". Join code: " + party.joinCode().display() + ".";
  }

  String memberJoined(Party party, Member member) {
    return member.displayName() + " joined the party (" + count(party) + ").";
  }

  String memberLeft(Party party, Member member) {
    return member.displayName() + " left the party. " + party.leader().displayName() + " leads it.";
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

  String partyLeftQueue(String reason) {
    return "The party left the queue: " + reason + ".";
  }

  String readyCheck(MatchRecord match) {
    return "Match " + match.id() + " popped in " + match.region() + "!\n" + teams(match)
        + "\nReady check: everyone accept within "
        + duration(Duration.between(match.poppedAt(), match.readyBy()))
        + " with /match accept (or decline with /match decline).";
  }

  String matchOn(MatchRecord match) {
    return "Match " + match.id() + " is on!\n" + teams(match)
        + "\nReport the result with /match report when it is over.";
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

  // --- shared ------------------------------------------------------------------------------------

  /** A party's size against the configured cap, {@code 2/5}. */
  String count(Party party) {
    return party.size() + "/" + config.maxPartySize();
  }

  /** A duration the way the bot writes them: {@code 45s}, {@code 2m 30s}, {@code 1h 5m}. */
  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    }
    return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + "m");
  }

  private String teams(MatchRecord match) {
    List<String> lines = new ArrayList<>();
    for (int t = 0; t < match.teams().size(); t++) {
      lines.add("Team " + (t + 1) + ": " + match.teams().get(t).stream()
          .map(Wording::entry).collect(Collectors.joining(", ")));
    }
    return String.join("\n", lines);
  }

  private static String entry(QueueEntry entry) {
    String names = entry.entity().members().stream().map(m -> "@" + m.displayName())
        .collect(Collectors.joining(" "));
    return entry.entity() instanceof Party ? "[" + names + "]" : names;
  }

  private static String names(MatchRecord match, Set<UserId> users) {
    return match.players().stream().filter(m -> users.contains(m.id()))
        .map(Member::displayName).collect(Collectors.joining(", "));
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}

package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.relva.core.Draft;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.rating.RatingSystem;
import org.relva.matchmaking.stats.PlayerStats;

/**
 * Tells people what happened, from the core's events: party news in the party's channel, and a
 * match's pop, confirmation, captains' draft, cancellation and result in the lobby and in each of
 * its parties' channels. Messages go to an outbox that the front end delivers (to Discord, or the
 * console); what they say is {@link Wording}'s business.
 *
 * <p>Events arrive one at a time, in order, on the bus's thread. The only state is why a party
 * about to be disbanded for the loss of its thread is disbanded ({@link #threadGone}), which
 * the core's events cannot say; it is concurrent.
 */
final class Announcer {
  private final Relva relva;
  private final Consumer<BotMessage> outbox;
  private final CommandLayer.Standings standings;
  private final Wording words;
  /** Predicts each team's chance to win, for the pop. */
  private final RatingSystem system;
  /** Why parties about to be disbanded are, where the core's reason would mislead; by party. */
  private final Map<EntityId, String> reasons = new ConcurrentHashMap<>();

  private Announcer(Relva relva, Consumer<BotMessage> outbox, CommandLayer.Standings standings,
      Wording words, RatingSystem system) {
    this.relva = relva;
    this.system = system;
    this.outbox = outbox;
    this.standings = standings;
    this.words = words;
  }

  /**
   * Starts announcing {@code relva}'s events to {@code outbox}, in {@code words}; a pop shows each
   * team's chance to win by {@code system}, the system that rates the players in {@code standings}.
   */
  static Announcer attach(Relva relva, Consumer<BotMessage> outbox,
      CommandLayer.Standings standings, Wording words, RatingSystem system) {
    Announcer announcer = new Announcer(requireNonNull(relva, "relva"),
        requireNonNull(outbox, "outbox"), requireNonNull(standings, "standings"),
        requireNonNull(words, "words"), requireNonNull(system, "system"));
    relva.events().subscribe(RelvaEvent.class, announcer::on);
    return announcer;
  }

  /**
   * The coming disband of {@code party} is because its thread is gone (found gone at start, if
   * {@code atStart}): its members are told so, rather than that a moderator disbanded it.
   */
  void threadGone(EntityId party, boolean atStart) {
    reasons.put(party, words.threadGone(atStart));
  }

  /** Drops what {@link #threadGone} said of {@code party}, which was not disbanded after all. */
  void forget(EntityId party) {
    reasons.remove(party);
  }

  private void on(RelvaEvent event) {
    if (event instanceof PartyEvent party) {
      onParty(party);
    } else if (event instanceof QueueEvent queue) {
      onQueue(queue);
    } else if (event instanceof MatchEvent match) {
      onMatch(match);
    }
  }

  private void onParty(PartyEvent event) {
    Party party = event.party();
    String text;
    if (event instanceof PartyEvent.Created) {
      text = words.partyCreated(party);
    } else if (event instanceof PartyEvent.MemberJoined joined) {
      text = words.memberJoined(party, joined.member());
    } else if (event instanceof PartyEvent.MemberLeft left) {
      text = words.memberLeft(party, left.member(), left.leaderChanged());
    } else if (event instanceof PartyEvent.MemberRemoved removed) {
      text = words.memberRemoved(removed.member());
      // The removed player no longer sees the party's channel: tell them in the lobby.
      toLobby(words.removedNotice(party, removed.member()), List.of(removed.member()));
    } else if (event instanceof PartyEvent.RegionChanged moved) {
      text = words.regionChangedNotice(party, moved.previous());
    } else if (event instanceof PartyEvent.LeaderPromoted) {
      text = words.leaderPromoted(party);
    } else if (event instanceof PartyEvent.JoinCodeChanged) {
      text = words.joinCodeChanged(party);
    } else if (event instanceof PartyEvent.Disbanded gone) {
      // Its channel is closing: tell its members in the lobby, except whoever disbanded it (the
      // leader, who has the command's reply) or left last (who has theirs).
      List<Member> told = gone.reason() == PartyEvent.DisbandReason.BY_MODERATOR
          ? party.members()
          : party.members().stream().filter(m -> !m.id().equals(party.leaderId())).toList();
      String why = reasons.remove(party.id());
      if (!told.isEmpty()) {
        toLobby(words.disbandedNotice(party, told, why != null ? why
            : gone.reason().description()), told);
      }
      return;
    } else {
      return;
    }
    toParty(party.id(), text);
  }

  private void onQueue(QueueEvent event) {
    if (event instanceof QueueEvent.PartyJoin join) {
      toParty(join.party().id(), words.partyQueued(join.party()));
    } else if (event instanceof QueueEvent.PartyLeave leave) {
      if (leave.reason() != QueueEvent.LeaveReason.DISBANDED) {
        toParty(leave.party().id(), words.partyLeftQueue(leave.reason()));
      }
    } else if (event instanceof QueueEvent.QueuePop pop && !pop.match().alsoLeft().isEmpty()) {
      // Several queues: those who also waited elsewhere are told they left those queues.
      PoppedMatch popped = pop.match();
      List<Member> players = popped.entries().stream()
          .filter(e -> popped.alsoLeft().containsKey(e.id()))
          .flatMap(e -> e.entity().members().stream()).toList();
      outbox.accept(BotMessage.notice(lobbyOf(popped.queue()), words.alsoLeft(popped),
          players.stream().map(Member::id).toList()));
    }
  }

  /** The lobby of queue {@code queue} (the default queue's, if it is gone). */
  private ChannelId lobbyOf(QueueId queue) {
    return relva.config().queue(queue).map(QueueSpec::lobby).orElse(relva.config().lobby());
  }

  private void onMatch(MatchEvent event) {
    MatchRecord match = event.match();
    if (event instanceof MatchEvent.Opened opened) {
      if (opened.readyCheck()) {
        // With a draft the pop's teams are not the teams: no odds for them.
        String text = words.readyCheck(match, drafting() ? List.of() : odds(match));
        for (ChannelId channel : channelsOf(match)) {
          outbox.accept(BotMessage.readyCheck(channel, text, match, volunteering()));
        }
      }
      return;
    }
    if (event instanceof MatchEvent.DraftStarted started) {
      boolean current = isCurrent(started.draft());
      String text = words.draftStarted(match, started.draft(), current);
      for (ChannelId channel : channelsOf(match)) {
        outbox.accept(current ? BotMessage.draft(channel, text, picks(started.draft()))
            : BotMessage.inChannel(channel, text));
      }
      return;
    }
    if (event instanceof MatchEvent.Picked pick) {
      boolean current = pick.how() != MatchEvent.Picked.How.LAST_LEFT
          && isCurrent(pick.draft());
      String text = words.pickMade(pick, current);
      for (ChannelId channel : channelsOf(match)) {
        outbox.accept(current ? BotMessage.draft(channel, text, picks(pick.draft()))
            : BotMessage.inChannel(channel, text));
      }
      return;
    }
    String text;
    if (event instanceof MatchEvent.Confirmed) {
      text = words.matchOn(match);
    } else if (event instanceof MatchEvent.Cancelled cancel) {
      text = words.matchCancelled(match, cancel.reason(), cancel.removed(), cancel.requeued());
    } else if (event instanceof MatchEvent.TeamsPicked) {
      text = words.teamsPicked(match, odds(match));
    } else if (event instanceof MatchEvent.MapVoteOpened vote) {
      String opened = words.mapVoteOpened(match, vote.options(), vote.closesAt());
      for (ChannelId channel : channelsOf(match)) {
        outbox.accept(BotMessage.mapVote(channel, opened, match.id(), vote.options()));
      }
      return;
    } else if (event instanceof MatchEvent.MapChosen chosen) {
      text = words.mapChosen(match, chosen.map(), chosen.votes());
    } else if (event instanceof MatchEvent.SubRequested asked) {
      Member asker = match.players().stream().filter(m -> m.id().equals(asked.user()))
          .findFirst().orElseThrow();
      outbox.accept(BotMessage.inChannel(relva.config().lobby(), words.subWanted(match, asker,
          relva.draft(match.id()).filter(DraftBoard::isPicking).isPresent())));
      return;
    } else if (event instanceof MatchEvent.Substituted sub) {
      text = words.substituted(match, sub.out(), sub.in());
      if (match.state() == MatchRecord.State.POPPED) {
        for (ChannelId channel : channelsOf(match)) {
          // buttons for the new player
          outbox.accept(BotMessage.readyCheck(channel, text, match, volunteering()));
        }
        return;
      }
    } else if (event instanceof MatchEvent.Corrected fixed) {
      // The rating book, attached before the announcer, has replayed: these are the new stats.
      CommandLayer.Standings ladder = standings.of(match.queue());
      text = words.matchCorrected(match, fixed.correction(), match.players().stream()
          .map(m -> words.player(m, ladder.stats(m, match.region()))).toList());
    } else if (event instanceof MatchEvent.Finished done) {
      CommandLayer.Standings ladder = standings.of(match.queue());
      List<String> lines = done.result().counts()
          ? match.players().stream()
              .map(m -> words.player(m, ladder.stats(m, match.region()))).toList()
          : List.of();
      text = words.matchFinished(match, done.result(), lines);
    } else {
      return; // Accepted and Reported: the player's own reply says it.
    }
    for (ChannelId channel : channelsOf(match)) {
      outbox.accept(BotMessage.inChannel(channel, text));
    }
  }

  /**
   * Each team's mean matchmaking rating and chance to win, from the players' ratings as they stand
   * now; none if the rating system cannot predict results.
   */
  private List<TeamOdds> odds(MatchRecord match) {
    List<List<Rating>> ratings = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    for (List<QueueEntry> team : match.teams()) {
      List<Rating> players = new ArrayList<>();
      double sum = 0;
      for (QueueEntry entry : team) {
        for (Member member : entry.entity().members()) {
          PlayerStats stats = standings.of(match.queue()).stats(member, match.region());
          players.add(stats.rating());
          sum += stats.matchmakingRating();
        }
      }
      ratings.add(players);
      means.add(players.isEmpty() ? 0 : sum / players.size());
    }
    double[] chances;
    try {
      chances = system.winProbabilities(ratings);
    } catch (UnsupportedOperationException e) {
      return List.of(); // an embedder's system without predictions: the plain team lines
    }
    List<TeamOdds> odds = new ArrayList<>();
    for (int t = 0; t < chances.length; t++) {
      odds.add(new TeamOdds(means.get(t), Math.min(1, Math.max(0, chances[t]))));
    }
    return odds;
  }

  private boolean drafting() {
    return relva.config().matches().draft().on();
  }

  private boolean volunteering() {
    return drafting() && relva.config().matches().draft().captains() == Draft.Captains.VOLUNTEERS;
  }

  /**
   * Whether {@code board} is how its draft stands now, picks still to make. Events are told after
   * the core's lock is released, so a later pick (or the end of the draft) may already have
   * happened: then its own event shows the draft, and buttons for this state would be stale.
   */
  private boolean isCurrent(DraftBoard board) {
    return !board.pool().isEmpty() && relva.draft(board.matchId()).filter(board::equals)
        .isPresent();
  }

  /** The buttons of the entries {@code board} has left to pick. */
  private static BotMessage.Picks picks(DraftBoard board) {
    return new BotMessage.Picks(board.matchId(), board.pool().stream()
        .map(e -> new BotMessage.Pick(e.entity().members().get(0).id(), Wording.pickLabel(e)))
        .toList());
  }

  /** The lobby and the channels of the match's parties that still exist. */
  private Set<ChannelId> channelsOf(MatchRecord match) {
    Set<ChannelId> channels = new LinkedHashSet<>();
    channels.add(lobbyOf(match.queue()));
    for (QueueEntry entry : match.entries()) {
      if (entry.entity() instanceof Party) {
        relva.channel(entry.id()).ifPresent(channels::add);
      }
    }
    return channels;
  }

  private void toLobby(String text, List<Member> mentioned) {
    outbox.accept(BotMessage.notice(relva.config().lobby(), text, mentioned.stream()
        .map(Member::id).toList()));
  }

  private void toParty(EntityId party, String text) {
    Optional<ChannelId> channel = relva.channel(party);
    channel.ifPresent(c -> outbox.accept(BotMessage.inChannel(c, text)));
  }
}

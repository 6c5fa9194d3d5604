package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.relva.core.Relva;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;

/**
 * Tells people what happened, from the core's events: party news in the party's channel, and a
 * match's pop, confirmation, cancellation and result in the lobby and in each of its parties'
 * channels. Messages go to an outbox that the front end delivers (to Discord, or the console).
 *
 * <p>Events arrive one at a time, in order, on the bus's thread; this class keeps no state.
 */
final class Announcer {
  private final Relva relva;
  private final Consumer<BotMessage> outbox;
  private final CommandLayer.Standings standings;

  private Announcer(Relva relva, Consumer<BotMessage> outbox, CommandLayer.Standings standings) {
    this.relva = relva;
    this.outbox = outbox;
    this.standings = standings;
  }

  /** Starts announcing {@code relva}'s events to {@code outbox}. */
  static Announcer attach(Relva relva, Consumer<BotMessage> outbox,
      CommandLayer.Standings standings) {
    Announcer announcer = new Announcer(requireNonNull(relva, "relva"),
        requireNonNull(outbox, "outbox"), requireNonNull(standings, "standings"));
    relva.events().subscribe(RelvaEvent.class, announcer::on);
    return announcer;
  }

  private void on(RelvaEvent event) {
    if (event instanceof PartyEvent) {
      onParty((PartyEvent) event);
    } else if (event instanceof QueueEvent) {
      onQueue((QueueEvent) event);
    } else if (event instanceof MatchEvent) {
      onMatch((MatchEvent) event);
    }
  }

  private void onParty(PartyEvent event) {
    Party party = event.party();
    String text;
    if (event instanceof PartyEvent.Created) {
      text = party.leader().displayName() + " made party " + party.id() + " in " + party.region()
          + ". Join code: " + party.joinCode().display() + ".";
    } else if (event instanceof PartyEvent.MemberJoined) {
      text = ((PartyEvent.MemberJoined) event).member().displayName() + " joined the party ("
          + party.size() + "/5).";
    } else if (event instanceof PartyEvent.MemberLeft) {
      text = ((PartyEvent.MemberLeft) event).member().displayName() + " left the party. "
          + party.leader().displayName() + " leads it.";
    } else if (event instanceof PartyEvent.MemberRemoved) {
      text = ((PartyEvent.MemberRemoved) event).member().displayName()
          + " was removed from the party.";
    } else if (event instanceof PartyEvent.LeaderPromoted) {
      text = party.leader().displayName() + " now leads the party.";
    } else if (event instanceof PartyEvent.JoinCodeChanged) {
      text = "The join code is now " + party.joinCode().display() + "; the old one no longer works.";
    } else {
      return; // Disbanded: its channel is closing.
    }
    toParty(party.id(), text);
  }

  private void onQueue(QueueEvent event) {
    if (event instanceof QueueEvent.PartyJoin) {
      Party party = ((QueueEvent.PartyJoin) event).party();
      toParty(party.id(), "The party is in the queue (" + party.region() + ").");
    } else if (event instanceof QueueEvent.PartyLeave) {
      QueueEvent.PartyLeave leave = (QueueEvent.PartyLeave) event;
      if (leave.reason() != QueueEvent.LeaveReason.DISBANDED) {
        toParty(leave.party().id(), "The party left the queue: " + leave.reason().description()
            + ".");
      }
    } else if (event instanceof QueueEvent.QueuePop) {
      MatchRecord match = relva.match(((QueueEvent.QueuePop) event).match().matchId())
          .orElseThrow();
      if (match.state() == MatchRecord.State.POPPED) {
        String text = "Match " + match.id() + " popped in " + match.region() + "!\n"
            + teams(match) + "\nReady check: everyone accept within "
            + CommandLayer.describe(Duration.between(match.poppedAt(), match.readyBy()))
            + " with /match accept (or decline with /match decline).";
        for (ChannelId channel : channelsOf(match)) {
          outbox.accept(BotMessage.readyCheck(channel, text, match));
        }
      }
    }
  }

  private void onMatch(MatchEvent event) {
    MatchRecord match = event.match();
    String text;
    if (event instanceof MatchEvent.Confirmed) {
      text = "Match " + match.id() + " is on!\n" + teams(match)
          + "\nReport the result with /match report when it is over.";
    } else if (event instanceof MatchEvent.Cancelled) {
      MatchEvent.Cancelled cancel = (MatchEvent.Cancelled) event;
      text = "Match " + match.id() + " is cancelled: " + cancel.reason() + "."
          + (cancel.removed().isEmpty() ? ""
              : " Out of the queue: " + names(match, cancel.removed()) + ".")
          + (cancel.requeued().isEmpty() ? ""
              : " Back in the queue, keeping their places: " + cancel.requeued().stream()
                  .flatMap(e -> e.entity().members().stream()).map(Member::displayName)
                  .collect(Collectors.joining(", ")) + ".");
    } else if (event instanceof MatchEvent.Finished) {
      MatchEvent.Finished done = (MatchEvent.Finished) event;
      StringBuilder b = new StringBuilder("Match " + match.id() + " is over: " + done.result()
          + " (" + match.endReason().orElse("") + ").");
      if (done.result().counts()) {
        for (Member m : match.players()) {
          b.append("\n  ").append(standings.describe(m, match.region()));
        }
      }
      text = b.toString();
    } else {
      return; // Accepted and Reported: the player's own reply says it.
    }
    for (ChannelId channel : channelsOf(match)) {
      outbox.accept(BotMessage.inChannel(channel, text));
    }
  }

  private String teams(MatchRecord match) {
    List<String> lines = new ArrayList<>();
    for (int t = 0; t < match.teams().size(); t++) {
      lines.add("Team " + (t + 1) + ": " + match.teams().get(t).stream()
          .map(this::describeEntry).collect(Collectors.joining(", ")));
    }
    return String.join("\n", lines);
  }

  private String describeEntry(QueueEntry entry) {
    String names = entry.entity().members().stream().map(m -> "@" + m.displayName())
        .collect(Collectors.joining(" "));
    return entry.entity() instanceof Party ? "[" + names + "]" : names;
  }

  private static String names(MatchRecord match, Set<UserId> users) {
    return match.players().stream().filter(m -> users.contains(m.id()))
        .map(Member::displayName).collect(Collectors.joining(", "));
  }

  /** The lobby and the channels of the match's parties that still exist. */
  private Set<ChannelId> channelsOf(MatchRecord match) {
    Set<ChannelId> channels = new LinkedHashSet<>();
    channels.add(relva.config().lobby());
    for (QueueEntry entry : match.entries()) {
      if (entry.entity() instanceof Party) {
        relva.channel(entry.id()).ifPresent(channels::add);
      }
    }
    return channels;
  }

  private void toParty(EntityId party, String text) {
    Optional<ChannelId> channel = relva.channel(party);
    channel.ifPresent(c -> outbox.accept(BotMessage.inChannel(c, text)));
  }
}

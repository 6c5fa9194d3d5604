package org.relva.discord;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.relva.core.Outcome;
import org.relva.core.PartyChannels;
import org.relva.core.Relva;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/**
 * Relva's launcher. Until the Discord adapter and the offline console land, it runs a short
 * evening of party and queue commands against the real core, printing every reply and event.
 */
public final class RelvaBot {
  private RelvaBot() {}

  public static void main(String[] args) {
    demo(System.out);
  }

  /** Plays a scripted evening against a fresh core, writing what happens to {@code out}. */
  static void demo(PrintStream out) {
    AtomicInteger channels = new AtomicInteger();
    PartyChannels port = new PartyChannels() {
      @Override
      public ChannelId open(EntityId party, String name, Member leader) {
        ChannelId id = ChannelId.of("thread-" + channels.incrementAndGet());
        out.println("  [channel] opened " + name + " as " + id + " for " + leader.displayName());
        return id;
      }

      @Override
      public void grant(ChannelId channel, Member member) {
        out.println("  [channel] " + channel + " now admits " + member.displayName());
      }

      @Override
      public void revoke(ChannelId channel, UserId user) {
        out.println("  [channel] " + channel + " no longer admits " + user);
      }

      @Override
      public void close(ChannelId channel) {
        out.println("  [channel] closed " + channel);
      }
    };
    Relva relva = Relva.builder().channels(port).clock(Clock.systemUTC()).build();
    relva.events().subscribe(RelvaEvent.class,
        e -> out.println("  [event] " + e.getClass().getSimpleName() + " at " + e.at()));

    ChannelId lobby = relva.config().lobby();
    Member alice = Member.of("1001", "alice");
    Member bob = Member.of("1002", "bob");
    Member carol = Member.of("1003", "carol");

    out.println("Relva demo: the core on its own (the Discord bot and console come later).");
    var party = show(out, "alice /party create region:us-e",
        relva.createParty(alice, lobby, "us-e"));
    var code = party.orElseThrow().joinCode().display();
    ChannelId partyChannel = relva.channel(party.orElseThrow().id()).orElseThrow();
    show(out, "bob /party join code:" + code.toLowerCase(java.util.Locale.ROOT),
        relva.joinParty(bob, lobby, code.toLowerCase(java.util.Locale.ROOT)));
    show(out, "bob #kiwipugs /queue join", relva.joinQueue(bob, lobby, null));
    show(out, "bob #party /party disband", relva.disbandParty(bob.id(), partyChannel));
    show(out, "alice #kiwipugs /queue join", relva.queueParty(alice.id(), lobby));
    show(out, "alice #party /queue join", relva.queueParty(alice.id(), partyChannel));
    show(out, "carol #kiwipugs /queue join region:mars", relva.joinQueue(carol, lobby, "mars"));
    show(out, "carol #kiwipugs /queue join region:eu", relva.joinQueue(carol, lobby, "eu"));
    show(out, "bob #party /party leave", relva.leaveParty(bob.id(), partyChannel));
    show(out, "alice #party /party info", relva.partyInfo(alice.id(), partyChannel));
    show(out, "alice #party /party disband", relva.disbandParty(alice.id(), partyChannel));
    out.println("Queue now: " + relva.queue().size() + " entr" + (relva.queue().size() == 1 ? "y" : "ies")
        + ", parties: " + relva.parties().size());
  }

  private static <T> Outcome<T> show(PrintStream out, String command, Outcome<T> outcome) {
    out.println("> " + command);
    out.println(outcome.isSuccess()
        ? "  ok: " + outcome.orElseThrow()
        : "  refused (" + outcome.failure().orElseThrow().refusal() + "): "
            + outcome.failure().orElseThrow().message());
    return outcome;
  }
}

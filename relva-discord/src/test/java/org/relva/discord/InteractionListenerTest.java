package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.relva.discord.FakeDiscord.LOBBY_ID;
import static org.relva.discord.FakeDiscord.option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.mockito.Mockito;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.discord.FakeDiscord.Call;
import org.relva.discord.FakeDiscord.Reply;

/**
 * Slash commands through the listener, the command layer and the core to Discord, against a fake
 * server: each is acknowledged before it runs, runs on Relva's executor, and is answered
 * ephemerally through its hook; what others need to know is posted in channels.
 */
class InteractionListenerTest {
  private static final String ELSEWHERE = "444444444444444444";
  private static final Map<String, String> ENV = Map.of("RELVA_FORMAT", "2v2",
      "RELVA_ALGORITHM", "fifo", "RELVA_MODERATOR_ROLE", "PUG Mods");

  private FakeDiscord discord;
  private FakeDiscord.Bot bot;
  private Member alice;
  private Member bob;

  @BeforeEach
  void setUp() {
    discord = new FakeDiscord();
    bot = discord.new Bot(ENV);
    alice = discord.member("alice", false);
    bob = discord.member("bob", false);
  }

  private static void assertEphemeral(Call call) {
    assertThat(call.replies).isNotEmpty();
    assertThat(call.replies.get(0).original()).as("the first reply edits the deferral")
        .isTrue();
    call.replies.forEach(Reply::verifyEphemeral);
  }

  private static void assertRefused(Call call, String why) {
    assertEphemeral(call);
    assertThat(call.onlyText()).startsWith(DiscordOutbox.ERROR_MARK).contains(why);
  }

  @Test
  @DisplayName("a command is deferred ephemerally on JDA's thread and runs later on Relva's executor")
  void defersFirstThenRunsOnTheExecutor() {
    Call call = new Call();
    SlashCommandInteractionEvent event = discord.slash(call, alice, LOBBY_ID, "queue", "join");

    bot.listener.onSlashCommandInteraction(event);

    InOrder order = inOrder(event, call.defer);
    order.verify(event).deferReply(true);
    order.verify(call.defer).queue(any(), any());
    assertThat(bot.tasks.pending()).as("handed off, not run on the event thread").isEqualTo(1);
    assertThat(call.replies).isEmpty();
    assertThat(bot.runtime.relva().queue()).isEmpty();

    bot.tasks.runAll();

    assertThat(bot.runtime.relva().queue()).hasSize(1);
    assertEphemeral(call);
    assertThat(call.onlyText()).startsWith("You are in the queue (us-e).");
  }

  @Test
  @DisplayName("an interaction delivered twice runs once and is acknowledged once")
  void duplicateDelivery() {
    Call call = new Call();
    SlashCommandInteractionEvent event = discord.slash(call, alice, LOBBY_ID, "queue", "join");

    bot.listener.onSlashCommandInteraction(event);
    bot.listener.onSlashCommandInteraction(event);
    bot.tasks.runAll();

    verify(event, Mockito.times(1)).deferReply(true);
    assertThat(bot.runtime.relva().queue()).hasSize(1);
    assertThat(call.replies).hasSize(1);
    assertThat(call.onlyText()).startsWith("You are in the queue");
  }

  @Test
  @DisplayName("an acknowledgement Discord refuses (too late, say): the command does not run")
  void refusedAcknowledgement() {
    Call call = new Call();
    call.ackRefusal = FakeDiscord.discordError(404, 10062, "Unknown interaction");
    SlashCommandInteractionEvent event = discord.slash(call, alice, LOBBY_ID, "queue", "join");

    bot.listener.onSlashCommandInteraction(event);
    bot.tasks.runAll();

    assertThat(bot.runtime.relva().queue()).isEmpty();
    assertThat(call.replies).isEmpty();
  }

  @Nested
  @DisplayName("/party")
  class PartyCommands {
    @Test
    @DisplayName("create opens a private thread for the leader, join adds, leave removes, disband deletes it")
    void partyLifecycle() {
      Call created = bot.run(alice, LOBBY_ID, "party", "create", option("region", "us-e"));

      assertEphemeral(created);
      Party party = bot.runtime.relva().partyOf(UserId.of(alice.getId())).orElseThrow();
      assertThat(created.onlyText()).contains("Party " + party.id() + " is made");
      String thread = discord.threadNamed("Party [" + party.id().value() + "]").orElseThrow();
      verify(discord.lobby).createThreadChannel("Party [" + party.id().value() + "]", true);
      assertThat(bot.runtime.relva().channel(party.id()).orElseThrow().value()).isEqualTo(thread);
      assertThat(discord.threadMembers.get(thread)).containsExactly(alice.getId());
      assertThat(discord.postedIn(thread)).anyMatch(t -> t.contains("alice made party"));

      Call joined = bot.run(bob, LOBBY_ID, "party", "join",
          option("code", party.joinCode().display()));

      assertEphemeral(joined);
      assertThat(joined.onlyText()).contains("You joined party " + party.id());
      assertThat(discord.threadMembers.get(thread)).containsExactly(alice.getId(), bob.getId());
      assertThat(discord.postedIn(thread)).anyMatch(t -> t.contains("bob joined the party"));

      Call left = bot.run(bob, thread, "party", "leave");

      assertEphemeral(left);
      assertThat(left.onlyText()).contains("You left party " + party.id());
      assertThat(discord.threadMembers.get(thread)).containsExactly(alice.getId());

      Call disbanded = bot.run(alice, thread, "party", "disband");

      assertEphemeral(disbanded);
      assertThat(disbanded.onlyText()).contains("is disbanded");
      assertThat(discord.deletedThreads).containsExactly(thread);
    }

    @Test
    @DisplayName("a party command outside the party's thread is refused, privately")
    void wrongChannel() {
      bot.run(alice, LOBBY_ID, "party", "create");

      Call info = bot.run(alice, LOBBY_ID, "party", "info");

      assertEphemeral(info);
      assertThat(info.replies.get(0).text()).startsWith(DiscordOutbox.ERROR_MARK);
    }
  }

  @Nested
  @DisplayName("/queue")
  class QueueCommands {
    @Test
    @DisplayName("join in the lobby queues; the lobby's Discord id is the core's #kiwipugs")
    void joinInLobby() {
      Call joined = bot.run(alice, LOBBY_ID, "queue", "join", option("region", "eu"));

      assertEphemeral(joined);
      assertThat(joined.onlyText()).startsWith("You are in the queue (eu).");
      assertThat(bot.runtime.relva().queueEntryOf(UserId.of(alice.getId()))).isPresent();
    }

    @Test
    @DisplayName("join anywhere else is refused with where to go")
    void joinElsewhere() {
      Call joined = bot.run(alice, ELSEWHERE, "queue", "join");

      assertRefused(joined, "#kiwipugs");
      assertThat(bot.runtime.relva().queue()).isEmpty();
    }

    @Test
    @DisplayName("status and leave answer privately")
    void statusAndLeave() {
      bot.run(alice, LOBBY_ID, "queue", "join");

      Call status = bot.run(bob, LOBBY_ID, "queue", "status");
      Call left = bot.run(alice, LOBBY_ID, "queue", "leave");

      assertEphemeral(status);
      assertThat(status.onlyText()).contains("Queue us-e: 1 of 4 players waiting, the first since <t:");
      assertEphemeral(left);
      assertThat(left.onlyText()).isEqualTo("You left the queue.");
    }
  }

  @Nested
  @DisplayName("/match")
  class MatchCommands {
    @Test
    @DisplayName("accept without an open match is refused, privately")
    void acceptWithoutMatch() {
      assertRefused(bot.run(alice, LOBBY_ID, "match", "accept"), "You are in no open match");
    }

    @Test
    @DisplayName("report names the match it reports on")
    void reportUnknownMatch() {
      Call call = bot.run(alice, LOBBY_ID, "match", "report", option("result", "team1"),
          option("match", "Mnothing"));

      assertEphemeral(call);
      assertThat(call.onlyText()).startsWith(DiscordOutbox.ERROR_MARK).contains("Mnothing");
    }
  }

  @Nested
  @DisplayName("/stats and /leaderboard")
  class Standings {
    @Test
    @DisplayName("/stats user: shows the member the option resolved to")
    void statsOfAnotherMember() {
      Call call = bot.run(alice, LOBBY_ID, "stats", "", option("user", bob));

      assertEphemeral(call);
      assertThat(call.onlyText()).startsWith("bob: rating ");
    }

    @Test
    @DisplayName("/stats without user: shows the caller")
    void statsOfSelf() {
      assertThat(bot.run(alice, LOBBY_ID, "stats", "").onlyText()).startsWith("alice: rating ");
    }

    @Test
    @DisplayName("/leaderboard answers privately")
    void leaderboard() {
      Call call = bot.run(alice, LOBBY_ID, "leaderboard", "");

      assertEphemeral(call);
      assertThat(call.onlyText()).isEqualTo(
          "Leaderboard of all regions (ratings are global):\nNobody has played a rated match yet.");
    }
  }

  @Nested
  @DisplayName("/admin")
  class AdminCommands {
    @Test
    @DisplayName("a member without the role or Manage Server is refused")
    void notAModerator() {
      assertRefused(bot.run(alice, LOBBY_ID, "admin", "clear-queue"),
          "Only moderators can use /admin.");
    }

    @Test
    @DisplayName("the configured role (any case) makes a moderator")
    void moderatorByRole() {
      Member mod = discord.member("mod", false, "Players", "pug mods");
      bot.run(alice, LOBBY_ID, "queue", "join");

      Call call = bot.run(mod, LOBBY_ID, "admin", "clear-queue");

      assertEphemeral(call);
      assertThat(call.onlyText()).isEqualTo("The queue is clear: 1 entry taken out.");
      assertThat(bot.runtime.relva().queue()).isEmpty();
    }

    @Test
    @DisplayName("Manage Server makes a moderator, and user options reach the command")
    void moderatorByPermission() {
      Member owner = discord.member("owner", true);

      Call call = bot.run(owner, LOBBY_ID, "admin", "ban", option("user", bob),
          option("duration", "2h"), option("reason", "spam"));

      assertEphemeral(call);
      assertThat(call.onlyText()).startsWith("bob may not queue until ");
      assertRefused(bot.run(bob, LOBBY_ID, "queue", "join"), "spam");
    }
  }

  @Nested
  @DisplayName("interactions Relva does not run")
  class Refusals {
    @Test
    @DisplayName("a command from another server is refused at once, without deferring")
    void otherServer() {
      Call call = new Call();
      SlashCommandInteractionEvent event = discord.slash(call, alice, LOBBY_ID, "queue", "join");
      Guild other = Mockito.mock(Guild.class);
      Mockito.when(other.getIdLong()).thenReturn(999L);
      Mockito.when(event.getGuild()).thenReturn(other);

      bot.listener.onSlashCommandInteraction(event);

      verify(event, never()).deferReply(true);
      verify(call.direct).setEphemeral(true);
      verify(call.direct).queue();
      assertThat(call.directReplies).singleElement()
          .satisfies(d -> assertThat(d.getContent()).contains("its own server only"));
      assertThat(bot.tasks.pending()).isZero();
    }

    @Test
    @DisplayName("a command from a direct message is refused at once")
    void directMessage() {
      Call call = new Call();
      SlashCommandInteractionEvent event = discord.slash(call, alice, LOBBY_ID, "queue", "join");
      Mockito.when(event.getMember()).thenReturn(null);

      bot.listener.onSlashCommandInteraction(event);

      verify(event, never()).deferReply(true);
      verify(call.direct).setEphemeral(true);
      assertThat(call.directReplies).singleElement()
          .satisfies(d -> assertThat(d.getContent()).contains("not in direct messages"));
    }

    @Test
    @DisplayName("while stopping, a deferred command is answered that Relva is stopping")
    void stopping() {
      List<Invocation> handled = new ArrayList<>();
      InteractionListener listener = new InteractionListener(FakeDiscord.GUILD_ID,
          new Interactions(discord.channels, Optional.empty()), task -> {
            throw new RejectedExecutionException("stopped");
          }, call -> {
            handled.add(call);
            return List.of();
          }, bot.outbox);
      Call call = new Call();

      listener.onSlashCommandInteraction(discord.slash(call, alice, LOBBY_ID, "queue", "join"));

      verify(call.defer).queue(any(), any());
      assertThat(handled).isEmpty();
      assertRefused(call, "Relva is stopping");
    }
  }
}

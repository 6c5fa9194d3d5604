package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.relva.discord.FakeDiscord.LOBBY_ID;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.relva.core.model.MatchRecord;
import org.relva.discord.FakeDiscord.Call;
import org.relva.discord.FakeDiscord.Posted;

/** The ready check's Accept and Decline buttons, from the pop to a confirmed match. */
class ReadyCheckButtonsTest {
  private static final Map<String, String> ENV = Map.of("RELVA_FORMAT", "2v2",
      "RELVA_ALGORITHM", "fifo");

  private final FakeDiscord discord = new FakeDiscord();

  @Test
  @DisplayName("a button click is deferred ephemerally, then runs /match accept on the match its id names")
  void clickIsMatchAccept() {
    List<Invocation> handled = new ArrayList<>();
    FakeDiscord.Tasks tasks = new FakeDiscord.Tasks();
    InteractionListener listener = new InteractionListener(FakeDiscord.GUILD_ID,
        new Interactions(discord.channels, Optional.empty()), tasks, call -> {
          handled.add(call);
          return List.of();
        },
        new DiscordOutbox(discord.guild, discord.channels));
    Member alice = discord.member("alice", false);
    Call call = new Call();
    ButtonInteractionEvent event = discord.button(call, alice, LOBBY_ID, "relva:accept:Mx1Y2z3");

    listener.onButtonInteraction(event);

    InOrder order = inOrder(event, call.defer);
    order.verify(event).deferReply(true);
    order.verify(call.defer).queue(any(), any());
    assertThat(handled).as("not before the executor runs it").isEmpty();

    tasks.runAll();

    assertThat(handled).singleElement().satisfies(inv -> {
      assertThat(inv.path()).isEqualTo("/match accept");
      assertThat(inv.option("match")).contains("Mx1Y2z3");
      assertThat(inv.user().id().value()).isEqualTo(alice.getId());
      assertThat(inv.channel().value()).isEqualTo("kiwipugs");
    });
  }

  @Test
  @DisplayName("a button that is not Relva's is answered at once and runs nothing")
  void foreignButton() {
    FakeDiscord.Bot bot = discord.new Bot(ENV);
    Call call = new Call();
    ButtonInteractionEvent event = discord.button(call, discord.member("alice", false), LOBBY_ID,
        "someone-else:click");

    bot.listener.onButtonInteraction(event);

    verify(event, never()).deferReply(true);
    verify(call.direct).setEphemeral(true);
    assertThat(bot.tasks.pending()).isZero();
  }

  @Test
  @DisplayName("a pop posts the ready check with Accept and Decline; clicking Accept confirms the match")
  void popToConfirmedByButtons() {
    FakeDiscord.Bot bot = discord.new Bot(ENV);
    List<Member> players = List.of(discord.member("ann", false), discord.member("ben", false),
        discord.member("cat", false), discord.member("dan", false));
    for (Member player : players) {
      bot.run(player, LOBBY_ID, "queue", "join");
    }
    bot.runtime.tick();

    MatchRecord match = bot.runtime.relva().openMatches().stream().findFirst().orElseThrow();
    Posted readyCheck = discord.posted.stream()
        .filter(p -> p.channelId().equals(LOBBY_ID) && p.text().contains("popped"))
        .findFirst().orElseThrow();
    List<Button> buttons = readyCheck.data().getComponents().get(0).asActionRow().getButtons();
    assertThat(buttons).extracting(Button::getLabel).containsExactly("Accept", "Decline");
    assertThat(buttons).extracting(Button::getStyle)
        .containsExactly(ButtonStyle.SUCCESS, ButtonStyle.DANGER);
    assertThat(buttons).extracting(Button::getCustomId).containsExactly(
        "relva:accept:" + match.id(), "relva:decline:" + match.id());

    List<String> answers = new ArrayList<>();
    for (Member player : players) {
      Call call = bot.click(player, LOBBY_ID, buttons.get(0).getCustomId());
      call.replies.get(0).verifyEphemeral();
      answers.add(call.onlyText());
    }

    assertThat(answers.subList(0, 3)).allMatch(a -> a.startsWith("You are ready."));
    assertThat(answers.get(3)).isEqualTo("Match " + match.id() + " is confirmed.");
    assertThat(discord.postedIn(LOBBY_ID)).anyMatch(t -> t.contains(match.id() + " is on!"));
  }

  @Test
  @DisplayName("clicking Decline declines the match, and the lobby hears it is cancelled")
  void declineByButton() {
    FakeDiscord.Bot bot = discord.new Bot(ENV);
    List<Member> players = List.of(discord.member("ann", false), discord.member("ben", false),
        discord.member("cat", false), discord.member("dan", false));
    players.forEach(p -> bot.run(p, LOBBY_ID, "queue", "join"));
    bot.runtime.tick();
    MatchRecord match = bot.runtime.relva().openMatches().stream().findFirst().orElseThrow();

    Call call = bot.click(players.get(2), LOBBY_ID, Interactions.buttonId("decline", match.id()));

    assertThat(call.onlyText()).isEqualTo("You declined match " + match.id() + ".");
    assertThat(discord.postedIn(LOBBY_ID))
        .anyMatch(t -> t.contains(match.id() + " is cancelled: cat declined"));
  }
}

package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.UserId;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.SeenChannel;
import org.relva.testkit.discord.SeenMessage;
import org.relva.testkit.discord.SentInteraction;

/**
 * A whole evening with the real bot, JDA included, against the local fake Discord: twelve players
 * make, join and leave parties, queue alone and as parties, decline and accept ready checks with
 * the buttons, report a result, and see their ratings move. Every interaction is answered within
 * Discord's three seconds.
 */
class EndToEndEveningTest {
  private static final List<String> SOLOS = List.of("Frank", "Grace", "Heidi", "Ivan", "Judy");

  @Test
  @DisplayName("a full evening: parties, solos, a refusal, a decline, a re-queue, a match, a result")
  void evening() {
    try (LiveBot live = LiveBot.start()) {
      // Slash commands are registered for the server at start-up.
      assertThat(live.discord.registeredCommands())
          .containsExactlyInAnyOrder("party", "queue", "match", "sub", "stats", "leaderboard", "help",
              "admin", "setup");

      // Alice makes a party: a private thread of the lobby, named as the spec says, that only
      // the bot and Alice are in, and that members cannot invite others to.
      SentInteraction create = live.lobby("Alice", "party", "create", "region", "eu");
      String code = LiveBot.joinCode(create);
      SeenMessage made = create.awaitReply(PATIENCE);
      assertThat(made.ephemeral()).isTrue();
      SeenChannel alicesThread = live.threadOf("Alice");
      assertThat(alicesThread.name()).matches("Party \\[K[0-9A-Za-z]{6}\\]");
      assertThat(alicesThread.type()).isEqualTo(SeenChannel.PRIVATE_THREAD);
      assertThat(alicesThread.parentId()).contains(live.discord.lobbyId());
      assertThat(alicesThread.invitable()).isFalse();
      assertThat(alicesThread.members())
          .containsExactlyInAnyOrder(live.discord.botId(), live.user("Alice").id());

      live.lobby("Bob", "party", "join", "code", code).reply();
      live.lobby("Carol", "party", "join", "code", code.toLowerCase(java.util.Locale.ROOT)
          .replace("-", "")).reply();
      String davesCode = LiveBot.joinCode(live.lobby("Dave", "party", "create", "region", "eu"));
      live.lobby("Erin", "party", "join", "code", davesCode).reply();
      live.awaitInThread("Alice", "Bob", "Carol");
      live.awaitInThread("Dave", "Erin");

      // Mallory's party comes and goes: Niaj joins and leaves, then Mallory leaves, which
      // disbands it, and Discord sees its thread deleted.
      String malloryCode = LiveBot.joinCode(live.lobby("Mallory", "party", "create"));
      String malloryThread = live.threadOf("Mallory").id();
      live.lobby("Niaj", "party", "join", "code", malloryCode).reply();
      live.awaitInThread("Mallory", "Niaj");
      live.party("Niaj", "party", "leave").reply();
      live.discord.await("Niaj out of Mallory's thread", () -> !live.discord
          .channel(malloryThread).orElseThrow().members().contains(live.user("Niaj").id()),
          PATIENCE);
      live.party("Mallory", "party", "leave").reply();
      live.discord.await("Mallory's thread deleted",
          () -> live.discord.channel(malloryThread).isEmpty(), PATIENCE);

      // Bob is in a party, so he may not queue alone in the lobby: he is told to ask Alice.
      SentInteraction bobAlone = live.lobby("Bob", "queue", "join");
      SeenMessage refusal = bobAlone.awaitReply(PATIENCE);
      assertThat(refusal.ephemeral()).isTrue();
      assertThat(plain(refusal.text())).contains("parties queue together", "Alice");
      assertThat(live.relva().queueEntryOf(UserId.of(live.user("Bob").id()))).isEmpty();

      // The leaders queue their parties from their threads; five solos queue in the lobby.
      live.party("Alice", "queue", "join").reply();
      live.party("Dave", "queue", "join").reply();
      for (String solo : SOLOS) {
        live.lobby(solo, "queue", "join", "region", "eu").reply();
      }

      // Ten players: a 5v5 pops, with Accept and Decline buttons, pinging exactly its players.
      SeenMessage firstPop = live.awaitReadyCheck(1);
      assertThat(firstPop.buttons()).hasSize(2);
      List<String> tenPlayers = Stream.concat(Stream.of("Alice", "Bob", "Carol", "Dave", "Erin"),
          SOLOS.stream()).map(name -> live.user(name).id()).toList();
      assertThat(firstPop.mentionedUsers()).containsExactlyInAnyOrderElementsOf(tenPlayers);
      assertThat(firstPop.content()).contains(tenPlayers.stream().map(id -> "<@" + id + ">")
          .toList());
      assertThat(firstPop.pingsEveryone()).isFalse();
      // Both parties see the pop in their threads too.
      live.discord.await("the pop in both party threads", () -> Stream.of("Alice", "Dave")
          .allMatch(leader -> live.discord.messages(live.threadOf(leader).id()).stream()
              .anyMatch(m -> m.text().contains("popped"))), PATIENCE);

      // Mallory, now solo, queues too; then Frank declines with the button and is out, while
      // everyone else keeps their place, so a new match pops with Mallory instead.
      live.lobby("Mallory", "queue", "join", "region", "eu").reply();
      SentInteraction decline = live.discord.click(live.user("Frank"), firstPop,
          button(firstPop, "decline"));
      assertThat(plain(decline.reply())).contains("declined");
      SeenMessage secondPop = live.awaitReadyCheck(2);
      assertThat(secondPop.mentionedUsers()).contains(live.user("Mallory").id())
          .doesNotContain(live.user("Frank").id());
      assertThat(live.relva().queueEntryOf(UserId.of(live.user("Frank").id()))).isEmpty();

      // Frank queues again; he waits for the next match.
      live.lobby("Frank", "queue", "join", "region", "eu").reply();

      // Everyone accepts with the button: the match is confirmed.
      List<String> secondTen = Stream.concat(Stream.of("Alice", "Bob", "Carol", "Dave", "Erin",
          "Mallory"), SOLOS.stream().filter(s -> !s.equals("Frank"))).toList();
      for (String player : secondTen) {
        live.discord.click(live.user(player), secondPop, button(secondPop, "accept")).reply();
      }
      live.discord.await("the match confirmed in the lobby", () -> live.discord
          .messages(live.discord.lobbyId()).stream().anyMatch(m -> plain(m.text())
              .contains("is on")), PATIENCE);

      // Six of ten report team 1: the result is final and ratings move.
      for (String player : secondTen.subList(0, 6)) {
        live.lobby(player, "match", "report", "result", "team1").reply();
      }
      live.discord.await("the result in the lobby", () -> live.discord
          .messages(live.discord.lobbyId()).stream().anyMatch(m -> plain(m.text())
              .contains("team 1 won")), PATIENCE);
      // Everyone started at 1500: team 1's players went up, team 2's down, as /stats shows.
      MatchRecord played = live.relva().match(button(secondPop, "accept")
          .substring("relva:accept:".length())).orElseThrow();
      for (String player : secondTen) {
        String stats = plain(live.lobby(player, "stats", "").reply());
        assertThat(stats).as(player).contains("1 game");
        int team = played.teamOf(UserId.of(live.user(player).id())).orElseThrow();
        assertThat(rating(stats)).as("%s of team %s", player, team + 1)
            .isGreaterThan(team == 0 ? 1500 : 0).isLessThan(team == 0 ? 10_000 : 1500);
      }

      // Every interaction was acknowledged and answered within Discord's three seconds.
      live.awaitAllAnswered();
      for (SentInteraction interaction : live.discord.interactions()) {
        assertThat(interaction.ackTime()).as("acknowledging %s", interaction).get()
            .matches(t -> t.compareTo(Duration.ofSeconds(3)) < 0);
        assertThat(interaction.replyTime()).as("answering %s", interaction).get()
            .matches(t -> t.compareTo(Duration.ofSeconds(3)) < 0);
        assertThat(interaction.refusals()).as("Discord's refusals of %s", interaction).isEmpty();
        assertThat(interaction.replies()).allMatch(SeenMessage::ephemeral);
      }
      assertThat(live.discord.interactions()).hasSizeGreaterThan(30);
      live.assertConsistent();
    }
  }

  @Test
  @DisplayName("a moderator's /admin works end to end, and a player's is refused")
  void moderatorCommands() {
    try (LiveBot live = LiveBot.start()) {
      live.lobby("Grace", "queue", "join", "region", "eu").reply();
      DiscordUser grace = live.user("Grace");
      SentInteraction notAllowed = live.lobby("Heidi", "admin", "clear-queue");
      assertThat(notAllowed.awaitReply(PATIENCE).text()).contains("moderator");
      assertThat(live.relva().queue()).hasSize(1);

      live.lobby("Oscar", "admin", "clear-queue").reply();
      live.discord.await("the queue cleared", () -> live.relva().queue().isEmpty(), PATIENCE);
      live.lobby("Oscar", "admin", "ban", "user", grace.id(), "duration", "30m").reply();
      assertThat(plain(live.lobby("Grace", "queue", "join").reply())).contains("banned");
      live.assertConsistent();
    }
  }

  private static String button(SeenMessage readyCheck, String action) {
    return readyCheck.buttons().stream().filter(b -> b.startsWith("relva:" + action + ":"))
        .findFirst().orElseThrow();
  }

  /** {@code text} without the Markdown escapes the bot adds. */
  private static String plain(String text) {
    return text.replace("\\", "");
  }

  private static int rating(String stats) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("rating (\\d+)").matcher(stats);
    assertThat(m.find()).as("a rating in %s", stats).isTrue();
    return Integer.parseInt(m.group(1));
  }
}

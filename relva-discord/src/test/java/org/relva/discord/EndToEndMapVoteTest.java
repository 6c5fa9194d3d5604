package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.UserId;
import org.relva.testkit.discord.SeenMessage;

/** The map vote with the real bot, JDA included, against the local fake Discord: its buttons. */
class EndToEndMapVoteTest {
  private static final Map<String, String> SETTINGS = Map.of("RELVA_FORMAT", "2v2",
      "RELVA_ALGORITHM", "fifo", "RELVA_MAPS", "Dust,Nuke,Mirage");

  @Test
  @DisplayName("a confirmed match posts one button a map; the players' clicks choose it")
  void votingWithTheButtons() {
    try (LiveBot live = LiveBot.start(LiveBot.server(), SETTINGS)) {
      List<String> four = List.of("Alice", "Bob", "Carol", "Dave");
      four.forEach(live::queueSolo);
      SeenMessage pop = live.awaitReadyCheck(1);
      for (String name : four) {
        live.discord.click(live.user(name), pop, button(pop, "relva:accept:")).reply();
      }

      live.discord.await("the map vote in the lobby", () -> vote(live) != null, PATIENCE);
      SeenMessage vote = vote(live);
      assertThat(vote.buttons()).hasSize(3).allMatch(b -> b.startsWith("relva:vote:"));
      assertThat(plain(vote.text())).contains("The maps: Dust, Nuke, Mirage.");

      assertThat(plain(live.discord.click(live.user("Alice"), vote, button(vote, ":Nuke"))
          .reply())).contains("Your vote for Nuke is in");
      live.discord.click(live.user("Bob"), vote, button(vote, ":Nuke")).reply();
      live.discord.click(live.user("Carol"), vote, button(vote, ":Dust")).reply();
      // A player of no match is refused, and nothing changes.
      assertThat(plain(live.discord.click(live.user("Erin"), vote, button(vote, ":Dust"))
          .reply())).contains("not playing in an open match");
      live.lobby("Dave", "match", "vote", "map", "mirage").reply();

      live.discord.await("the map announced", () -> live.discord.messages(live.discord
          .lobbyId()).stream().anyMatch(m -> plain(m.text()).contains("is played on Nuke")),
          PATIENCE);
      MatchRecord match = live.relva().openMatchOf(UserId.of(live.user("Alice").id()))
          .orElseThrow();
      assertThat(match.map()).contains("Nuke");
      live.assertConsistent();
    }
  }

  private static SeenMessage vote(LiveBot live) {
    return live.discord.messages(live.discord.lobbyId()).stream()
        .filter(m -> m.buttons().stream().anyMatch(b -> b.startsWith("relva:vote:")))
        .findFirst().orElse(null);
  }

  private static String button(SeenMessage message, String part) {
    return message.buttons().stream().filter(b -> b.contains(part)).findFirst().orElseThrow();
  }

  /** {@code text} without the Markdown escapes the bot adds. */
  private static String plain(String text) {
    return text.replace("\\", "");
  }
}

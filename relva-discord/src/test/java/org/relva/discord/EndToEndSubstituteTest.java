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

/**
 * Substitutes with the real bot, JDA included, against the local fake Discord: a player asks in
 * the ready check, a free player takes the place and accepts with the buttons posted again, and a
 * moderator swaps a player mid-match.
 */
class EndToEndSubstituteTest {
  private static final Map<String, String> TWO_ON_TWO = Map.of("RELVA_FORMAT", "2v2",
      "RELVA_ALGORITHM", "fifo");

  @Test
  @DisplayName("asked in the ready check, taken by a free player who accepts; swapped mid-match")
  void substitutes() {
    try (LiveBot live = LiveBot.start(LiveBot.server(), TWO_ON_TWO)) {
      for (String name : List.of("Alice", "Bob", "Carol", "Dave")) {
        live.queueSolo(name);
      }
      SeenMessage pop = live.awaitReadyCheck(1);
      for (String name : List.of("Alice", "Bob", "Carol")) {
        live.discord.click(live.user(name), pop, button(pop, "accept")).reply();
      }

      assertThat(plain(live.lobby("Dave", "sub", "request").reply()))
          .contains("You asked for a substitute");
      live.discord.await("the lobby told who needs a substitute", () -> live.discord
          .messages(live.discord.lobbyId()).stream()
          .anyMatch(m -> plain(m.text()).contains("Dave needs a substitute")), PATIENCE);

      // Grace is queued, so she may not; Erin is free and takes the place.
      live.queueSolo("Grace");
      assertThat(plain(live.lobby("Grace", "sub", "take", "player", live.user("Dave").id())
          .reply())).contains("is in the queue");
      assertThat(plain(live.lobby("Erin", "sub", "take", "player", live.user("Dave").id())
          .reply())).contains("Accept the ready check");

      // The ready check is posted again with its buttons, naming Erin; she accepts with them.
      SeenMessage again = live.awaitReadyCheck(2);
      assertThat(plain(again.text())).contains("Erin came in for Dave");
      assertThat(again.mentionedUsers()).contains(live.user("Erin").id());
      live.discord.click(live.user("Erin"), again, button(again, "accept")).reply();
      MatchRecord match = live.relva().openMatchOf(id(live, "Erin")).orElseThrow();
      live.discord.await("the match confirmed", () -> live.relva().match(match.id())
          .orElseThrow().state() == MatchRecord.State.CONFIRMED, PATIENCE);
      assertThat(live.relva().openMatchOf(id(live, "Dave"))).isEmpty();

      // Mid-match, a moderator swaps Bob for Frank; Bob is free to queue again.
      live.lobby("Oscar", "admin", "sub", "out", live.user("Bob").id(), "in",
          live.user("Frank").id()).reply();
      live.discord.await("the lobby told of the swap", () -> live.discord
          .messages(live.discord.lobbyId()).stream()
          .anyMatch(m -> plain(m.text()).contains("Frank came in for Bob")), PATIENCE);
      assertThat(live.relva().match(match.id()).orElseThrow().players())
          .extracting(m -> m.displayName())
          .containsExactlyInAnyOrder("Alice", "Carol", "Erin", "Frank");
      live.queueSolo("Bob");
      assertThat(live.relva().queueEntryOf(id(live, "Bob"))).isPresent();
      live.assertConsistent();
    }
  }

  private static UserId id(LiveBot live, String name) {
    return UserId.of(live.user(name).id());
  }

  private static String button(SeenMessage readyCheck, String action) {
    return readyCheck.buttons().stream().filter(b -> b.startsWith("relva:" + action + ":"))
        .findFirst().orElseThrow();
  }

  /** {@code text} without the Markdown escapes the bot adds. */
  private static String plain(String text) {
    return text.replace("\\", "");
  }
}

package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.testkit.discord.SeenMessage;

/**
 * The live queue in the lobby, end to end: the real bot posts one message per region once and then
 * edits it (Discord's Edit Message, which the local fake serves), never a second message.
 */
class EndToEndLiveQueueTest {

  private static List<SeenMessage> boards(LiveBot live, String region) {
    return live.discord.messages(live.discord.lobbyId()).stream()
        .filter(m -> m.content().startsWith("Queue " + region + ":")).toList();
  }

  @Test
  @DisplayName("one live message per region, edited as players join, with Discord's rules kept")
  void liveQueueIsOneMessageEdited() {
    try (LiveBot live = LiveBot.start(LiveBot.server(), Map.of("RELVA_LIVE_QUEUE", "true"))) {
      live.discord.await("the eu board posted", () -> boards(live, "eu").size() == 1, PATIENCE);
      String id = boards(live, "eu").get(0).id();
      assertThat(boards(live, "eu").get(0).content()).contains("nobody is waiting");

      live.queueSolo("Alice");
      live.queueSolo("Bob");

      live.discord.await("the eu board shows Alice and Bob", () -> boards(live, "eu").size() == 1
          && boards(live, "eu").get(0).content().contains("Alice, Bob"), PATIENCE);
      SeenMessage board = boards(live, "eu").get(0);
      assertThat(board.id()).as("edited in place, not posted again").isEqualTo(id);
      assertThat(board.content()).contains("2 of 10 players waiting").contains("<t:");
      assertThat(boards(live, "us-e")).hasSize(1);
      assertThat(live.discord.problems()).isEmpty();
    }
  }
}

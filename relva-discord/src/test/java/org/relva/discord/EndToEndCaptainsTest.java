package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenChannel;
import org.relva.testkit.discord.SeenMessage;

/**
 * A captains' draft with the real bot, JDA included, against the local fake Discord: volunteers
 * by button, picks by button, a party picked whole, the teams announced, and the team voice
 * channels made only once the teams are set.
 */
class EndToEndCaptainsTest {
  /** What the invite link asks for, and what voice channels need besides. */
  private static final long WITH_VOICE = 362_924_755_968L | (1L << 4) | (1L << 20) | (1L << 24);

  @Test
  @DisplayName("captains volunteer and pick with the buttons, a party whole; then the teams and "
      + "their voice channels")
  void draftWithTheButtons() {
    LocalDiscord discord = LiveBot.server().botPermissions(WITH_VOICE).start();
    String category = discord.addCategory("Matches");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("RELVA_FORMAT", "3v3");
    settings.put("RELVA_TEAMS", "captains");
    settings.put("RELVA_CAPTAINS", "volunteers");
    settings.put("RELVA_VOICE", "true");
    settings.put("RELVA_VOICE_CATEGORY", category);
    try (LiveBot live = LiveBot.startOn(discord, settings)) {
      String code = LiveBot.joinCode(live.lobby("Alice", "party", "create", "region", "eu"));
      live.lobby("Bob", "party", "join", "code", code).reply();
      live.awaitInThread("Alice", "Bob");
      live.party("Alice", "queue", "join").reply();
      List.of("Carol", "Dave", "Erin", "Frank").forEach(live::queueSolo);

      SeenMessage pop = live.awaitReadyCheck(1);
      String matchId = button(pop, "relva:accept:").substring("relva:accept:".length());
      String volunteer = button(pop, "relva:captain:");
      assertThat(plain(live.discord.click(live.user("Erin"), pop, volunteer).reply()))
          .contains("You volunteered to captain match " + matchId);
      live.discord.click(live.user("Frank"), pop, volunteer).reply();
      for (String name : List.of("Alice", "Bob", "Carol", "Dave", "Erin", "Frank")) {
        live.discord.click(live.user(name), pop, button(pop, "relva:accept:")).reply();
      }

      live.discord.await("the draft's buttons in the lobby", () -> drafts(live).size() == 1,
          PATIENCE);
      SeenMessage started = drafts(live).get(0);
      DraftBoard board = live.relva().draft(matchId).orElseThrow();
      assertThat(board.captains()).containsExactlyInAnyOrder(id(live, "Erin"), id(live, "Frank"));
      assertThat(started.buttons()).hasSize(3).allMatch(b -> b.startsWith("relva:pick:"
          + matchId + ":"));
      assertThat(plain(started.text())).contains("Left to pick: [@Alice @Bob]");
      // Confirmed, but the teams are not set: no voice channels yet.
      assertThat(live.relva().match(matchId).orElseThrow().state())
          .isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(teamChannels(discord, category)).isEmpty();

      String first = name(live, board.captains().get(0));
      String second = name(live, board.captains().get(1));
      assertThat(plain(live.discord.click(live.user(first), started, pickOf(live, started,
          "Carol")).reply())).isEqualTo("You picked Carol.");
      live.discord.await("the next pick's buttons", () -> drafts(live).size() == 2, PATIENCE);
      SeenMessage next = drafts(live).get(1);
      assertThat(next.buttons()).hasSize(2);
      assertThat(plain(next.text())).contains(first + " picked Carol for team 1.")
          .contains(second + "'s pick (team 2)");
      assertThat(plain(live.discord.click(live.user(second), next, pickOf(live, next, "Alice"))
          .reply())).isEqualTo("You picked the party Alice and Bob.");

      live.discord.await("the teams announced", () -> lobbyTexts(live).stream()
          .anyMatch(t -> t.contains(matchId + "'s teams are picked!")), PATIENCE);
      assertThat(lobbyTexts(live)).anyMatch(t -> t.contains("Dave joins team 1 as the last left."));
      MatchRecord match = live.relva().match(matchId).orElseThrow();
      assertThat(ids(match.teams().get(0))).containsExactlyInAnyOrder(live.user(first).id(),
          live.user("Carol").id(), live.user("Dave").id());
      assertThat(ids(match.teams().get(1))).containsExactlyInAnyOrder(live.user(second).id(),
          live.user("Alice").id(), live.user("Bob").id());

      discord.await("two team channels once the teams are set",
          () -> teamChannels(discord, category).size() == 2, PATIENCE);
      assertThat(teamChannels(discord, category)).extracting(SeenChannel::name)
          .containsExactlyInAnyOrder(matchId + " · Team 1", matchId + " · Team 2");
      live.assertConsistent();
    }
  }

  private static List<SeenMessage> drafts(LiveBot live) {
    return live.discord.messages(live.discord.lobbyId()).stream()
        .filter(m -> m.buttons().stream().anyMatch(b -> b.startsWith("relva:pick:"))).toList();
  }

  private static List<String> lobbyTexts(LiveBot live) {
    return live.discord.messages(live.discord.lobbyId()).stream().map(m -> plain(m.text()))
        .toList();
  }

  private static List<SeenChannel> teamChannels(LocalDiscord discord, String category) {
    return discord.voiceChannels().stream()
        .filter(c -> c.parentId().equals(Optional.of(category))).toList();
  }

  private static String pickOf(LiveBot live, SeenMessage message, String name) {
    return button(message, ":" + live.user(name).id());
  }

  private static String button(SeenMessage message, String part) {
    return message.buttons().stream().filter(b -> b.contains(part)).findFirst().orElseThrow();
  }

  private static UserId id(LiveBot live, String name) {
    return UserId.of(live.user(name).id());
  }

  private static String name(LiveBot live, UserId id) {
    return List.of("Erin", "Frank").stream().filter(n -> live.user(n).id().equals(id.value()))
        .findFirst().orElseThrow();
  }

  private static Set<String> ids(List<QueueEntry> team) {
    return team.stream().flatMap(e -> e.entity().members().stream()).map(m -> m.id().value())
        .collect(Collectors.toSet());
  }

  /** {@code text} without the Markdown escapes the bot adds. */
  private static String plain(String text) {
    return text.replace("\\", "");
  }
}

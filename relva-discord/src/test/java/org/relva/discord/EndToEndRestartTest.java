package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenMessage;
import org.relva.testkit.discord.SentInteraction;

/**
 * The real bot, JDA and all, on a SQLite file, stopped mid-evening and started again against the
 * same (local, fake) Discord: the party keeps its thread, the queue and the ready check under way
 * come back, the ready check's buttons posted before the restart still work, and the evening
 * finishes with nobody lost.
 */
class EndToEndRestartTest {
  @TempDir Path dir;

  @Test
  @DisplayName("restarted mid-evening, the bot loses nobody: party, thread, queue, ready check")
  void restartMidEvening() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("DISCORD_TOKEN", discord.token());
      env.put("RELVA_GUILD_ID", discord.guildId());
      env.put("RELVA_REGIONS", "eu,us-e");
      env.put("RELVA_FORMAT", "2v2");
      env.put("RELVA_ALGORITHM", "fifo");
      env.put("RELVA_DATA", dir.resolve("relva.db").toString());
      BotConfig config = BotConfig.load(env, Optional.empty());

      DiscordBot first = DiscordBot.start(config, LiveBot.link(discord),
          Journals.open(config.storage(), true));
      SentInteraction create = discord.slash(discord.user("Alice"), discord.lobbyId(), "party",
          "create", Map.of("region", "eu"));
      String code = LiveBot.joinCode(create);
      discord.slash(discord.user("Bob"), discord.lobbyId(), "party", "join", Map.of("code", code))
          .reply();
      Party party = first.runtime().relva().partyOf(UserId.of(discord.user("Alice").id()))
          .orElseThrow();
      String thread = first.runtime().relva().channel(party.id()).orElseThrow().value();
      discord.await("Bob in the thread", () -> discord.channel(thread).orElseThrow().members()
          .contains(discord.user("Bob").id()), PATIENCE);
      discord.slash(discord.user("Alice"), thread, "queue", "join", Map.of()).reply();
      for (String solo : List.of("Carol", "Dave")) {
        discord.slash(discord.user(solo), discord.lobbyId(), "queue", "join",
            Map.of("region", "eu")).reply();
      }
      discord.await("a ready check in the lobby", () -> readyCheck(discord).isPresent(),
          PATIENCE);
      SeenMessage check = readyCheck(discord).orElseThrow();
      discord.click(discord.user("Alice"), check, button(check, "accept")).reply();
      discord.slash(discord.user("Erin"), discord.lobbyId(), "queue", "join",
          Map.of("region", "eu")).reply();
      var before = RelvaInvariants.contents(first.runtime().stores());
      first.stop();

      DiscordBot second = DiscordBot.start(config, LiveBot.link(discord),
          Journals.open(config.storage(), true));
      try {
        assertThat(RelvaInvariants.contents(second.runtime().stores())).isEqualTo(before);
        discord.await("the lobby told the bot is back", () -> discord.messages(discord.lobbyId())
            .stream().anyMatch(m -> m.content().startsWith("Relva is back")), PATIENCE);
        assertThat(discord.messages(discord.lobbyId())).filteredOn(
            m -> m.content().startsWith("Relva is back")).singleElement().satisfies(m ->
                assertThat(m.content()).contains("1 party, 1 entry in the queue, 1 match under way"));
        assertThat(second.runtime().relva().channel(party.id()).orElseThrow().value())
            .isEqualTo(thread);
        // The ready check's buttons from before the restart still resolve.
        for (String player : List.of("Bob", "Carol", "Dave")) {
          discord.click(discord.user(player), check, button(check, "accept")).reply();
        }
        MatchRecord match = second.runtime().relva().openMatches().get(0);
        assertThat(match.state()).isEqualTo(MatchRecord.State.CONFIRMED);
        assertThat(second.runtime().relva().queue()).extracting(e -> e.entity().members().get(0)
            .displayName()).containsExactly("Erin");
        // The party's thread is its own again, so the sweep of leftovers (which deletes only
        // threads no party owns) leaves it: the restored party owns it.
        assertThat(discord.channel(thread)).isPresent();
        assertThat(second.runtime().relva().parties()).extracting(p -> second.runtime().relva()
            .channel(p.id()).orElseThrow().value()).containsExactly(thread);
        RelvaInvariants.assertConsistent(second.runtime().stores());
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }

  private static Optional<SeenMessage> readyCheck(LocalDiscord discord) {
    return discord.messages(discord.lobbyId()).stream()
        .filter(m -> m.buttons().stream().anyMatch(b -> b.startsWith("relva:accept:")))
        .findFirst();
  }

  private static String button(SeenMessage message, String action) {
    return message.buttons().stream().filter(b -> b.startsWith("relva:" + action + ":"))
        .findFirst().orElseThrow();
  }
}

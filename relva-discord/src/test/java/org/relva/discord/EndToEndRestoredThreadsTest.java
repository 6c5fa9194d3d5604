package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.Relva;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenChannel;
import org.relva.testkit.discord.SeenMessage;

/**
 * The real bot, JDA and all, on a SQLite file: Alice and Bob's party is made and queued, the bot
 * stops, Discord changes the party's thread while the bot is down (deleted, archived, its
 * members changed by a moderator, a leftover party thread appears), and the bot starts again
 * against the same (local, fake) Discord. What it restored must fit what Discord has now.
 */
class EndToEndRestoredThreadsTest {
  @TempDir Path dir;

  /** The first run's party, and the bot's settings, for the second run. */
  private record FirstRun(BotConfig config, String thread, Party party) {}

  /**
   * Runs the bot once: Alice makes a party, Bob joins it, Alice queues it, then the bot stops
   * and {@code meanwhile} changes Discord.
   */
  private FirstRun firstRun(LocalDiscord discord, Consumer<String> meanwhile) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISCORD_TOKEN", discord.token());
    env.put("RELVA_GUILD_ID", discord.guildId());
    env.put("RELVA_REGIONS", "eu,us-e");
    env.put("RELVA_DATA", dir.resolve("relva.db").toString());
    BotConfig config = BotConfig.load(env, Optional.empty());
    DiscordBot first = DiscordBot.start(config, LiveBot.link(discord),
        Journals.open(config.storage(), true));
    Party party;
    String thread;
    try {
      String code = LiveBot.joinCode(discord.slash(discord.user("Alice"), discord.lobbyId(),
          "party", "create", Map.of("region", "eu")));
      discord.slash(discord.user("Bob"), discord.lobbyId(), "party", "join",
          Map.of("code", code)).reply();
      Relva relva = first.runtime().relva();
      party = relva.partyOf(UserId.of(discord.user("Alice").id())).orElseThrow();
      thread = relva.channel(party.id()).orElseThrow().value();
      discord.await("Bob in the thread", () -> members(discord, thread)
          .contains(discord.user("Bob").id()), PATIENCE);
      discord.slash(discord.user("Alice"), thread, "queue", "join", Map.of()).reply();
    } finally {
      first.stop();
    }
    meanwhile.accept(thread);
    return new FirstRun(config, thread, party);
  }

  private static DiscordBot secondRun(LocalDiscord discord, FirstRun first) {
    return DiscordBot.start(first.config(), LiveBot.link(discord),
        Journals.open(first.config().storage(), true));
  }

  private static Set<String> members(LocalDiscord discord, String thread) {
    return discord.channel(thread).map(SeenChannel::members).orElse(Set.of());
  }

  private static String id(LocalDiscord discord, String name) {
    return discord.user(name).id();
  }

  @Test
  @DisplayName("a party's thread deleted while the bot was down: the party is disbanded at start, "
      + "its members are told why in the lobby, and nobody is left in it or queued")
  void threadDeletedWhileDown() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      FirstRun first = firstRun(discord, discord::deleteChannel);

      DiscordBot second = secondRun(discord, first);
      try {
        Relva relva = second.runtime().relva();
        discord.await("the party disbanded", () -> relva.parties().isEmpty(), PATIENCE);
        discord.await("its members told", () -> discord.messages(discord.lobbyId()).stream()
            .anyMatch(m -> m.content().contains("deleted while Relva was offline")), PATIENCE);
        SeenMessage told = discord.messages(discord.lobbyId()).stream()
            .filter(m -> m.content().contains("deleted while Relva was offline"))
            .findFirst().orElseThrow();
        assertThat(told.content()).contains("party " + first.party().id() + " is disbanded");
        assertThat(told.mentionedUsers()).containsExactlyInAnyOrder(id(discord, "Alice"),
            id(discord, "Bob"));
        assertThat(relva.queue()).isEmpty();
        assertThat(relva.partyOf(UserId.of(id(discord, "Alice")))).isEmpty();
        assertThat(relva.partyOf(UserId.of(id(discord, "Bob")))).isEmpty();
        // Free again: Bob can make a party of his own.
        assertThat(discord.slash(discord.user("Bob"), discord.lobbyId(), "party", "create",
            Map.of()).reply()).contains("is made");
        RelvaInvariants.assertConsistent(second.runtime().stores());
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }

  @Test
  @DisplayName("a member removed from the thread and a stranger added while the bot was down: "
      + "at start the thread holds the party again, and only it")
  void membersChangedWhileDown() {
    try (LocalDiscord discord = LiveBot.server()
        .privilegedIntents(LocalDiscord.GUILD_MEMBERS_INTENT).start()) {
      DiscordUser bob = discord.user("Bob");
      DiscordUser mallory = discord.user("Mallory");
      FirstRun first = firstRun(discord, thread -> {
        discord.removeThreadMember(thread, bob);
        discord.addThreadMember(thread, mallory);
      });
      assertThat(members(discord, first.thread())).contains(mallory.id()).doesNotContain(bob.id());

      DiscordBot second = secondRun(discord, first);
      try {
        discord.await("the thread in line with the party", () -> members(discord,
            first.thread()).equals(Set.of(discord.botId(), id(discord, "Alice"),
                bob.id())), PATIENCE);
        Relva relva = second.runtime().relva();
        assertThat(relva.parties()).extracting(Party::id).containsExactly(first.party().id());
        assertThat(discord.slash(bob, first.thread(), "party", "info", Map.of()).reply())
            .contains("Alice").contains("Bob");
        assertThat(relva.queue()).hasSize(1);
        RelvaInvariants.assertConsistent(second.runtime().stores());
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }

  @Test
  @DisplayName("without the Server Members intent, a member removed while the bot was down is "
      + "still added back at start (strangers cannot be found)")
  void memberRemovedWhileDown_withoutMembersIntent() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      DiscordUser bob = discord.user("Bob");
      DiscordUser mallory = discord.user("Mallory");
      FirstRun first = firstRun(discord, thread -> {
        discord.removeThreadMember(thread, bob);
        discord.addThreadMember(thread, mallory);
      });

      DiscordBot second = secondRun(discord, first);
      try {
        discord.await("Bob back in the thread", () -> members(discord, first.thread())
            .contains(bob.id()), PATIENCE);
        assertThat(discord.requests()).contains("GET channels/" + first.thread()
            + "/thread-members -> 403");
        // Discord would not say who else is in it, so Mallory, added by a moderator, stays.
        assertThat(members(discord, first.thread())).contains(mallory.id());
        assertThat(discord.slash(bob, first.thread(), "party", "info", Map.of()).reply())
            .contains("Alice");
        RelvaInvariants.assertConsistent(second.runtime().stores());
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }

  @Test
  @DisplayName("a party's thread archived while the bot was down (a member removed first): at "
      + "start it is found among the archived threads, unarchived, put in line, and party "
      + "commands work in it")
  void threadArchivedWhileDown() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      DiscordUser bob = discord.user("Bob");
      FirstRun first = firstRun(discord, thread -> {
        discord.removeThreadMember(thread, bob);
        discord.archiveThread(thread);
      });
      assertThat(discord.channel(first.thread()).orElseThrow().archived()).isTrue();

      DiscordBot second = secondRun(discord, first);
      try {
        discord.await("the thread unarchived with Bob back", () -> discord
            .channel(first.thread()).map(t -> !t.archived() && t.members().contains(bob.id()))
            .orElse(false), PATIENCE);
        assertThat(discord.requests()).anyMatch(r -> r.startsWith("GET channels/"
            + discord.lobbyId() + "/threads/archived/private") && r.endsWith("-> 200"));
        Relva relva = second.runtime().relva();
        assertThat(relva.parties()).extracting(Party::id).containsExactly(first.party().id());
        assertThat(discord.slash(discord.user("Alice"), first.thread(), "queue", "leave",
            Map.of()).reply()).doesNotContain("not in");
        assertThat(relva.queue()).isEmpty();
        String code = LiveBot.joinCode(discord.slash(discord.user("Alice"), first.thread(),
            "party", "code", Map.of()));
        discord.slash(discord.user("Carol"), discord.lobbyId(), "party", "join",
            Map.of("code", code)).reply();
        discord.await("Carol in the thread", () -> members(discord, first.thread())
            .contains(id(discord, "Carol")), PATIENCE);
        RelvaInvariants.assertConsistent(second.runtime().stores());
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }

  @Test
  @DisplayName("after a restart the sweep deletes a leftover party thread no restored party "
      + "owns, and keeps the restored party's thread and other threads")
  void sweepAfterRestart_deletesOnlyOrphans() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      String[] orphan = new String[2];
      FirstRun first = firstRun(discord, thread -> {
        orphan[0] = discord.addLeftoverThread("Party [Korphan]", Duration.ofMinutes(5));
        orphan[1] = discord.addLeftoverThread("strategy talk", Duration.ofMinutes(5));
      });

      DiscordBot second = secondRun(discord, first);
      try {
        discord.await("the orphan deleted", () -> discord.channel(orphan[0]).isEmpty(),
            PATIENCE);
        assertThat(discord.deletedChannels()).extracting(SeenChannel::id)
            .containsExactly(orphan[0]);
        assertThat(discord.channel(first.thread())).isPresent();
        assertThat(discord.channel(orphan[1])).isPresent();
        Relva relva = second.runtime().relva();
        assertThat(relva.parties()).extracting(p -> relva.channel(p.id()).orElseThrow().value())
            .containsExactly(first.thread());
        assertThat(members(discord, first.thread())).containsExactlyInAnyOrder(discord.botId(),
            id(discord, "Alice"), id(discord, "Bob"));
        RelvaInvariants.assertConsistent(second.runtime().stores());
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }
}

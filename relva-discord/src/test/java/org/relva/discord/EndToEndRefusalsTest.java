package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.UserId;
import org.relva.testkit.MutableClock;
import org.relva.testkit.discord.SeenChannel;
import org.relva.testkit.discord.SentInteraction;

/**
 * The real bot where Discord refuses it, as the fake now does: a moderator takes permissions from
 * the bot's role mid-evening, a party outlives its thread's archive duration, and the server runs
 * out of active threads. Each ends with the same invariants as the fault tests.
 */
class EndToEndRefusalsTest {
  /** What Relva's invite link asks for. */
  private static final long RELVA = 362_924_755_968L;
  private static final long CREATE_PRIVATE_THREADS = 1L << 36;
  private static final long MANAGE_THREADS = 1L << 34;

  @Test
  @DisplayName("a moderator takes the thread permissions from the bot's role mid-evening: players "
      + "are told which one is missing, the operator what to grant, and nothing is half-made")
  void permissionsLostMidEvening() {
    try (LiveBot live = LiveBot.start()) {
      String code = LiveBot.joinCode(live.lobby("Alice", "party", "create"));
      live.lobby("Bob", "party", "join", "code", code).reply();
      live.awaitInThread("Alice", "Bob");
      String alicesThread = live.threadOf("Alice").id();

      live.discord.setBotPermissions(RELVA & ~CREATE_PRIVATE_THREADS & ~MANAGE_THREADS);

      live.discord.await("the operator told what to grant", () -> live.bot.operatorAlerts()
          .stream().anyMatch(a -> a.contains("Create Private Threads")
              && a.contains("Manage Threads") && a.contains("Server Settings, Roles")),
          PATIENCE);
      SentInteraction refused = live.lobby("Carol", "party", "create");
      assertThat(refused.reply()).contains("Create Private Threads");
      assertThat(live.relva().partyOf(UserId.of(live.user("Carol").id()))).isEmpty();
      assertThat(live.discord.threads()).extracting(SeenChannel::id)
          .containsExactly(alicesThread);

      // The party that has its thread keeps working: joining needs Send Messages in Threads,
      // and the bot, which made the thread, may remove members without Manage Threads.
      live.lobby("Dave", "party", "join", "code", code).reply();
      live.awaitInThread("Alice", "Dave");
      live.party("Bob", "party", "leave").reply();
      live.discord.await("Bob out of the thread", () -> !live.discord.channel(alicesThread)
          .orElseThrow().members().contains(live.user("Bob").id()), PATIENCE);

      // Disbanding cannot delete the thread now; the operator hears of it, and once a moderator
      // gives the permissions back, the thread without a party goes.
      live.party("Alice", "party", "disband").reply();
      assertThat(live.relva().parties()).isEmpty();
      live.discord.await("the operator told the thread cannot be deleted", () -> live.bot
          .operatorAlerts().stream().anyMatch(a -> a.contains("lacks Manage Threads")
              && a.contains("delete party threads")), PATIENCE);
      live.discord.setBotPermissions(RELVA);
      assertThat(live.lobby("Carol", "party", "create").reply()).contains("is made");
      live.assertConsistent();
      assertThat(live.discord.channel(alicesThread)).isEmpty();
    }
  }

  @Test
  @DisplayName("a moderator denies the bot's role Send Messages in Threads in the lobby: the "
      + "operator is told at once, and again when a join cannot add the player to the thread")
  void lobbyOverwriteDeniesThreads() {
    try (LiveBot live = LiveBot.start()) {
      String code = LiveBot.joinCode(live.lobby("Alice", "party", "create"));

      live.discord.setOverwrite(live.discord.lobbyId(), live.discord.botRoleId(), 0, 0,
          1L << 38);

      live.discord.await("the operator told what to grant", () -> live.bot.operatorAlerts()
          .stream().anyMatch(a -> a.contains("Send Messages in Threads")
              && a.contains("#kiwipugs")), PATIENCE);
      live.lobby("Bob", "party", "join", "code", code).reply();
      live.discord.await("the operator told a player could not be added", () -> live.bot
          .operatorAlerts().stream().anyMatch(a -> a.contains("add players to party threads")),
          PATIENCE);

      live.discord.setOverwrite(live.discord.lobbyId(), live.discord.botRoleId(), 0, 0, 0);
      live.party("Alice", "party", "disband").reply();
      live.assertConsistent();
    }
  }

  @Test
  @DisplayName("a party outlives its thread's archive duration: the bot unarchives the thread, "
      + "and joining, leaving and disbanding still work")
  void archivedPartyThread() {
    MutableClock clock = MutableClock.at(Instant.now());
    try (LiveBot live = LiveBot.start(LiveBot.server().clock(clock), Map.of())) {
      String code = LiveBot.joinCode(live.lobby("Alice", "party", "create"));
      live.lobby("Bob", "party", "join", "code", code).reply();
      live.awaitInThread("Alice", "Bob");
      String thread = live.threadOf("Alice").id();

      clock.advance(Duration.ofDays(7).plusMinutes(1));
      assertThat(live.discord.archiveIdleThreads()).isEqualTo(1);
      // Carol joins while the thread may still be archived: her place in it waits for it.
      live.lobby("Carol", "party", "join", "code", code).reply();

      live.discord.await("the thread unarchived", () -> !live.discord.channel(thread)
          .orElseThrow().archived(), PATIENCE);
      live.awaitInThread("Alice", "Bob", "Carol");
      live.party("Bob", "party", "leave").reply();
      live.discord.await("Bob out of the thread", () -> !live.discord.channel(thread)
          .orElseThrow().members().contains(live.user("Bob").id()), PATIENCE);
      live.assertConsistent();

      live.party("Alice", "party", "disband").reply();
      live.discord.await("the thread deleted", () -> live.discord.channel(thread).isEmpty(),
          PATIENCE);
      live.assertConsistent();
    }
  }

  @Test
  @DisplayName("the server is at its active-thread cap: /party create is refused clearly, and "
      + "no party or thread is made")
  void activeThreadCap() {
    try (LiveBot live = LiveBot.start(LiveBot.server().maxActiveThreads(1), Map.of())) {
      assertThat(live.lobby("Alice", "party", "create").reply()).contains("is made");

      SentInteraction refused = live.lobby("Bob", "party", "create");

      assertThat(refused.reply()).contains("too many active threads");
      assertThat(live.relva().partyOf(UserId.of(live.user("Bob").id()))).isEmpty();
      assertThat(live.discord.threads()).hasSize(1);
      assertThat(live.discord.requests()).contains("POST channels/" + live.discord.lobbyId()
          + "/threads -> 400");
      live.assertConsistent();
    }
  }
}

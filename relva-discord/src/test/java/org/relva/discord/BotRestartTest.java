package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.store.InMemoryJournal;

/**
 * The whole runtime restarted on its journal mid-evening: parties, the queue, a ready check under
 * way and every rating come back, the ready check that ran out while the bot was down is called off
 * (and said so), and the evening goes on.
 */
class BotRestartTest {
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final InMemoryJournal journal = new InMemoryJournal();
  private final List<BotMessage> said = new ArrayList<>();
  private final BotConfig config = BotConfig.load(
      Map.of("RELVA_FORMAT", "2v2", "RELVA_ALGORITHM", "fifo"), Optional.empty());
  private final Console.ConsoleChannels channels = new Console.ConsoleChannels(note -> { });

  private BotRuntime start() {
    return BotRuntime.start(config, channels, clock, new SplittableRandom(5), said::add, journal);
  }

  private static Member player(int n) {
    return Member.of(String.valueOf(2000 + n), "p" + n);
  }

  private static List<BotMessage> run(BotRuntime bot, Member who, ChannelId where, String command,
      String sub, Map<String, String> options) {
    return bot.handle(new Invocation(who, where, command, sub, options, Map.of(), false));
  }

  @Test
  @DisplayName("a restarted bot has it all back, calls off the ready check that ran out, goes on")
  void restartMidEvening() {
    BotRuntime bot = start();
    // A first match, played and reported: ratings move.
    for (int i = 1; i <= 4; i++) {
      run(bot, player(i), LOBBY, "queue", "join", Map.of());
    }
    String first = bot.relva().openMatches().get(0).id();
    for (int i = 1; i <= 4; i++) {
      run(bot, player(i), LOBBY, "match", "accept", Map.of());
    }
    for (int i = 1; i <= 3; i++) {
      run(bot, player(i), LOBBY, "match", "report", Map.of("result", "team1"));
    }
    assertThat(bot.relva().match(first).orElseThrow().result()).isPresent();
    // A party, and a second ready check under way.
    run(bot, player(5), LOBBY, "party", "create", Map.of());
    Party party = bot.relva().partyOf(player(5).id()).orElseThrow();
    run(bot, player(6), LOBBY, "party", "join", Map.of("code", party.joinCode().display()));
    for (int i = 1; i <= 2; i++) {
      run(bot, player(i), LOBBY, "queue", "join", Map.of());
    }
    run(bot, player(5), bot.relva().channel(party.id()).orElseThrow(), "queue", "join", Map.of());
    String second = bot.relva().openMatches().get(0).id();
    run(bot, player(1), LOBBY, "match", "accept", Map.of());
    run(bot, player(7), LOBBY, "queue", "join", Map.of());
    var stats = bot.book().stats(player(1).id());
    var contents = RelvaInvariants.contents(bot.stores());
    bot.stop();

    // The process is gone for longer than the ready check lasts.
    clock.advance(Duration.ofMinutes(2));
    said.clear();
    journal.reopen(); // the stopped runtime closed it, as a process closes its database
    BotRuntime again = start();

    assertThat(again.book().stats(player(1).id())).isEqualTo(stats);
    assertThat(again.relva().party(party.id())).isPresent();
    assertThat(again.relva().match(second).orElseThrow().state().isOpen())
        .as("the ready check ran out while the bot was down").isFalse();
    assertThat(said).extracting(BotMessage::text)
        .anyMatch(t -> t.contains("is cancelled: the ready check timed out"));
    assertThat(contents.get("parties")).isEqualTo(RelvaInvariants.contents(again.stores())
        .get("parties"));
    RelvaInvariants.assertConsistent(again.stores());
    // Those who accepted are back in the queue with player 7; the evening goes on.
    run(again, player(8), LOBBY, "queue", "join", Map.of());
    run(again, player(9), LOBBY, "queue", "join", Map.of());
    assertThat(again.relva().openMatches()).as("the next match pops after the restart")
        .isNotEmpty();
    again.stop();
  }

  @Test
  @DisplayName("a read of the history the database does not answer is refused, clearly, and "
      + "the next works")
  void historyUnreadable() {
    BotRuntime bot = start();
    for (int i = 1; i <= 4; i++) {
      run(bot, player(i), LOBBY, "queue", "join", Map.of());
    }
    String id = bot.relva().openMatches().get(0).id();
    for (int i = 1; i <= 4; i++) {
      run(bot, player(i), LOBBY, "match", "accept", Map.of());
    }
    for (int i = 1; i <= 3; i++) {
      run(bot, player(i), LOBBY, "match", "report", Map.of("result", "team1"));
    }
    BotRuntime again = start(); // a restart: the finished match is in the journal only

    journal.failNextReads(1);
    List<BotMessage> refused = run(again, player(1), LOBBY, "match", "info", Map.of("match", id));
    assertThat(refused).singleElement().satisfies(m -> {
      assertThat(m.error()).isTrue();
      assertThat(m.text()).contains("database did not answer");
    });
    assertThat(run(again, player(1), LOBBY, "match", "info", Map.of("match", id)))
        .singleElement().satisfies(m -> assertThat(m.text()).contains("finished, team 1 won"));
  }
}

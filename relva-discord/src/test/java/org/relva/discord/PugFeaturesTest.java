package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.PlayerAnswersTest.console;
import static org.relva.discord.PlayerAnswersTest.tenSolos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.RelvaConfig;
import org.relva.core.model.Regions;

/** What players expect from a PUG bot (issue 12, section 3), through the console. */
class PugFeaturesTest {

  @Test
  @DisplayName("/help lists every command, where it works, and /admin only for moderators")
  void help_listsEveryCommandAndWhere() throws Exception {
    String out = console("alice /help\n:mod zed\nzed /help\n");
    CommandCatalog catalog = CommandCatalog.of(Regions.of("us-e", "us-w", "eu"));
    String player = out.substring(out.indexOf("[to alice"), out.indexOf("> :mod"));
    String moderator = out.substring(out.indexOf("[to zed"));
    for (CommandCatalog.CommandSpec command : catalog.commands()) {
      for (CommandCatalog.SubcommandSpec sub : command.subcommands()) {
        String path = "/" + command.name() + " " + sub.name();
        assertThat(moderator).contains(path);
        if (!command.name().equals("admin") && !command.name().equals("setup")) {
          assertThat(player).contains(path);
        }
      }
    }
    assertThat(player).contains("/party create [region:]: Create a party and its channel (in "
        + "#kiwipugs)").contains("/party kick user:").contains("leader only")
        .contains("/leaderboard [region:]").doesNotContain("/admin ban")
        .contains("Moderators also have /admin, and members with Manage Server /setup.");
    assertThat(moderator).contains("/admin ban user: duration: [reason:]")
        .contains("anywhere, moderators only");
  }

  @Test
  @DisplayName("/party region moves the leader's party while it is not queued")
  void partyRegion() throws Exception {
    String out = console("""
        alice /party create
        bob /party join code:@alice
        bob #party /party region region:eu
        alice #party /party region region:eu
        alice #party /party info
        alice #party /queue join
        alice #party /party region region:us-w
        """);
    assertThat(out).contains("! Only the party's leader, alice, can change the party's region.")
        .contains("Your party now plays in eu.")
        .contains("alice moved the party from us-e to eu.")
        .contains("(eu, 2/5)")
        .contains("Your party is in the queue (eu).")
        .contains("! Your party is in the queue in eu. Take it out first with /queue leave");
  }

  @Test
  @DisplayName("/queue status shows who waits, parties together, and that more are needed")
  void queueStatus_showsWhoWaits() throws Exception {
    String out = console("""
        alice /party create
        bob /party join code:@alice
        alice #party /queue join
        :wait 30s
        carol /queue join
        carol /queue status
        """);
    assertThat(out).contains("You are queued in us-e, since 18:00:30 UTC (now).")
        .contains("Queue us-e: 3 of 10 players waiting, the first since 18:00:00 UTC (30 s ago):"
            + " [alice, bob], carol. Needs 7 more players.");
  }

  @Test
  @DisplayName("/queue status says why a queue with enough players is not popping: parties")
  void queueStatus_partiesThatDoNotFit() throws Exception {
    StringBuilder script = new StringBuilder();
    for (String leader : new String[] {"a", "b", "c"}) {
      script.append(leader).append(" /party create\n");
      for (int i = 1; i <= 2; i++) {
        script.append(leader).append(i).append(" /party join code:@").append(leader).append('\n');
      }
      script.append(leader).append(" #party /queue join\n");
    }
    script.append("solo /queue join\nsolo /queue status\n");
    String out = console(script.toString());
    assertThat(out).contains("10 of 10 players waiting").contains("the parties cannot make full "
        + "teams while staying whole");
  }

  @Test
  @DisplayName("/queue status says why: a full-team party waits to face a party first")
  void queueStatus_fullPartyWaits() throws Exception {
    StringBuilder script = new StringBuilder("a /party create\n");
    for (int i = 1; i <= 4; i++) {
      script.append("a").append(i).append(" /party join code:@a\n");
    }
    script.append("a #party /queue join\n");
    for (int i = 1; i <= 5; i++) {
      script.append("s").append(i).append(" /queue join\n");
    }
    script.append("s1 /queue status\n");
    String out = console(script.toString());
    assertThat(out).contains("a full-team party first waits to face another party, until "
        + "18:01:30 UTC (in 1 min 30 s)");
  }

  @Test
  @DisplayName("/queue status says why: the rating window, and when it takes any rating")
  void queueStatus_ratingWindow() throws Exception {
    String out = console(":mod zed\nzed /admin rating user:p1 value:3000\n" + tenSolos()
        + "p2 /queue status\n");
    assertThat(out).doesNotContain("popped in").contains("the matchmaker waits for players near "
        + "the first one's rating, and takes any rating from 18:02:00 UTC (in 2 min)");
  }

  @Test
  @DisplayName("times are Discord timestamps in the bot and readable text in the console")
  void times_discordTimestampsAndConsoleText() throws Exception {
    Instant now = Instant.parse("2026-01-01T18:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    Instant later = now.plus(Duration.ofMinutes(10));
    assertThat(new Wording(RelvaConfig.defaults(), clock, true).time(later))
        .isEqualTo("<t:1767291000:R>");
    assertThat(new Wording(RelvaConfig.defaults(), clock, false).time(later))
        .isEqualTo("18:10:00 UTC (in 10 min)");
    assertThat(console(":mod zed\nzed /admin ban user:bob duration:10m\n"))
        .contains("bob may not queue until 18:10:00 UTC (in 10 min).");
  }

  @Test
  @DisplayName("a team's odds: the mean rounded, the chance in whole percent but never 0% or 100%")
  void teamOdds_wording() {
    assertThat(Wording.odds(new TeamOdds(1520.4, 0.573))).isEqualTo("(mean 1520, 57% to win)");
    assertThat(Wording.odds(new TeamOdds(1500, 0.5))).isEqualTo("(mean 1500, 50% to win)");
    assertThat(Wording.odds(new TeamOdds(1999.6, 0.9996)))
        .isEqualTo("(mean 2000, over 99% to win)");
    assertThat(Wording.odds(new TeamOdds(1000, 0.004))).isEqualTo("(mean 1000, under 1% to win)");
  }

  @Test
  @DisplayName("durations read one way: 45 s, 1 min 30 s, 2 h 5 min")
  void durations_oneStyle() {
    assertThat(Wording.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
    assertThat(Wording.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
    assertThat(Wording.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    assertThat(Wording.duration(Duration.ofHours(50))).isEqualTo("2 d 2 h");
  }

  @Test
  @DisplayName("ratings are shown without jargon: no 'ordinal', and what the number means")
  void ratings_withoutJargon() throws Exception {
    String out = console("alice /stats\n");
    assertThat(out).contains("alice: rating 1500 (everyone starts at 1500; higher is stronger)")
        .doesNotContain("ordinal");
  }
}

package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.discord.FakeDiscord.LOBBY_ID;
import static org.relva.discord.FakeDiscord.option;
import static org.relva.discord.PlayerAnswersTest.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Draft;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.UserId;
import org.relva.discord.FakeDiscord.Call;
import org.relva.discord.FakeDiscord.Posted;
import org.relva.matchmaking.TeamChoice;

/**
 * Captains' drafts in the bot (issue 14, section 2): the settings, volunteering and picking by
 * button and by command, the refusals, the pick timer, the last left, team voice channels once the
 * teams are set, and a draft too large for buttons.
 */
class CaptainsDraftTest {
  private static final Map<String, String> DISCORD =
      Map.of("DISCORD_TOKEN", "not-a-real-token", "RELVA_GUILD_ID", "123456789012345678");
  private static final Map<String, String> THREE_VOLUNTEERS = Map.of("RELVA_FORMAT", "3v3",
      "RELVA_ALGORITHM", "fifo", "RELVA_TEAMS", "captains", "RELVA_CAPTAINS", "volunteers");

  private final FakeDiscord discord = new FakeDiscord();

  // --- settings ----------------------------------------------------------------------------------

  @Test
  @DisplayName("RELVA_TEAMS=captains with its three settings becomes the core's draft")
  void settings_becomeTheDraft() {
    Map<String, String> env = new HashMap<>(DISCORD);
    env.putAll(Map.of("RELVA_TEAMS", "captains", "RELVA_CAPTAINS", "volunteers",
        "RELVA_PICK_ORDER", "ABBAAB", "RELVA_PICK_TIME", "45s"));
    BotConfig config = BotConfig.load(env, Optional.empty());

    Draft expected = new Draft(true, Draft.Captains.VOLUNTEERS, "ABBAAB", Duration.ofSeconds(45));
    assertThat(config.draft()).isEqualTo(expected);
    assertThat(config.relvaConfig().matches().draft()).isEqualTo(expected);
    assertThat(config.matchmakingConfig().teams()).as("captains start from a fair split")
        .isEqualTo(TeamChoice.BALANCED);
    assertThat(config.toString()).contains("teams=captains (volunteers, ABBAAB, 45 s a pick)");

    Map<String, String> defaults = new HashMap<>(DISCORD);
    defaults.put("RELVA_TEAMS", "captains");
    assertThat(BotConfig.load(defaults, Optional.empty()).draft()).isEqualTo(Draft.byCaptains());
  }

  @Test
  @DisplayName("a pick time whose picks could use up the match's result time is refused")
  void pickTime_mustLeaveTheResultTime() {
    Map<String, String> env = new HashMap<>(DISCORD);
    env.putAll(Map.of("RELVA_TEAMS", "captains", "RELVA_FORMAT", "10v10",
        "RELVA_PICK_TIME", "10m"));
    assertThatThrownBy(() -> BotConfig.load(env, Optional.empty(), w -> { }))
        .isInstanceOf(BotConfig.ConfigException.class)
        .hasMessageContaining("RELVA_PICK_TIME=10m is not allowed (18 picks of 10m could take "
            + "180 min, more than half the 3 h a match has for its result once confirmed)");
    env.put("RELVA_FORMAT", "5v5"); // 8 picks: 80 min at most
    assertThat(BotConfig.load(env, Optional.empty(), w -> { }).draft().pickTime())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  @DisplayName("draft settings without RELVA_TEAMS=captains do nothing, and a warning says so")
  void draftSettings_withoutCaptains_warn() {
    Map<String, String> env = new HashMap<>(DISCORD);
    env.putAll(Map.of("RELVA_CAPTAINS", "random", "RELVA_PICK_TIME", "1m"));
    List<String> warnings = new ArrayList<>();
    BotConfig config = BotConfig.load(env, Optional.empty(), warnings::add);

    assertThat(config.draft()).isEqualTo(Draft.none());
    assertThat(config.relvaConfig().matches().draft().on()).isFalse();
    assertThat(warnings).singleElement().asString()
        .isEqualTo("warning: RELVA_CAPTAINS, RELVA_PICK_TIME do nothing without "
            + "RELVA_TEAMS=captains, and are ignored; set RELVA_TEAMS=captains for a captains' "
            + "draft, or remove them.");
    List<String> none = new ArrayList<>();
    BotConfig.load(DISCORD, Optional.empty(), none::add);
    assertThat(none).isEmpty();
  }

  // --- buttons and commands, through the bot's Discord side --------------------------------------

  @Test
  @DisplayName("volunteering by button and by command; picking by button and by command; "
      + "refused picks are ephemeral and change nothing")
  void volunteerAndPick_byButtonAndCommand() {
    FakeDiscord.Bot bot = discord.new Bot(THREE_VOLUNTEERS);
    List<Member> six = new ArrayList<>();
    for (String name : List.of("ann", "ben", "cat", "dan", "eve", "fay")) {
      six.add(discord.member(name, false));
    }
    six.forEach(p -> bot.run(p, LOBBY_ID, "queue", "join"));
    bot.runtime.tick();
    MatchRecord match = bot.runtime.relva().openMatches().get(0);

    // The ready check offers to volunteer.
    Posted pop = lastIn(LOBBY_ID, "popped");
    assertThat(buttons(pop)).extracting(Button::getLabel)
        .containsExactly("Accept", "Decline", "Volunteer to captain");
    assertThat(buttons(pop).get(2).getCustomId()).isEqualTo("relva:captain:" + match.id());
    assertThat(pop.text()).contains("volunteer with /match captain");

    Member ann = six.get(0);
    Member eve = six.get(4);
    assertThat(bot.click(ann, LOBBY_ID, "relva:captain:" + match.id()).onlyText())
        .contains("You volunteered to captain match " + match.id() + " (1 volunteer so far)");
    assertThat(bot.run(eve, LOBBY_ID, "match", "captain").onlyText())
        .contains("(2 volunteers so far)");
    for (Member player : six) {
      bot.click(player, LOBBY_ID, "relva:accept:" + match.id());
    }
    DraftBoard board = draft(bot, match);
    assertThat(board.captains()).containsExactlyInAnyOrder(id(ann), id(eve));
    Member first = member(six, board.captains().get(0));
    Member second = member(six, board.captains().get(1));

    // The draft's message: the captains, whose pick, and a button a player left.
    Posted started = lastIn(LOBBY_ID, "the captains are");
    assertThat(started.text()).contains("'s pick (team 1), by <t:");
    assertThat(buttons(started)).hasSize(4).allMatch(b -> b.getCustomId()
        .startsWith("relva:pick:" + match.id() + ":"));
    Button target = buttons(started).get(0);
    UserId targetId = UserId.of(target.getCustomId().substring(target.getCustomId()
        .lastIndexOf(':') + 1));

    // Refused: not a captain; a captain out of turn. Ephemeral, and the draft is as it was.
    Member bystander = six.stream().filter(p -> !board.captains().contains(id(p))).findFirst()
        .orElseThrow();
    Call notCaptain = bot.click(bystander, LOBBY_ID, target.getCustomId());
    notCaptain.replies.get(0).verifyEphemeral();
    assertThat(notCaptain.onlyText()).contains("Only the captains pick");
    Call outOfTurn = bot.click(second, LOBBY_ID, target.getCustomId());
    outOfTurn.replies.get(0).verifyEphemeral();
    assertThat(outOfTurn.onlyText()).contains("It is " + first.getEffectiveName() + "'s pick.");
    assertThat(draft(bot, match)).isEqualTo(board);
    // A button of another match (an older one's, left in the channel) does nothing here.
    Call stale = bot.click(first, LOBBY_ID, "relva:pick:Mold0001:" + targetId.value());
    stale.replies.get(0).verifyEphemeral();
    assertThat(stale.onlyText()).contains("That is for match Mold0001, and your open match is "
        + match.id() + "; nothing was done there.");
    assertThat(draft(bot, match)).isEqualTo(board);

    // The captain on turn presses a name.
    assertThat(bot.click(first, LOBBY_ID, target.getCustomId()).onlyText())
        .startsWith("You picked ");
    DraftBoard afterOne = draft(bot, match);
    assertThat(afterOne.teamOf(targetId)).contains(0);
    Posted picked = lastIn(LOBBY_ID, "picked");
    assertThat(picked.text()).contains(first.getEffectiveName() + " picked")
        .contains(second.getEffectiveName() + "'s pick (team 2)");
    assertThat(buttons(picked)).hasSize(3);

    // The stale button of a player already picked is refused.
    Call already = bot.click(second, LOBBY_ID, target.getCustomId());
    already.replies.get(0).verifyEphemeral();
    assertThat(already.onlyText()).contains("is already on team 1.");
    assertThat(draft(bot, match)).isEqualTo(afterOne);

    // The second captain picks with /match pick; then once more, and the last one left joins
    // team 1.
    List<Member> left = six.stream().filter(p -> afterOne.poolEntryOf(id(p)).isPresent())
        .toList();
    assertThat(bot.run(second, LOBBY_ID, "match", "pick", option("player", left.get(0)))
        .onlyText()).isEqualTo("You picked " + left.get(0).getEffectiveName() + ".");
    bot.run(second, LOBBY_ID, "match", "pick", option("player", left.get(1)));

    assertThat(discord.postedIn(LOBBY_ID)).anyMatch(t -> t.contains(
        left.get(2).getEffectiveName() + " joins team 1 as the last left."));
    assertThat(discord.postedIn(LOBBY_ID)).anyMatch(t -> t.contains("'s teams are picked!")
        && t.contains("% to win"));
    MatchRecord set = bot.runtime.relva().match(match.id()).orElseThrow();
    assertThat(bot.runtime.relva().draft(match.id())).isEmpty();
    assertThat(set.teamOf(id(first))).hasValue(0);
    assertThat(set.teamOf(id(left.get(2)))).hasValue(0);
    assertThat(set.teamOf(id(left.get(0)))).hasValue(1);
  }

  // --- the rules as players meet them, through the console ---------------------------------------

  /** A 3v3 with alice and bob as a party, erin and frank rated to captain. */
  private static final String PARTY_AND_FOUR = """
      :mod zed
      zed /admin rating user:erin value:1560
      zed /admin rating user:frank value:1540
      alice /party create
      bob /party join code:@alice
      alice #party /queue join
      carol /queue join
      dave /queue join
      erin /queue join
      frank /queue join
      alice /match accept
      bob /match accept
      carol /match accept
      dave /match accept
      erin /match accept
      frank /match accept
      """;

  @Test
  @DisplayName("a party that does not fit the team on turn is refused; a party can be last left")
  void partyThatDoesNotFit_isRefused_andJoinsAsTheLastLeft() throws Exception {
    String out = console(Map.of("RELVA_FORMAT", "3v3", "RELVA_TEAMS", "captains",
        "RELVA_PICK_ORDER", "AAB"), PARTY_AND_FOUR + """
        erin /match pick player:carol
        erin /match pick player:bob
        erin /match info
        erin /match pick player:dave
        """);

    assertThat(out).contains("the captains are @erin (team 1) and @frank (team 2).")
        .contains("erin picked carol for team 1.")
        .contains("[to erin, only they see] ! bob's party of 2 does not fit: your team has "
            + "room for 1.");
    String info = out.substring(out.indexOf("> erin /match info"));
    assertThat(info).contains("Team 1 (captain erin): @erin, @carol\n")
        .contains("Left to pick: [@alice @bob], @dave");
    assertThat(out).contains("erin picked dave for team 1.")
        .contains("the party alice and bob join team 2 as the last left.")
        .contains("Team 2 (mean 1513, 49% to win): @frank, [@alice @bob]");
  }

  @Test
  @DisplayName("a captain whose time runs out has the best-rated player left picked, announced")
  void timedOutPick_isAnnounced() throws Exception {
    String out = console(Map.of("RELVA_FORMAT", "3v3", "RELVA_TEAMS", "captains",
        "RELVA_PICK_TIME", "20s"), PARTY_AND_FOUR.replace("frank value:1540",
        "frank value:1540\nzed /admin rating user:dave value:1530") + ":wait 19s\n"
        + "erin /match info\n:wait 1s\n");

    String beforeDeadline = out.substring(0, out.indexOf("> erin /match info"));
    assertThat(beforeDeadline).doesNotContain("time ran out");
    assertThat(out).contains("@erin's pick (team 1), by 18:00:20 UTC (in 20 s)")
        .contains("Match M").contains(": time ran out, dave picked for erin (team 1).");
  }

  @Test
  @DisplayName("with a draft, team voice channels are made when the teams are picked, not at "
      + "confirmation")
  void voiceChannels_waitForThePickedTeams() throws Exception {
    String out = console(Map.of("RELVA_FORMAT", "3v3", "RELVA_TEAMS", "captains",
        "RELVA_VOICE", "true", "RELVA_VOICE_CATEGORY", "223456789012345678"),
        PARTY_AND_FOUR + "erin /match pick player:carol\n"
        + "frank /match pick player:alice\n");

    int confirmed = out.indexOf("The captains pick the teams now.");
    int lastPick = out.indexOf("> frank /match pick player:alice");
    int picked = out.indexOf("'s teams are picked!");
    int voice = out.indexOf("would be created in category 223456789012345678");
    assertThat(confirmed).isPositive();
    assertThat(voice).as("no channels before the teams are set").isGreaterThan(lastPick);
    assertThat(picked).isGreaterThan(lastPick);
    assertThat(out.substring(lastPick)).contains("Team 1 would be created in category "
        + "223456789012345678, visible to erin, carol, dave")
        .contains("Team 2 would be created in category 223456789012345678, visible to frank, "
            + "alice, bob");
  }

  @Test
  @DisplayName("more entries left than Discord's 25 buttons: the message says to use /match pick")
  void moreThan25Left_saysToUseTheCommand() throws Exception {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 28; i++) {
      script.append("p").append(i).append(" /queue join\n");
    }
    for (int i = 1; i <= 28; i++) {
      script.append("p").append(i).append(" /match accept\n");
    }
    String out = console(Map.of("RELVA_FORMAT", "14v14", "RELVA_ALGORITHM", "fifo",
        "RELVA_TEAMS", "captains"), script.toString());

    assertThat(out).contains("too many are left for buttons, so pick with /match pick "
        + "player:<name>.");
  }

  @Test
  @DisplayName("pick buttons: five a row, a party labelled with its members, none past 25")
  void pickButtons_rowsLabelsAndLimit() {
    List<BotMessage.Pick> pool = new ArrayList<>();
    pool.add(new BotMessage.Pick(UserId.of("1001"), "alice + bob"));
    for (int i = 2; i <= 25; i++) {
      pool.add(new BotMessage.Pick(UserId.of(Integer.toString(1000 + i)), "p" + i));
    }
    List<ActionRow> rows = DiscordOutbox.pickButtons(new BotMessage.Picks("Mabc", pool));
    assertThat(rows).hasSize(5).allMatch(r -> r.getButtons().size() == 5);
    assertThat(rows.get(0).getButtons().get(0).getLabel()).isEqualTo("alice + bob");
    assertThat(rows.get(0).getButtons().get(0).getCustomId()).isEqualTo("relva:pick:Mabc:1001");

    pool.add(new BotMessage.Pick(UserId.of("2000"), "one too many"));
    assertThat(DiscordOutbox.pickButtons(new BotMessage.Picks("Mabc", pool))).isEmpty();
  }

  // -----------------------------------------------------------------------------------------------

  private Posted lastIn(String channel, String part) {
    List<Posted> found = discord.posted.stream()
        .filter(p -> p.channelId().equals(channel) && p.text().contains(part)).toList();
    assertThat(found).as("a message in %s with '%s'", channel, part).isNotEmpty();
    return found.get(found.size() - 1);
  }

  private static List<Button> buttons(Posted posted) {
    return posted.data().getComponents().stream()
        .flatMap(c -> c.asActionRow().getButtons().stream()).toList();
  }

  private static DraftBoard draft(FakeDiscord.Bot bot, MatchRecord match) {
    return bot.runtime.relva().draft(match.id()).orElseThrow();
  }

  private static UserId id(Member member) {
    return UserId.of(member.getId());
  }

  private static Member member(List<Member> members, UserId id) {
    return members.stream().filter(m -> id(m).equals(id)).findFirst().orElseThrow();
  }
}

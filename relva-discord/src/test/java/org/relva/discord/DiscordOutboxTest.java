package org.relva.discord;

import static org.mockito.Mockito.never;
import static org.mockito.Mockito.mock;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import java.util.concurrent.TimeUnit;
import org.mockito.Mockito;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.relva.discord.FakeDiscord.LOBBY_ID;

import java.util.EnumSet;
import java.util.List;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.PartyChannels;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.discord.FakeDiscord.Call;

/** What the bot sends Discord, and where. */
class DiscordOutboxTest {
  private static final UserId ALICE = UserId.of("1001");

  private final FakeDiscord discord = new FakeDiscord();
  private final DiscordOutbox outbox = new DiscordOutbox(discord.guild, discord.channels);

  @Test
  @DisplayName("no message can ping anyone: a name like @everyone stays text")
  void mentionsDisabled() {
    MessageCreateData data = DiscordOutbox.render(BotMessage.inChannel(ChannelId.of("kiwipugs"),
        "@everyone joined the party (2/5)."));

    assertThat(data.getAllowedMentions()).isEqualTo(EnumSet.noneOf(Message.MentionType.class));
    assertThat(data.getMentionedUsers()).isEmpty();
  }

  @Test
  @DisplayName("information is an embed, refusals and announcements are marked text; Markdown is "
      + "escaped; long text is cut to Discord's limits")
  void text() {
    MessageCreateData info = DiscordOutbox.render(BotMessage.reply(ALICE, "_x_ made party K1."));
    assertThat(info.getContent()).isEmpty();
    assertThat(info.getEmbeds()).singleElement()
        .satisfies(e -> assertThat(e.getDescription()).isEqualTo("\\_x\\_ made party K1."));
    assertThat(DiscordOutbox.render(BotMessage.refusal(ALICE, "No.")).getContent())
        .isEqualTo(DiscordOutbox.ERROR_MARK + "No.");
    assertThat(DiscordOutbox.render(BotMessage.reply(ALICE, "a".repeat(5000))).getEmbeds().get(0)
        .getDescription()).hasSize(MessageEmbed.DESCRIPTION_MAX_LENGTH).endsWith("\u2026");
    assertThat(DiscordOutbox.render(BotMessage.inChannel(ChannelId.of("kiwipugs"),
        "b".repeat(5000))).getContent()).hasSize(Message.MAX_CONTENT_LENGTH).endsWith("\u2026");
    assertThat(DiscordOutbox.render(BotMessage.reply(ALICE, "plain")).getComponents()).isEmpty();
  }

  @Test
  @DisplayName("a message for the lobby goes to the lobby's text channel, queued")
  void toLobby() {
    outbox.accept(BotMessage.inChannel(ChannelId.of("kiwipugs"), "Match M1 popped in us-e!"));

    assertThat(discord.postedIn(LOBBY_ID)).containsExactly("Match M1 popped in us-e!");
    verify(discord.lobby).sendMessage(any(MessageCreateData.class));
  }

  @Test
  @DisplayName("a message for a party goes to its thread, found by id")
  void toThread() throws Exception {
    ChannelId thread = new ThreadPartyChannels(discord.lobby, discord.guild,
        DiscordBot.REQUEST_TIMEOUT).open(org.relva.core.model.EntityId.of("K8d0wl5"),
        "Party [K8d0wl5]", org.relva.core.model.Member.of("1001", "alice"));

    outbox.accept(BotMessage.inChannel(thread, "bob joined the party (2/5)."));

    assertThat(discord.postedIn(thread.value())).containsExactly("bob joined the party (2/5).");
  }

  @Test
  @DisplayName("a message for a channel Discord no longer has is dropped, not thrown")
  void goneChannel() {
    outbox.accept(BotMessage.inChannel(ChannelId.of("777777777777777777"), "hello"));
    outbox.accept(BotMessage.inChannel(ChannelId.of("not-a-snowflake"), "hello"));

    assertThat(discord.posted).isEmpty();
  }

  @Test
  @DisplayName("a private reply goes through the hook of the command it answers, ephemerally")
  void privateReply() {
    Call call = new Call();

    outbox.answer(call.hook, ALICE, () -> List.of(BotMessage.reply(ALICE, "Done it.")));

    assertThat(call.texts()).containsExactly("Done it.");
    assertThat(call.replies.get(0).original()).isTrue();
    call.replies.get(0).verifyEphemeral();
  }

  @Test
  @DisplayName("a private reply outside any command, or to someone else, is dropped")
  void strayPrivateReply() {
    Call call = new Call();
    outbox.accept(BotMessage.reply(ALICE, "lost"));

    outbox.answer(call.hook, ALICE, () -> List.of(BotMessage.reply(UserId.of("2"),
        "not yours")));

    assertThat(call.texts()).containsExactly("Done.");
  }

  @Test
  @DisplayName("a command that throws is answered that something went wrong, not left thinking")
  void commandThrows() {
    Call call = new Call();

    outbox.answer(call.hook, ALICE, () -> {
      throw new IllegalStateException("boom");
    });

    assertThat(call.texts()).singleElement().asString().startsWith(DiscordOutbox.ERROR_MARK)
        .contains("Something went wrong");
    call.replies.get(0).verifyEphemeral();
  }

  @Test
  @DisplayName("a ready check pings exactly its players, and nobody else")
  void readyCheckPingsItsPlayers() {
    Relva relva = Relva.builder().channels(new ConsoleNoChannels()).build();
    List<QueueEntry> four = List.of(
        relva.joinQueue(org.relva.core.model.Member.of("101", "@everyone"), ChannelId.of("kiwipugs"), null).orElseThrow(),
        relva.joinQueue(org.relva.core.model.Member.of("102", "b"), ChannelId.of("kiwipugs"), null).orElseThrow());
    PoppedMatch popped = relva.pop(Region.of("us-e"), List.of(List.of(four.get(0)),
        List.of(four.get(1)))).orElseThrow();
    MatchRecord match = relva.match(popped.matchId()).orElseThrow();

    MessageCreateData data = DiscordOutbox.render(BotMessage.readyCheck(
        ChannelId.of("kiwipugs"), "Match popped!", match));

    assertThat(data.getContent()).endsWith("<@101> <@102>");
    assertThat(data.getMentionedUsers()).containsExactlyInAnyOrder("101", "102");
    assertThat(data.getAllowedMentions()).isEqualTo(EnumSet.noneOf(Message.MentionType.class));
    assertThat(data.getComponents()).hasSize(1);
  }

  @Test
  @DisplayName("a notice to kicked or disbanded players pings exactly them, and has no buttons")
  void noticePingsThePlayersItIsAbout() {
    MessageCreateData data = DiscordOutbox.render(BotMessage.notice(ChannelId.of("kiwipugs"),
        "@bob @carol: party K1 is disbanded.", List.of(UserId.of("102"), UserId.of("103"))));

    assertThat(data.getContent()).endsWith("<@102> <@103>");
    assertThat(data.getMentionedUsers()).containsExactlyInAnyOrder("102", "103");
    assertThat(data.getAllowedMentions()).isEqualTo(EnumSet.noneOf(Message.MentionType.class));
    assertThat(data.getComponents()).isEmpty();
  }

  /** A channel port for a core that never opens a party here. */
  private static final class ConsoleNoChannels implements PartyChannels {
    @Override
    public ChannelId open(EntityId party, String name, org.relva.core.model.Member leader) {
      throw new AssertionError("no party is made in this test");
    }

    @Override
    public void grant(ChannelId channel, org.relva.core.model.Member member) {}

    @Override
    public void revoke(ChannelId channel, UserId user) {}

    @Override
    public void close(ChannelId channel) {}
  }

  private static ErrorResponseException answered(int status, int code) {
    return FakeDiscord.discordError(status, code, "no");
  }

  @Test
  @DisplayName("server errors JDA does not retry and lost connections are worth a retry; "
      + "refusals are not")
  void retryable() {
    assertThat(DiscordOutbox.retryable(answered(500, 0))).isTrue();
    assertThat(DiscordOutbox.retryable(answered(501, 0))).isTrue();
    // JDA retries these itself, four times.
    assertThat(DiscordOutbox.retryable(answered(502, 0))).isFalse();
    assertThat(DiscordOutbox.retryable(answered(503, 0))).isFalse();
    assertThat(DiscordOutbox.retryable(answered(529, 0))).isFalse();
    assertThat(DiscordOutbox.retryable(new java.io.UncheckedIOException(
        new java.net.SocketTimeoutException("read timed out")))).isTrue();
    assertThat(DiscordOutbox.retryable(answered(400, 50035))).isFalse();
    assertThat(DiscordOutbox.retryable(answered(404, 10003))).isFalse();
    assertThat(DiscordOutbox.retryable(new IllegalStateException("no"))).isFalse();
  }

  @Test
  @DisplayName("deliver sends again after a server error, at most three times in all")
  @SuppressWarnings("unchecked")
  void deliverRetries() {
    List<java.util.function.Consumer<? super Throwable>> failures = new java.util.ArrayList<>();
    RestAction<Void> action = mock(RestAction.class);
    org.mockito.stubbing.Answer<Void> fail = call -> {
      failures.add(call.getArgument(call.getArguments().length - 1));
      return null;
    };
    Mockito.doAnswer(fail).when(action).queue(any(), any());
    Mockito.doAnswer(fail).when(action).queueAfter(Mockito.anyLong(), any(TimeUnit.class), any(),
        Mockito.<java.util.function.Consumer<? super Throwable>>any());
    int[] made = {0};

    DiscordOutbox.deliver(() -> {
      made[0]++;
      return action;
    }, "post", 1);
    failures.get(0).accept(answered(500, 0));
    failures.get(1).accept(answered(501, 0));
    failures.get(2).accept(answered(500, 0));

    assertThat(made[0]).isEqualTo(DiscordOutbox.ATTEMPTS);
    verify(action).queue(any(), any());
    verify(action).queueAfter(Mockito.eq(500L), Mockito.eq(TimeUnit.MILLISECONDS), any(),
        Mockito.<java.util.function.Consumer<? super Throwable>>any());
    verify(action).queueAfter(Mockito.eq(1000L), Mockito.eq(TimeUnit.MILLISECONDS), any(),
        Mockito.<java.util.function.Consumer<? super Throwable>>any());
    assertThat(failures).hasSize(3);
  }

  @Test
  @DisplayName("deliver gives up at once on a refusal")
  @SuppressWarnings("unchecked")
  void deliverRefused() {
    List<java.util.function.Consumer<? super Throwable>> failures = new java.util.ArrayList<>();
    RestAction<Void> action = mock(RestAction.class);
    Mockito.doAnswer(call -> {
      failures.add(call.getArgument(1));
      return null;
    }).when(action).queue(any(), any());

    DiscordOutbox.deliver(() -> action, "post", 1);
    failures.get(0).accept(answered(403, 50013));

    verify(action).queue(any(), any());
    verify(action, never()).queueAfter(Mockito.anyLong(), any(TimeUnit.class), any(),
        Mockito.<java.util.function.Consumer<? super Throwable>>any());
  }
}

package org.relva.testkit.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.testkit.discord.BotClient.WAIT;
import static org.relva.testkit.discord.BotClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.testkit.discord.BotClient.Gateway;
import org.relva.testkit.discord.BotClient.Reply;

/**
 * The fake Discord, driven as a client drives Discord: REST calls with OkHttp, the gateway over
 * an OkHttp WebSocket, JSON read with Jackson. Each test starts its own fake on a free port.
 */
@DisplayName("LocalDiscord, the fake Discord")
class LocalDiscordTest {
  /** {@code /queue join [region: eu]} and {@code /queue leave reason:<required>}. */
  private static final String QUEUE_COMMANDS = """
      [{"name":"queue","description":"q","options":[
        {"type":1,"name":"join","description":"j","options":[
          {"type":3,"name":"region","description":"r","required":false,
           "choices":[{"name":"eu","value":"eu"}]}]},
        {"type":1,"name":"leave","description":"l","options":[
          {"type":3,"name":"reason","description":"why","required":true}]}]}]""";
  private static final String DEFER_EPHEMERAL = "{\"type\":5,\"data\":{\"flags\":64}}";
  private static final String PARTY_THREAD =
      "{\"name\":\"Party [K8d0wl5]\",\"type\":12,\"invitable\":false}";
  private static final String ACCEPT = "relva:accept:M1";
  private static final String READY_CHECK = """
      {"content":"Your match is ready","components":[{"type":1,"components":[
        {"type":2,"style":3,"label":"Accept","custom_id":"relva:accept:M1"}]}]}""";
  /** Administrator, and Send Messages ({@code topics/permissions}). */
  private static final long ADMIN = 1L << 3;
  private static final long SEND_MESSAGES = 1L << 11;
  /** A snowflake that names no one in the fake. */
  private static final String STRANGER = "123456789012345678";

  private static LocalDiscord start() {
    return LocalDiscord.builder().members("Aroha", "Tane").start();
  }

  private static String commandsRoute(LocalDiscord discord) {
    return "applications/" + discord.botId() + "/guilds/" + discord.guildId() + "/commands";
  }

  private static void registerQueue(LocalDiscord discord, BotClient bot) {
    assertThat(bot.put(commandsRoute(discord), QUEUE_COMMANDS).status()).isEqualTo(200);
  }

  private static String threadsRoute(String channelId) {
    return "channels/" + channelId + "/threads";
  }

  private static String messagesRoute(String channelId) {
    return "channels/" + channelId + "/messages";
  }

  private static String threadMemberRoute(String threadId, String userId) {
    return "channels/" + threadId + "/thread-members/" + userId;
  }

  private static String createThread(LocalDiscord discord, BotClient bot) {
    Reply created = bot.post(threadsRoute(discord.lobbyId()), PARTY_THREAD);
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  private static Reply postInLobby(LocalDiscord discord, BotClient bot, String json) {
    return bot.post(messagesRoute(discord.lobbyId()), json);
  }

  /** {@code member} runs {@code /command subcommand} with {@code options} in the lobby. */
  private static SentInteraction slashInLobby(LocalDiscord discord, String member,
      String command, String subcommand, Map<String, String> options) {
    return discord.slash(discord.user(member), discord.lobbyId(), command, subcommand, options);
  }

  /** {@code member} runs {@code /queue join} in the lobby, with no options. */
  private static SentInteraction joinQueue(LocalDiscord discord, String member) {
    return slashInLobby(discord, member, "queue", "join", Map.of());
  }

  /**
   * Asserts that Aroha cannot run {@code /command subcommand options} in the lobby, as Discord's
   * client would not let her send it; the assertion goes on with what the fake threw.
   */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertArohaCannotRun(
      LocalDiscord discord, String command, String subcommand, Map<String, String> options) {
    return assertThatThrownBy(() -> slashInLobby(discord, "Aroha", command, subcommand, options))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Registers the queue commands, identifies, and has Aroha run {@code /queue join} in the
   * lobby; returns the interaction once the bot's gateway has dispatched it.
   */
  private static SentInteraction queueJoinByAroha(LocalDiscord discord, BotClient bot) {
    registerQueue(discord, bot);
    Gateway gateway = bot.identify();
    SentInteraction sent = joinQueue(discord, "Aroha");
    gateway.nextDispatch("INTERACTION_CREATE");
    return sent;
  }

  private static String callbackRoute(SentInteraction interaction) {
    return "interactions/" + interaction.id() + "/" + interaction.token() + "/callback";
  }

  private static String followUpRoute(LocalDiscord discord, SentInteraction interaction) {
    return "webhooks/" + discord.botId() + "/" + interaction.token();
  }

  /** Interaction callbacks and webhooks need no bot token: sent without one, as clients do. */
  private static Reply webhookCall(BotClient bot, String method, String route, String json) {
    return bot.call(method, route, json, null);
  }

  /** The interaction callback {@code json}, as the bot answers {@code interaction}. */
  private static Reply callback(BotClient bot, SentInteraction interaction, String json) {
    return webhookCall(bot, "POST", callbackRoute(interaction), json);
  }

  /** The ephemeral deferral (type 5, flags 64) of {@code interaction}. */
  private static Reply deferEphemeral(BotClient bot, SentInteraction interaction) {
    return callback(bot, interaction, DEFER_EPHEMERAL);
  }

  /** A follow-up message {@code json} to {@code interaction}, waiting for the message. */
  private static Reply followUp(LocalDiscord discord, BotClient bot,
      SentInteraction interaction, String json) {
    return webhookCall(bot, "POST", followUpRoute(discord, interaction) + "?wait=true", json);
  }

  /** An edit to the message {@code messageId} ({@code @original}: the reply) of an interaction. */
  private static Reply editReply(LocalDiscord discord, BotClient bot,
      SentInteraction interaction, String messageId, String json) {
    return webhookCall(bot, "PATCH", followUpRoute(discord, interaction) + "/messages/"
        + messageId, json);
  }

  private static List<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  @Nested
  @DisplayName("REST basics")
  class Rest {
    @Test
    @DisplayName("a REST call without an Authorization header gets 401 with Discord's error body")
    void rest_withoutAuthorization_isUnauthorized() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.call("GET", "users/@me", null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body().path("message").asText()).isEqualTo("401: Unauthorized");
        assertThat(reply.body().path("code").isInt()).isTrue();
        assertThat(reply.code()).isZero();
        assertThat(discord.requests()).containsExactly("GET users/@me -> 401");
      }
    }

    @Test
    @DisplayName("a REST call with a wrong token, a bare token or another scheme gets 401")
    void rest_withWrongAuthorization_isUnauthorized() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        for (String authorization : List.of("Bot not-the-token", discord.token(),
            "Bearer " + discord.token(), "bot " + discord.token())) {
          Reply reply = bot.call("GET", "users/@me", null, authorization);

          assertThat(reply.status()).as(authorization).isEqualTo(401);
          assertThat(reply.body().path("message").asText()).isEqualTo("401: Unauthorized");
          assertThat(reply.code()).isZero();
        }
      }
    }

    @Test
    @DisplayName("an unknown route gets 404 and is listed among the problems")
    void rest_unknownRoute_isNotFoundAndAProblem() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String route = "guilds/" + discord.guildId() + "/members";

        Reply reply = bot.get(route + "?limit=1");
        Reply outsideApi = bot.callPath("GET", "/api/v9/users/@me");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("message").asText()).isEqualTo("404: Not Found");
        assertThat(reply.code()).isZero();
        assertThat(outsideApi.status()).isEqualTo(404);
        assertThat(discord.problems()).hasSize(2);
        assertThat(discord.problems().get(0)).contains("unknown route").contains("GET " + route);
        assertThat(discord.problems().get(1)).contains("/api/v9/users/@me");
        assertThat(discord.requests()).contains("GET " + route + " -> 404");
      }
    }

    @Test
    @DisplayName("GET users/@me is the bot user: its id is botId(), and it is a bot")
    void usersMe_isTheBotUser() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.get("users/@me");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode me = reply.body();
        assertThat(me.path("id").asText()).isEqualTo(discord.botId()).matches("[0-9]{15,20}");
        assertThat(me.path("bot").asBoolean()).isTrue();
        assertThat(me.path("username").asText()).isEqualTo("relva");
        assertThat(me.path("global_name").asText()).isEqualTo("Relva");
        assertThat(me.path("discriminator").asText()).isEqualTo("0");
        assertThat(discord.problems()).isEmpty();
      }
    }

    @Test
    @DisplayName("GET gateway/bot points at the fake's gateway")
    void gatewayBot_pointsAtTheGateway() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.get("gateway/bot");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("url").asText()).isEqualTo(discord.gatewayUrl());
        assertThat(reply.body().path("shards").asInt()).isEqualTo(1);
        assertThat(reply.body().path("session_start_limit").path("max_concurrency").asInt())
            .isEqualTo(1);
      }
    }

    @Test
    @DisplayName("a bulk overwrite of guild commands echoes them with ids and registers them")
    void guildCommands_bulkOverwrite_echoesWithIdsAndRegisters() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.put(commandsRoute(discord), QUEUE_COMMANDS);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().isArray()).isTrue();
        assertThat(reply.body()).hasSize(1);
        JsonNode queue = reply.body().get(0);
        assertThat(queue.path("name").asText()).isEqualTo("queue");
        assertThat(queue.path("id").asText()).matches("[0-9]{15,20}");
        assertThat(queue.path("application_id").asText()).isEqualTo(discord.botId());
        assertThat(queue.path("guild_id").asText()).isEqualTo(discord.guildId());
        assertThat(queue.path("type").asInt()).isEqualTo(1);
        assertThat(queue.path("options").get(0).path("name").asText()).isEqualTo("join");
        assertThat(queue.path("options").get(1).path("options").get(0).path("required")
            .asBoolean()).isTrue();
        assertThat(discord.registeredCommands()).containsExactly("queue");

        Reply listed = bot.get(commandsRoute(discord));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get(0).path("id").asText())
            .isEqualTo(queue.path("id").asText());

        Reply replaced = bot.put(commandsRoute(discord),
            "[{\"name\":\"party\",\"description\":\"p\"}]");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(discord.registeredCommands()).containsExactly("party");
      }
    }

    @Test
    @DisplayName("registering commands for another application id gets 403 and registers nothing")
    void guildCommands_ofAnotherApplication_isForbidden() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.put("applications/" + STRANGER + "/guilds/" + discord.guildId()
            + "/commands", QUEUE_COMMANDS);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo(50001);
        assertThat(reply.body().path("message").asText()).isEqualTo("Missing Access");
        assertThat(discord.registeredCommands()).isEmpty();
      }
    }

    @Test
    @DisplayName("every REST answer, success or error, carries the header Via: 1.1 google")
    void everyResponse_carriesViaGoogle() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        discord.failNext("GET", "gateway", 1, RestFault.rateLimited(Duration.ofMillis(100)));
        discord.failNext("GET", "gateway/bot", 1, RestFault.serverError(502));
        String thread = createThread(discord, bot);

        List<Reply> replies = List.of(
            bot.get("users/@me"),
            bot.call("GET", "users/@me", null, null),
            bot.get("nowhere"),
            bot.callPath("GET", "/elsewhere"),
            bot.post(threadsRoute(discord.lobbyId()), PARTY_THREAD),
            bot.put(threadMemberRoute(thread, discord.user("Aroha").id()), null),
            postInLobby(discord, bot, "{\"content\":\"\"}"),
            bot.get("gateway"),
            bot.get("gateway/bot"),
            webhookCall(bot, "POST", "webhooks/" + discord.botId() + "/nope", "{}"));

        assertThat(replies).extracting(Reply::status)
            .containsExactly(200, 401, 404, 404, 201, 204, 400, 429, 502, 404);
        assertThat(replies).allSatisfy(reply ->
            assertThat(reply.header("Via")).as("Via of a " + reply.status())
                .isEqualTo("1.1 google"));
      }
    }

    @Test
    @DisplayName("a member is found by name; an unknown name or a second member of a name is refused")
    void users_byName_andDuplicates() {
      try (LocalDiscord discord = start()) {
        DiscordUser aroha = discord.user("Aroha");

        assertThat(aroha.moderator()).isFalse();
        assertThat(aroha.mention()).isEqualTo("<@" + aroha.id() + ">");
        assertThat(discord.users()).extracting(DiscordUser::name).containsExactly("Aroha", "Tane");
        assertThatThrownBy(() -> discord.user("Nobody"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nobody");
        assertThatThrownBy(() -> discord.addUser("Aroha", true))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Aroha");
        assertThat(discord.addUser("Mere", true).moderator()).isTrue();
        assertThat(discord.users()).hasSize(3);
      }
    }
  }

  @Nested
  @DisplayName("Channels, threads and messages")
  class Channels {
    @Test
    @DisplayName("editing a message keeps its id and the fields the edit does not send; an unknown "
        + "one is Unknown Message (resources/message, Edit Message)")
    void editMessage_keepsIdAndUnsentFields() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply posted = bot.post(messagesRoute(discord.lobbyId()),
            "{\"content\":\"3 waiting\",\"embeds\":[{\"description\":\"queue\"}]}");
        String id = posted.body().path("id").asText();

        Reply edited = bot.patch(messagesRoute(discord.lobbyId()) + "/" + id,
            "{\"content\":\"4 waiting\"}");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body().path("id").asText()).isEqualTo(id);
        assertThat(discord.messages(discord.lobbyId())).singleElement().satisfies(m -> {
          assertThat(m.id()).isEqualTo(id);
          assertThat(m.content()).isEqualTo("4 waiting");
          assertThat(m.embeds()).containsExactly("queue");
        });
        Reply unknown = bot.patch(messagesRoute(discord.lobbyId()) + "/12345", "{\"content\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(10008);
        Reply tooLong = bot.patch(messagesRoute(discord.lobbyId()) + "/" + id,
            "{\"content\":\"" + "x".repeat(2001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(discord.messages(discord.lobbyId()).get(0).content()).isEqualTo("4 waiting");
        assertThat(discord.problems()).as("a refused body is a bot bug, so it is listed")
            .singleElement().asString().contains("2000 or fewer");
      }
    }

    @Test
    @DisplayName("creating a private thread in the lobby answers 201 with thread_metadata, and its "
        + "creator is a member")
    void createThread_inLobby_isCreatedWithTheBotAsMember() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.post(threadsRoute(discord.lobbyId()), PARTY_THREAD);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode thread = reply.body();
        String id = thread.path("id").asText();
        assertThat(id).matches("[0-9]{15,20}");
        assertThat(thread.path("type").asInt()).isEqualTo(12);
        assertThat(thread.path("name").asText()).isEqualTo("Party [K8d0wl5]");
        assertThat(thread.path("parent_id").asText()).isEqualTo(discord.lobbyId());
        assertThat(thread.path("owner_id").asText()).isEqualTo(discord.botId());
        assertThat(thread.path("guild_id").asText()).isEqualTo(discord.guildId());
        assertThat(thread.path("member_count").asInt()).isEqualTo(1);
        JsonNode metadata = thread.path("thread_metadata");
        assertThat(metadata.isObject()).isTrue();
        assertThat(metadata.path("invitable").asBoolean(true)).isFalse();
        assertThat(metadata.path("archived").asBoolean(true)).isFalse();
        assertThat(metadata.path("locked").asBoolean(true)).isFalse();
        assertThat(metadata.path("create_timestamp").asText()).isNotEmpty();
        assertThat(thread.path("member").path("user_id").asText()).isEqualTo(discord.botId());
        assertThat(thread.has("newly_created")).as("only the gateway event says newly_created")
            .isFalse();

        SeenChannel seen = discord.channel(id).orElseThrow();
        assertThat(seen.isThread()).isTrue();
        assertThat(seen.members()).containsExactly(discord.botId());
        assertThat(seen.ownerId()).contains(discord.botId());
        assertThat(seen.parentId()).contains(discord.lobbyId());
        assertThat(seen.invitable()).isFalse();
        assertThat(discord.threads()).extracting(SeenChannel::id).containsExactly(id);
        assertThat(discord.channels()).hasSize(2);

        Reply fetched = bot.get("channels/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().path("thread_metadata").path("invitable").asBoolean(true))
            .isFalse();
      }
    }

    @Test
    @DisplayName("a thread of a thread, a public thread or a nameless thread is refused with 400")
    void createThread_notPrivateInText_isRefused() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);

        Reply inThread = bot.post(threadsRoute(thread), PARTY_THREAD);
        Reply publicThread = bot.post(threadsRoute(discord.lobbyId()),
            "{\"name\":\"Party\",\"type\":11}");
        Reply nameless = bot.post(threadsRoute(discord.lobbyId()), "{\"type\":12}");
        Reply inNowhere = bot.post(threadsRoute(STRANGER), PARTY_THREAD);

        assertThat(inThread.status()).isEqualTo(400);
        assertThat(inThread.code()).isEqualTo(50024);
        assertThat(publicThread.status()).isEqualTo(400);
        assertThat(publicThread.code()).isEqualTo(50035);
        assertThat(discord.problems()).anySatisfy(p -> assertThat(p).contains("type 11"));
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(inNowhere.status()).isEqualTo(404);
        assertThat(inNowhere.code()).isEqualTo(10003);
        assertThat(discord.threads()).hasSize(1);
      }
    }

    @Test
    @DisplayName("adding and removing a thread member answers 204 and changes the members")
    void threadMembers_putAndDelete_changeTheMembers() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);
        String aroha = discord.user("Aroha").id();
        String route = threadMemberRoute(thread, aroha);

        Reply added = bot.put(route, null);

        assertThat(added.status()).isEqualTo(204);
        assertThat(added.body().isMissingNode()).isTrue();
        assertThat(discord.channel(thread).orElseThrow().members())
            .containsExactlyInAnyOrder(discord.botId(), aroha);

        Reply removed = bot.delete(route);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(discord.channel(thread).orElseThrow().members())
            .containsExactly(discord.botId());
      }
    }

    @Test
    @DisplayName("adding someone who is not in the server to a thread gets 404, Unknown Member")
    void threadMember_notInServer_isUnknownMember() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);

        Reply reply = bot.put(threadMemberRoute(thread, STRANGER), null);
        Reply inLobby = bot.put(threadMemberRoute(discord.lobbyId(), discord.user("Aroha").id()),
            null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo(10007);
        assertThat(reply.body().path("message").asText()).isEqualTo("Unknown Member");
        assertThat(discord.channel(thread).orElseThrow().members())
            .containsExactly(discord.botId());
        assertThat(inLobby.status()).isEqualTo(400);
        assertThat(inLobby.code()).isEqualTo(50024);
      }
    }

    @Test
    @DisplayName("deleting a thread answers 200; it is gone, listed as deleted, and a message to it "
        + "gets 404, Unknown Channel")
    void deleteThread_removesIt_andMessagesToItAreUnknownChannel() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);

        Reply deleted = bot.delete("channels/" + thread);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("id").asText()).isEqualTo(thread);
        assertThat(deleted.body().path("type").asInt()).isEqualTo(12);
        assertThat(discord.channel(thread)).isEmpty();
        assertThat(discord.threads()).isEmpty();
        assertThat(discord.deletedChannels()).extracting(SeenChannel::id).containsExactly(thread);

        Reply message = bot.post(messagesRoute(thread), "{\"content\":\"hi\"}");
        Reply again = bot.delete("channels/" + thread);
        Reply fetched = bot.get("channels/" + thread);

        assertThat(message.status()).isEqualTo(404);
        assertThat(message.code()).isEqualTo(10003);
        assertThat(message.body().path("message").asText()).isEqualTo("Unknown Channel");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo(10003);
        assertThat(fetched.status()).isEqualTo(404);
        assertThat(discord.messages(thread)).isEmpty();
        assertThat(discord.deletedChannels()).hasSize(1);
      }
    }

    @Test
    @DisplayName("a message posted in the lobby answers 200 with the message and is recorded with "
        + "its buttons")
    void postMessage_inLobby_isRecorded() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = postInLobby(discord, bot, READY_CHECK);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode message = reply.body();
        assertThat(message.path("channel_id").asText()).isEqualTo(discord.lobbyId());
        assertThat(message.path("author").path("id").asText()).isEqualTo(discord.botId());
        assertThat(message.path("content").asText()).isEqualTo("Your match is ready");
        assertThat(message.path("type").asInt()).isZero();
        assertThat(message.path("components").get(0).path("components").get(0)
            .path("custom_id").asText()).isEqualTo(ACCEPT);

        assertThat(discord.messages(discord.lobbyId())).singleElement().satisfies(seen -> {
          assertThat(seen.id()).isEqualTo(message.path("id").asText());
          assertThat(seen.content()).isEqualTo("Your match is ready");
          assertThat(seen.buttons()).containsExactly(ACCEPT);
          assertThat(seen.ephemeral()).isFalse();
          assertThat(seen.interactionId()).isEmpty();
        });
      }
    }

    @Test
    @DisplayName("an empty message gets 400, code 50006, and is not recorded")
    void postMessage_empty_isCannotSendAnEmptyMessage() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String route = messagesRoute(discord.lobbyId());

        Reply emptyContent = bot.post(route, "{\"content\":\"\"}");
        Reply noFields = bot.post(route, "{}");

        assertThat(emptyContent.status()).isEqualTo(400);
        assertThat(emptyContent.code()).isEqualTo(50006);
        assertThat(emptyContent.body().path("message").asText())
            .isEqualTo("Cannot send an empty message");
        assertThat(noFields.status()).isEqualTo(400);
        assertThat(noFields.code()).isEqualTo(50006);
        assertThat(discord.allMessages()).isEmpty();
      }
    }

    @Test
    @DisplayName("a message of 2001 characters gets 400; one of 2000 is accepted")
    void postMessage_over2000Characters_isInvalidFormBody() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String route = messagesRoute(discord.lobbyId());

        Reply tooLong = bot.post(route, json(Map.of("content", "x".repeat(2001))));
        Reply longest = bot.post(route, json(Map.of("content", "x".repeat(2000))));

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo(50035);
        assertThat(longest.status()).isEqualTo(200);
        assertThat(discord.messages(discord.lobbyId())).singleElement()
            .satisfies(m -> assertThat(m.content()).hasSize(2000));
      }
    }

    @Test
    @DisplayName("a body that is not JSON gets 400, code 50109, and is listed among the problems")
    void postMessage_notJson_isInvalidJson() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = postInLobby(discord, bot, "{content:");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(50109);
        assertThat(discord.problems()).singleElement()
            .satisfies(p -> assertThat(p).contains("not JSON"));
      }
    }

    @Test
    @DisplayName("a permission overwrite on the lobby, by a bot with Manage Roles, is recorded "
        + "and removed; on a thread it is refused")
    void permissionOverwrites_onLobby_areRecordedAndRemoved() {
      try (LocalDiscord discord = LocalDiscord.builder().members("Aroha")
          .botPermissions(362_924_755_968L | LocalDiscord.MANAGE_ROLES).start();
          BotClient bot = new BotClient(discord)) {
        String aroha = discord.user("Aroha").id();
        String route = "channels/" + discord.lobbyId() + "/permissions/" + aroha;

        Reply put = bot.put(route, "{\"type\":1,\"allow\":\"1024\",\"deny\":\"2048\"}");

        assertThat(put.status()).isEqualTo(204);
        assertThat(discord.channel(discord.lobbyId()).orElseThrow().overwrites())
            .containsExactly(new SeenChannel.Overwrite(aroha, 1, 1024, 2048));
        assertThat(bot.get("channels/" + discord.lobbyId()).body()
            .path("permission_overwrites").get(0).path("allow").asText()).isEqualTo("1024");

        Reply removed = bot.delete(route);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(discord.channel(discord.lobbyId()).orElseThrow().overwrites()).isEmpty();

        String thread = createThread(discord, bot);
        Reply onThread = bot.put("channels/" + thread + "/permissions/" + aroha,
            "{\"type\":1,\"allow\":\"1024\",\"deny\":\"0\"}");
        assertThat(onThread.status()).isEqualTo(400);
        assertThat(onThread.code()).isEqualTo(50024);
      }
    }
  }

  @Nested
  @DisplayName("The gateway")
  class GatewayTests {
    @Test
    @DisplayName("HELLO, op 10 with the heartbeat interval, is the first frame on a connection")
    void connect_helloComesFirst() {
      try (LocalDiscord discord = LocalDiscord.builder().heartbeat(Duration.ofMillis(1234))
          .start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connect();

        JsonNode hello = gateway.next();

        assertThat(hello.path("op").asInt()).isEqualTo(10);
        assertThat(hello.path("d").path("heartbeat_interval").asInt()).isEqualTo(1234);
        assertThat(discord.gatewayConnected()).as("connected is identified, not just open")
            .isFalse();
      }
    }

    @Test
    @DisplayName("a heartbeat interval under 10ms is refused by the builder")
    void builder_tinyHeartbeat_isRejected() {
      assertThatThrownBy(() -> LocalDiscord.builder().heartbeat(Duration.ofMillis(9)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10ms");
    }

    @Test
    @DisplayName("IDENTIFY with the raw token is answered by READY (s=1) and then GUILD_CREATE "
        + "(s=2) with the lobby, the bot's member and the roles")
    void identify_dispatchesReadyThenGuildCreate() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();

        gateway.sendIdentify(discord.token());
        JsonNode ready = gateway.next();
        JsonNode guildCreate = gateway.next();

        assertThat(ready.path("op").asInt()).isZero();
        assertThat(ready.path("t").asText()).isEqualTo("READY");
        assertThat(ready.path("s").asInt()).isEqualTo(1);
        JsonNode readyData = ready.path("d");
        assertThat(readyData.path("v").asInt()).isEqualTo(10);
        assertThat(readyData.path("session_id").asText()).isNotBlank();
        assertThat(readyData.path("resume_gateway_url").asText()).isEqualTo(discord.gatewayUrl());
        assertThat(readyData.path("user").path("id").asText()).isEqualTo(discord.botId());
        assertThat(readyData.path("user").path("bot").asBoolean()).isTrue();
        assertThat(readyData.path("application").path("id").asText()).isEqualTo(discord.botId());
        assertThat(readyData.path("guilds")).hasSize(1);
        assertThat(readyData.path("guilds").get(0).path("id").asText())
            .isEqualTo(discord.guildId());

        assertThat(guildCreate.path("op").asInt()).isZero();
        assertThat(guildCreate.path("t").asText()).isEqualTo("GUILD_CREATE");
        assertThat(guildCreate.path("s").asInt()).isEqualTo(2);
        JsonNode guild = guildCreate.path("d");
        assertThat(guild.path("id").asText()).isEqualTo(discord.guildId());
        assertThat(guild.path("name").asText()).isEqualTo("Kiwi PUGs");
        assertThat(elements(guild.path("channels"))).anySatisfy(channel -> {
          assertThat(channel.path("id").asText()).isEqualTo(discord.lobbyId());
          assertThat(channel.path("type").asInt()).isZero();
          assertThat(channel.path("name").asText()).isEqualTo("kiwipugs");
        });
        assertThat(elements(guild.path("members"))).anySatisfy(member ->
            assertThat(member.path("user").path("id").asText()).isEqualTo(discord.botId()));
        assertThat(elements(guild.path("roles"))).anySatisfy(role -> {
          assertThat(role.path("id").asText()).isEqualTo(discord.guildId());
          assertThat(role.path("name").asText()).isEqualTo("@everyone");
        });
        assertThat(elements(guild.path("roles"))).allSatisfy(role ->
            assertThat(role.path("colors").path("primary_color").isInt()).isTrue());
        assertThat(elements(guild.path("roles"))).extracting(r -> r.path("name").asText())
            .contains("Moderator", "Relva");

        assertThat(discord.identifies()).isEqualTo(1);
        assertThat(discord.gatewayConnected()).isTrue();
        assertThat(discord.problems()).isEmpty();
      }
    }

    @Test
    @DisplayName("IDENTIFY with a wrong token makes the server close with 4004")
    void identify_withWrongToken_closes4004() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();

        gateway.sendIdentify("not-the-token");

        assertThat(gateway.awaitClose()).isEqualTo(4004);
        assertThat(discord.identifies()).isZero();
        assertThat(discord.gatewayConnected()).isFalse();
        assertThat(gateway.unread()).isEmpty();
      }
    }

    @Test
    @DisplayName("a heartbeat, op 1, is acknowledged with op 11 and counted")
    void heartbeat_isAcknowledgedAndCounted() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        gateway.sendHeartbeat();
        JsonNode ack = gateway.next();
        gateway.sendHeartbeat();
        JsonNode secondAck = gateway.next();

        assertThat(ack.path("op").asInt()).isEqualTo(11);
        assertThat(secondAck.path("op").asInt()).isEqualTo(11);
        assertThat(discord.heartbeats()).isEqualTo(2);
      }
    }

    @Test
    @DisplayName("a thread made over REST after IDENTIFY is dispatched as THREAD_CREATE with "
        + "newly_created, and its deletion as THREAD_DELETE")
    void createThread_afterIdentify_dispatchesThreadCreate() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        String thread = createThread(discord, bot);
        JsonNode created = gateway.next();
        bot.delete("channels/" + thread);
        JsonNode deleted = gateway.next();

        assertThat(created.path("t").asText()).isEqualTo("THREAD_CREATE");
        assertThat(created.path("s").asInt()).isEqualTo(3);
        assertThat(created.path("d").path("id").asText()).isEqualTo(thread);
        assertThat(created.path("d").path("newly_created").asBoolean()).isTrue();
        assertThat(created.path("d").path("type").asInt()).isEqualTo(12);
        assertThat(created.path("d").path("parent_id").asText()).isEqualTo(discord.lobbyId());
        assertThat(created.path("d").path("member").path("user_id").asText())
            .isEqualTo(discord.botId());
        assertThat(deleted.path("t").asText()).isEqualTo("THREAD_DELETE");
        assertThat(deleted.path("s").asInt()).isEqualTo(4);
        assertThat(deleted.path("d").path("id").asText()).isEqualTo(thread);
        assertThat(deleted.path("d").path("parent_id").asText()).isEqualTo(discord.lobbyId());
      }
    }

    @Test
    @DisplayName("a thread a moderator deletes in Discord is gone, listed as deleted, and "
        + "dispatched as THREAD_DELETE; an unknown channel cannot be deleted")
    void deleteChannel_byModerator_dispatchesThreadDelete() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        String thread = createThread(discord, bot);
        gateway.nextDispatch("THREAD_CREATE");

        discord.deleteChannel(thread);
        JsonNode deleted = gateway.next();

        assertThat(deleted.path("t").asText()).isEqualTo("THREAD_DELETE");
        assertThat(deleted.path("s").asInt()).isEqualTo(4);
        assertThat(deleted.path("d").path("id").asText()).isEqualTo(thread);
        assertThat(deleted.path("d").path("guild_id").asText()).isEqualTo(discord.guildId());
        assertThat(discord.channel(thread)).isEmpty();
        assertThat(discord.deletedChannels()).extracting(SeenChannel::id).containsExactly(thread);
        assertThat(bot.post(messagesRoute(thread), "{\"content\":\"hi\"}").code())
            .isEqualTo(10003);
        assertThatThrownBy(() -> discord.deleteChannel(thread))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(thread);
      }
    }

    @Test
    @DisplayName("a leftover thread from an earlier run is in GUILD_CREATE, made by the bot, with "
        + "an id that tells its age")
    void leftoverThread_isInGuildCreateWithItsAge() {
      try (LocalDiscord discord = LocalDiscord.builder()
          .leftoverThread("Party [Old0001]", Duration.ofHours(2)).start();
          BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();
        gateway.sendIdentify(discord.token());
        gateway.nextDispatch("READY");

        JsonNode guild = gateway.nextDispatch("GUILD_CREATE").path("d");

        SeenChannel leftover = discord.threads().get(0);
        assertThat(leftover.name()).isEqualTo("Party [Old0001]");
        assertThat(leftover.ownerId()).contains(discord.botId());
        assertThat(leftover.parentId()).contains(discord.lobbyId());
        assertThat(elements(guild.path("threads"))).singleElement().satisfies(thread -> {
          assertThat(thread.path("id").asText()).isEqualTo(leftover.id());
          assertThat(thread.path("type").asInt()).isEqualTo(12);
          assertThat(thread.path("owner_id").asText()).isEqualTo(discord.botId());
        });
        assertThat(elements(guild.path("channels"))).extracting(c -> c.path("id").asText())
            .containsExactly(discord.lobbyId());
        Instant made = Snowflakes.timeOf(leftover.id());
        Instant lobbyMade = Snowflakes.timeOf(discord.lobbyId());
        assertThat(Duration.between(made, lobbyMade))
            .isBetween(Duration.ofHours(2).minusSeconds(5), Duration.ofHours(2).plusSeconds(5));
      }
    }

    @Test
    @DisplayName("an unknown opcode makes the server close with 4001 and is listed as a problem")
    void unknownOpcode_closes4001AndIsAProblem() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        gateway.send("{\"op\":42,\"d\":null}");

        assertThat(gateway.awaitClose()).isEqualTo(4001);
        assertThat(discord.problems()).singleElement()
            .satisfies(p -> assertThat(p).contains("unknown opcode").contains("42"));
        assertThat(discord.awaitUntil(() -> !discord.gatewayConnected(), WAIT)).isTrue();
      }
    }

    @Test
    @DisplayName("a dispatch (op 0) sent by the client makes the server close with 4001")
    void clientDispatch_closes4001() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        gateway.send("{\"op\":0,\"t\":\"READY\",\"s\":1,\"d\":{}}");

        assertThat(gateway.awaitClose()).isEqualTo(4001);
        assertThat(discord.problems()).singleElement()
            .satisfies(p -> assertThat(p).contains("dispatch"));
      }
    }

    @Test
    @DisplayName("a frame that is not JSON makes the server close with 4002 and is a problem")
    void notJsonFrame_closes4002() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();

        gateway.send("{op:");

        assertThat(gateway.awaitClose()).isEqualTo(4002);
        assertThat(discord.problems()).singleElement()
            .satisfies(p -> assertThat(p).startsWith("gateway:"));
      }
    }
  }

  @Nested
  @DisplayName("Resuming a session")
  class Resume {
    @Test
    @DisplayName("after dropGateway (close 4000) a RESUME replays the missed dispatches with their "
        + "original s, then RESUMED")
    void resume_afterDrop_replaysMissedDispatchesThenResumed() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);
        Gateway first = bot.identify();
        int lastSeq = first.lastSeq;

        discord.dropGateway();

        assertThat(first.awaitClose()).isEqualTo(4000);
        assertThat(discord.gatewayConnected()).isFalse();
        SentInteraction missed = slashInLobby(discord, "Aroha", "queue", "join",
            Map.of("region", "eu"));
        String thread = createThread(discord, bot);
        assertThat(discord.interactions()).containsExactly(missed);
        assertThat(first.unread()).as("nothing more is sent on a dropped connection").isEmpty();

        Gateway second = bot.connectAndHello();
        second.sendResume(first.sessionId(), discord.token(), lastSeq);
        JsonNode replayedInteraction = second.next();
        JsonNode replayedThread = second.next();
        JsonNode resumed = second.next();

        assertThat(lastSeq).isEqualTo(2);
        assertThat(replayedInteraction.path("t").asText()).isEqualTo("INTERACTION_CREATE");
        assertThat(replayedInteraction.path("s").asInt()).isEqualTo(3);
        assertThat(replayedInteraction.path("d").path("id").asText()).isEqualTo(missed.id());
        assertThat(replayedInteraction.path("d").path("token").asText())
            .isEqualTo(missed.token());
        assertThat(replayedThread.path("t").asText()).isEqualTo("THREAD_CREATE");
        assertThat(replayedThread.path("s").asInt()).isEqualTo(4);
        assertThat(replayedThread.path("d").path("id").asText()).isEqualTo(thread);
        assertThat(resumed.path("op").asInt()).isZero();
        assertThat(resumed.path("t").asText()).isEqualTo("RESUMED");
        assertThat(resumed.path("s").asInt()).isEqualTo(5);
        assertThat(discord.resumes()).isEqualTo(1);
        assertThat(discord.identifies()).isEqualTo(1);
        assertThat(discord.gatewayConnected()).isTrue();

        SentInteraction live = joinQueue(discord, "Tane");
        JsonNode liveFrame = second.next();
        assertThat(liveFrame.path("s").asInt()).isEqualTo(6);
        assertThat(liveFrame.path("d").path("id").asText()).isEqualTo(live.id());
      }
    }

    @Test
    @DisplayName("a RESUME with the last seq seen replays nothing and is answered by RESUMED")
    void resume_withNothingMissed_isJustResumed() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway second = bot.resumeAfterDrop(discord.token(), 2);
        JsonNode resumed = second.next();

        assertThat(resumed.path("t").asText()).isEqualTo("RESUMED");
        assertThat(resumed.path("s").asInt()).isEqualTo(3);
        assertThat(discord.resumes()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("a RESUME of an unknown session is answered by INVALID_SESSION, op 9, d false")
    void resume_unknownSession_isInvalidSession() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway second = bot.dropAndReconnect(bot.identify());

        second.sendResume("0123456789abcdef", discord.token(), 2);
        JsonNode invalid = second.next();

        assertThat(invalid.path("op").asInt()).isEqualTo(9);
        assertThat(invalid.path("d").isBoolean()).isTrue();
        assertThat(invalid.path("d").asBoolean(true)).isFalse();
        assertThat(discord.resumes()).isZero();
        assertThat(discord.gatewayConnected()).isFalse();
      }
    }

    @Test
    @DisplayName("a RESUME with a seq beyond the session's is answered by INVALID_SESSION")
    void resume_seqFromTheFuture_isInvalidSession() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway second = bot.resumeAfterDrop(discord.token(), 99);

        assertThat(second.expectOp(9).path("d").asBoolean(true)).isFalse();
        assertThat(discord.resumes()).isZero();
      }
    }

    @Test
    @DisplayName("a RESUME with a wrong token makes the server close with 4004")
    void resume_withWrongToken_closes4004() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway second = bot.resumeAfterDrop("not-the-token", 2);

        assertThat(second.awaitClose()).isEqualTo(4004);
        assertThat(discord.resumes()).isZero();
      }
    }

    @Test
    @DisplayName("a RESUME whose seq is null is answered by INVALID_SESSION, and no session is "
        + "resumed")
    void resume_withNullSeq_isInvalidSession() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway second = bot.resumeAfterDrop(discord.token(), null);
        JsonNode answer = second.poll(WAIT);

        assertThat(answer).as("an answer to the RESUME; failures: " + second.failures())
            .isNotNull();
        assertThat(answer.path("op").asInt()).isEqualTo(9);
        assertThat(answer.path("d").asBoolean(true)).isFalse();
        assertThat(discord.resumes()).isZero();
        assertThat(discord.gatewayConnected()).isFalse();
      }
    }
  }

  @Nested
  @DisplayName("Interactions")
  class Interactions {
    @Test
    @DisplayName("a slash command is dispatched as INTERACTION_CREATE type 2 with its options, "
        + "member, channel, guild and token")
    void slash_dispatchesInteractionCreate() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply registered = bot.put(commandsRoute(discord), QUEUE_COMMANDS);
        Gateway gateway = bot.identify();
        DiscordUser aroha = discord.user("Aroha");

        SentInteraction sent = discord.slash(aroha, discord.lobbyId(), "queue", "join",
            Map.of("region", "eu"));
        JsonNode frame = gateway.next();

        assertThat(frame.path("op").asInt()).isZero();
        assertThat(frame.path("t").asText()).isEqualTo("INTERACTION_CREATE");
        assertThat(frame.path("s").asInt()).isEqualTo(3);
        JsonNode interaction = frame.path("d");
        assertThat(interaction.path("id").asText()).isEqualTo(sent.id());
        assertThat(interaction.path("token").asText()).isEqualTo(sent.token()).isNotBlank();
        assertThat(interaction.path("type").asInt()).isEqualTo(2);
        assertThat(interaction.path("application_id").asText()).isEqualTo(discord.botId());
        JsonNode data = interaction.path("data");
        assertThat(data.path("name").asText()).isEqualTo("queue");
        assertThat(data.path("id").asText())
            .isEqualTo(registered.body().get(0).path("id").asText());
        JsonNode subcommand = data.path("options").get(0);
        assertThat(subcommand.path("name").asText()).isEqualTo("join");
        assertThat(subcommand.path("type").asInt()).isEqualTo(1);
        assertThat(subcommand.path("options").get(0).path("name").asText()).isEqualTo("region");
        assertThat(subcommand.path("options").get(0).path("value").asText()).isEqualTo("eu");
        assertThat(interaction.path("member").path("user").path("id").asText())
            .isEqualTo(aroha.id());
        assertThat(interaction.path("member").path("permissions").asText()).isNotEmpty();
        assertThat(interaction.path("channel_id").asText()).isEqualTo(discord.lobbyId());
        assertThat(interaction.path("channel").path("id").asText()).isEqualTo(discord.lobbyId());
        assertThat(interaction.path("channel").path("type").asInt()).isZero();
        assertThat(interaction.path("guild_id").asText()).isEqualTo(discord.guildId());
        assertThat(interaction.path("guild").path("id").asText()).isEqualTo(discord.guildId());

        assertThat(sent.description()).isEqualTo("/queue join region:eu");
        assertThat(sent.user()).isEqualTo(aroha);
        assertThat(sent.channelId()).isEqualTo(discord.lobbyId());
        assertThat(sent.ackTime()).isEmpty();
        assertThat(sent.answered()).isFalse();
        assertThat(discord.interactions()).containsExactly(sent);
      }
    }

    @Test
    @DisplayName("a slash command before the bot identified is kept, and listed as a problem")
    void slash_beforeIdentify_isAProblem() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        SentInteraction sent = joinQueue(discord, "Aroha");

        assertThat(discord.interactions()).containsExactly(sent);
        assertThat(discord.problems()).singleElement()
            .satisfies(p -> assertThat(p).contains("INTERACTION_CREATE").contains("identified"));
      }
    }

    @Test
    @DisplayName("an ephemeral deferral (type 5, flags 64) answers 204 and acknowledges")
    void callback_deferEphemeral_isNoContent() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply reply = deferEphemeral(bot, sent);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body().isMissingNode()).isTrue();
        assertThat(sent.callbackType()).isEqualTo(5);
        assertThat(sent.ackTime()).hasValueSatisfying(t -> assertThat(t).isPositive()
            .isLessThan(Duration.ofSeconds(3)));
        assertThat(sent.answered()).isFalse();
        assertThat(sent.replyTime()).isEmpty();
        assertThat(sent.refusals()).isEmpty();
      }
    }

    @Test
    @DisplayName("a callback with ?with_response=true answers 200 with the interaction callback "
        + "response")
    void callback_withResponse_isJson() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply reply = webhookCall(bot, "POST", callbackRoute(sent) + "?with_response=true",
            DEFER_EPHEMERAL);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode interaction = reply.body().path("interaction");
        assertThat(interaction.path("id").asText()).isEqualTo(sent.id());
        assertThat(interaction.path("type").asInt()).isEqualTo(2);
        assertThat(interaction.path("response_message_loading").asBoolean()).isTrue();
        assertThat(interaction.path("response_message_ephemeral").asBoolean()).isTrue();
        assertThat(reply.body().path("resource").path("type").asInt()).isEqualTo(5);
        assertThat(sent.callbackType()).isEqualTo(5);
      }
    }

    @Test
    @DisplayName("a second callback gets 400, code 40060, and is recorded as a refusal")
    void callback_second_isAlreadyAcknowledged() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);
        assertThat(deferEphemeral(bot, sent).status()).isEqualTo(204);

        Reply second = callback(bot, sent, "{\"type\":4,\"data\":{\"content\":\"again\"}}");

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.code()).isEqualTo(40060);
        assertThat(second.body().path("message").asText())
            .isEqualTo("Interaction has already been acknowledged.");
        assertThat(sent.refusals()).singleElement()
            .satisfies(r -> assertThat(r).contains("second"));
        assertThat(sent.callbackType()).as("the first callback stands").isEqualTo(5);
        assertThat(sent.answered()).isFalse();
      }
    }

    @Test
    @DisplayName("a callback to an interaction id that does not go with the token gets 404, "
        + "code 10062")
    void callback_wrongInteractionId_isUnknownInteraction() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply reply = webhookCall(bot, "POST", "interactions/" + STRANGER + "/" + sent.token()
            + "/callback", DEFER_EPHEMERAL);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo(10062);
        assertThat(sent.ackTime()).isEmpty();
      }
    }

    @Test
    @DisplayName("a reply (type 4) answers 204 and is the interaction's reply, not a channel "
        + "message")
    void callback_reply_isTheFirstReply() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply reply = callback(bot, sent,
            "{\"type\":4,\"data\":{\"content\":\"You joined the queue.\",\"flags\":64}}");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(sent.reply()).isEqualTo("You joined the queue.");
        assertThat(sent.replies()).singleElement().satisfies(m -> {
          assertThat(m.ephemeral()).isTrue();
          assertThat(m.interactionId()).contains(sent.id());
          assertThat(m.channelId()).isEqualTo(discord.lobbyId());
        });
        assertThat(sent.callbackType()).isEqualTo(4);
        assertThat(sent.replyTime()).isPresent();
        assertThat(discord.messages(discord.lobbyId())).isEmpty();
        assertThat(discord.allMessages()).hasSize(1);
      }
    }

    @Test
    @DisplayName("a reply callback that Discord refuses (empty content) does not acknowledge the "
        + "interaction: a corrected callback is then accepted")
    void callback_refusedReply_leavesInteractionUnacknowledged() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply refused = callback(bot, sent, "{\"type\":4,\"data\":{\"content\":\"\"}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(50006);
        assertThat(sent.ackTime()).as("a refused callback acknowledges nothing").isEmpty();
        assertThat(sent.callbackType()).isEqualTo(-1);

        Reply corrected = callback(bot, sent,
            "{\"type\":4,\"data\":{\"content\":\"You joined the queue.\"}}");

        assertThat(corrected.status()).isEqualTo(204);
        assertThat(sent.reply()).isEqualTo("You joined the queue.");
      }
    }

    @Test
    @DisplayName("a first follow-up after an ephemeral deferral edits the original, as Discord's "
        + "deprecated behaviour does (interactions/receiving-and-responding, Create Followup "
        + "Message), and is listed as a problem")
    void followUp_afterEphemeralDeferral_isTheEphemeralReplyAndAProblem() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);
        assertThat(deferEphemeral(bot, sent).status()).isEqualTo(204);

        Reply followUp = followUp(discord, bot, sent, "{\"content\":\"hi\"}");

        assertThat(followUp.status()).isEqualTo(200);
        assertThat(followUp.body().path("content").asText()).isEqualTo("hi");
        assertThat(followUp.body().path("flags").asInt() & 64).isEqualTo(64);
        assertThat(followUp.body().path("webhook_id").asText()).isEqualTo(discord.botId());
        assertThat(followUp.body().path("interaction_metadata").path("id").asText())
            .isEqualTo(sent.id());
        assertThat(sent.answered()).isTrue();
        assertThat(sent.replyTime()).hasValueSatisfying(replyTime ->
            assertThat(replyTime).isGreaterThanOrEqualTo(sent.ackTime().orElseThrow()));
        SeenMessage reply = sent.awaitReply(Duration.ofSeconds(1));
        assertThat(reply.content()).isEqualTo("hi");
        assertThat(reply.ephemeral()).isTrue();
        assertThat(reply.id()).isEqualTo(followUp.body().path("id").asText());
        assertThat(discord.messages(discord.lobbyId())).as("replies are not channel messages")
            .isEmpty();

        Reply second = followUp(discord, bot, sent, "{\"content\":\"everyone sees this\"}");

        assertThat(second.status()).isEqualTo(200);
        assertThat(sent.replies()).extracting(SeenMessage::ephemeral).containsExactly(true, false);
        assertThat(discord.problems()).singleElement().asString()
            .contains("first follow-up after a deferral", "@original");
      }
    }

    @Test
    @DisplayName("a follow-up before any callback gets 404, Unknown Webhook (10015)")
    void followUp_beforeCallback_isUnknownWebhook() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply reply = followUp(discord, bot, sent, "{\"content\":\"hi\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo(10015);
        assertThat(reply.body().path("message").asText()).isEqualTo("Unknown Webhook");
        assertThat(sent.answered()).isFalse();
      }
    }

    @Test
    @DisplayName("editing the original reply after a deferral makes it the reply; editing it again "
        + "changes it in place")
    void editOriginal_afterDeferral_becomesAndChangesTheReply() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);
        deferEphemeral(bot, sent);

        Reply first = editReply(discord, bot, sent, "@original", "{\"content\":\"Queued: 1/10\"}");
        Reply second = editReply(discord, bot, sent, "@original", "{\"content\":\"Queued: 2/10\"}");
        Reply unknown = editReply(discord, bot, sent, STRANGER, "{\"content\":\"x\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        assertThat(sent.replies()).singleElement().satisfies(m -> {
          assertThat(m.content()).isEqualTo("Queued: 2/10");
          assertThat(m.ephemeral()).isTrue();
        });
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(10008);
      }
    }

    @Test
    @DisplayName("editing only the content of a reply keeps its buttons, as Discord keeps the "
        + "fields an edit does not send")
    void editOriginal_contentOnly_keepsTheButtons() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);
        assertThat(callback(bot, sent, "{\"type\":4,\"data\":" + READY_CHECK + "}").status())
            .isEqualTo(204);
        assertThat(sent.replies().get(0).buttons()).containsExactly(ACCEPT);

        Reply edited = editReply(discord, bot, sent, "@original",
            "{\"content\":\"Your match is ready (1/2 accepted)\"}");

        assertThat(edited.status()).isEqualTo(200);
        assertThat(sent.replies()).singleElement().satisfies(m -> {
          assertThat(m.content()).isEqualTo("Your match is ready (1/2 accepted)");
          assertThat(m.buttons()).as("buttons the edit did not touch").containsExactly(ACCEPT);
        });
      }
    }

    @Test
    @DisplayName("a callback after the deadline gets 404, Unknown interaction (10062), with a "
        + "refusal recorded")
    void callback_afterDeadline_isUnknownInteraction() {
      try (LocalDiscord discord = LocalDiscord.builder().members("Aroha")
          .interactionDeadline(Duration.ZERO).start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = queueJoinByAroha(discord, bot);

        Reply reply = deferEphemeral(bot, sent);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo(10062);
        assertThat(reply.body().path("message").asText()).isEqualTo("Unknown interaction");
        assertThat(sent.refusals()).singleElement()
            .satisfies(r -> assertThat(r).contains("past the deadline"));
        assertThat(sent.ackTime()).isEmpty();
        assertThat(sent.callbackType()).isEqualTo(-1);
        assertThat(webhookCall(bot, "POST", followUpRoute(discord, sent), "{\"content\":\"hi\"}")
            .code()).as("no follow-up to an interaction never acknowledged").isEqualTo(10015);
      }
    }

    @Test
    @DisplayName("a command the bot did not register cannot be used")
    void slash_unregisteredCommand_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        assertArohaCannotRun(discord, "party", "start", Map.of()).hasMessageContaining("/party");
        assertThat(discord.interactions()).isEmpty();
      }
    }

    @Test
    @DisplayName("a subcommand the command does not have cannot be used")
    void slash_unknownSubcommand_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        assertArohaCannotRun(discord, "queue", "dance", Map.of()).hasMessageContaining("dance");
        assertThatThrownBy(() -> slashInLobby(discord, "Aroha", "queue", "region", Map.of()))
            .as("an option is not a subcommand").isInstanceOf(IllegalArgumentException.class);
        assertThat(discord.interactions()).isEmpty();
      }
    }

    @Test
    @DisplayName("an option the subcommand does not declare cannot be given")
    void slash_unknownOption_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        assertArohaCannotRun(discord, "queue", "join", Map.of("mode", "ranked"))
            .hasMessageContaining("mode");
        assertThat(discord.interactions()).isEmpty();
      }
    }

    @Test
    @DisplayName("a value outside an option's choices cannot be given")
    void slash_valueOutsideChoices_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        assertArohaCannotRun(discord, "queue", "join", Map.of("region", "oce"))
            .hasMessageContaining("oce").hasMessageContaining("choices");
        assertThat(discord.interactions()).isEmpty();
      }
    }

    @Test
    @DisplayName("a required option cannot be left out")
    void slash_missingRequiredOption_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        assertArohaCannotRun(discord, "queue", "leave", Map.of()).hasMessageContaining("reason");
        assertThat(slashInLobby(discord, "Aroha", "queue", "leave", Map.of("reason", "dinner"))
            .description()).isEqualTo("/queue leave reason:dinner");
      }
    }

    @Test
    @DisplayName("a command in a channel that does not exist cannot be used")
    void slash_unknownChannel_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);

        assertThatThrownBy(() -> discord.slash(discord.user("Aroha"), STRANGER, "queue", "join"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(STRANGER);
      }
    }

    @Test
    @DisplayName("a command in a private thread can be used by its members only")
    void slash_inPrivateThread_byNonMember_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);
        Gateway gateway = bot.identify();
        String thread = createThread(discord, bot);
        DiscordUser aroha = discord.user("Aroha");
        bot.put(threadMemberRoute(thread, aroha.id()), null);

        assertThatThrownBy(() -> discord.slash(discord.user("Tane"), thread, "queue", "join"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tane");

        SentInteraction byMember = discord.slash(aroha, thread, "queue", "join");
        JsonNode frame = gateway.nextDispatch("INTERACTION_CREATE");
        assertThat(frame.path("d").path("id").asText()).isEqualTo(byMember.id());
        assertThat(frame.path("d").path("channel").path("id").asText()).isEqualTo(thread);
        assertThat(frame.path("d").path("channel").path("type").asInt()).isEqualTo(12);
        assertThat(discord.interactions()).containsExactly(byMember);
      }
    }

    @Test
    @DisplayName("a button that is not on the message cannot be clicked")
    void click_buttonNotOnMessage_isRejected() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        bot.identify();
        postInLobby(discord, bot, READY_CHECK);
        SeenMessage message = discord.messages(discord.lobbyId()).get(0);

        assertThatThrownBy(() -> discord.click(discord.user("Aroha"), message,
            "relva:decline:M1")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("relva:decline:M1");
        assertThat(discord.interactions()).isEmpty();
      }
    }

    @Test
    @DisplayName("a click on a posted message's button is dispatched as INTERACTION_CREATE type 3 "
        + "with the custom id and the message")
    void click_buttonOnPostedMessage_dispatchesComponentInteraction() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        Reply posted = postInLobby(discord, bot, READY_CHECK);
        SeenMessage message = discord.messages(discord.lobbyId()).get(0);
        DiscordUser tane = discord.user("Tane");

        SentInteraction click = discord.click(tane, message, ACCEPT);
        JsonNode frame = gateway.nextDispatch("INTERACTION_CREATE");

        JsonNode interaction = frame.path("d");
        assertThat(interaction.path("id").asText()).isEqualTo(click.id());
        assertThat(interaction.path("type").asInt()).isEqualTo(3);
        assertThat(interaction.path("data").path("custom_id").asText()).isEqualTo(ACCEPT);
        assertThat(interaction.path("data").path("component_type").asInt()).isEqualTo(2);
        assertThat(interaction.path("message").path("id").asText())
            .isEqualTo(posted.body().path("id").asText()).isEqualTo(message.id());
        assertThat(interaction.path("message").path("components").get(0).path("components")
            .get(0).path("custom_id").asText()).isEqualTo(ACCEPT);
        assertThat(interaction.path("member").path("user").path("id").asText())
            .isEqualTo(tane.id());
        assertThat(click.description()).contains(ACCEPT);

        Reply update = callback(bot, click, "{\"type\":6}");
        assertThat(update.status()).isEqualTo(204);
        assertThat(click.callbackType()).isEqualTo(6);
      }
    }

    @Test
    @DisplayName("deliverAgain dispatches the identical payload (same id and token) with a new s")
    void deliverAgain_dispatchesTheSamePayloadWithANewSeq() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);
        Gateway gateway = bot.identify();
        SentInteraction sent = slashInLobby(discord, "Aroha", "queue", "join",
            Map.of("region", "eu"));
        JsonNode first = gateway.nextDispatch("INTERACTION_CREATE");

        discord.deliverAgain(sent);
        JsonNode again = gateway.nextDispatch("INTERACTION_CREATE");

        assertThat(again.path("d")).isEqualTo(first.path("d"));
        assertThat(again.path("d").path("id").asText()).isEqualTo(sent.id());
        assertThat(again.path("d").path("token").asText()).isEqualTo(sent.token());
        assertThat(again.path("s").asInt()).isEqualTo(first.path("s").asInt() + 1);
        assertThat(discord.interactions()).containsExactly(sent);
      }
    }
  }

  @Nested
  @DisplayName("Injected faults")
  class Faults {
    @Test
    @DisplayName("a rate limit answers 429 with retry_after in seconds, Retry-After rounded up and "
        + "a per-route bucket, then the next request goes through")
    void rateLimited_answers429ThenSucceeds() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String route = messagesRoute(discord.lobbyId());
        discord.failNext("POST", "channels/\\d+/messages", 1,
            RestFault.rateLimited(Duration.ofMillis(1500)));
        assertThat(discord.pendingFaults()).isEqualTo(1);

        Reply limited = bot.post(route, "{\"content\":\"hi\"}");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).startsWith("application/json");
        assertThat(limited.body().path("retry_after").isNumber()).isTrue();
        assertThat(limited.body().path("retry_after").asDouble()).isEqualTo(1.5);
        assertThat(limited.body().path("global").asBoolean(true)).isFalse();
        assertThat(limited.body().path("message").asText()).isEqualTo("You are being rate limited.");
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        assertThat(limited.header("X-RateLimit-Bucket")).isNotBlank();
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("X-RateLimit-Reset-After")).isEqualTo("1.500");
        assertThat(limited.header("X-RateLimit-Scope")).isEqualTo("user");
        assertThat(limited.header("X-RateLimit-Global")).isNull();
        assertThat(discord.pendingFaults()).isZero();
        assertThat(discord.messages(discord.lobbyId())).as("a rate-limited request is not done")
            .isEmpty();

        Reply next = bot.post(route, "{\"content\":\"hi\"}");

        assertThat(next.status()).isEqualTo(200);
        assertThat(discord.messages(discord.lobbyId())).hasSize(1);
        assertThat(discord.requests()).containsExactly("POST " + route + " -> 429",
            "POST " + route + " -> 200");
      }
    }

    @Test
    @DisplayName("a fault applies only to its method and route, and as many times as asked")
    void failNext_matchesMethodAndRouteOnly() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        discord.failNext("post", "channels/\\d+/messages", 2, RestFault.serverError(503));

        Reply get = bot.get("channels/" + discord.lobbyId());
        Reply thread = bot.post(threadsRoute(discord.lobbyId()), PARTY_THREAD);
        Reply first = postInLobby(discord, bot, "{\"content\":\"a\"}");
        Reply second = postInLobby(discord, bot, "{\"content\":\"b\"}");
        Reply third = postInLobby(discord, bot, "{\"content\":\"c\"}");

        assertThat(List.of(get, thread, first, second, third)).extracting(Reply::status)
            .containsExactly(200, 201, 503, 503, 200);
        assertThat(discord.pendingFaults()).isZero();
        assertThat(discord.messages(discord.lobbyId())).extracting(SeenMessage::content)
            .containsExactly("c");
      }
    }

    @Test
    @DisplayName("a server error answers its 5xx status with Discord's JSON error body, and the "
        + "request is not done")
    void serverError_answers500Json() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        discord.failNext("POST", "channels/\\d+/threads", 1, RestFault.serverError(500));

        Reply reply = bot.post(threadsRoute(discord.lobbyId()), PARTY_THREAD);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body().path("message").asText()).isEqualTo("500: Internal Server Error");
        assertThat(reply.code()).isZero();
        assertThat(discord.threads()).isEmpty();
        assertThat(bot.post(threadsRoute(discord.lobbyId()), PARTY_THREAD).status()).isEqualTo(201);
      }
    }

    @Test
    @DisplayName("a server error that is not 5xx, a negative delay or times below 1 is refused "
        + "at once")
    void faults_invalid_areRejectedAtConstruction() {
      assertThatThrownBy(() -> RestFault.serverError(404))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("404");
      assertThatThrownBy(() -> RestFault.serverError(600))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> RestFault.rateLimited(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> RestFault.lateAnswer(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      try (LocalDiscord discord = start()) {
        assertThatThrownBy(() -> discord.failNext("GET", "users/@me", 0,
            RestFault.serverError(500))).isInstanceOf(IllegalArgumentException.class);
        assertThat(discord.pendingFaults()).isZero();
      }
    }

    @Test
    @DisplayName("a late answer carries the request out at once and answers only after the delay")
    void lateAnswer_isCarriedOutAtOnceAndAnsweredLate() throws InterruptedException {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        // Long enough that "carried out before the answer" holds on a loaded machine too.
        Duration delay = Duration.ofSeconds(3);
        discord.failNext("POST", "channels/\\d+/messages", 1, RestFault.lateAnswer(delay));
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        long sentAt = System.nanoTime();

        bot.newCall("POST", messagesRoute(discord.lobbyId()), "{\"content\":\"late\"}")
            .enqueue(new Callback() {
              @Override
              public void onResponse(Call call, Response response) throws IOException {
                try (response) {
                  answers.add(BotClient.reply(response));
                }
              }

              @Override
              public void onFailure(Call call, IOException e) {
                answers.add(e);
              }
            });

        assertThat(discord.awaitUntil(() -> !discord.messages(discord.lobbyId()).isEmpty(),
            WAIT)).isTrue();
        long doneAt = System.nanoTime();
        assertThat(answers).as("no answer yet when the message exists").isEmpty();
        assertThat(discord.pendingFaults()).isZero();

        Object answer = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long answeredAt = System.nanoTime();

        assertThat(answer).isInstanceOf(Reply.class);
        Reply reply = (Reply) answer;
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Via")).isEqualTo("1.1 google");
        assertThat(reply.body().path("id").asText())
            .isEqualTo(discord.messages(discord.lobbyId()).get(0).id());
        assertThat(Duration.ofNanos(answeredAt - sentAt)).isGreaterThanOrEqualTo(delay);
        assertThat(Duration.ofNanos(doneAt - sentAt)).isLessThan(delay);
      }
    }
  }

  @Nested
  @DisplayName("Waiting")
  class Waiting {
    @Test
    @DisplayName("awaitUntil returns false when the condition does not hold in time, without "
        + "throwing")
    void awaitUntil_onTimeout_returnsFalse() {
      try (LocalDiscord discord = start()) {
        long before = System.nanoTime();

        boolean held = discord.awaitUntil(() -> false, Duration.ofMillis(50));

        assertThat(held).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - before))
            .isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(discord.awaitUntil(() -> true, Duration.ZERO)).isTrue();
      }
    }

    @Test
    @DisplayName("awaitUntil wakes up when a request changes the fake")
    void awaitUntil_wakesOnChange() throws InterruptedException {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
        bot.newCall("POST", threadsRoute(discord.lobbyId()), PARTY_THREAD)
            .enqueue(new Callback() {
              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  statuses.add(response.code());
                }
              }

              @Override
              public void onFailure(Call call, IOException e) {
                statuses.add(-1);
              }
            });

        assertThat(discord.awaitUntil(() -> !discord.threads().isEmpty(), WAIT)).isTrue();
        assertThat(statuses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(201);
      }
    }

    @Test
    @DisplayName("await throws an AssertionError naming what it waited for")
    void await_onTimeout_throwsAssertionErrorNamingIt() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        bot.get("nowhere");

        assertThatThrownBy(() -> discord.await("the party thread", () -> false,
            Duration.ofMillis(30)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("the party thread")
            .hasMessageContaining("30ms")
            .hasMessageContaining("GET nowhere -> 404");
      }
    }

    @Test
    @DisplayName("forgetAnswered forgets answered interactions, their replies and the request log, "
        + "and keeps the rest")
    void forgetAnswered_dropsAnsweredInteractionsOnly() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);
        bot.identify();
        postInLobby(discord, bot, "{\"content\":\"lobby\"}");
        SentInteraction answered = joinQueue(discord, "Aroha");
        SentInteraction pending = joinQueue(discord, "Tane");
        callback(bot, answered, "{\"type\":4,\"data\":{\"content\":\"joined\"}}");

        int forgotten = discord.forgetAnswered();

        assertThat(forgotten).isEqualTo(1);
        assertThat(discord.interactions()).containsExactly(pending);
        assertThat(discord.allMessages()).extracting(SeenMessage::content)
            .containsExactly("lobby");
        assertThat(discord.requests()).isEmpty();
        assertThat(deferEphemeral(bot, pending).status()).isEqualTo(204);
      }
    }

    @Test
    @DisplayName("awaitReply throws an AssertionError naming the interaction when no reply came")
    void awaitReply_withoutReply_throwsAssertionError() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        registerQueue(discord, bot);
        SentInteraction sent = joinQueue(discord, "Aroha");

        assertThatThrownBy(() -> sent.awaitReply(Duration.ofMillis(30)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("Aroha")
            .hasMessageContaining("/queue join");
      }
    }
  }

  @Nested
  @DisplayName("Finding threads again: by id, archived, and their members")
  class FindingThreads {
    private String archivedRoute(LocalDiscord discord) {
      return "channels/" + discord.lobbyId() + "/threads/archived/private";
    }

    @Test
    @DisplayName("GET channels/{id} finds an active or archived thread; a deleted one is 404, "
        + "Unknown Channel")
    void getChannel_findsArchivedThreads_andDeletedAreUnknown() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);

        Reply active = bot.get("channels/" + thread);
        discord.archiveThread(thread);
        Reply archived = bot.get("channels/" + thread);
        discord.deleteChannel(thread);
        Reply deleted = bot.get("channels/" + thread);

        assertThat(active.status()).isEqualTo(200);
        assertThat(active.body().path("thread_metadata").path("archived").asBoolean()).isFalse();
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.body().path("id").asText()).isEqualTo(thread);
        assertThat(archived.body().path("thread_metadata").path("archived").asBoolean()).isTrue();
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.code()).isEqualTo(10003);
        assertThat(deleted.body().path("message").asText()).isEqualTo("Unknown Channel");
      }
    }

    @Test
    @DisplayName("GET channels/{id} of a private thread the bot is not in, without Manage Threads, "
        + "is 403, Missing Access")
    void getChannel_privateThreadUnseen_isMissingAccess() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);
        discord.removeThreadMember(thread, new DiscordUser(discord.botId(), "Relva", false));
        discord.setBotPermissions(LocalDiscord.CREATE_PRIVATE_THREADS);

        Reply reply = bot.get("channels/" + thread);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo(50001);
      }
    }

    @Test
    @DisplayName("archiving by hand sends THREAD_UPDATE, takes the thread out of GUILD_CREATE, "
        + "and freezes its members")
    void archiveThread_dispatchesUpdate_andFreezesMembers() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        String thread = createThread(discord, bot);
        gateway.nextDispatch("THREAD_CREATE");

        discord.archiveThread(thread);

        JsonNode update = gateway.nextDispatch("THREAD_UPDATE").path("d");
        assertThat(update.path("id").asText()).isEqualTo(thread);
        assertThat(update.path("thread_metadata").path("archived").asBoolean()).isTrue();
        assertThat(discord.channel(thread).orElseThrow().archived()).isTrue();
        Reply add = bot.put(threadMemberRoute(thread, discord.user("Aroha").id()), null);
        assertThat(add.status()).isEqualTo(400);
        assertThat(add.code()).isEqualTo(50083);
        assertThatThrownBy(() -> discord.archiveThread(thread))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> discord.addThreadMember(thread, discord.user("Aroha")))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }

    @Test
    @DisplayName("a moderator adds and removes thread members by hand; the bot gets no event")
    void threadMembersByHand_changeMembers() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);
        int before = discord.requests().size();

        discord.addThreadMember(thread, discord.user("Aroha"));
        discord.addThreadMember(thread, discord.user("Tane"));
        discord.removeThreadMember(thread, discord.user("Aroha"));

        assertThat(discord.channel(thread).orElseThrow().members())
            .containsExactlyInAnyOrder(discord.botId(), discord.user("Tane").id());
        assertThat(discord.requests()).hasSize(before);
        assertThatThrownBy(() -> discord.addThreadMember(discord.lobbyId(),
            discord.user("Aroha"))).isInstanceOf(IllegalArgumentException.class);
      }
    }

    @Test
    @DisplayName("archived private threads are listed newest archive first, before a timestamp, "
        + "a page at a time, with the bot's own thread members")
    void archivedPrivateThreads_listedNewestFirst_inPages() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String first = createThread(discord, bot);
        String second = createThread(discord, bot);
        String active = createThread(discord, bot);
        discord.archiveThread(first);
        discord.archiveThread(second);
        Instant secondArchived = Instant.parse(bot.get("channels/" + second).body()
            .path("thread_metadata").path("archive_timestamp").asText());

        Reply all = bot.get(archivedRoute(discord));
        Reply page = bot.get(archivedRoute(discord) + "?limit=1");
        Reply older = bot.get(archivedRoute(discord) + "?limit=100&before="
            + secondArchived);

        assertThat(all.status()).isEqualTo(200);
        assertThat(elements(all.body().path("threads"))).extracting(t -> t.path("id").asText())
            .containsExactly(second, first).doesNotContain(active);
        assertThat(elements(all.body().path("members"))).extracting(m -> m.path("id").asText())
            .containsExactlyInAnyOrder(first, second);
        assertThat(elements(all.body().path("members"))).allSatisfy(m ->
            assertThat(m.path("user_id").asText()).isEqualTo(discord.botId()));
        assertThat(all.body().path("has_more").asBoolean()).isFalse();
        assertThat(elements(page.body().path("threads"))).extracting(t -> t.path("id").asText())
            .containsExactly(second);
        assertThat(page.body().path("has_more").asBoolean()).isTrue();
        assertThat(elements(older.body().path("threads"))).extracting(t -> t.path("id").asText())
            .containsExactly(first);
      }
    }

    @Test
    @DisplayName("listing archived private threads needs Manage Threads, a text channel that "
        + "exists, and well-formed parameters")
    void archivedPrivateThreads_refusals() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);

        Reply badBefore = bot.get(archivedRoute(discord) + "?before=yesterday");
        Reply badLimit = bot.get(archivedRoute(discord) + "?limit=101");
        Reply ofThread = bot.get("channels/" + thread + "/threads/archived/private");
        Reply unknown = bot.get("channels/" + STRANGER + "/threads/archived/private");
        discord.setBotPermissions(LocalDiscord.CREATE_PRIVATE_THREADS);
        Reply refused = bot.get(archivedRoute(discord));

        assertThat(badBefore.status()).isEqualTo(400);
        assertThat(badBefore.code()).isEqualTo(50035);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(ofThread.status()).isEqualTo(400);
        assertThat(ofThread.code()).isEqualTo(50024);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(10003);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo(50013);
        assertThat(discord.problems()).noneMatch(p -> p.startsWith("unknown route"));
      }
    }

    @Test
    @DisplayName("listing a thread's members without the Server Members intent enabled is 403, "
        + "Missing Access")
    void threadMembers_withoutMembersIntent_isMissingAccess() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);

        Reply reply = bot.get("channels/" + thread + "/thread-members");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo(50001);
      }
    }

    @Test
    @DisplayName("with the Server Members intent enabled, a thread's members are listed, archived "
        + "or not; with with_member, a page after a user id, each with their guild member")
    void threadMembers_withMembersIntent_areListed() {
      try (LocalDiscord discord = LocalDiscord.builder().members("Aroha", "Tane")
          .privilegedIntents(LocalDiscord.GUILD_MEMBERS_INTENT).start();
          BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot);
        String aroha = discord.user("Aroha").id();
        String tane = discord.user("Tane").id();
        bot.put(threadMemberRoute(thread, aroha), null);
        bot.put(threadMemberRoute(thread, tane), null);
        discord.archiveThread(thread);
        String route = "channels/" + thread + "/thread-members";

        Reply all = bot.get(route);
        Reply page = bot.get(route + "?with_member=true&limit=1&after=" + discord.botId());
        Reply unknown = bot.get("channels/" + STRANGER + "/thread-members");

        assertThat(all.status()).isEqualTo(200);
        assertThat(elements(all.body())).extracting(m -> m.path("user_id").asText())
            .containsExactly(discord.botId(), aroha, tane);
        assertThat(elements(all.body())).allSatisfy(m -> {
          assertThat(m.path("id").asText()).isEqualTo(thread);
          assertThat(m.has("member")).isFalse();
        });
        assertThat(elements(page.body())).singleElement().satisfies(m -> {
          assertThat(m.path("user_id").asText()).isEqualTo(aroha);
          assertThat(m.path("member").path("user").path("id").asText()).isEqualTo(aroha);
        });
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(10003);
      }
    }

    @Test
    @DisplayName("a leftover thread added while the bot runs is the bot's, and is sent as "
        + "THREAD_CREATE")
    void addLeftoverThread_isTheBotsAndDispatched() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        String id = discord.addLeftoverThread("Party [Kold001]", Duration.ofMinutes(5));

        JsonNode created = gateway.nextDispatch("THREAD_CREATE").path("d");
        assertThat(created.path("id").asText()).isEqualTo(id);
        SeenChannel thread = discord.channel(id).orElseThrow();
        assertThat(thread.name()).isEqualTo("Party [Kold001]");
        assertThat(thread.ownerId()).contains(discord.botId());
        assertThat(thread.members()).containsExactly(discord.botId());
      }
    }
  }

  @Nested
  @DisplayName("Voice channels, categories and voice states")
  class Voice {
    private static final long MANAGE_CHANNELS = 1L << 4;
    private static final long VIEW_CHANNEL = 1L << 10;
    private static final long CONNECT = 1L << 20;
    private static final long MOVE_MEMBERS = 1L << 24;
    private static final long INVITE = 362_924_755_968L;

    private LocalDiscord startWith(long permissions) {
      return LocalDiscord.builder().members("Aroha", "Tane").botPermissions(permissions).start();
    }

    private String voiceBody(String name, String parent, String... overwrites) {
      return "{\"name\":" + json(name) + ",\"type\":2,\"parent_id\":" + json(parent)
          + ",\"permission_overwrites\":[" + String.join(",", overwrites) + "]}";
    }

    private String channelsRoute(LocalDiscord discord) {
      return "guilds/" + discord.guildId() + "/channels";
    }

    @Test
    @DisplayName("resources/guild, Create Guild Channel: a voice channel in a category answers "
        + "201 with type 2, parent_id and its overwrites, and is dispatched as CHANNEL_CREATE")
    void createVoiceChannel_inCategory() {
      try (LocalDiscord discord = startWith(INVITE | MANAGE_CHANNELS | CONNECT);
          BotClient bot = new BotClient(discord)) {
        String category = discord.addCategory("Matches");
        Gateway gateway = bot.identify();
        String tane = discord.user("Tane").id();

        Reply created = bot.post(channelsRoute(discord), voiceBody("M1 · Team 1", category,
            "{\"id\":\"" + discord.guildId() + "\",\"type\":0,\"allow\":\"0\",\"deny\":\""
                + (VIEW_CHANNEL | CONNECT) + "\"}",
            "{\"id\":\"" + tane + "\",\"type\":1,\"allow\":\"" + (VIEW_CHANNEL | CONNECT)
                + "\",\"deny\":\"0\"}"));
        JsonNode event = gateway.next();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("type").asInt()).isEqualTo(2);
        assertThat(created.body().path("parent_id").asText()).isEqualTo(category);
        assertThat(created.body().path("bitrate").asInt()).isPositive();
        assertThat(event.path("t").asText()).isEqualTo("CHANNEL_CREATE");
        assertThat(event.path("d").path("id").asText()).isEqualTo(created.body().path("id")
            .asText());
        SeenChannel seen = discord.channel(created.body().path("id").asText()).orElseThrow();
        assertThat(seen.type()).isEqualTo(SeenChannel.VOICE);
        assertThat(seen.name()).isEqualTo("M1 · Team 1");
        assertThat(seen.overwrites()).containsExactly(
            new SeenChannel.Overwrite(discord.guildId(), 0, 0, VIEW_CHANNEL | CONNECT),
            new SeenChannel.Overwrite(tane, 1, VIEW_CHANNEL | CONNECT, 0));
        assertThat(discord.voiceChannels()).extracting(SeenChannel::id)
            .containsExactly(seen.id());
      }
    }

    @Test
    @DisplayName("resources/guild, Create Guild Channel: without Manage Channels, or granting in "
        + "an overwrite a permission the bot lacks, gets 403, 50013")
    void createChannel_missingPermissions() {
      try (LocalDiscord discord = startWith(INVITE); BotClient bot = new BotClient(discord)) {
        String category = discord.addCategory("Matches");
        assertThat(bot.post(channelsRoute(discord), voiceBody("v", category)).code())
            .isEqualTo(50013);
      }
      try (LocalDiscord discord = startWith(INVITE | MANAGE_CHANNELS);
          BotClient bot = new BotClient(discord)) {
        String category = discord.addCategory("Matches");
        Reply refused = bot.post(channelsRoute(discord), voiceBody("v", category,
            "{\"id\":\"" + discord.guildId() + "\",\"type\":0,\"allow\":\"" + CONNECT
                + "\",\"deny\":\"0\"}"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo(50013);
        assertThat(discord.voiceChannels()).isEmpty();
      }
    }

    @Test
    @DisplayName("resources/channel, the 50 channels of a category: the 51st gets 400, 50035 with "
        + "CHANNEL_PARENT_MAX_CHANNELS on parent_id; resources/guild, the 500 of a server: the "
        + "501st gets 400, 30013")
    void createChannel_limits() {
      try (LocalDiscord discord = startWith(INVITE | MANAGE_CHANNELS);
          BotClient bot = new BotClient(discord)) {
        String category = discord.addCategory("Matches");
        for (int i = 0; i < LocalDiscord.MAX_CHANNELS_PER_CATEGORY; i++) {
          discord.addVoiceChannel("Room " + i, category);
        }
        Reply full = bot.post(channelsRoute(discord), voiceBody("v", category));
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.code()).isEqualTo(50035);
        assertThat(full.body().path("errors").path("parent_id").path("_errors").get(0)
            .path("code").asText()).isEqualTo("CHANNEL_PARENT_MAX_CHANNELS");
        assertThat(full.body().path("errors").path("parent_id").path("_errors").get(0)
            .path("message").asText())
            .isEqualTo("Maximum number of channels in category reached (50)");

        // The lobby, the category and its 50: 52 so far.
        for (int i = discord.channels().size(); i < LocalDiscord.MAX_CHANNELS; i++) {
          discord.addVoiceChannel("Other " + i, null);
        }
        Reply server = bot.post(channelsRoute(discord), voiceBody("v", "" + category)
            .replace(",\"parent_id\":\"" + category + "\"", ""));
        assertThat(server.status()).isEqualTo(400);
        assertThat(server.code()).isEqualTo(30013);
        assertThat(discord.channels()).hasSize(LocalDiscord.MAX_CHANNELS);
      }
    }

    @Test
    @DisplayName("resources/guild, Modify Guild Member: channel_id moves a member connected to "
        + "voice, dispatched as VOICE_STATE_UPDATE to a session with GUILD_VOICE_STATES")
    void moveMember() {
      try (LocalDiscord discord = startWith(INVITE | MOVE_MEMBERS | CONNECT);
          BotClient bot = new BotClient(discord)) {
        String room = discord.addVoiceChannel("Waiting room", null);
        String team = discord.addVoiceChannel("Team 1", null);
        Gateway gateway = bot.identify(513 | LocalDiscord.GUILD_VOICE_STATES_INTENT);
        DiscordUser aroha = discord.user("Aroha");

        discord.joinVoice(aroha, room);
        JsonNode joined = gateway.nextDispatch("VOICE_STATE_UPDATE");
        Reply moved = bot.patch("guilds/" + discord.guildId() + "/members/" + aroha.id(),
            "{\"channel_id\":\"" + team + "\"}");
        JsonNode update = gateway.nextDispatch("VOICE_STATE_UPDATE");

        assertThat(joined.path("d").path("channel_id").asText()).isEqualTo(room);
        assertThat(joined.path("d").path("member").path("user").path("id").asText())
            .isEqualTo(aroha.id());
        assertThat(moved.status()).isEqualTo(200);
        assertThat(update.path("d").path("channel_id").asText()).isEqualTo(team);
        assertThat(update.path("d").path("user_id").asText()).isEqualTo(aroha.id());
        assertThat(discord.voiceChannelOf(aroha)).contains(team);
        assertThat(discord.voiceMoves()).containsExactly(aroha.id() + " " + room + " -> " + team);
        Reply state = bot.get("guilds/" + discord.guildId() + "/voice-states/" + aroha.id());
        assertThat(state.body().path("channel_id").asText()).isEqualTo(team);
      }
    }

    @Test
    @DisplayName("resources/guild, Modify Guild Member: a member not connected to voice gets 400, "
        + "40032; without Move Members 403, 50013; resources/voice: no voice state is 10065")
    void moveMember_refused() {
      try (LocalDiscord discord = startWith(INVITE | CONNECT);
          BotClient bot = new BotClient(discord)) {
        String room = discord.addVoiceChannel("Waiting room", null);
        String team = discord.addVoiceChannel("Team 1", null);
        DiscordUser aroha = discord.user("Aroha");
        String route = "guilds/" + discord.guildId() + "/members/" + aroha.id();
        String body = "{\"channel_id\":\"" + team + "\"}";

        Reply notConnected = bot.patch(route, body);
        assertThat(notConnected.status()).isEqualTo(400);
        assertThat(notConnected.code()).isEqualTo(40032);
        assertThat(bot.get("guilds/" + discord.guildId() + "/voice-states/" + aroha.id())
            .code()).isEqualTo(10065);

        discord.joinVoice(aroha, room);
        Reply noMove = bot.patch(route, body);
        assertThat(noMove.status()).isEqualTo(403);
        assertThat(noMove.code()).isEqualTo(50013);
        assertThat(discord.voiceChannelOf(aroha)).contains(room);
        assertThat(discord.voiceMoves()).isEmpty();
      }
    }

    @Test
    @DisplayName("resources/channel, Delete Channel: deleting a voice channel disconnects whoever "
        + "is in it and is dispatched as CHANNEL_DELETE; GUILD_CREATE carries voice_states only "
        + "with GUILD_VOICE_STATES")
    void deleteVoiceChannel_disconnects() {
      try (LocalDiscord discord = startWith(INVITE | MANAGE_CHANNELS);
          BotClient bot = new BotClient(discord)) {
        String category = discord.addCategory("Matches");
        String team = discord.addVoiceChannel("M1 · Team 1", category);
        DiscordUser tane = discord.user("Tane");
        discord.joinVoice(tane, team);
        Gateway plain = bot.connectAndHello();
        plain.sendIdentify(discord.token());
        plain.nextDispatch("READY");
        JsonNode withoutIntent = plain.nextDispatch("GUILD_CREATE");
        assertThat(withoutIntent.path("d").path("voice_states")).isEmpty();
        JsonNode channels = withoutIntent.path("d").path("channels");
        assertThat(StreamSupport.stream(channels.spliterator(), false)
            .filter(c -> c.path("id").asText().equals(team)).findFirst().orElseThrow()
            .path("parent_id").asText()).isEqualTo(category);

        Gateway voice = bot.connectAndHello();
        voice.send("{\"op\":2,\"d\":{\"token\":" + json(discord.token()) + ",\"intents\":"
            + (513 | LocalDiscord.GUILD_VOICE_STATES_INTENT) + ",\"properties\":{\"os\":"
            + "\"linux\",\"browser\":\"relva\",\"device\":\"relva\"}}}");
        voice.nextDispatch("READY");
        JsonNode withIntent = voice.nextDispatch("GUILD_CREATE");
        assertThat(withIntent.path("d").path("voice_states").get(0).path("user_id").asText())
            .isEqualTo(tane.id());

        assertThat(bot.delete("channels/" + team).status()).isEqualTo(200);
        assertThat(voice.nextDispatch("VOICE_STATE_UPDATE").path("d").path("channel_id")
            .isNull()).isTrue();
        assertThat(voice.nextDispatch("CHANNEL_DELETE").path("d").path("id").asText())
            .isEqualTo(team);
        assertThat(discord.voiceChannelOf(tane)).isEmpty();
        assertThat(discord.deletedChannels()).extracting(SeenChannel::id).containsExactly(team);
      }
    }
  }

  @Nested
  @DisplayName("Several guilds")
  class Guilds {
    private LocalDiscord startTwo() {
      return LocalDiscord.builder().guilds(2).members("Aroha", "Tane").start();
    }

    @Test
    @DisplayName("each guild has its own id, lobby, roles and members, and the single-guild "
        + "methods act on the first")
    void guilds_haveTheirOwnLobbyRolesAndMembers() {
      try (LocalDiscord discord = startTwo()) {
        LocalGuild first = discord.guild();
        LocalGuild second = discord.guilds().get(1);

        assertThat(discord.guilds()).hasSize(2);
        assertThat(discord.guildId()).isEqualTo(first.id());
        assertThat(discord.lobbyId()).isEqualTo(first.lobbyId());
        assertThat(discord.botRoleId()).isEqualTo(first.botRoleId());
        assertThat(discord.guild(second.id())).isSameAs(second);
        assertThat(List.of(first.id(), first.lobbyId(), first.botRoleId()))
            .doesNotContainAnyElementsOf(List.of(second.id(), second.lobbyId(),
                second.botRoleId()));
        assertThat(second.name()).isEqualTo("Kiwi PUGs 2");
        assertThat(discord.users()).extracting(DiscordUser::name).containsExactly("Aroha", "Tane");
        assertThat(second.users()).isEmpty();
        DiscordUser otherAroha = second.addUser("Aroha", false);
        assertThat(otherAroha.id()).isNotEqualTo(discord.user("Aroha").id());
        assertThat(discord.channels()).extracting(SeenChannel::id)
            .containsExactly(first.lobbyId());
        assertThat(second.channels()).extracting(SeenChannel::id)
            .containsExactly(second.lobbyId());
        assertThatThrownBy(() -> discord.guild(STRANGER))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalDiscord.builder().guilds(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guilds");
      }
    }

    @Test
    @DisplayName("resources/guild, topics/opcodes-and-status-codes: a guild route refuses a "
        + "channel (10003) or member (10007) of another guild, and an unknown guild is 10004")
    void guildRoutes_refuseAnotherGuildsChannelsAndMembers() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(2).members("Aroha")
          .botPermissions(ADMIN).start(); BotClient bot = new BotClient(discord)) {
        LocalGuild first = discord.guild();
        LocalGuild second = discord.guilds().get(1);
        DiscordUser aroha = discord.user("Aroha");
        String category = first.addCategory("Teams");
        String voice = first.addVoiceChannel("Team 1", category);
        first.joinVoice(aroha, voice);

        Reply parentElsewhere = bot.post("guilds/" + second.id() + "/channels",
            "{\"name\":\"Team 2\",\"type\":2,\"parent_id\":" + json(category) + "}");
        Reply memberElsewhere = bot.patch("guilds/" + second.id() + "/members/" + aroha.id(),
            "{\"channel_id\":null}");
        Reply moveToElsewhere = bot.patch("guilds/" + first.id() + "/members/" + aroha.id(),
            "{\"channel_id\":" + json(second.addVoiceChannel("Far", null)) + "}");
        Reply voiceHere = bot.get("guilds/" + first.id() + "/voice-states/" + aroha.id());
        Reply voiceElsewhere = bot.get("guilds/" + second.id() + "/voice-states/" + aroha.id());
        Reply unknownGuild = bot.post("guilds/" + STRANGER + "/channels",
            "{\"name\":\"x\",\"type\":0}");
        String thread = bot.post(threadsRoute(first.lobbyId()), PARTY_THREAD).body().path("id")
            .asText();
        Reply strangerInThread = bot.put(threadMemberRoute(thread,
            second.addUser("Wiremu", false).id()), null);

        assertThat(parentElsewhere.status()).isEqualTo(404);
        assertThat(parentElsewhere.code()).isEqualTo(10003);
        assertThat(memberElsewhere.status()).isEqualTo(404);
        assertThat(memberElsewhere.code()).isEqualTo(10007);
        assertThat(moveToElsewhere.status()).isEqualTo(404);
        assertThat(moveToElsewhere.code()).isEqualTo(10003);
        assertThat(voiceHere.status()).isEqualTo(200);
        assertThat(voiceHere.body().path("guild_id").asText()).isEqualTo(first.id());
        assertThat(voiceElsewhere.code()).isEqualTo(10065);
        assertThat(unknownGuild.code()).isEqualTo(10004);
        assertThat(strangerInThread.code()).isEqualTo(10007);
        assertThat(discord.voiceChannelOf(aroha)).contains(voice);
        assertThat(second.channels()).extracting(SeenChannel::name).containsExactly("kiwipugs",
            "Far");
      }
    }

    @Test
    @DisplayName("interactions/application-commands: guild commands are per guild; a thread "
        + "made in a guild's lobby and its interactions carry that guild's id")
    void commandsThreadsAndInteractions_stayInTheirGuild() {
      try (LocalDiscord discord = startTwo(); BotClient bot = new BotClient(discord)) {
        LocalGuild first = discord.guild();
        LocalGuild second = discord.guilds().get(1);
        DiscordUser hemi = second.addUser("Hemi", false);
        bot.identify();
        String secondCommands = "applications/" + discord.botId() + "/guilds/" + second.id()
            + "/commands";
        assertThat(bot.put(secondCommands, QUEUE_COMMANDS).status()).isEqualTo(200);

        Reply created = bot.post(threadsRoute(second.lobbyId()), PARTY_THREAD);
        SentInteraction join = discord.slash(hemi, second.lobbyId(), "queue", "join");

        assertThat(created.body().path("guild_id").asText()).isEqualTo(second.id());
        assertThat(second.threads()).extracting(SeenChannel::id)
            .containsExactly(created.body().path("id").asText());
        assertThat(first.threads()).isEmpty();
        assertThat(discord.threads()).isEmpty();
        assertThat(second.registeredCommands()).containsExactly("queue");
        assertThat(discord.registeredCommands()).isEmpty();
        assertThat(bot.get(commandsRoute(discord)).body()).isEmpty();
        assertThat(join.guildId()).isEqualTo(second.id());
        assertThat(BotClient.parse(join.payload()).path("guild_id").asText())
            .isEqualTo(second.id());
        assertThatThrownBy(() -> first.slash(first.addUser("Mere", false), first.lobbyId(),
            "queue", "join")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("registered no command");
        assertThatThrownBy(() -> discord.slash(discord.user("Aroha"), second.lobbyId(),
            "queue", "join")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a member");
      }
    }

    @Test
    @DisplayName("events/gateway-events, Guild Create: a guild added while the bot is connected "
        + "is sent as GUILD_CREATE")
    void addGuild_dispatchesGuildCreate() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        LocalGuild added = discord.addGuild("Tui PUGs", "tuipugs");

        JsonNode create = gateway.nextDispatch("GUILD_CREATE").path("d");
        assertThat(create.path("id").asText()).isEqualTo(added.id());
        assertThat(create.path("name").asText()).isEqualTo("Tui PUGs");
        assertThat(elements(create.path("channels"))).extracting(c -> c.path("id").asText())
            .containsExactly(added.lobbyId());
        assertThat(discord.guilds()).containsExactly(discord.guild(), added);
      }
    }
  }

  @Nested
  @DisplayName("Sharding (events/gateway, Sharding)")
  class Sharding {
    private List<String> guildsOfShard(LocalDiscord discord, int shard, int shards) {
      return discord.guilds().stream().filter(g -> g.shard(shards) == shard)
          .map(LocalGuild::id).toList();
    }

    private List<String> ids(JsonNode array) {
      return elements(array).stream().map(g -> g.path("id").asText()).toList();
    }

    @Test
    @DisplayName("a guild belongs to shard (guild_id >> 22) % num_shards; guilds made together "
        + "spread over the shards")
    void shardOf_isDiscordsFormula() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(4).start()) {
        for (LocalGuild guild : discord.guilds()) {
          long id = Long.parseLong(guild.id());
          assertThat(guild.shard(3)).isEqualTo((int) ((id >> 22) % 3));
        }
        assertThat(guildsOfShard(discord, 0, 2)).hasSize(2);
        assertThat(guildsOfShard(discord, 1, 2)).hasSize(2);
        assertThat(LocalDiscord.shardOf(discord.guildId(), 1)).isZero();
      }
    }

    @Test
    @DisplayName("two shard sessions at once: READY lists only the shard's guilds, unavailable, "
        + "and carries shard; GUILD_CREATE comes for each of them and no other")
    void ready_andGuildCreate_perShard() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(4).start();
          BotClient bot = new BotClient(discord)) {
        Gateway shard0 = bot.identifyShard("[0,2]");
        Gateway shard1 = bot.identifyShard("[1,2]");

        JsonNode ready0 = shard0.nextDispatch("READY").path("d");
        JsonNode ready1 = shard1.nextDispatch("READY").path("d");
        List<String> created0 = List.of(
            shard0.nextDispatch("GUILD_CREATE").path("d").path("id").asText(),
            shard0.nextDispatch("GUILD_CREATE").path("d").path("id").asText());
        List<String> created1 = List.of(
            shard1.nextDispatch("GUILD_CREATE").path("d").path("id").asText(),
            shard1.nextDispatch("GUILD_CREATE").path("d").path("id").asText());

        assertThat(ids(ready0.path("guilds")))
            .containsExactlyElementsOf(guildsOfShard(discord, 0, 2));
        assertThat(ids(ready1.path("guilds")))
            .containsExactlyElementsOf(guildsOfShard(discord, 1, 2));
        assertThat(elements(ready0.path("guilds"))).allSatisfy(stub ->
            assertThat(stub.path("unavailable").asBoolean()).isTrue());
        assertThat(ready0.path("shard").toString()).isEqualTo("[0,2]");
        assertThat(ready1.path("shard").toString()).isEqualTo("[1,2]");
        assertThat(created0).containsExactlyElementsOf(guildsOfShard(discord, 0, 2));
        assertThat(created1).containsExactlyElementsOf(guildsOfShard(discord, 1, 2));
        assertThat(shard0.unread()).isEmpty();
        assertThat(discord.connectedShards()).containsExactly(List.of(0, 2), List.of(1, 2));
        assertThat(discord.identifies()).isEqualTo(2);
        assertThat(discord.problems()).isEmpty();
      }
    }

    @Test
    @DisplayName("a guild's dispatches (INTERACTION_CREATE, THREAD_CREATE, GUILD_ROLE_UPDATE, "
        + "CHANNEL_UPDATE) go only to the session of its shard")
    void dispatches_goOnlyToTheOwningShard() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(2).start();
          BotClient bot = new BotClient(discord)) {
        LocalGuild on0 = discord.guilds().stream().filter(g -> g.shard(2) == 0).findFirst()
            .orElseThrow();
        LocalGuild on1 = discord.guilds().stream().filter(g -> g.shard(2) == 1).findFirst()
            .orElseThrow();
        Gateway shard0 = bot.identifyShard("[0,2]");
        shard0.nextDispatch("GUILD_CREATE");
        Gateway shard1 = bot.identifyShard("[1,2]");
        shard1.nextDispatch("GUILD_CREATE");
        String commands = "applications/" + discord.botId() + "/guilds/" + on1.id()
            + "/commands";
        assertThat(bot.put(commands, QUEUE_COMMANDS).status()).isEqualTo(200);

        SentInteraction join = on1.slash(on1.addUser("Hemi", false), on1.lobbyId(), "queue",
            "join");
        String thread = bot.post(threadsRoute(on1.lobbyId()), PARTY_THREAD).body().path("id")
            .asText();
        on0.setBotPermissions(ADMIN);
        discord.setOverwrite(on0.lobbyId(), on0.botRoleId(), 0, 0, SEND_MESSAGES);

        JsonNode interaction = shard1.next();
        assertThat(interaction.path("t").asText()).isEqualTo("INTERACTION_CREATE");
        assertThat(interaction.path("d").path("id").asText()).isEqualTo(join.id());
        JsonNode threadCreate = shard1.next();
        assertThat(threadCreate.path("t").asText()).isEqualTo("THREAD_CREATE");
        assertThat(threadCreate.path("d").path("id").asText()).isEqualTo(thread);
        // Shard 0's next frames are its own guild's: shard 1's events were never sent to it.
        JsonNode role = shard0.next();
        assertThat(role.path("t").asText()).isEqualTo("GUILD_ROLE_UPDATE");
        assertThat(role.path("d").path("guild_id").asText()).isEqualTo(on0.id());
        JsonNode overwrite = shard0.next();
        assertThat(overwrite.path("t").asText()).isEqualTo("CHANNEL_UPDATE");
        assertThat(overwrite.path("d").path("guild_id").asText()).isEqualTo(on0.id());
        assertThat(shard1.unread()).isEmpty();
        assertThat(shard0.unread()).isEmpty();
      }
    }

    @Test
    @DisplayName("without shard a session holds every guild, as shard [0, 1]")
    void identify_withoutShard_holdsEveryGuild() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(3).start();
          BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();
        gateway.sendIdentify(discord.token());

        JsonNode ready = gateway.nextDispatch("READY").path("d");

        assertThat(ready.has("shard")).isFalse();
        assertThat(ids(ready.path("guilds"))).containsExactlyElementsOf(discord.guilds().stream()
            .map(LocalGuild::id).toList());
        for (LocalGuild guild : discord.guilds()) {
          assertThat(gateway.nextDispatch("GUILD_CREATE").path("d").path("id").asText())
              .isEqualTo(guild.id());
        }
        assertThat(discord.connectedShards()).containsExactly(List.of(0, 1));
      }
    }

    @ParameterizedTest(name = "shard {0}")
    @ValueSource(strings = {"[2,2]", "[0,0]", "[-1,2]", "[0]", "[0,2,1]", "[\"0\",\"2\"]",
        "[0.5,2]", "\"0,2\""})
    @DisplayName("topics/opcodes-and-status-codes, 4010 Invalid shard: a shard that is not "
        + "[shard_id, num_shards] with 0 <= shard_id < num_shards closes the connection")
    void invalidShard_closes4010(String shard) {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(2).start();
          BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identifyShard(shard);

        assertThat(gateway.awaitClose()).isEqualTo(4010);
        assertThat(gateway.unread()).isEmpty();
        assertThat(discord.identifies()).isZero();
        assertThat(discord.problems()).anySatisfy(p -> assertThat(p).contains("invalid shard"));
      }
    }

    @Test
    @DisplayName("topics/opcodes-and-status-codes, 4011 Sharding required: a session that would "
        + "hold more guilds than a shard may (Discord: 2,500) is closed; sharded, it connects")
    void tooManyGuilds_closes4011() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(3).maxGuildsPerShard(2).start();
          BotClient bot = new BotClient(discord)) {
        Gateway unsharded = bot.connectAndHello();
        unsharded.sendIdentify(discord.token());
        Gateway shard0 = bot.identifyShard("[0,2]");
        Gateway shard1 = bot.identifyShard("[1,2]");

        assertThat(unsharded.awaitClose()).isEqualTo(4011);
        assertThat(ids(shard0.nextDispatch("READY").path("d").path("guilds"))).hasSizeLessThan(3);
        assertThat(ids(shard1.nextDispatch("READY").path("d").path("guilds"))).hasSizeLessThan(3);
        assertThat(discord.identifies()).isEqualTo(2);
        assertThatThrownBy(() -> LocalDiscord.builder().maxGuildsPerShard(0))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }

    @Test
    @DisplayName("a second IDENTIFY for a shard that has a session replaces it: the older "
        + "connection closes with 4009 and its session cannot be resumed; other shards stay")
    void secondIdentify_ofTheSameShard_closesTheOlder() {
      try (LocalDiscord discord = LocalDiscord.builder().guilds(2).start();
          BotClient bot = new BotClient(discord)) {
        LocalGuild on0 = discord.guilds().stream().filter(g -> g.shard(2) == 0).findFirst()
            .orElseThrow();
        Gateway older = bot.identifyShard("[0,2]");
        older.nextDispatch("GUILD_CREATE");
        Gateway other = bot.identifyShard("[1,2]");
        other.nextDispatch("GUILD_CREATE");

        Gateway newer = bot.identifyShard("[0,2]");
        newer.nextDispatch("GUILD_CREATE");

        assertThat(older.awaitClose()).isEqualTo(4009);
        on0.setBotPermissions(ADMIN);
        assertThat(newer.nextDispatch("GUILD_ROLE_UPDATE").path("d").path("guild_id").asText())
            .isEqualTo(on0.id());
        Gateway again = bot.connectAndHello();
        again.sendResume(older.sessionId(), discord.token(), older.lastSeq);
        assertThat(again.expectOp(9).path("d").asBoolean()).isFalse();
        assertThat(discord.connectedShards()).containsExactlyInAnyOrder(List.of(1, 2),
            List.of(0, 2));
        assertThat(other.unread()).isEmpty();
      }
    }

    @Test
    @DisplayName("topics/gateway, Get Gateway Bot: the recommended shard count is the "
        + "builder's; Get Gateway is the URL alone")
    void gatewayBot_recommendsTheShardCount() {
      try (LocalDiscord discord = LocalDiscord.builder().recommendedShards(3).start();
          BotClient bot = new BotClient(discord)) {
        Reply gatewayBot = bot.get("gateway/bot");
        Reply gateway = bot.get("gateway");

        assertThat(gatewayBot.body().path("shards").asInt()).isEqualTo(3);
        assertThat(gatewayBot.body().path("session_start_limit").path("max_concurrency")
            .asInt()).isEqualTo(1);
        assertThat(gateway.body().path("url").asText()).isEqualTo(discord.gatewayUrl());
        assertThat(gateway.body().has("shards")).isFalse();
      }
    }
  }
}

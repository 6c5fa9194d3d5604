package org.relva.testkit.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.testkit.MutableClock;
import org.relva.testkit.discord.BotClient.Gateway;
import org.relva.testkit.discord.BotClient.Reply;

/**
 * The fake refuses what Discord refuses about permissions, threads and the gateway, each with
 * Discord's status and code, written from Discord's docs (the page is in each display name), and
 * it can capture every exchange.
 */
@DisplayName("LocalDiscord keeps Discord's rules")
class DiscordRulesTest {
  /** What Relva's invite link asks for. */
  private static final long RELVA = 362_924_755_968L;
  private static final String PRIVATE_THREAD =
      "{\"name\":\"Party [K8d0wl5]\",\"type\":12,\"invitable\":false}";

  private static LocalDiscord.Builder server() {
    return LocalDiscord.builder().members("Aroha", "Tane");
  }

  private static Reply createThread(LocalDiscord discord, BotClient bot, String body) {
    return bot.post("channels/" + discord.lobbyId() + "/threads", body);
  }

  private static String thread(LocalDiscord discord, BotClient bot) {
    Reply created = createThread(discord, bot, PRIVATE_THREAD);
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  private static String member(String thread, String user) {
    return "channels/" + thread + "/thread-members/" + user;
  }

  private static void assertRefused(Reply reply, int status, int code) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
    assertThat(reply.code()).as(reply.body().toString()).isEqualTo(code);
  }

  @Nested
  @DisplayName("permissions (topics/permissions, resources/channel)")
  class Permissions {
    @Test
    @DisplayName("without Create Private Threads a private thread is refused with 403, 50013, "
        + "and none is made; given it back (GUILD_ROLE_UPDATE), it is made")
    void createPrivateThread_withoutThePermission_isMissingPermissions() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        discord.setBotPermissions(RELVA & ~LocalDiscord.CREATE_PRIVATE_THREADS);
        JsonNode update = gateway.nextDispatch("GUILD_ROLE_UPDATE").path("d");
        assertThat(update.path("role").path("permissions").asLong())
            .isEqualTo(RELVA & ~LocalDiscord.CREATE_PRIVATE_THREADS);

        assertRefused(createThread(discord, bot, PRIVATE_THREAD), 403, 50013);
        assertThat(discord.threads()).isEmpty();

        discord.setBotPermissions(RELVA);
        assertThat(createThread(discord, bot, PRIVATE_THREAD).status()).isEqualTo(201);
      }
    }

    @Test
    @DisplayName("without Manage Threads deleting a thread is refused with 50013, while removing a "
        + "member of a private thread the bot made is allowed (its creator may)")
    void withoutManageThreads_deleteIsRefused_removeByCreatorIsNot() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        String thread = thread(discord, bot);
        String aroha = discord.user("Aroha").id();
        assertThat(bot.put(member(thread, aroha), null).status()).isEqualTo(204);
        discord.setBotPermissions(RELVA & ~LocalDiscord.MANAGE_THREADS);

        assertRefused(bot.delete("channels/" + thread), 403, 50013);
        assertThat(discord.threads()).hasSize(1);
        assertThat(bot.delete(member(thread, aroha)).status()).isEqualTo(204);
      }
    }

    @Test
    @DisplayName("denied Send Messages in Threads in the lobby, adding a thread member and posting "
        + "in the thread are refused with 50013, and change nothing")
    void withoutSendMessagesInThreads_addAndPostAreRefused() {
      try (LocalDiscord discord = server().botPermissions(RELVA | LocalDiscord.MANAGE_ROLES)
          .start(); BotClient bot = new BotClient(discord)) {
        String thread = thread(discord, bot);
        // The @everyone role grants it, so a moderator denies it to the bot's role in the lobby.
        assertThat(bot.put("channels/" + discord.lobbyId() + "/permissions/" + discord.botId(),
            "{\"type\":1,\"allow\":\"0\",\"deny\":\""
                + LocalDiscord.SEND_MESSAGES_IN_THREADS + "\"}").status()).isEqualTo(204);

        assertRefused(bot.put(member(thread, discord.user("Aroha").id()), null), 403, 50013);
        assertRefused(bot.post("channels/" + thread + "/messages", "{\"content\":\"hi\"}"), 403,
            50013);
        assertThat(discord.channel(thread).orElseThrow().members())
            .containsExactly(discord.botId());
        assertThat(discord.allMessages()).isEmpty();
      }
    }

    @Test
    @DisplayName("a bot that cannot view the lobby gets 403, 50001 (Missing Access), in the lobby "
        + "and in its threads, removing members included")
    void withoutViewChannel_isMissingAccess() {
      try (LocalDiscord discord = server().botPermissions(RELVA | LocalDiscord.MANAGE_ROLES)
          .start(); BotClient bot = new BotClient(discord)) {
        String thread = thread(discord, bot);
        String aroha = discord.user("Aroha").id();
        assertThat(bot.put(member(thread, aroha), null).status()).isEqualTo(204);
        assertThat(bot.put("channels/" + discord.lobbyId() + "/permissions/" + discord.botId(),
            "{\"type\":1,\"allow\":\"0\",\"deny\":\"" + LocalDiscord.VIEW_CHANNEL + "\"}")
            .status()).isEqualTo(204);

        assertRefused(bot.post("channels/" + discord.lobbyId() + "/messages",
            "{\"content\":\"hi\"}"), 403, 50001);
        assertRefused(createThread(discord, bot, PRIVATE_THREAD), 403, 50001);
        assertRefused(bot.delete(member(thread, aroha)), 403, 50001);
        assertThat(discord.channel(thread).orElseThrow().members()).contains(aroha);
      }
    }

    @Test
    @DisplayName("a moderator's overwrite denying the bot's role Send Messages in the lobby takes "
        + "effect at once, and the bot gets CHANNEL_UPDATE")
    void moderatorOverwrite_takesEffect() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        discord.setOverwrite(discord.lobbyId(), discord.botRoleId(), 0, 0,
            LocalDiscord.SEND_MESSAGES);

        JsonNode update = gateway.nextDispatch("CHANNEL_UPDATE").path("d");
        assertThat(update.path("permission_overwrites").get(0).path("deny").asText())
            .isEqualTo(Long.toString(LocalDiscord.SEND_MESSAGES));
        assertThat(discord.botPermissionsIn(discord.lobbyId()) & LocalDiscord.SEND_MESSAGES)
            .isZero();
        assertRefused(bot.post("channels/" + discord.lobbyId() + "/messages",
            "{\"content\":\"hi\"}"), 403, 50013);
      }
    }

    @Test
    @DisplayName("managing overwrites without Manage Roles is refused with 50013")
    void overwrites_withoutManageRoles_areRefused() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Reply reply = bot.put("channels/" + discord.lobbyId() + "/permissions/"
            + discord.user("Aroha").id(), "{\"type\":1,\"allow\":\"1024\",\"deny\":\"0\"}");

        assertRefused(reply, 403, 50013);
        assertThat(discord.channel(discord.lobbyId()).orElseThrow().overwrites()).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("threads (topics/threads, resources/channel)")
  class Threads {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T18:00:00Z"));

    @Test
    @DisplayName("an auto_archive_duration other than 60, 1440, 4320 or 10080 gets 400, 50035")
    void autoArchiveDuration_notOneOfFour_isInvalid() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Reply odd = createThread(discord, bot,
            "{\"name\":\"Party [K1]\",\"type\":12,\"auto_archive_duration\":100}");

        assertRefused(odd, 400, 50035);
        assertThat(odd.body().path("errors").has("auto_archive_duration")).isTrue();
        assertThat(discord.threads()).isEmpty();
        Reply hour = createThread(discord, bot,
            "{\"name\":\"Party [K1]\",\"type\":12,\"auto_archive_duration\":60}");
        assertThat(hour.body().path("thread_metadata").path("auto_archive_duration").asInt())
            .isEqualTo(60);
      }
    }

    @Test
    @DisplayName("a thread archives after its duration without activity, on the fake's clock: "
        + "THREAD_UPDATE archived, and the next GUILD_CREATE leaves it out")
    void idleThread_archivesOnTheClock() {
      try (LocalDiscord discord = server().clock(clock).start();
          BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        String thread = createThread(discord, bot,
            "{\"name\":\"Party [K1]\",\"type\":12,\"auto_archive_duration\":60}")
            .body().path("id").asText();

        clock.advance(Duration.ofMinutes(59));
        assertThat(discord.archiveIdleThreads()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(discord.archiveIdleThreads()).isEqualTo(1);

        JsonNode update = gateway.nextDispatch("THREAD_UPDATE").path("d");
        assertThat(update.path("id").asText()).isEqualTo(thread);
        assertThat(update.path("thread_metadata").path("archived").asBoolean()).isTrue();
        assertThat(discord.channel(thread).orElseThrow().archived()).isTrue();
        Gateway again = bot.connectAndHello();
        again.sendIdentify(discord.token());
        JsonNode guild = again.nextDispatch("GUILD_CREATE").path("d");
        assertThat(guild.path("threads")).isEmpty();
      }
    }

    @Test
    @DisplayName("a message keeps a thread active: the duration counts from the last one")
    void message_isActivity() {
      try (LocalDiscord discord = server().clock(clock).start();
          BotClient bot = new BotClient(discord)) {
        String thread = createThread(discord, bot,
            "{\"name\":\"Party [K1]\",\"type\":12,\"auto_archive_duration\":60}")
            .body().path("id").asText();
        clock.advance(Duration.ofMinutes(50));
        bot.post("channels/" + thread + "/messages", "{\"content\":\"still here\"}");

        clock.advance(Duration.ofMinutes(50));

        assertThat(discord.archiveIdleThreads()).isZero();
      }
    }

    @Test
    @DisplayName("adding or removing a member of an archived thread gets 400, 50083; a message "
        + "unarchives it (THREAD_UPDATE, THREAD_MEMBER_UPDATE), then members can change")
    void archivedThread_membersFixed_messageUnarchives() {
      try (LocalDiscord discord = server().clock(clock).start();
          BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        String thread = thread(discord, bot);
        String aroha = discord.user("Aroha").id();
        clock.advance(Duration.ofDays(7));
        discord.archiveIdleThreads();
        gateway.nextDispatch("THREAD_UPDATE");

        assertRefused(bot.put(member(thread, aroha), null), 400, 50083);
        assertRefused(bot.delete(member(thread, discord.botId())), 400, 50083);
        assertThat(discord.channel(thread).orElseThrow().members())
            .containsExactly(discord.botId());

        assertThat(bot.post("channels/" + thread + "/messages", "{\"content\":\"back\"}")
            .status()).isEqualTo(200);
        JsonNode update = gateway.nextDispatch("THREAD_UPDATE").path("d");
        assertThat(update.path("thread_metadata").path("archived").asBoolean()).isFalse();
        gateway.nextDispatch("THREAD_MEMBER_UPDATE");
        assertThat(bot.put(member(thread, aroha), null).status()).isEqualTo(204);
      }
    }

    @Test
    @DisplayName("PATCH archived:false unarchives a thread the bot is in")
    void patchArchivedFalse_unarchives() {
      try (LocalDiscord discord = server().clock(clock).start();
          BotClient bot = new BotClient(discord)) {
        String thread = thread(discord, bot);
        clock.advance(Duration.ofDays(7));
        discord.archiveIdleThreads();

        Reply reply = bot.patch("channels/" + thread, "{\"archived\":false}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("thread_metadata").path("archived").asBoolean()).isFalse();
        assertThat(discord.channel(thread).orElseThrow().archived()).isFalse();
      }
    }

    @Test
    @DisplayName("at the active-thread cap a new thread gets 400, 160006, and none is made; "
        + "archived threads do not count, but unarchiving one past the cap is refused too")
    void activeThreadCap_isMaximumReached() {
      try (LocalDiscord discord = server().clock(clock).maxActiveThreads(1).start();
          BotClient bot = new BotClient(discord)) {
        String first = thread(discord, bot);

        assertRefused(createThread(discord, bot, PRIVATE_THREAD), 400, 160006);
        assertThat(discord.threads()).hasSize(1);

        clock.advance(Duration.ofDays(7));
        discord.archiveIdleThreads();
        assertThat(createThread(discord, bot, PRIVATE_THREAD).status()).isEqualTo(201);
        assertRefused(bot.patch("channels/" + first, "{\"archived\":false}"), 400, 160006);
        assertThat(discord.channel(first).orElseThrow().archived()).isTrue();
      }
    }
  }

  @Nested
  @DisplayName("the gateway (events/gateway, topics/opcodes-and-status-codes)")
  class GatewayRules {
    private String identify(LocalDiscord discord, String extra) {
      return "{\"op\":2,\"d\":{\"token\":\"" + discord.token() + "\"" + extra
          + ",\"properties\":{\"os\":\"linux\",\"browser\":\"relva\",\"device\":\"relva\"}}}";
    }

    @Test
    @DisplayName("a privileged intent the application has not enabled closes with 4014; enabled, "
        + "it is taken and read back")
    void privilegedIntent_notEnabled_closes4014() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();
        gateway.send(identify(discord, ",\"intents\":3"));
        assertThat(gateway.awaitClose()).isEqualTo(4014);
      }
      try (LocalDiscord discord = server().privilegedIntents(2).start();
          BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();
        gateway.send(identify(discord, ",\"intents\":3"));
        gateway.nextDispatch("READY");
        assertThat(discord.intents()).isEqualTo(3);
      }
    }

    @Test
    @DisplayName("an intent Discord does not have, or none at all, closes with 4013")
    void invalidIntent_closes4013() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway unknown = bot.connectAndHello();
        unknown.send(identify(discord, ",\"intents\":" + (1L << 30)));
        assertThat(unknown.awaitClose()).isEqualTo(4013);
        Gateway none = bot.connectAndHello();
        none.send(identify(discord, ""));
        assertThat(none.awaitClose()).isEqualTo(4013);
      }
    }

    @Test
    @DisplayName("a heartbeat before IDENTIFY is fine; any other payload closes with 4003")
    void payloadBeforeIdentify_closes4003() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.connectAndHello();
        gateway.sendHeartbeat();
        gateway.expectOp(11);

        gateway.send("{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"online\","
            + "\"afk\":false}}");

        assertThat(gateway.awaitClose()).isEqualTo(4003);
      }
    }

    @Test
    @DisplayName("a second IDENTIFY on a connection closes with 4005")
    void secondIdentify_closes4005() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();

        gateway.sendIdentify(discord.token());

        assertThat(gateway.awaitClose()).isEqualTo(4005);
      }
    }

    @Test
    @DisplayName("READY carries shard when IDENTIFY sent one, and not otherwise")
    void ready_echoesShard() {
      try (LocalDiscord discord = server().start(); BotClient bot = new BotClient(discord)) {
        Gateway sharded = bot.connectAndHello();
        sharded.send(identify(discord, ",\"intents\":1,\"shard\":[0,1]"));
        assertThat(sharded.nextDispatch("READY").path("d").path("shard").toString())
            .isEqualTo("[0,1]");
        Gateway plain = bot.connectAndHello();
        plain.send(identify(discord, ",\"intents\":1"));
        assertThat(plain.nextDispatch("READY").path("d").has("shard")).isFalse();
      }
    }
  }

  @Nested
  @DisplayName("the capture")
  class Captures {
    @Test
    @DisplayName("with a capture file, every REST exchange, gateway frame and close is a JSON line")
    void capture_writesEveryExchange(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("exchanges.jsonl");
      try (LocalDiscord discord = server().capture(file).start();
          BotClient bot = new BotClient(discord)) {
        bot.identify();
        thread(discord, bot);
        Gateway refused = bot.connectAndHello();
        refused.sendIdentify("wrong");
        refused.awaitClose();
      }

      List<JsonNode> lines = Files.readAllLines(file).stream().map(BotClient::parse).toList();
      assertThat(lines).anySatisfy(line -> {
        assertThat(line.path("kind").asText()).isEqualTo("rest");
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("path").asText()).endsWith("/threads");
        assertThat(line.path("request_body").path("type").asInt()).isEqualTo(12);
        assertThat(line.path("status").asInt()).isEqualTo(201);
        assertThat(line.path("response_body").path("type").asInt()).isEqualTo(12);
        assertThat(line.has("query")).isTrue();
      });
      assertThat(lines).anySatisfy(line -> {
        assertThat(line.path("kind").asText()).isEqualTo("gateway_out");
        assertThat(line.path("frame").path("t").asText()).isEqualTo("READY");
      });
      assertThat(lines).anySatisfy(line -> {
        assertThat(line.path("kind").asText()).isEqualTo("gateway_in");
        assertThat(line.path("frame").path("op").asInt()).isEqualTo(2);
      });
      assertThat(lines).anySatisfy(line -> {
        assertThat(line.path("kind").asText()).isEqualTo("gateway_close");
        assertThat(line.path("code").asInt()).isEqualTo(4004);
      });
    }

    @Test
    @DisplayName("the system property relva.discord.capture turns the capture on for fakes built "
        + "while it is set")
    void capture_bySystemProperty(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("by-property.jsonl");
      String before = System.getProperty(Capture.PROPERTY);
      LocalDiscord.Builder builder;
      try {
        System.setProperty(Capture.PROPERTY, file.toString());
        builder = server();
      } finally {
        if (before == null) {
          System.clearProperty(Capture.PROPERTY);
        } else {
          System.setProperty(Capture.PROPERTY, before);
        }
      }
      try (LocalDiscord discord = builder.start(); BotClient bot = new BotClient(discord)) {
        assertThat(bot.get("users/@me").status()).isEqualTo(200);
      }

      assertThat(Files.readAllLines(file)).singleElement().satisfies(line -> {
        JsonNode rest = BotClient.parse(line);
        assertThat(rest.path("kind").asText()).isEqualTo("rest");
        assertThat(rest.path("path").asText()).isEqualTo("/api/v10/users/@me");
        assertThat(rest.path("request_body").isNull()).isTrue();
        assertThat(rest.path("response_body").path("id").asText()).isNotEmpty();
      });
    }

    @Test
    @DisplayName("without a capture file there is no capture at all: it costs nothing")
    void capture_off_isNothing() {
      try (LocalDiscord discord = server().capture(null).start()) {
        assertThat(discord.capture).isNull();
      }
    }
  }
}

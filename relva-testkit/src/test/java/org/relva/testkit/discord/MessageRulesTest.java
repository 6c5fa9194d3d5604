package org.relva.testkit.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.testkit.discord.BotClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.testkit.discord.BotClient.Gateway;
import org.relva.testkit.discord.BotClient.Reply;

/**
 * The fake refuses the message bodies Discord refuses, with Discord's status and code, and
 * records nothing for them. Each rule cites where Discord documents it: the docs page of
 * {@code discord-api-docs} or the schema of {@code discord-api-spec}'s {@code openapi.json}.
 */
@DisplayName("LocalDiscord refuses the message bodies Discord refuses")
class MessageRulesTest {
  private static LocalDiscord start() {
    return LocalDiscord.builder().members("Aroha", "Tane").start();
  }

  private static Reply post(LocalDiscord discord, BotClient bot, String body) {
    return bot.post("channels/" + discord.lobbyId() + "/messages", body);
  }

  /** Asserts a 400 Invalid Form Body naming {@code field}, and that nothing was recorded. */
  private static void assertInvalidFormBody(LocalDiscord discord, Reply reply, String... field) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo(50035);
    assertThat(reply.body().path("message").asText()).isEqualTo("Invalid Form Body");
    JsonNode at = reply.body().path("errors");
    for (String part : field) {
      at = at.path(part);
    }
    assertThat(at.path("_errors").isArray()).as("errors at " + String.join(".", field) + " in "
        + reply.body()).isTrue();
    assertThat(discord.allMessages()).isEmpty();
  }

  private static String row(int buttons, String prefix) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < buttons; i++) {
      list.add("{\"type\":2,\"style\":1,\"label\":\"b\",\"custom_id\":\"" + prefix + i + "\"}");
    }
    return "{\"type\":1,\"components\":[" + String.join(",", list) + "]}";
  }

  @Nested
  @DisplayName("components (components/reference)")
  class Components {
    @Test
    @DisplayName("six buttons in a row get 400; five are taken (ActionRowComponentForMessageRequest "
        + "maxItems 5)")
    void sixButtonsInARow_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply six = post(discord, bot, "{\"content\":\"x\",\"components\":[" + row(6, "a")
            + "]}");
        assertInvalidFormBody(discord, six, "components", "0", "components");

        assertThat(post(discord, bot, "{\"content\":\"x\",\"components\":[" + row(5, "a")
            + "]}").status()).isEqualTo(200);
      }
    }

    @Test
    @DisplayName("six rows get 400: a legacy message has at most 5 action rows")
    void sixRows_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          rows.add(row(1, "r" + i + "-"));
        }
        Reply reply = post(discord, bot, "{\"content\":\"x\",\"components\":["
            + String.join(",", rows) + "]}");

        assertInvalidFormBody(discord, reply, "components");
        assertThat(discord.problems()).isNotEmpty();
      }
    }

    @Test
    @DisplayName("a button without a style gets 400 (ButtonComponentForMessageRequest requires it)")
    void buttonWithoutStyle_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = post(discord, bot, "{\"content\":\"x\",\"components\":[{\"type\":1,"
            + "\"components\":[{\"type\":2,\"label\":\"b\",\"custom_id\":\"a\"}]}]}");

        assertInvalidFormBody(discord, reply, "components", "0", "components", "0", "style");
      }
    }

    @Test
    @DisplayName("a custom_id of 101 characters gets 400; one of 100 is taken")
    void customIdOver100_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String button = "{\"content\":\"x\",\"components\":[{\"type\":1,\"components\":[{\"type\":2,"
            + "\"style\":1,\"label\":\"b\",\"custom_id\":\"%s\"}]}]}";

        Reply tooLong = post(discord, bot, button.formatted("c".repeat(101)));
        assertInvalidFormBody(discord, tooLong, "components", "0", "components", "0",
            "custom_id");
        assertThat(post(discord, bot, button.formatted("c".repeat(100))).status())
            .isEqualTo(200);
      }
    }

    @Test
    @DisplayName("two buttons of one message with the same custom_id get 400, even in other rows")
    void duplicateCustomId_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = post(discord, bot, "{\"content\":\"x\",\"components\":[" + row(1, "same")
            + "," + row(1, "same") + "]}");

        assertInvalidFormBody(discord, reply, "components", "1", "components", "0", "custom_id");
      }
    }

    @Test
    @DisplayName("a bare button outside an action row gets 400")
    void bareButton_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = post(discord, bot, "{\"content\":\"x\",\"components\":[{\"type\":2,"
            + "\"style\":1,\"label\":\"b\",\"custom_id\":\"a\"}]}");

        assertInvalidFormBody(discord, reply, "components", "0");
      }
    }
  }

  @Nested
  @DisplayName("embeds (resources/message, Embed Limits)")
  class Embeds {
    private String embeds(int count, Map<String, Object> embed) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        list.add(embed);
      }
      return json(Map.of("embeds", list));
    }

    @Test
    @DisplayName("a description of 4097 characters gets 400; 4096 is taken")
    void descriptionOver4096_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply tooLong = post(discord, bot, embeds(1, Map.of("description", "d".repeat(4097))));
        assertInvalidFormBody(discord, tooLong, "embeds", "0", "description");

        assertThat(post(discord, bot, embeds(1, Map.of("description", "d".repeat(4096))))
            .status()).isEqualTo(200);
      }
    }

    @Test
    @DisplayName("a title of 257 characters gets 400")
    void titleOver256_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = post(discord, bot, embeds(1, Map.of("title", "t".repeat(257))));

        assertInvalidFormBody(discord, reply, "embeds", "0", "title");
      }
    }

    @Test
    @DisplayName("26 fields get 400")
    void moreThan25Fields_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
          fields.add(Map.of("name", "n", "value", "v"));
        }
        Reply reply = post(discord, bot, embeds(1, Map.of("fields", fields)));

        assertInvalidFormBody(discord, reply, "embeds", "0", "fields");
      }
    }

    @Test
    @DisplayName("embeds of 6001 characters in all get 400, each within its own limits")
    void moreThan6000InAll_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String twoThousand = "d".repeat(2000);
        Reply reply = post(discord, bot, json(Map.of("embeds", List.of(
            Map.of("description", twoThousand), Map.of("description", twoThousand),
            Map.of("description", twoThousand, "title", "t")))));

        assertInvalidFormBody(discord, reply, "embeds");
      }
    }

    @Test
    @DisplayName("eleven embeds get 400 (at most 10)")
    void elevenEmbeds_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = post(discord, bot, embeds(11, Map.of("description", "d")));

        assertInvalidFormBody(discord, reply, "embeds");
      }
    }
  }

  @Nested
  @DisplayName("content, nonce, allowed mentions and flags (resources/message, Create Message)")
  class Fields {
    @Test
    @DisplayName("a nonce of 26 characters gets 400; 25 is taken")
    void nonceOver25_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply tooLong = post(discord, bot, json(Map.of("content", "x", "nonce",
            "n".repeat(26))));
        assertInvalidFormBody(discord, tooLong, "nonce");

        assertThat(post(discord, bot, json(Map.of("content", "x", "nonce", "n".repeat(25))))
            .status()).isEqualTo(200);
      }
    }

    @Test
    @DisplayName("allowed_mentions with parse users and a users list gets 400 (mutually "
        + "exclusive); either alone is taken")
    void parseAndUsers_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String aroha = discord.user("Aroha").id();
        Reply both = post(discord, bot, json(Map.of("content", "<@" + aroha + ">",
            "allowed_mentions", Map.of("parse", List.of("users"), "users", List.of(aroha)))));
        assertInvalidFormBody(discord, both, "allowed_mentions");

        assertThat(post(discord, bot, json(Map.of("content", "<@" + aroha + ">",
            "allowed_mentions", Map.of("parse", List.of("users"), "users", List.of()))))
            .status()).as("an empty list does not count").isEqualTo(200);
        assertThat(post(discord, bot, json(Map.of("content", "<@" + aroha + ">",
            "allowed_mentions", Map.of("users", List.of(aroha))))).status()).isEqualTo(200);
      }
    }

    @Test
    @DisplayName("a channel message flagged ephemeral (64) is an ordinary message everyone sees, "
        + "and a problem: only interaction responses may be ephemeral")
    void ephemeralChannelMessage_isNotEphemeral() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Reply reply = post(discord, bot, "{\"content\":\"psst\",\"flags\":64}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("flags").asInt()).isZero();
        assertThat(discord.messages(discord.lobbyId())).singleElement()
            .satisfies(m -> assertThat(m.ephemeral()).isFalse());
        assertThat(discord.problems()).singleElement().asString().contains("ephemeral");
      }
    }

    @Test
    @DisplayName("a message mentioning a member lists them in mentions when its allowed mentions "
        + "let it, and not when they do not")
    void mentions_areFilled() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        String aroha = discord.user("Aroha").id();
        String tane = discord.user("Tane").id();

        Reply reply = post(discord, bot, json(Map.of("content", "<@" + aroha + "> <@" + tane
            + ">", "allowed_mentions", Map.of("users", List.of(aroha)))));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("mentions")).singleElement()
            .satisfies(user -> assertThat(user.path("id").asText()).isEqualTo(aroha));
      }
    }
  }

  @Nested
  @DisplayName("interaction replies and webhooks (interactions/receiving-and-responding)")
  class Replies {
    private SentInteraction slashOnce(LocalDiscord discord, BotClient bot) {
      assertThat(bot.put("applications/" + discord.botId() + "/guilds/" + discord.guildId()
          + "/commands", "[{\"name\":\"ping\",\"description\":\"p\"}]").status())
          .isEqualTo(200);
      Gateway gateway = bot.identify();
      SentInteraction sent = discord.slash(discord.user("Aroha"), discord.lobbyId(), "ping", "");
      gateway.nextDispatch("INTERACTION_CREATE");
      return sent;
    }

    private String callbackRoute(SentInteraction sent) {
      return "interactions/" + sent.id() + "/" + sent.token() + "/callback";
    }

    @Test
    @DisplayName("a reply callback with 2001 characters gets 400 and acknowledges nothing")
    void replyOver2000_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = slashOnce(discord, bot);

        Reply reply = bot.call("POST", callbackRoute(sent), json(Map.of("type", 4, "data",
            Map.of("content", "x".repeat(2001)))), null);

        assertInvalidFormBody(discord, reply, "content");
        assertThat(sent.ackTime()).isEmpty();
      }
    }

    @Test
    @DisplayName("a follow-up with six buttons in a row gets 400 and is not a reply")
    void followUpWithSixButtons_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = slashOnce(discord, bot);
        bot.call("POST", callbackRoute(sent), "{\"type\":4,\"data\":{\"content\":\"ok\"}}",
            null);

        Reply reply = bot.call("POST", "webhooks/" + discord.botId() + "/" + sent.token(),
            "{\"content\":\"x\",\"components\":[" + row(6, "f") + "]}", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(50035);
        assertThat(sent.replies()).hasSize(1);
      }
    }

    @Test
    @DisplayName("an edit of the original with a 4097-character embed gets 400 and changes "
        + "nothing")
    void editWithLongEmbed_isInvalid() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = slashOnce(discord, bot);
        bot.call("POST", callbackRoute(sent), "{\"type\":5,\"data\":{\"flags\":64}}", null);

        Reply reply = bot.call("PATCH", "webhooks/" + discord.botId() + "/" + sent.token()
            + "/messages/@original", json(Map.of("embeds", List.of(Map.of("description",
            "d".repeat(4097))))), null);

        assertInvalidFormBody(discord, reply, "embeds", "0", "description");
        assertThat(sent.answered()).isFalse();
      }
    }

    @Test
    @DisplayName("with_response=true carries response_message_id and, for a reply, "
        + "resource.message; interaction_metadata has the interaction's type and its user")
    void withResponse_carriesTheMessage() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = slashOnce(discord, bot);

        Reply reply = bot.call("POST", callbackRoute(sent) + "?with_response=true",
            "{\"type\":4,\"data\":{\"content\":\"pong\",\"flags\":64}}", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode message = reply.body().path("resource").path("message");
        assertThat(message.path("content").asText()).isEqualTo("pong");
        assertThat(reply.body().path("interaction").path("response_message_id").asText())
            .isEqualTo(message.path("id").asText()).isEqualTo(sent.replies().get(0).id());
        assertThat(reply.body().path("interaction").path("response_message_ephemeral")
            .asBoolean()).isTrue();
        JsonNode metadata = message.path("interaction_metadata");
        assertThat(metadata.path("type").asInt()).isEqualTo(2);
        assertThat(metadata.path("user").path("id").asText())
            .isEqualTo(discord.user("Aroha").id());
      }
    }

    @Test
    @DisplayName("a reply to a button click has interaction_metadata of type 3, the clicking user "
        + "and the clicked message (resources/message, Message Interaction Metadata Object)")
    void componentReply_metadataNamesTheClick() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        Gateway gateway = bot.identify();
        Reply posted = post(discord, bot, "{\"content\":\"Ready?\",\"components\":["
            + row(1, "relva:accept:M") + "]}");
        SeenMessage message = discord.messages(discord.lobbyId()).get(0);
        SentInteraction click = discord.click(discord.user("Tane"), message, "relva:accept:M0");
        gateway.nextDispatch("INTERACTION_CREATE");

        Reply reply = bot.call("POST", callbackRoute(click) + "?with_response=true",
            "{\"type\":4,\"data\":{\"content\":\"You are ready.\",\"flags\":64}}", null);

        JsonNode metadata = reply.body().path("resource").path("message")
            .path("interaction_metadata");
        assertThat(metadata.path("type").asInt()).isEqualTo(3);
        assertThat(metadata.path("user").path("id").asText())
            .isEqualTo(discord.user("Tane").id());
        assertThat(metadata.path("interacted_message_id").asText())
            .isEqualTo(posted.body().path("id").asText());
      }
    }

    @Test
    @DisplayName("a deferral with_response=true names the loading message, which the edit of "
        + "@original then fills, keeping its id")
    void deferral_withResponse_namesTheOriginal() {
      try (LocalDiscord discord = start(); BotClient bot = new BotClient(discord)) {
        SentInteraction sent = slashOnce(discord, bot);

        Reply deferred = bot.call("POST", callbackRoute(sent) + "?with_response=true",
            "{\"type\":5,\"data\":{\"flags\":64}}", null);
        Reply edited = bot.call("PATCH", "webhooks/" + discord.botId() + "/" + sent.token()
            + "/messages/@original", "{\"content\":\"done\"}", null);

        String loading = deferred.body().path("interaction").path("response_message_id")
            .asText();
        assertThat(loading).isNotEmpty();
        assertThat(deferred.body().path("interaction").path("response_message_loading")
            .asBoolean()).isTrue();
        assertThat(edited.body().path("id").asText()).isEqualTo(loading);
        assertThat(sent.replies()).singleElement()
            .satisfies(m -> assertThat(m.ephemeral()).isTrue());
        assertThat(discord.problems()).isEmpty();
      }
    }
  }
}

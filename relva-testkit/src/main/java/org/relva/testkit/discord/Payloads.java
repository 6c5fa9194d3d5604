package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;
import static org.relva.testkit.discord.Json.arr;
import static org.relva.testkit.discord.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.relva.testkit.discord.LocalDiscord.ChannelState;

/**
 * Discord's JSON shapes (API v10) for the objects the fake sends: users, members, roles, channels,
 * threads, messages, the guild, READY, and interactions. Called under the fake's lock. Stateless.
 */
final class Payloads {
  private static final int OPTION_SUBCOMMAND = 1;
  private static final int OPTION_STRING = 3;
  private static final int OPTION_USER = 6;

  private Payloads() {}

  static ObjectNode user(String id, String name, boolean bot) {
    return obj("id", id, "username", name.toLowerCase(Locale.ROOT).replace(' ', '_'),
        "discriminator", "0", "global_name", name, "avatar", null, "bot", bot, "system", false,
        "public_flags", 0, "flags", 0, "banner", null, "accent_color", null,
        "avatar_decoration_data", null, "primary_guild", null, "collectibles", null);
  }

  static ObjectNode user(DiscordUser user) {
    return user(user.id(), user.name(), false);
  }

  static ObjectNode botUser(LocalDiscord d) {
    ObjectNode bot = user(d.botId, d.botName, true);
    bot.put("verified", true).put("mfa_enabled", false).put("locale", "en-US")
        .putNull("email");
    return bot;
  }

  /** A guild member; {@code permissions} only where Discord adds it (interactions). */
  static ObjectNode member(LocalDiscord d, ObjectNode user, List<String> roles,
      @Nullable Long permissions) {
    ObjectNode member = obj("user", user, "nick", null, "avatar", null, "banner", null,
        "roles", roles, "joined_at", d.created.toString(), "premium_since", null,
        "deaf", false, "mute", false, "pending", false, "flags", 0,
        "communication_disabled_until", null, "unusual_dm_activity_until", null);
    if (permissions != null) {
      member.put("permissions", Long.toString(permissions));
    }
    return member;
  }

  static ObjectNode member(LocalDiscord d, LocalGuild guild, DiscordUser user) {
    return member(d, user(user), user.moderator() ? List.of(guild.moderatorRoleId) : List.of(),
        permissionsOf(user));
  }

  /** The bot's member object in {@code guild}: the bot's user with its managed role. */
  static ObjectNode botMember(LocalDiscord d, LocalGuild guild) {
    return member(d, botUser(d), List.of(guild.botRoleId), null);
  }

  static long permissionsOf(DiscordUser user) {
    return LocalDiscord.EVERYONE | (user.moderator() ? LocalDiscord.MANAGE_GUILD : 0);
  }

  static ObjectNode role(String id, String name, long permissions, int position,
      boolean managed) {
    return obj("id", id, "name", name, "color", 0,
        "colors", obj("primary_color", 0, "secondary_color", null, "tertiary_color", null),
        "hoist", false, "icon", null, "unicode_emoji", null, "position", position,
        "permissions", Long.toString(permissions), "managed", managed, "mentionable", false,
        "flags", 0, "tags", obj());
  }

  static ObjectNode channel(LocalDiscord d, ChannelState channel) {
    if (channel.isThread()) {
      return thread(d, channel);
    }
    ArrayNode overwrites = arr();
    channel.overwrites.values().forEach(o -> overwrites.add(obj("id", o.id(), "type", o.type(),
        "allow", Long.toString(o.allow()), "deny", Long.toString(o.deny()))));
    if (channel.type == SeenChannel.VOICE) {
      // resources/channel, Channel Object: a voice channel's fields.
      return obj("id", channel.id, "type", channel.type, "guild_id", channel.guild.id,
          "name", channel.name, "position", 0, "permission_overwrites", overwrites,
          "parent_id", channel.parentId, "nsfw", false, "last_message_id", null,
          "rate_limit_per_user", 0, "bitrate", 64000, "user_limit", 0, "rtc_region", null,
          "video_quality_mode", 1, "flags", 0);
    }
    if (channel.type == SeenChannel.CATEGORY) {
      return obj("id", channel.id, "type", channel.type, "guild_id", channel.guild.id,
          "name", channel.name, "position", 0, "permission_overwrites", overwrites,
          "parent_id", null, "nsfw", false, "flags", 0);
    }
    return obj("id", channel.id, "type", channel.type, "guild_id", channel.guild.id,
        "name", channel.name, "position", 0, "permission_overwrites", overwrites,
        "parent_id", channel.parentId, "topic", null, "nsfw", false, "last_message_id", null,
        "rate_limit_per_user", 0, "default_auto_archive_duration", 10080,
        "default_thread_rate_limit_per_user", 0, "flags", 0, "icon_emoji", null,
        "theme_color", null);
  }

  /**
   * A voice state ({@code resources/voice}, Voice State Object) of {@code userId} in
   * {@code channelId} (null: disconnected), with the member, as VOICE_STATE_UPDATE carries it;
   * GUILD_CREATE's omit {@code guild_id}.
   */
  static ObjectNode voiceState(LocalDiscord d, LocalGuild guild, String userId,
      @Nullable String channelId) {
    DiscordUser user = guild.users.get(userId);
    ObjectNode member = user != null ? member(d, guild, user)
        : botMember(d, guild);
    member.remove("permissions");
    return obj("channel_id", channelId, "user_id", userId, "member", member,
        "session_id", "voice-" + userId, "deaf", false, "mute", false, "self_deaf", false,
        "self_mute", false, "self_stream", false, "self_video", false, "suppress", false,
        "request_to_speak_timestamp", null);
  }

  static ObjectNode thread(LocalDiscord d, ChannelState thread) {
    String createdAt = Snowflakes.timeOf(thread.id).toString();
    return obj("id", thread.id, "type", thread.type, "guild_id", thread.guild.id,
        "parent_id", thread.parentId, "owner_id", thread.ownerId, "name", thread.name,
        "last_message_id", null, "message_count", 0, "member_count", thread.members.size(),
        "rate_limit_per_user", 0, "flags", 0, "total_message_sent", 0, "applied_tags", arr(),
        "thread_metadata", obj("archived", thread.archived, "auto_archive_duration",
            thread.autoArchiveMinutes, "archive_timestamp", thread.archiveTimestamp.toString(),
            "locked", false, "invitable", thread.invitable, "create_timestamp", createdAt));
  }

  /**
   * READY ({@code events/gateway-events}, Ready) for a session that holds {@code guilds}: each an
   * unavailable guild stub, filled in by its GUILD_CREATE.
   */
  static ObjectNode ready(LocalDiscord d, String sessionId, List<LocalGuild> guilds) {
    ArrayNode stubs = arr();
    guilds.forEach(guild -> stubs.add(obj("id", guild.id, "unavailable", true)));
    return obj("v", 10, "user", botUser(d), "guilds", stubs, "session_id", sessionId,
        "session_type", "normal", "resume_gateway_url", d.gatewayUrl(),
        "application", obj("id", d.botId, "flags", 0),
        "private_channels", arr(), "relationships", arr(), "presences", arr(),
        "guild_join_requests", arr(), "user_settings", obj(), "geo_ordered_rtc_regions",
        arr("rotterdam"), "_trace", arr("[\"relva-local-discord\"]"));
  }

  /** GUILD_CREATE's guild, for a session that asked for {@code intents}. */
  static ObjectNode guild(LocalDiscord d, LocalGuild guild, long intents) {
    ArrayNode channels = arr();
    ArrayNode threads = arr();
    for (ChannelState channel : d.channels.values()) {
      if (channel.guild != guild) {
        continue;
      }
      if (!channel.isThread()) {
        channels.add(channel(d, channel));
      } else if (!channel.archived) {
        // topics/threads: GUILD_CREATE's threads are the active ones; archived threads are not
        // synced.
        threads.add(channel(d, channel));
      }
    }
    ObjectNode self = botMember(d, guild);
    ArrayNode voiceStates = arr();
    if ((intents & LocalDiscord.GUILD_VOICE_STATES_INTENT) != 0) {
      // events/gateway-events, Guild Create: voice_states, "without the guild_id key".
      guild.voiceStates.forEach((user, channel) -> voiceStates.add(voiceState(d, guild, user,
          channel)));
    }
    return obj("id", guild.id, "name", guild.name, "icon", null, "splash", null,
        "discovery_splash", null, "owner_id", guild.ownerId, "afk_channel_id", null,
        "afk_timeout", 300, "verification_level", 0, "default_message_notifications", 0,
        "explicit_content_filter", 0,
        "roles", arr(role(guild.id, "@everyone", LocalDiscord.EVERYONE, 0, false),
            role(guild.botRoleId, d.botName, guild.botPermissions, 2, true),
            role(guild.moderatorRoleId, guild.moderatorRoleName(), LocalDiscord.EVERYONE
                | LocalDiscord.MANAGE_GUILD, 1, false)),
        "emojis", arr(), "features", arr(), "mfa_level", 0, "application_id", null,
        // The lobby is the guild's system channel too: where a bot that joins says hello.
        "system_channel_id", guild.lobbyId, "system_channel_flags", 0, "rules_channel_id", null,
        "max_presences", null, "max_members", 500000, "vanity_url_code", null,
        "description", null, "banner", null, "premium_tier", 0,
        "premium_subscription_count", 0, "preferred_locale", "en-US",
        "public_updates_channel_id", null, "max_video_channel_users", 25, "nsfw_level", 0,
        "stickers", arr(), "premium_progress_bar_enabled", false,
        "safety_alerts_channel_id", null, "joined_at", d.created.toString(), "large", false,
        "unavailable", false, "member_count", guild.users.size() + 2, "voice_states", voiceStates,
        "members", arr(self), "channels", channels, "threads", threads, "presences", arr(),
        "stage_instances", arr(), "guild_scheduled_events", arr(), "soundboard_sounds", arr(),
        "lazy", true);
  }

  /**
   * The {@code data} of a slash command interaction, checked against what the bot registered.
   */
  static ObjectNode commandData(LocalDiscord d, LocalGuild guild, ObjectNode registered,
      String subcommand, Map<String, String> options) {
    JsonNode declared = registered.path("options");
    ObjectNode users = obj();
    ObjectNode members = obj();
    ArrayNode given;
    if (subcommand.isEmpty()) {
      given = options(d, guild, declared, options, users, members, "/" + registered.get("name")
          .asText());
    } else {
      JsonNode sub = find(declared, subcommand);
      if (sub == null || sub.path("type").asInt() != OPTION_SUBCOMMAND) {
        throw new IllegalArgumentException("/" + registered.get("name").asText()
            + " has no subcommand " + subcommand);
      }
      given = arr(obj("name", subcommand, "type", OPTION_SUBCOMMAND, "options",
          options(d, guild, sub.path("options"), options, users, members, "/"
              + registered.get("name").asText() + " " + subcommand)));
    }
    ObjectNode data = obj("id", registered.get("id").asText(), "name",
        registered.get("name").asText(), "type", 1, "guild_id", guild.id, "options", given);
    if (!users.isEmpty()) {
      data.set("resolved", obj("users", users, "members", members));
    }
    return data;
  }

  private static ArrayNode options(LocalDiscord d, LocalGuild guild, JsonNode declared,
      Map<String, String> values, ObjectNode users, ObjectNode members, String where) {
    ArrayNode given = arr();
    List<String> known = new ArrayList<>();
    for (JsonNode option : declared) {
      String name = option.get("name").asText();
      known.add(name);
      String value = values.get(name);
      if (value == null) {
        if (option.path("required").asBoolean()) {
          throw new IllegalArgumentException(where + " needs the option " + name);
        }
        continue;
      }
      int type = option.path("type").asInt();
      if (type == OPTION_USER) {
        DiscordUser user = guild.users.get(value);
        if (user == null) {
          throw new IllegalArgumentException(where + ": option " + name + " must be the id of "
              + "a member, not " + value);
        }
        users.set(user.id(), user(user));
        ObjectNode member = member(d, guild, user);
        member.remove("user");
        members.set(user.id(), member);
      } else if (type != OPTION_STRING) {
        throw new IllegalArgumentException(where + ": option type " + type + " is not faked");
      }
      JsonNode choices = option.path("choices");
      if (choices.isArray() && !choices.isEmpty()) {
        boolean allowed = false;
        for (JsonNode choice : choices) {
          allowed |= choice.path("value").asText().equals(value);
        }
        if (!allowed) {
          throw new IllegalArgumentException(where + ": " + value + " is not one of the choices "
              + "of " + name);
        }
      }
      given.add(obj("name", name, "type", type, "value", value));
    }
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(where + " has no option " + name + " (it has "
            + known + ")");
      }
    }
    return given;
  }

  private static @Nullable JsonNode find(JsonNode options, String name) {
    for (JsonNode option : options) {
      if (option.path("name").asText().equals(name)) {
        return option;
      }
    }
    return null;
  }

  static ObjectNode interaction(LocalDiscord d, String id, String token, int type,
      ObjectNode data, DiscordUser user, ChannelState channel, @Nullable SeenMessage message) {
    ObjectNode interaction = obj("id", id, "application_id", d.botId, "type", type,
        "data", data, "guild_id", channel.guild.id, "guild", obj("id", channel.guild.id,
            "locale", "en-US",
            "features", arr()),
        "channel_id", channel.id, "channel", channel(d, channel),
        "member", member(d, channel.guild, user),
        "token", token, "version", 1, "app_permissions",
        Long.toString(d.permissionsIn(channel)),
        "locale", "en-GB", "guild_locale", "en-US", "entitlements", arr(),
        "authorizing_integration_owners", obj("0", channel.guild.id), "context", 0,
        "attachment_size_limit", 10_485_760);
    if (message != null) {
      interaction.set("message", message(d, message));
    }
    return interaction;
  }

  /** The bot's message {@code seen}, as Discord sends it back. */
  static ObjectNode message(LocalDiscord d, SeenMessage seen) {
    ArrayNode embeds = arr();
    seen.embeds().forEach(text -> embeds.add(obj("type", "rich", "description", text)));
    // The components as the bot sent them (style, label and all), with the ids Discord adds.
    ObjectNode body = d.bodies.get(seen.id());
    JsonNode sent = body == null ? arr() : body.path("components");
    ArrayNode components = sent.isArray() ? ((ArrayNode) sent).deepCopy() : arr();
    numberComponents(components, new int[] {1});
    ObjectNode message = obj("id", seen.id(), "channel_id", seen.channelId(),
        "author", botUser(d), "content", seen.content(), "timestamp", seen.at().toString(),
        "edited_timestamp", null, "tts", false, "mention_everyone", false,
        "mentions", mentions(d, seen, body), "mention_roles", arr(), "attachments", arr(),
        "embeds", embeds, "pinned", false,
        "type", seen.interactionId().isPresent() ? 20 : 0,
        "flags", seen.ephemeral() ? 64 : 0, "components", components);
    if (seen.interactionId().isPresent()) {
      message.put("webhook_id", d.botId).put("application_id", d.botId);
      message.set("interaction_metadata", interactionMetadata(d, seen.interactionId().get()));
    } else {
      // A channel message's channel was kept (LocalDiscord.keep), which noted its guild.
      message.put("guild_id", requireNonNull(d.guildOfChannelEver(seen.channelId())).id);
    }
    return message;
  }

  /**
   * The message interaction metadata object ({@code resources/message}, Message Interaction
   * Metadata Object): the interaction's own type (2 a command, 3 a component) and the user who
   * triggered it; for a component, the message whose button was clicked.
   */
  private static ObjectNode interactionMetadata(LocalDiscord d, String interactionId) {
    SentInteraction interaction = d.interactionById(interactionId);
    ObjectNode metadata = obj("id", interactionId, "type", interaction == null ? 2
            : interaction.payloadType(),
        "user", interaction == null ? null : user(interaction.user()),
        "authorizing_integration_owners", obj("0", interaction != null
            ? interaction.guildId() : d.guilds.get(0).id));
    if (interaction != null && interaction.payloadType() == 3) {
      metadata.put("interacted_message_id", Json.parse(interaction.payload()).path("message")
          .path("id").asText());
    }
    return metadata;
  }

  private static final java.util.regex.Pattern USER_MENTION =
      java.util.regex.Pattern.compile("<@!?([0-9]{17,20})>");

  /**
   * The users a message mentions ({@code resources/message}, Message Object: {@code mentions},
   * "users specifically mentioned in the message"): the members named {@code <@id>} in its
   * content whom its allowed mentions let it mention (all of them when it sets none).
   */
  private static ArrayNode mentions(LocalDiscord d, SeenMessage seen, @Nullable ObjectNode body) {
    JsonNode allowed = body == null ? null : body.path("allowed_mentions");
    boolean all = allowed == null || allowed.isMissingNode() || allowed.isNull();
    ArrayNode users = arr();
    List<String> seenIds = new ArrayList<>();
    java.util.regex.Matcher mention = USER_MENTION.matcher(seen.content());
    while (mention.find()) {
      String id = mention.group(1);
      DiscordUser user = d.anyUser(id);
      if (user == null || seenIds.contains(id)) {
        continue;
      }
      if (all || seen.mentionedUsers().contains("*") || seen.mentionedUsers().contains(id)) {
        seenIds.add(id);
        users.add(user(user));
      }
    }
    return users;
  }

  private static void numberComponents(JsonNode components, int[] next) {
    for (JsonNode component : components) {
      if (component instanceof ObjectNode object && !object.has("id")) {
        object.put("id", next[0]++);
      }
      numberComponents(component.path("components"), next);
    }
  }

  /** A new message from what the bot sent: content, embeds, buttons, flags, allowed mentions. */
  static SeenMessage seen(String id, String channelId, JsonNode body,
      @Nullable String interactionId, boolean forceEphemeral, Instant at) {
    List<String> embeds = new ArrayList<>();
    for (JsonNode embed : body.path("embeds")) {
      embeds.add(Json.text(embed, "description", ""));
    }
    List<String> buttons = new ArrayList<>();
    collectButtons(body.path("components"), buttons);
    JsonNode allowed = body.path("allowed_mentions");
    List<String> mentioned = new ArrayList<>();
    boolean everyone;
    if (allowed.isMissingNode() || allowed.isNull()) {
      // Discord's default: mentions in the content ping.
      everyone = true;
    } else {
      allowed.path("users").forEach(u -> mentioned.add(u.asText()));
      everyone = false;
      for (JsonNode parse : allowed.path("parse")) {
        if (parse.asText().equals("users")) {
          mentioned.add("*");
        } else {
          everyone = true;
        }
      }
    }
    boolean ephemeral = forceEphemeral || (body.path("flags").asLong() & 64) != 0;
    return new SeenMessage(id, channelId, Json.text(body, "content", ""), embeds, buttons,
        ephemeral, mentioned, everyone, Optional.ofNullable(interactionId), at);
  }

  private static void collectButtons(JsonNode components, List<String> into) {
    for (JsonNode component : components) {
      if (component.path("type").asInt() == 2 && component.has("custom_id")) {
        into.add(component.get("custom_id").asText());
      }
      collectButtons(component.path("components"), into);
    }
  }
}

package org.relva.testkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What Discord refuses in a message body the bot sends: a channel message (Create Message, the
 * spec's {@code MessageCreateRequest}), an interaction reply (the {@code data} of callback type 4,
 * {@code IncomingWebhookInteractionRequest}), a follow-up ({@code IncomingWebhookRequestPartial})
 * or an edit ({@code IncomingWebhookUpdateRequestPartial}). Each rule names where it comes from:
 * the OpenAPI document of {@code discord/discord-api-spec} (schema names) or the docs of
 * {@code discord/discord-api-docs} (page names). Where the two disagree the docs win, as Discord's
 * servers enforce what the docs say:
 * <ul>
 *   <li>content: the spec's {@code MessageCreateRequest} allows 4,000 characters, the docs
 *       ({@code resources/message}, Create Message) 2,000, as do the spec's webhook schemas;</li>
 *   <li>components: the spec allows 40 top-level components, the docs
 *       ({@code components/reference}, Legacy Message Component Behavior) 5 action rows for a
 *       message without the {@code IS_COMPONENTS_V2} flag, which is all the fake knows.</li>
 * </ul>
 * Stateless.
 */
final class MessageRules {
  static final long SUPPRESS_EMBEDS = 1L << 2;
  static final long EPHEMERAL = 1L << 6;
  static final long SUPPRESS_NOTIFICATIONS = 1L << 12;
  static final long IS_VOICE_MESSAGE = 1L << 13;
  static final long IS_COMPONENTS_V2 = 1L << 15;
  /** The flags Create Message lets a bot set ({@code resources/message}, Create Message). */
  static final long CHANNEL_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE
      | IS_COMPONENTS_V2;
  /**
   * The flags an interaction reply or follow-up may set ({@code interactions/receiving-and-
   * responding}, Messages): the channel ones and {@code EPHEMERAL}.
   */
  static final long REPLY_FLAGS = CHANNEL_FLAGS | EPHEMERAL;

  /** Which request a body is, for the rules that differ. */
  enum Kind {
    /** Create Message in a channel. */
    CHANNEL,
    /** An interaction reply (callback type 4) or a follow-up. */
    REPLY,
    /** An edit of a reply: every field optional, so it may be "empty". */
    EDIT
  }

  /** A refusal: the field it is about ({@code embeds.0.description}) and Discord's words. */
  record Refusal(String field, String code, String message) {}

  private MessageRules() {}

  /** The first rule {@code body} breaks, or null if Discord would take it. */
  static @Nullable Refusal check(JsonNode body, Kind kind) {
    if (body.isMissingNode() || body.isNull()) {
      body = Json.obj();
    }
    if (!body.isObject()) {
      return new Refusal("_body", "MODEL_TYPE_CONVERT", "Expected an object.");
    }
    String content = Json.text(body, "content", "");
    if (kind != Kind.EDIT && content.isEmpty() && body.path("embeds").isEmpty()
        && body.path("components").isEmpty()) {
      return new Refusal("_empty", "", "");
    }
    // resources/message, Create Message: "Message contents (up to 2000 characters)".
    if (content.length() > 2000) {
      return tooLong("content", 2000);
    }
    // resources/message, Create Message: nonce "up to 25 characters" (spec: nonce maxLength 25).
    JsonNode nonce = body.path("nonce");
    if (nonce.isTextual() && nonce.asText().length() > 25) {
      return tooLong("nonce", 25);
    }
    Refusal refusal = embeds(body.path("embeds"));
    if (refusal == null) {
      refusal = allowedMentions(body.path("allowed_mentions"));
    }
    if (refusal == null) {
      refusal = components(body.path("components"));
    }
    return refusal;
  }

  /** Flags in {@code body} that {@code kind} may not set (0 if none). */
  static long forbiddenFlags(JsonNode body, Kind kind) {
    long flags = body.path("flags").asLong(0);
    return flags & ~(kind == Kind.CHANNEL ? CHANNEL_FLAGS : REPLY_FLAGS);
  }

  private static Refusal tooLong(String field, int max) {
    return new Refusal(field, "BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length.");
  }

  private static Refusal tooMany(String field, int max) {
    return new Refusal(field, "BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length.");
  }

  /**
   * The embed limits of {@code resources/message}, Embed Limits (and the spec's
   * {@code RichEmbed}, {@code RichEmbedField}): title 256, description 4,096, 25 fields of name
   * 256 and value 1,024, footer 2,048, author 256, and 6,000 characters in all the embeds of a
   * message; at most 10 embeds (Create Message; {@code MessageCreateRequest.embeds} maxItems 10).
   */
  private static @Nullable Refusal embeds(JsonNode embeds) {
    if (!embeds.isArray()) {
      return null;
    }
    if (embeds.size() > 10) {
      return tooMany("embeds", 10);
    }
    int total = 0;
    for (int i = 0; i < embeds.size(); i++) {
      JsonNode embed = embeds.get(i);
      String at = "embeds." + i + ".";
      int title = Json.text(embed, "title", "").length();
      int description = Json.text(embed, "description", "").length();
      int footer = Json.text(embed.path("footer"), "text", "").length();
      int author = Json.text(embed.path("author"), "name", "").length();
      if (title > 256) {
        return tooLong(at + "title", 256);
      }
      if (description > 4096) {
        return tooLong(at + "description", 4096);
      }
      if (footer > 2048) {
        return tooLong(at + "footer.text", 2048);
      }
      if (author > 256) {
        return tooLong(at + "author.name", 256);
      }
      total += title + description + footer + author;
      JsonNode fields = embed.path("fields");
      if (fields.size() > 25) {
        return tooMany(at + "fields", 25);
      }
      for (int f = 0; f < fields.size(); f++) {
        int name = Json.text(fields.get(f), "name", "").length();
        int value = Json.text(fields.get(f), "value", "").length();
        if (name > 256) {
          return tooLong(at + "fields." + f + ".name", 256);
        }
        if (value > 1024) {
          return tooLong(at + "fields." + f + ".value", 1024);
        }
        total += name + value;
      }
    }
    if (total > 6000) {
      return new Refusal("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size "
          + "of 6000");
    }
    return null;
  }

  /**
   * {@code resources/message}, Allowed Mentions: {@code parse} is mutually exclusive with
   * {@code users} (and with {@code roles}) for the same type; both given is a validation error.
   * An empty or null list does not count.
   */
  private static @Nullable Refusal allowedMentions(JsonNode allowed) {
    if (!allowed.isObject()) {
      return null;
    }
    for (String type : new String[] {"users", "roles"}) {
      boolean parsed = false;
      for (JsonNode parse : allowed.path("parse")) {
        parsed |= parse.asText().equals(type);
      }
      if (parsed && allowed.path(type).isArray() && !allowed.path(type).isEmpty()) {
        return new Refusal("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
            "parse:[\"" + type + "\"] and " + type + ": [ids...] are mutually exclusive.");
      }
    }
    return null;
  }

  /**
   * Legacy components ({@code components/reference}): at most 5 action rows at the top, nothing
   * but action rows there; a row holds 1 to 5 buttons (the spec's
   * {@code ActionRowComponentForMessageRequest}: minItems 1, maxItems 5); a button needs a
   * {@code style} ({@code ButtonComponentForMessageRequest} requires it), a non-link button a
   * {@code custom_id} of 1 to 100 characters, unique within the message, and a label of at most
   * 80.
   */
  private static @Nullable Refusal components(JsonNode rows) {
    if (!rows.isArray()) {
      return null;
    }
    if (rows.size() > 5) {
      return tooMany("components", 5);
    }
    Set<String> customIds = new HashSet<>();
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      String at = "components." + r;
      if (row.path("type").asInt() != 1) {
        return new Refusal(at, "COMPONENT_LAYOUT_INVALID", "A top-level component must be an "
            + "action row (type 1) in a message without IS_COMPONENTS_V2.");
      }
      JsonNode children = row.path("components");
      if (children.isEmpty()) {
        return new Refusal(at + ".components", "BASE_TYPE_MIN_LENGTH",
            "Must be 1 or more in length.");
      }
      if (children.size() > 5) {
        return tooMany(at + ".components", 5);
      }
      for (int c = 0; c < children.size(); c++) {
        JsonNode child = children.get(c);
        String where = at + ".components." + c;
        if (child.path("type").asInt() != 2) {
          return new Refusal(where, "COMPONENT_LAYOUT_INVALID", "Only buttons are faked in an "
              + "action row.");
        }
        if (!child.path("style").isInt()) {
          return new Refusal(where + ".style", "BASE_TYPE_REQUIRED", "This field is required");
        }
        int style = child.path("style").asInt();
        if (style < 1 || style > 6) {
          return new Refusal(where + ".style", "BASE_TYPE_CHOICES", "Value must be one of "
              + "{1, 2, 3, 4, 5, 6}.");
        }
        if (Json.text(child, "label", "").length() > 80) {
          return tooLong(where + ".label", 80);
        }
        if (style == 5 || style == 6) {
          continue; // link and premium buttons have no custom_id
        }
        String customId = Json.text(child, "custom_id", "");
        if (customId.isEmpty()) {
          return new Refusal(where + ".custom_id", "BASE_TYPE_REQUIRED",
              "A custom id is required");
        }
        if (customId.length() > 100) {
          return tooLong(where + ".custom_id", 100);
        }
        if (!customIds.add(customId)) {
          return new Refusal(where + ".custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED",
              "Component custom id cannot be duplicated");
        }
      }
    }
    return null;
  }
}

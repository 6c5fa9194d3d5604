package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message the bot made, as Discord holds it: posted in a channel, or a reply to an interaction
 * (which only the user who used it sees when it is {@linkplain #ephemeral() ephemeral}).
 *
 * @param id its snowflake
 * @param channelId where it appears
 * @param content its text, exactly as sent (Markdown escapes included)
 * @param embeds the descriptions of its embeds
 * @param buttons the custom ids of its buttons, in order
 * @param ephemeral whether only the interaction's user sees it (flag 64)
 * @param mentionedUsers the users its allowed mentions let it ping
 * @param pingsEveryone whether its allowed mentions let it ping {@code @everyone} or roles
 * @param interactionId the interaction it answers, if it is a reply
 * @param at when Discord accepted it
 */
public record SeenMessage(String id, String channelId, String content, List<String> embeds,
    List<String> buttons, boolean ephemeral, List<String> mentionedUsers, boolean pingsEveryone,
    Optional<String> interactionId, Instant at) {
  public SeenMessage {
    requireNonNull(id, "id");
    requireNonNull(channelId, "channelId");
    requireNonNull(content, "content");
    embeds = List.copyOf(embeds);
    buttons = List.copyOf(buttons);
    mentionedUsers = List.copyOf(mentionedUsers);
    requireNonNull(interactionId, "interactionId");
    requireNonNull(at, "at");
  }

  /** Its content and embed descriptions, one per line: what a reader of it sees. */
  public String text() {
    return embeds.isEmpty() ? content
        : (content.isEmpty() ? "" : content + "\n") + String.join("\n", embeds);
  }
}

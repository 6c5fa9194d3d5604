package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the bot says to Discord. A message for a channel is posted there (the lobby text
 * channel or a party's thread, looked up by id); a ready check gets Accept and Decline buttons
 * (and Volunteer to captain, when captains volunteer), a map vote a button a map, a captains'
 * draft a button an entry left to pick. A
 * private reply goes through the interaction hook of the command that produced it, ephemerally:
 * {@link #answer} runs a command with its hook at hand; the first reply edits the deferred
 * original response, any further one is a follow-up. Every request is queued, never awaited, and sent again after a
 * server error (see {@link #deliver}).
 *
 * <p>Text is sent as plain content, with Markdown escaped (a player called {@code _x_} stays
 * {@code _x_}) and with every mention disabled, so a display name such as {@code @everyone}
 * pings nobody. Content over Discord's 2,000 characters is cut.
 *
 * <p>A board message (the live queue) is posted once and edited after.
 *
 * <p>This class is thread-safe: it keeps no state but the guild, the channel map and the ids of
 * the board messages.
 */
final class DiscordOutbox implements Consumer<BotMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordOutbox.class);
  static final String ERROR_MARK = "\u26a0\ufe0f ";
  private static final int INFO_COLOUR = 0x3BA55C;
  static final int ATTEMPTS = 3;
  static final Duration RETRY_DELAY = Duration.ofMillis(500);

  private final Guild guild;
  private final ChannelMap channels;
  /** The message id of each board ({@link BotMessage#board()}), by channel and key. */
  private final Map<String, String> boards;

  DiscordOutbox(Guild guild, ChannelMap channels) {
    this(guild, channels, new ConcurrentHashMap<>());
  }

  /**
   * With {@code boards}, the message ids of the boards posted so far, which this outbox goes on
   * editing (a server's engine started anew after {@code /setup} keeps its live queue messages).
   */
  DiscordOutbox(Guild guild, ChannelMap channels, Map<String, String> boards) {
    this.guild = requireNonNull(guild, "guild");
    this.channels = requireNonNull(channels, "channels");
    this.boards = requireNonNull(boards, "boards");
  }

  /**
   * Runs {@code command} for {@code user} and sends the private replies it returns through
   * {@code hook}, ephemerally, and any channel messages where they go. If it returns no reply, or
   * throws, the user is told so rather than left looking at "thinking...".
   */
  void answer(InteractionHook hook, UserId user, Supplier<List<BotMessage>> command) {
    List<BotMessage> replies;
    try {
      replies = command.get();
    } catch (RuntimeException e) {
      LOG.error("A command of user {} failed", user, e);
      replies = List.of(BotMessage.refusal(user, "Something went wrong on Relva's side. Try "
          + "again, or tell a moderator."));
    }
    boolean replied = false;
    for (BotMessage message : replies) {
      if (message.to().isEmpty()) {
        accept(message);
      } else if (message.to().get().equals(user)) {
        if (replied) {
          send(hook, message);
        } else {
          answerOriginal(hook, message);
          replied = true;
        }
      } else {
        LOG.warn("Dropped a private reply to user {} made in user {}'s command: {}",
            message.to().get(), user, message.text());
      }
    }
    if (!replied) {
      answerOriginal(hook, BotMessage.reply(user, "Done."));
    }
  }

  /**
   * Posts a channel message (an announcement). A private reply can only answer a command, through
   * {@link #answer}; one arriving here is dropped with a warning.
   */
  @Override
  public void accept(BotMessage message) {
    if (message.to().isPresent()) {
      LOG.warn("Dropped a private reply to user {} made outside a command: {}",
          message.to().get(), message.text());
      return;
    }
    ChannelId target = message.channel().orElseThrow();
    Optional<GuildMessageChannel> channel = channel(target);
    if (channel.isEmpty()) {
      LOG.warn("Channel {} is not (or no longer) visible to the bot; dropped: {}", target,
          message.text());
      return;
    }
    GuildMessageChannel found = channel.get();
    if (message.board().isPresent()) {
      board(found, target + "/" + message.board().get(), message);
      return;
    }
    deliver(() -> found.sendMessage(render(message)), "post in channel " + target, 1);
  }

  /**
   * Answers a deferred interaction with {@code message}: Edit Original Interaction Response, which
   * replaces the "thinking..." the deferral showed and keeps its visibility (ephemeral, as the
   * listener defers). A follow-up would do the same today only through a behaviour Discord's docs
   * mark deprecated ({@code interactions/receiving-and-responding}, Create Followup Message).
   */
  static void answerOriginal(InteractionHook hook, BotMessage message) {
    deliver(() -> hook.editOriginal(MessageEditData.fromCreateData(render(message))),
        "answer a command", 1);
  }

  /**
   * Posts a board's first message, and edits it after: one message per key. If the message was
   * deleted (Unknown Message), it is posted anew. JDA waits out the rate limit of edits.
   */
  private void board(GuildMessageChannel channel, String key, BotMessage message) {
    Function<Message, Message> remember = posted -> {
      boards.put(key, posted.getId());
      return posted;
    };
    String id = boards.get(key);
    if (id == null) {
      deliver(() -> channel.sendMessage(render(message)).map(remember), "post " + key, 1);
      return;
    }
    deliver(() -> channel.editMessageById(id, MessageEditData.fromCreateData(render(message)))
        .onErrorFlatMap(failure -> failure instanceof ErrorResponseException error
            && error.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE,
            failure -> channel.sendMessage(render(message)).map(remember)), "edit " + key, 1);
  }

  /** Sends {@code message} through {@code hook} as a further, ephemeral, follow-up. */
  static void send(InteractionHook hook, BotMessage message) {
    deliver(() -> hook.sendMessage(render(message)).setEphemeral(true), "answer a command", 1);
  }

  /**
   * Queues {@code request}, and again (up to {@link #ATTEMPTS} in all, after 0.5 s, then 1 s)
   * when it failed in a way JDA does not retry itself: a 500, 501 or other server error outside
   * JDA's list (502, 503, 504, 520 to 524, 529, which JDA tries four times), or a connection
   * failure after JDA's one resend. A lost answer or announcement is worse than a rare duplicate:
   * a player left looking at "thinking..." or a pop without its buttons. Refusals (4xx) are final.
   * A message sent again can land after messages queued behind it.
   */
  static void deliver(Supplier<? extends RestAction<?>> request, String what, int attempt) {
    Consumer<Throwable> failed = failure -> {
      if (attempt < ATTEMPTS && retryable(failure)) {
        LOG.info("Could not {} ({}); trying again", what, failure.toString());
        deliver(request, what, attempt + 1);
      } else if (channelGone(failure)) {
        // A party's news racing its thread's deletion: JDA sends requests for different routes
        // in parallel, so a delete can overtake the posts queued before it. Nobody can read a
        // deleted thread.
        LOG.info("Could not {}: the channel is gone", what);
      } else {
        LOG.warn("Could not {}: {}", what, failure.toString());
      }
    };
    RestAction<?> action = request.get();
    if (attempt == 1) {
      action.queue(null, failed);
    } else {
      action.queueAfter(RETRY_DELAY.toMillis() << (attempt - 2), TimeUnit.MILLISECONDS, null,
          failed);
    }
  }

  /** Whether {@code failure} is Discord's "Unknown Channel": the channel is deleted. */
  static boolean channelGone(Throwable failure) {
    return failure instanceof ErrorResponseException error
        && error.getErrorResponse() == ErrorResponse.UNKNOWN_CHANNEL;
  }

  /** The server errors JDA's requester already retries, up to four attempts. */
  private static final Set<Integer> RETRIED_BY_JDA = Set.of(502, 503, 504, 520, 521, 522, 523,
      524, 529);

  /** Whether {@code failure} may pass if the request is sent again, and JDA did not already. */
  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t instanceof ErrorResponseException error && error.getResponse() != null) {
        int status = error.getResponse().code;
        return status >= 500 && !RETRIED_BY_JDA.contains(status);
      }
    }
    return false;
  }

  /** The lobby text channel, or a party's thread, by the core's id. */
  Optional<GuildMessageChannel> channel(ChannelId channel) {
    Optional<String> id = channels.toDiscord(channel);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    GuildMessageChannel found = guild.getTextChannelById(id.get());
    if (found == null) {
      found = guild.getThreadChannelById(id.get());
    }
    return Optional.ofNullable(found);
  }

  /** What Discord is sent for {@code message}. */
  static MessageCreateData render(BotMessage message) {
    MessageCreateBuilder builder = new MessageCreateBuilder()
        .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class));
    String text = MarkdownSanitizer.escape(message.text());
    if (message.ephemeral() && !message.error()) {
      // Information for the user who asked is an embed; refusals and announcements are text.
      builder.setEmbeds(new EmbedBuilder().setColor(INFO_COLOUR)
          .setDescription(text.length() <= MessageEmbed.DESCRIPTION_MAX_LENGTH ? text
              : text.substring(0, MessageEmbed.DESCRIPTION_MAX_LENGTH - 1) + "\u2026")
          .build());
    } else if (message.readyCheck().isPresent() || !message.mentions().isEmpty()) {
      // A pop pings its players, and a notice the players it is about, and only them: their ids
      // are whitelisted one by one, while every other kind of mention stays off.
      List<String> ids = message.readyCheck().map(m -> m.players().stream().map(Member::id))
          .orElseGet(() -> message.mentions().stream())
          .map(UserId::value).filter(id -> id.matches("[0-9]{1,20}")).distinct().toList();
      String pings = ids.stream().map(id -> "<@" + id + ">").collect(Collectors.joining(" "));
      builder.setContent(content(text + (pings.isEmpty() ? "" : "\n" + pings)))
          .mentionUsers(ids);
    } else {
      builder.setContent(content((message.error() ? ERROR_MARK : "") + text));
    }
    message.readyCheck().ifPresent(match -> builder.setComponents(readyButtons(match,
        message.volunteer())));
    message.mapVote().ifPresent(vote -> builder.setComponents(mapButtons(vote)));
    message.picks().ifPresent(picks -> builder.setComponents(pickButtons(picks)));
    return builder.build();
  }

  /** A map vote's buttons, five a row (Discord's most), one a map. */
  static List<ActionRow> mapButtons(BotMessage.MapChoice vote) {
    return inRows(vote.maps().stream()
        .map(map -> Button.secondary(Interactions.voteButtonId(vote.matchId(), map), map))
        .toList());
  }

  /** {@code buttons} in rows of five, Discord's most a row. */
  private static List<ActionRow> inRows(List<Button> buttons) {
    List<ActionRow> rows = new java.util.ArrayList<>();
    for (int i = 0; i < buttons.size(); i += 5) {
      rows.add(ActionRow.of(buttons.subList(i, Math.min(i + 5, buttons.size()))));
    }
    return rows;
  }

  /** A ready check's Accept and Decline buttons, and Volunteer to captain if {@code volunteer}. */
  static ActionRow readyButtons(MatchRecord match, boolean volunteer) {
    List<Button> buttons = new java.util.ArrayList<>(List.of(
        Button.success(Interactions.buttonId("accept", match.id()), "Accept"),
        Button.danger(Interactions.buttonId("decline", match.id()), "Decline")));
    if (volunteer) {
      buttons.add(Button.primary(Interactions.buttonId("captain", match.id()),
          "Volunteer to captain"));
    }
    return ActionRow.of(buttons);
  }

  /** The most buttons a message can carry: five rows of five. */
  static final int MAX_BUTTONS = 25;

  /**
   * A draft's buttons, five a row, one an entry left to pick; none when more are left than a
   * message can carry (the text then says to use {@code /match pick}).
   */
  static List<ActionRow> pickButtons(BotMessage.Picks picks) {
    if (picks.pool().size() > MAX_BUTTONS) {
      return List.of();
    }
    List<Button> buttons = new java.util.ArrayList<>();
    for (BotMessage.Pick pick : picks.pool()) {
      String label = pick.label().length() <= Button.LABEL_MAX_LENGTH ? pick.label()
          : pick.label().substring(0, Button.LABEL_MAX_LENGTH - 1) + "\u2026";
      buttons.add(Button.secondary(Interactions.pickButtonId(picks.matchId(), pick.player()),
          label));
    }
    return inRows(buttons);
  }

  private static String content(String text) {
    return text.length() <= Message.MAX_CONTENT_LENGTH ? text
        : text.substring(0, Message.MAX_CONTENT_LENGTH - 1) + "\u2026";
  }
}

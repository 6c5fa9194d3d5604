package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One interaction a scripted user made (a slash command or a button click), and what became of it:
 * when the bot acknowledged it, and the replies it sent. The three-second deadline Discord gives
 * for the acknowledgement is measured from the moment the fake dispatched the interaction on the
 * gateway.
 *
 * <p>This class is thread-safe: its state changes under the fake Discord's lock.
 */
public final class SentInteraction {
  private final LocalDiscord discord;
  private final String id;
  private final String token;
  private final DiscordUser user;
  private final String guildId;
  private final String channelId;
  private final String description;
  private final long dispatchedNanos;
  private final String payload;
  private final int type;
  private long ackNanos = -1;
  private int callbackType = -1;
  private boolean deferredEphemeral;
  private long firstReplyNanos = -1;
  /** The id of the message a deferral shows ("thinking..."), which the answer replaces. */
  private @Nullable String originalId;
  private final List<SeenMessage> replies = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();

  SentInteraction(LocalDiscord discord, String id, String token, DiscordUser user,
      String guildId, String channelId, int type, String description, long dispatchedNanos,
      String payload) {
    this.discord = discord;
    this.type = type;
    this.id = id;
    this.token = token;
    this.user = user;
    this.guildId = guildId;
    this.channelId = channelId;
    this.description = description;
    this.dispatchedNanos = dispatchedNanos;
    this.payload = payload;
  }

  public String id() {
    return id;
  }

  /** Its token, as it appears in the routes of its callback and follow-ups. */
  public String token() {
    return token;
  }

  String payload() {
    return payload;
  }

  long dispatchedNanos() {
    return dispatchedNanos;
  }

  public DiscordUser user() {
    return user;
  }

  /** The guild it was made in. */
  public String guildId() {
    return guildId;
  }

  public String channelId() {
    return channelId;
  }

  /** What the user did, as they would say it: {@code /queue join region:eu}. */
  public String description() {
    return description;
  }

  /** How long the bot took to acknowledge it (its first callback), if it did. */
  public Optional<Duration> ackTime() {
    synchronized (discord.lock) {
      return ackNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(ackNanos
          - dispatchedNanos));
    }
  }

  /** How long until the user saw the first reply (not the "thinking..." of a deferral). */
  public Optional<Duration> replyTime() {
    synchronized (discord.lock) {
      return firstReplyNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(
          firstReplyNanos - dispatchedNanos));
    }
  }

  /** Discord's type of the first callback: 4 a reply, 5 a deferred reply, 6 a deferred update. */
  public int callbackType() {
    synchronized (discord.lock) {
      return callbackType;
    }
  }

  /** The replies the user saw, in order. */
  public List<SeenMessage> replies() {
    synchronized (discord.lock) {
      return List.copyOf(replies);
    }
  }

  /** What Discord refused about this interaction (a late or second acknowledgement, say). */
  public List<String> refusals() {
    synchronized (discord.lock) {
      return List.copyOf(refusals);
    }
  }

  public boolean answered() {
    synchronized (discord.lock) {
      return !replies.isEmpty();
    }
  }

  /**
   * Waits until the user has a reply, and returns the first one.
   *
   * @throws AssertionError if none came within {@code timeout}
   */
  public SeenMessage awaitReply(Duration timeout) {
    discord.await("a reply to " + this, this::answered, timeout);
    return replies().get(0);
  }

  /** The text of the first reply, waiting up to fifteen seconds for it. */
  public String reply() {
    return awaitReply(Duration.ofSeconds(15)).text();
  }

  // Called under the discord's lock.

  boolean acknowledged() {
    return ackNanos >= 0;
  }

  void acknowledge(int callback, long nanos, boolean ephemeral) {
    ackNanos = nanos;
    callbackType = callback;
    deferredEphemeral = ephemeral;
  }

  /** Keeps {@code id} for the deferred original response, which an answer later fills. */
  void reserveOriginal(String id) {
    originalId = id;
  }

  @Nullable String originalId() {
    return originalId;
  }

  boolean deferredEphemeral() {
    return deferredEphemeral;
  }

  /** Discord's interaction type: 2 a command, 3 a component. */
  int payloadType() {
    return type;
  }

  void addReply(SeenMessage reply, long nanos) {
    if (firstReplyNanos < 0) {
      firstReplyNanos = nanos;
    }
    replies.add(requireNonNull(reply, "reply"));
  }

  void refuse(String why) {
    refusals.add(why);
  }

  @Nullable SeenMessage replyById(String messageId) {
    for (SeenMessage reply : replies) {
      if (reply.id().equals(messageId)) {
        return reply;
      }
    }
    return null;
  }

  void replaceReply(SeenMessage old, SeenMessage edited) {
    replies.set(replies.indexOf(old), edited);
  }

  @Override
  public String toString() {
    return user.name() + "'s " + description + " (interaction " + id + ")";
  }
}

package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.List;
import java.util.function.Function;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.relva.core.model.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns slash commands and ready-check button clicks into {@link Invocation}s and runs them.
 *
 * <p>Discord wants an answer to an interaction within 3 seconds, and a command may take longer
 * (opening a party's thread is a network call). So on JDA's event thread this class only reads the
 * interaction and acknowledges it by deferring an ephemeral reply; once Discord has taken that,
 * the command goes to an executor of Relva's own, and the replies through the interaction's hook
 * (see {@link DiscordOutbox#answer}). A command whose acknowledgement Discord refused does not
 * run. JDA's event threads never block. Interactions from any server
 * but the configured one (possible with global commands) are turned away.
 *
 * <p>An interaction delivered twice (the gateway may replay a dispatch after a resume, and JDA
 * passes each delivery on) runs once: the second delivery of an interaction id seen in the last
 * 15 minutes, as long as Discord accepts answers to it, is ignored, so a command never runs
 * twice and Discord never sees a second acknowledgement.
 *
 * <p>This class is thread-safe.
 */
final class InteractionListener extends ListenerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(InteractionListener.class);
  private final long guildId;
  private final Interactions interactions;
  private final Executor executor;
  private final Function<Invocation, List<BotMessage>> handler;
  private final DiscordOutbox outbox;
  /** Interaction ids already taken, for as long as an interaction can be answered. */
  private final Map<Long, Boolean> taken = CacheBuilder.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(15)).maximumSize(100_000).<Long, Boolean>build()
      .asMap();

  /**
   * @param guildId the one server the bot serves
   * @param executor where commands run, never a JDA thread
   * @param handler runs a command (the bot runtime's {@code handle})
   */
  InteractionListener(long guildId, Interactions interactions, Executor executor,
      Function<Invocation, List<BotMessage>> handler, DiscordOutbox outbox) {
    this.guildId = guildId;
    this.interactions = requireNonNull(interactions, "interactions");
    this.executor = requireNonNull(executor, "executor");
    this.handler = requireNonNull(handler, "handler");
    this.outbox = requireNonNull(outbox, "outbox");
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    if (!firstDelivery(event)) {
      return;
    }
    if (!fromHome(event)) {
      refuse(event, "Relva runs in its own server only.");
      return;
    }
    Invocation call;
    try {
      call = interactions.slash(event);
    } catch (IllegalArgumentException e) {
      refuse(event, e.getMessage());
      return;
    }
    run(event, call);
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    if (!firstDelivery(event)) {
      return;
    }
    if (!fromHome(event)) {
      refuse(event, "Relva runs in its own server only.");
      return;
    }
    Optional<Invocation> call;
    try {
      call = interactions.button(event);
    } catch (IllegalArgumentException e) {
      refuse(event, e.getMessage());
      return;
    }
    if (call.isEmpty()) {
      refuse(event, "This button does nothing any more.");
      return;
    }
    run(event, call.get());
  }

  /**
   * Acknowledges first, and hands the command off once Discord has taken the acknowledgement.
   * If Discord refuses it (the interaction came too late, after a gateway outage say, or another
   * process acknowledged it), the user sees "This interaction failed", so the command does not
   * run: what happened is what the user was shown.
   */
  private void run(IReplyCallback event, Invocation call) {
    InteractionHook hook = event.getHook();
    UserId user = call.user().id();
    event.deferReply(true).queue(acknowledged -> {
      try {
        executor.execute(() -> outbox.answer(hook, user, () -> handler.apply(call)));
      } catch (RejectedExecutionException e) {
        DiscordOutbox.answerOriginal(hook, BotMessage.refusal(user,
            "Relva is stopping; try again when it is back."));
      }
    }, failure -> LOG.warn("Could not acknowledge interaction {} of user {}, so its command "
        + "did not run: {}", event.getId(), user, failure.toString()));
  }

  private boolean firstDelivery(Interaction event) {
    if (taken.putIfAbsent(event.getIdLong(), Boolean.TRUE) == null) {
      return true;
    }
    LOG.info("Ignored a second delivery of interaction {}", event.getId());
    return false;
  }

  private boolean fromHome(Interaction event) {
    Guild guild = event.getGuild();
    return guild != null && guild.getIdLong() == guildId;
  }

  private static void refuse(IReplyCallback event, String why) {
    UserId user = UserId.of(Long.toUnsignedString(event.getUser().getIdLong()));
    event.reply(DiscordOutbox.render(BotMessage.refusal(user, why))).setEphemeral(true).queue();
  }
}

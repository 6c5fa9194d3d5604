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
  private final InteractionMeter meter;
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
    this(guildId, interactions, executor, handler, outbox, InteractionMeter.NONE);
  }

  /** As above, timing every interaction with {@code meter}. */
  InteractionListener(long guildId, Interactions interactions, Executor executor,
      Function<Invocation, List<BotMessage>> handler, DiscordOutbox outbox,
      InteractionMeter meter) {
    this.meter = requireNonNull(meter, "meter");
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
    InteractionMeter.Stopwatch watch = meter.start(InteractionMeter.Kind.COMMAND,
        event.getFullCommandName());
    if (!fromHome(event)) {
      refuse(event, "Relva runs in its own server only.", watch);
      return;
    }
    Invocation call;
    try {
      call = interactions.slash(event);
    } catch (IllegalArgumentException e) {
      refuse(event, e.getMessage(), watch);
      return;
    }
    run(event, call, watch);
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    if (!firstDelivery(event)) {
      return;
    }
    Optional<Invocation> call = Optional.empty();
    String why = "Relva runs in its own server only.";
    if (fromHome(event)) {
      try {
        call = interactions.button(event);
        why = "This button does nothing any more.";
      } catch (IllegalArgumentException e) {
        why = e.getMessage();
      }
    }
    // A button's name for the metrics is its action, known once it is read; never its custom id,
    // which holds a match id.
    InteractionMeter.Stopwatch watch = meter.start(InteractionMeter.Kind.BUTTON,
        call.map(c -> c.command() + " " + c.subcommand()).orElse("unknown"));
    if (call.isEmpty()) {
      refuse(event, why, watch);
      return;
    }
    run(event, call.get(), watch);
  }

  /**
   * Acknowledges first, and hands the command off once Discord has taken the acknowledgement.
   * If Discord refuses it (the interaction came too late, after a gateway outage say, or another
   * process acknowledged it), the user sees "This interaction failed", so the command does not
   * run: what happened is what the user was shown.
   */
  private void run(IReplyCallback event, Invocation call, InteractionMeter.Stopwatch watch) {
    InteractionHook hook = event.getHook();
    UserId user = call.user().id();
    event.deferReply(true).queue(acknowledged -> {
      try {
        executor.execute(() -> outbox.answer(hook, user, () -> timed(call, watch)));
      } catch (RejectedExecutionException e) {
        watch.stop(InteractionMeter.Outcome.REFUSED);
        DiscordOutbox.answerOriginal(hook, BotMessage.refusal(user,
            "Relva is stopping; try again when it is back."));
      }
    }, failure -> {
      watch.stop(InteractionMeter.Outcome.ERROR);
      LOG.warn("Could not acknowledge interaction {} of user {}, so its command did not run: {}",
          event.getId(), user, failure.toString());
    });
  }

  /** Runs {@code call}; a reply that is a refusal makes it refused, an exception an error. */
  private List<BotMessage> timed(Invocation call, InteractionMeter.Stopwatch watch) {
    List<BotMessage> replies;
    try {
      replies = handler.apply(call);
    } catch (RuntimeException e) {
      watch.stop(InteractionMeter.Outcome.ERROR);
      throw e;
    }
    watch.stop(replies.stream().anyMatch(BotMessage::error) ? InteractionMeter.Outcome.REFUSED
        : InteractionMeter.Outcome.OK);
    return replies;
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

  private static void refuse(IReplyCallback event, String why,
      InteractionMeter.Stopwatch watch) {
    watch.stop(InteractionMeter.Outcome.REFUSED);
    UserId user = UserId.of(Long.toUnsignedString(event.getUser().getIdLong()));
    event.reply(DiscordOutbox.render(BotMessage.refusal(user, why))).setEphemeral(true).queue();
  }
}

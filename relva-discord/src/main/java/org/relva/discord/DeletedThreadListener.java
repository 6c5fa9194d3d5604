package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disbands a party whose thread is deleted in Discord (by a moderator, say), so that no party is
 * left without its channel: its members could no longer run party commands, nor leave. The party
 * leaves the queue, and a ready check it is in is called off with nobody at fault, as when a
 * moderator disbands it with {@code /admin disband}; its members are told in the lobby that its
 * thread was deleted. Threads the bot deletes itself belong to no party by then, and are ignored.
 * The same rule applies to a thread found gone when the bot starts ({@link RestoredThreads}),
 * deleted while it was offline.
 *
 * <p>The work runs on the bot's command executor, never on JDA's event thread. Thread-safe.
 */
final class DeletedThreadListener extends ListenerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(DeletedThreadListener.class);

  private final Relva relva;
  private final Announcer announcer;
  private final Executor executor;

  DeletedThreadListener(Relva relva, Announcer announcer, Executor executor) {
    this.relva = requireNonNull(relva, "relva");
    this.announcer = requireNonNull(announcer, "announcer");
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public void onChannelDelete(ChannelDeleteEvent event) {
    if (!event.getChannelType().isThread()) {
      return;
    }
    ChannelId deleted = ChannelId.of(event.getChannel().getId());
    try {
      executor.execute(() -> disbandOwnerOf(deleted, false));
    } catch (RejectedExecutionException e) {
      LOG.debug("Stopping; not checking the deleted thread {}", deleted);
    }
  }

  /**
   * Disbands the party whose channel is {@code deleted}, if there is one; {@code atStart} if the
   * thread was found gone when the bot started.
   *
   * @return the parties it disbanded
   */
  List<Party> disbandOwnerOf(ChannelId deleted, boolean atStart) {
    List<Party> disbanded = new ArrayList<>();
    for (Party party : relva.parties()) {
      if (relva.channel(party.id()).equals(Optional.of(deleted))) {
        LOG.info("The thread {} of party {} was deleted in Discord{}; disbanding the party",
            deleted, party.id(), atStart ? " while Relva was offline" : "");
        announcer.threadGone(party.id(), atStart);
        if (relva.disbandAsModerator(party.id()).isSuccess()) {
          disbanded.add(party);
        } else {
          announcer.forget(party.id());
        }
      }
    }
    return disbanded;
  }
}

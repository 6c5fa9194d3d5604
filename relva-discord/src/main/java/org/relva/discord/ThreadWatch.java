package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.channel.update.ChannelUpdateArchivedEvent;
import net.dv8tion.jda.api.events.guild.override.GenericPermissionOverrideEvent;
import net.dv8tion.jda.api.events.role.update.RoleUpdatePermissionsEvent;
import net.dv8tion.jda.api.events.thread.ThreadRevealedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what Discord changes under the bot's feet while it runs. When Discord archives a live
 * party's thread, it has {@link ThreadPartyChannels} unarchive it (and run what waited for it
 * once it is back); when a moderator edits a role or the lobby's permissions, it checks that the
 * bot still has what it needs in the lobby and tells the operator what to grant if not (and when
 * all is well again). JDA removes an archived thread from its cache right after the archive
 * event, so the event's thread object is the last handle on it.
 *
 * <p>The party lookup runs on the bot's command executor, never on JDA's event thread.
 * Thread-safe.
 */
final class ThreadWatch extends ListenerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadWatch.class);

  private final Relva relva;
  private final ThreadPartyChannels threads;
  private final Guild guild;
  private final TextChannel lobby;
  private final OperatorLog operator;
  private final Executor executor;
  /** What the bot lacked in the lobby when last checked. */
  private final AtomicReference<List<Permission>> missing = new AtomicReference<>(List.of());

  ThreadWatch(Relva relva, ThreadPartyChannels threads, Guild guild, TextChannel lobby,
      OperatorLog operator, Executor executor) {
    this.relva = requireNonNull(relva, "relva");
    this.threads = requireNonNull(threads, "threads");
    this.guild = requireNonNull(guild, "guild");
    this.lobby = requireNonNull(lobby, "lobby");
    this.operator = requireNonNull(operator, "operator");
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public void onChannelUpdateArchived(ChannelUpdateArchivedEvent event) {
    if (event.getChannelType() != ChannelType.GUILD_PRIVATE_THREAD
        || event.getGuild().getIdLong() != guild.getIdLong()) {
      return;
    }
    ThreadChannel thread = event.getChannel().asThreadChannel();
    if (Boolean.TRUE.equals(event.getNewValue())) {
      // Held here, on JDA's thread, before JDA drops it from its cache: a join handled on a
      // command thread meanwhile waits for it instead of finding no thread.
      threads.hold(thread);
      run(() -> {
        if (ownedByAParty(ChannelId.of(thread.getId()))) {
          threads.archived(thread);
        } else {
          threads.release(thread);
        }
      });
    } else {
      run(() -> threads.unarchived(thread));
    }
  }

  /**
   * A thread JDA had dropped from its cache (as it does an archived one) is back: when the
   * unarchive's answer came before the gateway's update, the update finds no cached thread to
   * mark unarchived, and JDA reveals it instead. The changes that waited for it run now.
   */
  @Override
  public void onThreadRevealed(ThreadRevealedEvent event) {
    ThreadChannel thread = event.getThread();
    if (thread.getType() == ChannelType.GUILD_PRIVATE_THREAD
        && thread.getGuild().getIdLong() == guild.getIdLong() && !thread.isArchived()) {
      run(() -> threads.unarchived(thread));
    }
  }

  @Override
  public void onRoleUpdatePermissions(RoleUpdatePermissionsEvent event) {
    checkPermissions();
  }

  @Override
  public void onGenericPermissionOverride(GenericPermissionOverrideEvent event) {
    checkPermissions();
  }

  /**
   * Compares what the bot may do in the lobby with what it needs; tells the operator when
   * something went missing, and logs when all is back.
   */
  void checkPermissions() {
    List<Permission> now = GuildBot.missingPermissions(guild.getSelfMember(), lobby);
    List<Permission> before = missing.getAndSet(now);
    if (now.equals(before)) {
      return;
    }
    if (now.isEmpty()) {
      LOG.info("Relva has every permission it needs in #{} again", lobby.getName());
    } else {
      operator.alert("A role or channel edit took permissions Relva needs: it now lacks "
          + String.join(", ", now.stream().map(Permission::getName).toList()) + " in #"
          + lobby.getName() + ". Until they are back, players are told what Relva cannot do. "
          + "Give them back to Relva's role (Server Settings, Roles) or allow them in #"
          + lobby.getName() + "'s permissions.");
    }
  }

  private boolean ownedByAParty(ChannelId channel) {
    return relva.parties().stream().anyMatch(p -> relva.channel(p.id())
        .equals(Optional.of(channel)));
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("Stopping; a thread update is not handled");
    }
  }
}

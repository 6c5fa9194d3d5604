package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel.AutoArchiveDuration;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.PermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import org.jspecify.annotations.Nullable;
import org.relva.core.PartyChannels;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Party channels as private threads of the lobby channel.
 *
 * <h2>Why threads</h2>
 * A party needs a room only its members can see, made and removed as often as parties come and
 * go. Text channels would do it with permission overwrites, but a server holds at most 500
 * channels, and a category 50, so a busy evening of parties could fill a server, or its category,
 * and every party channel would stay in the channel list for everyone with the permission to see
 * it. A private thread counts against neither cap: membership is its permission (a member sees it
 * when added and stops seeing it when removed), and it lives under the lobby, where the party was
 * made. Threads have their own cap: about 1,000 active (not archived) threads per server, shared
 * with every other thread there. When Discord refuses a new one for that reason (error 160006),
 * {@link #open} says so: the server has too many active threads.
 *
 * <h2>What it does</h2>
 * {@link #open} creates a private thread named exactly as the core asks ({@code Party [K8d0wl5]};
 * unlike a text channel's, a thread's name keeps its capitals, spaces and brackets), that members
 * cannot invite others to (only the party's join code lets people in), and adds the leader. It is
 * the one call that blocks, as the port allows, each of its two requests bounded by a timeout.
 * {@link #grant} and {@link #revoke} add and remove a thread member; {@link #close} deletes the
 * thread. These three are queued and never block; their failures are logged, and the party's
 * membership stays the truth. A party's thread is always found by the id this class returned,
 * never by its name.
 *
 * <h2>Threads no party owns</h2>
 * A request can time out after Discord carried it out: {@link #open} then reports a failure, the
 * core makes no party, and the thread Discord made is left with no party. A failed clean-up, or an
 * earlier run of the bot (parties live in memory), leaves such threads too. {@link #sweep} deletes
 * them: every thread of the lobby that the bot made, named as a party's, that no live party has
 * owned for long enough that no {@link #open} still in progress can be about to hand it to the
 * core. Only one bot may serve a server: a second one would take the first one's parties'
 * threads for orphans.
 *
 * <h2>Archived threads</h2>
 * Discord archives a thread after its {@code auto_archive_duration} (a week here) without
 * activity, and may do it sooner in a busy server ({@code topics/threads}). An archived thread
 * drops out of JDA's cache and its members cannot change. A party can live longer than that, so
 * when Discord archives a party's thread ({@link #archived}, from the bot's listener) this class
 * unarchives it at once; a grant, revoke or close that arrives meanwhile waits for the thread to
 * be back ({@link #unarchived}) and then runs. If Discord refuses to unarchive (the server is at
 * its active-thread cap, or the bot lost a permission), the waiting changes are dropped and the
 * operator is told.
 *
 * <h2>Permissions</h2>
 * The bot needs Create Private Threads, Send Messages in Threads and Manage Threads in the lobby.
 * A moderator may take one away while the bot runs. Then the player who ran into it is told which
 * one is missing, the {@linkplain OperatorLog operator} is told what to grant, and nothing is
 * left half-made: a party is made only with its thread, and a thread whose party is gone is
 * deleted by {@link #sweep} once Manage Threads is back. Server moderators with Manage Threads can
 * see private threads.
 *
 * <p>This class is thread-safe: its only state is what {@link #sweep} remembers between calls,
 * in concurrent collections.
 */
final class ThreadPartyChannels implements PartyChannels {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadPartyChannels.class);
  /** The names the core gives party channels: {@code Party [K8d0wl5]}. */
  private static final Pattern PARTY_THREAD = Pattern.compile(
      "Party \\[" + EntityId.FORMAT.pattern() + "\\]");

  private final IThreadContainer lobby;
  private final Guild guild;
  private final Duration timeout;
  private final OperatorLog operator;
  /**
   * Party threads Discord archived and this class asked to unarchive, with the changes waiting
   * for them to be back; guarded by itself.
   */
  private final Map<Long, List<Consumer<ThreadChannel>>> archived = new HashMap<>();
  /** Unowned threads {@link #sweep} asked Discord to delete, until Discord answers. */
  private final Set<Long> deleting = ConcurrentHashMap.newKeySet();
  /** When {@link #sweep} first saw each party thread that no party held. */
  private final Map<Long, Instant> unownedSince = new ConcurrentHashMap<>();

  /**
   * @param lobby the channel the threads are made in
   * @param guild where threads are looked up by id
   * @param timeout how long each request of {@link #open} may take
   */
  ThreadPartyChannels(IThreadContainer lobby, Guild guild, Duration timeout,
      OperatorLog operator) {
    this.lobby = requireNonNull(lobby, "lobby");
    this.guild = requireNonNull(guild, "guild");
    this.timeout = requireNonNull(timeout, "timeout");
    this.operator = requireNonNull(operator, "operator");
  }

  ThreadPartyChannels(IThreadContainer lobby, Guild guild, Duration timeout) {
    this(lobby, guild, timeout, new OperatorLog());
  }

  @Override
  public ChannelId open(EntityId party, String name, Member leader) throws ChannelException {
    ThreadChannel thread;
    try {
      thread = awaitAnswer(lobby.createThreadChannel(name, true)
          .setInvitable(false)
          .setAutoArchiveDuration(AutoArchiveDuration.TIME_1_WEEK));
    } catch (RuntimeException e) {
      LOG.warn("Could not create the thread {} for party {}: {}", name, party, e.toString());
      LOG.debug("Thread creation failure", e);
      tellOperator(e, Permission.CREATE_PRIVATE_THREADS, "open party threads");
      throw new ChannelException(whyNot("open the party's thread",
          Permission.CREATE_PRIVATE_THREADS, e), e);
    }
    try {
      awaitAnswer(thread.addThreadMemberById(leader.id().value()));
    } catch (RuntimeException e) {
      LOG.warn("Could not add {} to the new thread {} of party {}; deleting it: {}",
          leader.id(), thread.getId(), party, e.toString());
      LOG.debug("Thread member failure", e);
      tellOperator(e, Permission.MESSAGE_SEND_IN_THREADS, "add players to party threads");
      try {
        thread.delete().queue(null, failure -> {
          LOG.warn("Could not delete the thread {}: {}", thread.getId(), failure.toString());
          tellOperator(failure, Permission.MANAGE_THREADS, "delete party threads");
        });
      } catch (RuntimeException refused) {
        // JDA knows the bot lacks Manage Threads; the sweep deletes it once it is back.
        tellOperator(refused, Permission.MANAGE_THREADS, "delete party threads");
      }
      throw new ChannelException(whyNot("add you to the party's thread",
          Permission.MESSAGE_SEND_IN_THREADS, e), e);
    }
    LOG.info("Opened thread {} ({}) for party {}", thread.getId(), name, party);
    return ChannelId.of(thread.getId());
  }

  /**
   * Sends {@code action} and waits at most the timeout for Discord's answer. JDA's own
   * {@code timeout} only skips a request still waiting its turn (behind a rate limit, say); once
   * sent, JDA waits for the answer as long as its HTTP client does, and sends a POST once more
   * when the connection times out. So the wait is bounded here; an answer that comes later is
   * dropped, and a thread made by it is left to {@link #sweep}.
   *
   * @throws RuntimeException JDA's failure, or a {@link CompletionException} of a
   *     {@link TimeoutException} when time ran out
   */
  private <T> T awaitAnswer(RestAction<T> action) {
    return await(action.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).submit(), timeout);
  }

  /**
   * Discord's answer, waited for at most {@code within}: its failure rethrown as it is if it is
   * unchecked, a timeout or an interrupt as a {@link CompletionException} (the wait given up).
   */
  static <T> T await(CompletableFuture<T> answer, Duration within) {
    try {
      return answer.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(false);
      throw new CompletionException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure
          : new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(false);
      throw new CompletionException(e);
    }
  }

  @Override
  public void grant(ChannelId channel, Member member) {
    withThread(channel, "add " + member.id(), t -> t.addThreadMemberById(member.id().value())
        .queue(null, failure -> {
          LOG.warn("Could not add {} to thread {}: {}", member.id(), channel, failure.toString());
          tellOperator(failure, Permission.MESSAGE_SEND_IN_THREADS,
              "add players to party threads");
        }), Permission.MESSAGE_SEND_IN_THREADS, "add players to party threads");
  }

  @Override
  public void revoke(ChannelId channel, UserId user) {
    withThread(channel, "remove " + user, t -> t.removeThreadMemberById(user.value())
        .queue(null, failure -> {
          LOG.warn("Could not remove {} from thread {}: {}", user, channel, failure.toString());
          tellOperator(failure, Permission.MANAGE_THREADS, "remove players from party threads");
        }), Permission.MANAGE_THREADS, "remove players from party threads");
  }

  @Override
  public void close(ChannelId channel) {
    withThread(channel, "delete it", thread -> thread.delete().queue(null, failure -> {
      if (DiscordOutbox.channelGone(failure)) {
        LOG.info("Thread {} is gone already", channel);
      } else {
        LOG.warn("Could not delete thread {}: {}", channel, failure.toString());
        tellOperator(failure, Permission.MANAGE_THREADS, "delete party threads");
      }
    }), Permission.MANAGE_THREADS, "delete party threads");
  }

  /**
   * Runs {@code change} on the party thread {@code channel}: at once if JDA has it, once it is
   * back if Discord archived it and this class is unarchiving it, else not at all (it was
   * deleted). A change JDA refuses before sending (a permission its cache says the bot lacks) is
   * reported to the operator.
   */
  private void withThread(ChannelId channel, String action, Consumer<ThreadChannel> change,
      Permission needed, String doing) {
    Consumer<ThreadChannel> guarded = thread -> {
      try {
        change.accept(thread);
      } catch (RuntimeException e) {
        LOG.warn("Could not {} in thread {}: {}", action, channel, e.toString());
        tellOperator(e, needed, doing);
      }
    };
    ThreadChannel thread = cached(channel);
    if (thread != null && !thread.isArchived()) {
      guarded.accept(thread);
      return;
    }
    if (thread != null) {
      // Archived, and maybe before ThreadWatch has heard of it (JDA marks a thread archived
      // before its listeners run), or after an unarchive failed: the change waits, and an
      // unarchive is asked for here, whose failure drops it (and tells the operator) rather
      // than leaving it waiting for nothing. Asked twice, Discord unarchives once.
      hold(thread);
    }
    Long id = channel.value().matches("[0-9]{1,20}") ? Long.parseUnsignedLong(channel.value())
        : null;
    synchronized (archived) {
      List<Consumer<ThreadChannel>> waiting = id == null ? null : archived.get(id);
      if (waiting != null) {
        LOG.info("Thread {} is being unarchived; will {} once it is back", channel, action);
        waiting.add(guarded);
        if (thread == null) {
          return;
        }
      }
    }
    if (thread != null) {
      archived(thread);
      return;
    }
    // Deleted in Discord already (which is how a party loses its thread).
    LOG.info("Thread {} is gone; could not {}", channel, action);
  }

  /**
   * Discord archived {@code thread}: from now on, changes to it wait (until {@link #unarchived},
   * or until {@link #release} drops them). Called on JDA's event thread, before JDA drops the
   * thread from its cache, so that no change falls between the two. Never blocks.
   *
   * @return whether the thread was not held already
   */
  boolean hold(ThreadChannel thread) {
    synchronized (archived) {
      return archived.putIfAbsent(thread.getIdLong(), new ArrayList<>()) == null;
    }
  }

  /** Drops a {@linkplain #hold held} thread that no party owns, and what waited for it. */
  void release(ThreadChannel thread) {
    synchronized (archived) {
      archived.remove(thread.getIdLong());
    }
  }

  /**
   * Discord archived {@code thread}, a party's: holds the changes that come meanwhile, and asks
   * Discord to unarchive it. Never blocks.
   */
  void archived(ThreadChannel thread) {
    hold(thread);
    if (drainIfBack(thread.getIdLong())) {
      return; // unarchived meanwhile (a message in it does that)
    }
    LOG.info("Discord archived the thread {} of a live party; unarchiving it", thread.getId());
    try {
      thread.getManager().setArchived(false).queue(done -> drainIfBack(thread.getIdLong()),
          failure -> unarchiveFailed(thread, failure));
    } catch (RuntimeException e) {
      unarchiveFailed(thread, e);
    }
  }

  /** Runs what waits for thread {@code id} if JDA has it back, active; whether it did. */
  private boolean drainIfBack(long id) {
    ThreadChannel back = guild.getThreadChannelById(id);
    if (back == null || back.isArchived()) {
      return false;
    }
    unarchived(back);
    return true;
  }

  private void unarchiveFailed(ThreadChannel thread, Throwable failure) {
    List<Consumer<ThreadChannel>> dropped;
    synchronized (archived) {
      dropped = archived.remove(thread.getIdLong());
    }
    LOG.warn("Could not unarchive thread {}: {}; {} change(s) to it dropped", thread.getId(),
        failure.toString(), dropped == null ? 0 : dropped.size());
    if (isThreadCap(failure)) {
      operator.alert("The server is at Discord's cap of active threads, so Relva could not "
          + "unarchive the party thread " + thread.getName() + " (" + thread.getId() + "). "
          + "Archive or delete some threads (Server Settings is no help here: the cap is "
          + "Discord's).");
    } else {
      tellOperator(failure, Permission.MESSAGE_SEND_IN_THREADS, "unarchive party threads");
    }
  }

  /**
   * {@code thread} is back (unarchived, by this class or anyone): runs the changes that waited
   * for it.
   */
  void unarchived(ThreadChannel thread) {
    List<Consumer<ThreadChannel>> waiting;
    synchronized (archived) {
      waiting = archived.remove(thread.getIdLong());
    }
    if (waiting != null) {
      LOG.info("Thread {} is unarchived; {} change(s) waited for it", thread.getId(),
          waiting.size());
      waiting.forEach(change -> change.accept(thread));
    }
  }

  /**
   * Deletes the lobby's party threads that the bot made and that no party in {@code owned} has
   * held for {@code minAge}, counted from when this method first saw them without a party. The
   * age is this process's own, not the thread's creation time, so that a host clock ahead of
   * Discord's cannot make a thread being opened look old. Never blocks.
   *
   * @return how many it asked Discord to delete
   */
  int sweep(Set<ChannelId> owned, Instant now, Duration minAge) {
    net.dv8tion.jda.api.entities.Member selfMember = guild.getSelfMember();
    long self = selfMember.getIdLong();
    Set<Long> unowned = new HashSet<>();
    int deleted = 0;
    // Without Manage Threads (as JDA knows it) the orphans are only counted, not asked about.
    boolean refused = !selfMember.hasPermission(lobby, Permission.MANAGE_THREADS);
    for (ThreadChannel thread : lobby.getThreadChannels()) {
      if (thread.getOwnerIdLong() != self || !PARTY_THREAD.matcher(thread.getName()).matches()
          || owned.contains(ChannelId.of(thread.getId()))) {
        continue;
      }
      unowned.add(thread.getIdLong());
      Instant since = unownedSince.computeIfAbsent(thread.getIdLong(), id -> now);
      if (since.plus(minAge).isAfter(now) || !deleting.add(thread.getIdLong())) {
        continue; // too young, or asked already and Discord's answer is on its way
      }
      if (refused) {
        deleting.remove(thread.getIdLong());
        alertLacking(Permission.MANAGE_THREADS, "delete party threads");
        continue;
      }
      LOG.info("Deleting thread {} ({}): no party owns it", thread.getId(), thread.getName());
      try {
        thread.delete().queue(done -> deleting.remove(thread.getIdLong()), failure -> {
          deleting.remove(thread.getIdLong());
          if (DiscordOutbox.channelGone(failure)) {
            LOG.info("The unowned thread {} is gone already", thread.getId());
          } else {
            LOG.warn("Could not delete the unowned thread {}: {}", thread.getId(),
                failure.toString());
            tellOperator(failure, Permission.MANAGE_THREADS, "delete party threads");
          }
        });
      } catch (RuntimeException e) {
        // JDA knows the bot lacks Manage Threads: no use trying the others; the next sweep
        // after a moderator gives it back deletes them.
        deleting.remove(thread.getIdLong());
        tellOperator(e, Permission.MANAGE_THREADS, "delete party threads");
        refused = true;
        continue;
      }
      deleted++;
    }
    unownedSince.keySet().retainAll(unowned);
    return deleted;
  }

  private @Nullable ThreadChannel cached(ChannelId channel) {
    return channel.value().matches("[0-9]{1,20}") ? guild.getThreadChannelById(channel.value())
        : null;
  }

  /**
   * Tells the operator what to grant when {@code failure} is a refusal for a permission: the one
   * JDA names, else the one {@code doing} needs ({@code needed}).
   */
  private void tellOperator(Throwable failure, Permission needed, String doing) {
    Optional<Permission> missing = missingPermission(failure, needed);
    missing.ifPresent(permission -> alertLacking(permission, doing));
  }

  private void alertLacking(Permission permission, String doing) {
    operator.alert("Relva lacks " + permission.getName() + " in #" + lobby.getName()
        + ", so it cannot " + doing + ". Give it back to Relva's role (Server Settings, Roles) "
        + "or allow it in #" + lobby.getName() + "'s permissions.");
  }

  /**
   * The permission {@code failure} says the bot lacks: JDA's own check names it; Discord's 50013
   * (Missing Permissions) or 50001 (Missing Access) does not, so it is {@code needed}. Empty if
   * the failure is not about permissions.
   */
  static Optional<Permission> missingPermission(Throwable failure, Permission needed) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InsufficientPermissionException insufficient) {
        return Optional.of(insufficient.getPermission());
      }
      if (t instanceof PermissionException) {
        return Optional.of(needed);
      }
      if (t instanceof ErrorResponseException error
          && (error.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS
              || error.getErrorResponse() == ErrorResponse.MISSING_ACCESS)) {
        return Optional.of(error.getErrorResponse() == ErrorResponse.MISSING_ACCESS
            ? Permission.VIEW_CHANNEL : needed);
      }
    }
    return Optional.empty();
  }

  private static boolean isThreadCap(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException error
          && (error.getErrorResponse() == ErrorResponse.MAX_ACTIVE_THREADS
              || error.getErrorCode() == ErrorResponse.MAX_ACTIVE_THREADS.getCode())) {
        return true;
      }
    }
    return false;
  }

  /**
   * What to tell the user when {@code failure} stopped the bot from doing {@code what}, which
   * needs {@code needed}.
   */
  static String whyNot(String what, Permission needed, Throwable failure) {
    if (isThreadCap(failure)) {
      return "This server has too many active threads (Discord allows about 1,000), so "
          + "Relva cannot open a party thread. Ask a moderator to archive or delete some "
          + "threads, then try again.";
    }
    Optional<Permission> missing = missingPermission(failure, needed);
    if (missing.isPresent()) {
      return "Relva may not " + what + ": it lacks the " + missing.get().getName()
          + " permission in the lobby. Ask a moderator to give it back to Relva's role.";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return "Discord did not answer in time when Relva tried to " + what + ". Try again in a "
            + "moment.";
      }
      if (t instanceof ErrorResponseException error) {
        return "Discord refused when Relva tried to " + what + " (" + error.getMeaning()
            + "). Try again later.";
      }
    }
    return "Relva could not " + what + " (" + failure.getMessage() + "). Try again later.";
  }
}

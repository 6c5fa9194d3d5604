package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.ThreadMember;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, finds each restored party's thread again and puts it right, since Discord went
 * on while the bot was down.
 *
 * <ul>
 *   <li>A thread still active is in JDA's cache (GUILD_CREATE lists the active threads); one
 *       Discord archived meanwhile is not, and is looked for among the lobby's archived private
 *       threads (List Private Archived Threads, which needs Read Message History and Manage
 *       Threads), then unarchived through {@link ThreadPartyChannels#archived}, so the changes
 *       below wait for it to be back.</li>
 *   <li>A thread found in neither was deleted while the bot was down: the party is disbanded by
 *       {@link DeletedThreadListener}'s rule, as if the deletion had been seen live, and its
 *       members are told in the lobby why. If the archived threads could not be listed, nothing
 *       is disbanded (gone cannot be told from unseen) and the operator is told.</li>
 *   <li>A thread found gets the party's members who are missing from it, and loses anyone else
 *       but the bot. Listing a thread's members (List Thread Members) needs the Server Members
 *       intent switched on for the application; without it the missing members are still added
 *       (adding a member twice changes nothing), but people added to the thread while the bot
 *       was down cannot be found, which the log says once.</li>
 * </ul>
 *
 * <p>{@link #check} blocks on Discord's answers, each bounded by the request timeout: run it on
 * the bot's command executor, never on JDA's threads. Thread-safe (it keeps no state).
 */
final class RestoredThreads {
  private static final Logger LOG = LoggerFactory.getLogger(RestoredThreads.class);
  /** More members than a party and its thread can sensibly hold; the listing stops there. */
  private static final int MEMBERS_LISTED = 1000;

  private final Relva relva;
  private final Guild guild;
  private final TextChannel lobby;
  private final ThreadPartyChannels threads;
  private final DeletedThreadListener deletions;
  private final Duration timeout;
  private final OperatorLog operator;

  /**
   * What a {@link #check} did.
   *
   * @param kept restored parties whose thread was found
   * @param unarchived of those, how many threads Discord had archived
   * @param disbanded parties disbanded because their thread was gone
   * @param unknown parties whose thread could not be looked for, left as they were
   * @param added thread members added (or, without the member list, confirmed)
   * @param removed people removed from a party's thread who are not in the party
   */
  record Report(int kept, int unarchived, int disbanded, int unknown, int added, int removed) {}

  RestoredThreads(Relva relva, Guild guild, TextChannel lobby, ThreadPartyChannels threads,
      DeletedThreadListener deletions, Duration timeout, OperatorLog operator) {
    this.relva = requireNonNull(relva, "relva");
    this.guild = requireNonNull(guild, "guild");
    this.lobby = requireNonNull(lobby, "lobby");
    this.threads = requireNonNull(threads, "threads");
    this.deletions = requireNonNull(deletions, "deletions");
    this.timeout = requireNonNull(timeout, "timeout");
    this.operator = requireNonNull(operator, "operator");
  }

  /** Checks every restored party's thread; logs what it did, and any failure. Never throws. */
  void checkAndLog() {
    try {
      Report report = check();
      LOG.info("Restored parties' threads: {} found ({} unarchived), {} gone (parties "
          + "disbanded), {} not looked for; {} member(s) added, {} removed", report.kept(),
          report.unarchived(), report.disbanded(), report.unknown(), report.added(),
          report.removed());
    } catch (RuntimeException e) {
      LOG.error("Checking the restored parties' threads failed", e);
    }
  }

  /** Finds each restored party's thread and puts it right; see the class. Blocks. */
  Report check() {
    Map<Long, Party> byThread = new LinkedHashMap<>();
    for (Party party : relva.parties()) {
      relva.channel(party.id()).map(ChannelId::value).filter(id -> id.matches("[0-9]{1,20}"))
          .ifPresent(id -> byThread.put(Long.parseUnsignedLong(id), party));
    }
    Map<Long, ThreadChannel> active = new LinkedHashMap<>();
    for (long id : byThread.keySet()) {
      ThreadChannel thread = guild.getThreadChannelById(id);
      if (thread != null && !thread.isArchived()) {
        active.put(id, thread);
      }
    }
    Set<Long> missing = new HashSet<>(byThread.keySet());
    missing.removeAll(active.keySet());
    Optional<Map<Long, ThreadChannel>> archived = missing.isEmpty() ? Optional.of(Map.of())
        : archivedAmong(missing);
    // Held and unarchiving before anything else, so that a command meanwhile waits for them.
    archived.ifPresent(found -> found.values().forEach(threads::archived));

    int kept = 0;
    int disbanded = 0;
    int unknown = 0;
    int added = 0;
    int removed = 0;
    boolean membersHidden = false;
    for (Map.Entry<Long, Party> restored : byThread.entrySet()) {
      long id = restored.getKey();
      ThreadChannel thread = active.get(id);
      if (thread == null && archived.isPresent()) {
        thread = archived.get().get(id);
      }
      if (thread == null) {
        if (archived.isPresent()) {
          disbanded += deletions.disbandOwnerOf(ChannelId.of(Long.toUnsignedString(id)), true)
              .size();
        } else {
          unknown++;
        }
        continue;
      }
      kept++;
      Optional<Set<String>> present = members(thread);
      membersHidden |= present.isEmpty();
      Optional<Party> now = relva.party(restored.getValue().id());
      if (now.isEmpty()) {
        continue; // disbanded meanwhile, which closed its thread
      }
      ChannelId channel = ChannelId.of(thread.getId());
      Set<String> wanted = now.get().members().stream().map(m -> m.id().value())
          .collect(Collectors.toSet());
      for (Member member : now.get().members()) {
        if (present.isEmpty() || !present.get().contains(member.id().value())) {
          threads.grant(channel, member);
          added++;
        }
      }
      String self = guild.getSelfMember().getId();
      for (String user : present.orElse(Set.of())) {
        if (!wanted.contains(user) && !user.equals(self)) {
          LOG.info("{} is in the thread {} of party {} but not in the party; removing them",
              user, channel, now.get().id());
          threads.revoke(channel, UserId.of(user));
          removed++;
        }
      }
    }
    if (membersHidden) {
      LOG.info("Discord does not list thread members without the Server Members intent, so "
          + "Relva added the parties' members to their threads but cannot find others added "
          + "while it was offline. Switch the intent on (Developer Portal, Bot) if that matters.");
    }
    return new Report(kept, archived.map(Map::size).orElse(0), disbanded, unknown, added,
        removed);
  }

  /**
   * The threads among {@code wanted} that are archived private threads of the lobby; empty if
   * Discord could not be asked (the operator is told what to grant, if it is a permission).
   */
  private Optional<Map<Long, ThreadChannel>> archivedAmong(Set<Long> wanted) {
    Map<Long, ThreadChannel> found = new ConcurrentHashMap<>();
    try {
      ThreadPartyChannels.await(lobby.retrieveArchivedPrivateThreadChannels().forEachAsync(thread -> {
        if (wanted.contains(thread.getIdLong())) {
          found.put(thread.getIdLong(), thread);
        }
        return found.size() < wanted.size();
      }), timeout.multipliedBy(wanted.size() + 2L));
      return Optional.of(found);
    } catch (RuntimeException e) {
      LOG.warn("Could not list the archived threads of #{}; {} restored part(ies) whose thread "
          + "is not active are kept as they are: {}", lobby.getName(), wanted.size(),
          e.toString());
      Permission lacking = ThreadPartyChannels.missingPermission(e, Permission.MESSAGE_HISTORY)
          .orElse(null);
      if (lacking != null) {
        operator.alert("Relva lacks " + lacking.getName() + " in #" + lobby.getName()
            + ", so at start it could not look for the archived threads of " + wanted.size()
            + " restored part" + (wanted.size() == 1 ? "y" : "ies") + ". They are kept; if "
            + "their threads were deleted, disband them with /admin disband. Give "
            + lacking.getName() + " back to Relva's role (Server Settings, Roles).");
      }
      return Optional.empty();
    }
  }

  /** The user ids of {@code thread}'s members; empty if Discord would not list them. */
  private Optional<Set<String>> members(ThreadChannel thread) {
    try {
      List<ThreadMember> members = ThreadPartyChannels.await(thread.retrieveThreadMembers()
          .takeAsync(MEMBERS_LISTED), timeout.multipliedBy(2));
      return Optional.of(members.stream().map(ThreadMember::getId)
          .collect(Collectors.toSet()));
    } catch (RuntimeException e) {
      if (!refusedForIntent(e)) {
        LOG.warn("Could not list the members of thread {}: {}", thread.getId(), e.toString());
      }
      return Optional.empty();
    }
  }

  /** Whether {@code failure} is Discord's Missing Access: the members intent is off. */
  private static boolean refusedForIntent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException error
          && error.getErrorResponse() == ErrorResponse.MISSING_ACCESS) {
        return true;
      }
    }
    return false;
  }

}

package org.relva.core;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * The core's invariants over its stores, in one place: checked when a core is built on stores
 * that already hold state (a restart), and by the testkit's {@code RelvaInvariants} after every
 * step of a test. See {@link RelvaStores#violations()} for the list.
 */
final class StateCheck {
  private StateCheck() {}

  /** Every violated invariant, described; empty when the stores are consistent. */
  static List<String> violations(RelvaStores stores) {
    return violations(stores, null);
  }

  /**
   * Every violated invariant, described; with {@code config}, also that every entry's queue is
   * one of its queues, and that nothing waits in several queues unless it allows that.
   */
  static List<String> violations(RelvaStores stores, @Nullable RelvaConfig config) {
    ImmutableList.Builder<String> v = ImmutableList.builder();
    Map<EntityId, Party> parties = stores.parties().snapshot();
    Map<UserId, EntityId> leaders = stores.leaders().snapshot();
    Map<UserId, EntityId> memberships = stores.memberships().snapshot();
    Map<JoinCode, EntityId> codes = stores.joinCodes().snapshot();
    Map<EntityId, ChannelId> channels = stores.channels().snapshot();
    Map<QueueSlot, QueueEntry> slots = stores.queue().snapshot();
    Map<EntityId, List<QueueEntry>> queue = new HashMap<>();
    slots.forEach((slot, entry) -> {
      if (!slot.equals(entry.slot())) {
        v.add("queue entry " + entry.slot() + " is stored under " + slot);
      }
      queue.computeIfAbsent(slot.entity(), k -> new ArrayList<>()).add(entry);
      if (config != null && config.queue(entry.queue()).isEmpty()) {
        v.add("entity " + entry.id() + " waits in queue " + entry.queue() + ", which there is not");
      }
    });
    if (config != null && !config.multiQueue()) {
      queue.forEach((id, entries) -> {
        if (entries.size() > 1) {
          v.add("entity " + id + " waits in " + entries.size() + " queues without multiQueue");
        }
      });
    }
    Map<UserId, EntityId> tickets = stores.soloTickets().snapshot();
    Map<EntityId, PartyTally> tallies = stores.tallies().snapshot();

    Map<UserId, EntityId> expectedMemberships = new HashMap<>();
    Map<UserId, EntityId> expectedLeaders = new HashMap<>();
    Map<JoinCode, EntityId> expectedCodes = new HashMap<>();
    parties.forEach((id, party) -> {
      if (!id.equals(party.id())) {
        v.add("party " + party.id() + " is stored under " + id);
      }
      if (party.size() < 1 || party.size() > Party.MAX_SIZE) {
        v.add("party " + id + " has " + party.size() + " members");
      }
      if (!party.hasMember(party.leaderId())) {
        v.add("party " + id + "'s leader " + party.leaderId() + " is not a member");
      }
      for (Member m : party.members()) {
        EntityId other = expectedMemberships.put(m.id(), id);
        if (other != null) {
          v.add("user " + m.id() + " is in two parties, " + other + " and " + id);
        }
      }
      expectedLeaders.put(party.leaderId(), id);
      EntityId codeOwner = expectedCodes.put(party.joinCode(), id);
      if (codeOwner != null) {
        v.add("parties " + codeOwner + " and " + id + " share the join code " + party.joinCode());
      }
    });
    diff(v, "membership index", expectedMemberships, memberships);
    diff(v, "leader index", expectedLeaders, leaders);
    diff(v, "join-code index", expectedCodes, codes);
    if (!channels.keySet().equals(parties.keySet())) {
      v.add("parties " + parties.keySet() + " and channels " + channels.keySet() + " disagree");
    }
    if (new HashSet<>(channels.values()).size() != channels.size()) {
      v.add("two parties share a channel: " + channels);
    }
    if (!tallies.keySet().equals(parties.keySet())) {
      v.add("parties " + parties.keySet() + " and tallies " + tallies.keySet() + " disagree");
    }

    Map<UserId, EntityId> queuedUsers = new HashMap<>();
    Map<UserId, EntityId> expectedTickets = new HashMap<>();
    slots.forEach((slot, entry) -> {
      EntityId id = slot.entity();
      for (Member m : entry.entity().members()) {
        EntityId other = queuedUsers.put(m.id(), id);
        if (other != null && !other.equals(id)) {
          v.add("user " + m.id() + " is queued twice, in " + other + " and " + id);
        }
      }
      if (entry.entity() instanceof Party) {
        Party queued = (Party) entry.entity();
        Optional<Party> live = Optional.ofNullable(parties.get(id));
        if (live.isEmpty()) {
          v.add("queued party " + id + " does not exist");
        } else if (!live.get().equals(queued)) {
          v.add("queued party " + id + " is queued as " + queued + " but is " + live.get());
        }
        if (queued.size() < Party.MIN_QUEUE_SIZE || queued.size() > Party.MAX_SIZE) {
          v.add("queued party " + id + " has " + queued.size() + " members");
        }
      } else {
        SoloPlayer solo = (SoloPlayer) entry.entity();
        expectedTickets.put(solo.member().id(), id);
        if (expectedMemberships.containsKey(solo.member().id())) {
          v.add("solo player " + solo.member().id() + " is also in party "
              + expectedMemberships.get(solo.member().id()));
        }
        if (parties.containsKey(id)) {
          v.add("solo ticket " + id + " shares its id with a party");
        }
      }
    });
    diff(v, "solo ticket index", expectedTickets, tickets);
    stores.stays().snapshot().forEach((id, began) -> {
      List<QueueEntry> entries = queue.getOrDefault(id, List.of());
      if (entries.isEmpty() || !(entries.get(0).entity() instanceof Party)) {
        v.add("entity " + id + " has a stay but is no queued party");
        return;
      }
      Instant joined = entries.stream().map(QueueEntry::joinedAt).min(Instant::compareTo)
          .orElseThrow();
      if (began.isBefore(joined)) {
        v.add("queued party " + id + "'s stay began at " + began + ", before it joined at "
            + joined);
      }
    });
    queue.forEach((id, entries) -> {
      if (entries.get(0).entity() instanceof Party && !stores.stays().containsKey(id)) {
        v.add("queued party " + id + " has no stay");
      }
    });

    Map<String, MatchRecord> matches = stores.matches().snapshot();
    stores.playerMatches().snapshot().forEach((user, matchId) -> {
      MatchRecord match = matches.get(matchId);
      if (match == null || !match.state().isOpen()) {
        v.add("player " + user + " is held by match " + matchId + ", which is not open");
      } else if (!match.hasPlayer(user)) {
        v.add("player " + user + " is held by match " + matchId + ", which they do not play in");
      } else if (match.state() == MatchRecord.State.POPPED && queuedUsers.containsKey(user)) {
        v.add("player " + user + " is queued during match " + matchId + "'s ready check");
      }
    });
    stores.mapPolls().snapshot().forEach((matchId, poll) -> {
      MatchRecord match = matches.get(matchId);
      if (match == null || match.state() != MatchRecord.State.CONFIRMED || match.map().isPresent()
          || !poll.matchId().equals(matchId)) {
        v.add("map vote " + matchId + " is open, but its match is not confirmed without a map");
      } else if (!poll.votes().keySet().stream().allMatch(match::hasPlayer)) {
        v.add("map vote " + matchId + " counts votes of players who are not in the match");
      }
    });
    stores.drafts().snapshot().forEach((matchId, draft) -> {
      MatchRecord match = matches.get(matchId);
      if (match == null || !match.state().isOpen() || !draft.matchId().equals(matchId)) {
        v.add("draft " + matchId + " runs, but its match is not open");
      } else if (match.state() == MatchRecord.State.POPPED
          ? draft.isPicking() : !draft.isPicking()) {
        v.add("draft " + matchId + " is " + (draft.isPicking() ? "picking" : "taking volunteers")
            + " while its match is " + match.state());
      } else if (!draft.volunteers().stream().allMatch(match::hasPlayer)) {
        v.add("draft " + matchId + " has volunteers who are not in the match");
      } else if (draft.isPicking()) {
        List<EntityId> drafted = new ArrayList<>();
        draft.teams().forEach(t -> t.forEach(e -> drafted.add(e.id())));
        draft.pool().forEach(e -> drafted.add(e.id()));
        List<EntityId> entries = match.entries().stream().map(QueueEntry::id).toList();
        int teamSize = match.teams().get(0).stream().mapToInt(e -> e.entity().size()).sum();
        if (drafted.size() != entries.size() || !drafted.containsAll(entries)) {
          v.add("draft " + matchId + " holds entries " + drafted + ", its match " + entries);
        }
        for (int t = 0; t < draft.teams().size(); t++) {
          UserId captain = draft.captains().get(t);
          if (draft.size(t) > teamSize || draft.teams().get(t).isEmpty()
              || draft.teams().get(t).get(0).entity().members().stream()
                  .noneMatch(m -> m.id().equals(captain))) {
            v.add("draft " + matchId + "'s team " + (t + 1) + " is over full or has no captain");
          }
        }
        if (draft.teams().size() != match.teams().size()
            || Set.copyOf(draft.captains()).size() != draft.captains().size()) {
          v.add("draft " + matchId + " has not one captain per team");
        }
        if (stores.mapPolls().containsKey(matchId)) {
          v.add("match " + matchId + " votes on a map while its captains pick the teams");
        }
      }
    });
    stores.subRequests().snapshot().forEach((user, matchId) -> {
      if (!stores.playerMatches().get(user).equals(java.util.Optional.of(matchId))) {
        v.add("player " + user + " asked for a substitute in match " + matchId
            + ", which does not hold them");
      }
    });
    matches.forEach((id, match) -> {
      if (!match.state().isOpen()) {
        v.add("match " + id + " has ended (" + match.state() + ") but is not in the history");
        return;
      }
      if (!match.id().equals(id)) {
        v.add("match " + match.id() + " is stored under " + id);
      }
      if (stores.history().containsKey(id)) {
        v.add("open match " + id + " is in the history too");
      }
      for (Member m : match.players()) {
        if (!stores.playerMatches().containsKey(m.id())) {
          v.add("open match " + id + "'s player " + m.id() + " is not held by any match");
        }
      }
    });
    return v.build();
  }

  private static <K, V> void diff(ImmutableList.Builder<String> v, String name,
      Map<K, V> expected, Map<K, V> actual) {
    if (expected.equals(actual)) {
      return;
    }
    Set<K> keys = new HashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (K key : keys) {
      V e = expected.get(key);
      V a = actual.get(key);
      if (e == null) {
        v.add(name + " holds " + key + " -> " + a + ", which nothing explains");
      } else if (a == null) {
        v.add(name + " lacks " + key + " -> " + e);
      } else if (!e.equals(a)) {
        v.add(name + " holds " + key + " -> " + a + " instead of " + e);
      }
    }
  }
}

package org.relva.testkit;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.relva.core.PartyTally;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/**
 * The core's invariants, checked against its stores, as a list of violations or as an assertion
 * any test can call after any step:
 *
 * <ul>
 *   <li>every party has 1 to 5 members and exactly one leader, who is a member;
 *   <li>no user is in two parties; the membership index holds exactly the parties' members, and
 *       the leader index exactly their leaders;
 *   <li>every party has exactly one live join code and exactly one channel, and nothing else has
 *       either (no channel without a party);
 *   <li>no user is queued twice (alone and with a party, or in two entries); every queued party
 *       has 2 to 5 members and is queued as it is now; every solo ticket points to its entry and
 *       its player is in no party;
 *   <li>every player an open match holds plays in it, nobody is queued during their match's
 *       ready check, and no ended match holds anyone;
 *   <li>exactly the queued parties have a stay, which began no earlier than they joined.
 * </ul>
 *
 * <p>Checking reads each store's snapshot, so run it while nothing else changes the core.
 */
public final class RelvaInvariants {
  private RelvaInvariants() {}

  /**
   * Every store's contents at one moment, by store name, in a fixed order: two calls compare equal
   * exactly when no store changed in between, which is how tests check that a refusal changed
   * nothing.
   */
  public static Map<String, Map<?, ?>> contents(RelvaStores stores) {
    Map<String, Map<?, ?>> all = new LinkedHashMap<>();
    all.put("parties", stores.parties().snapshot());
    all.put("leaders", stores.leaders().snapshot());
    all.put("channels", stores.channels().snapshot());
    all.put("memberships", stores.memberships().snapshot());
    all.put("joinCodes", stores.joinCodes().snapshot());
    all.put("queue", stores.queue().snapshot());
    all.put("soloTickets", stores.soloTickets().snapshot());
    all.put("tallies", stores.tallies().snapshot());
    all.put("matches", stores.matches().snapshot());
    all.put("playerMatches", stores.playerMatches().snapshot());
    all.put("stays", stores.stays().snapshot());
    all.put("bans", stores.bans().snapshot());
    all.put("cooldowns", stores.cooldowns().snapshot());
    return Collections.unmodifiableMap(all);
  }

  /** Throws {@link AssertionError} listing every violated invariant, if any. */
  public static void assertConsistent(RelvaStores stores) {
    report(violations(stores));
  }

  /**
   * As {@link #assertConsistent(RelvaStores)}, and also that the fake's open channels are exactly
   * the parties' channels, each visible to exactly its party's members.
   */
  public static void assertConsistent(RelvaStores stores, FakePartyChannels channels) {
    List<String> found = new ArrayList<>(violations(stores));
    found.addAll(channelViolations(stores, channels));
    report(found);
  }

  private static void report(List<String> violations) {
    if (!violations.isEmpty()) {
      throw new AssertionError("Relva's invariants are broken:\n  - "
          + String.join("\n  - ", violations));
    }
  }

  /** Every violated invariant, described; empty when the stores are consistent. */
  public static List<String> violations(RelvaStores stores) {
    ImmutableList.Builder<String> v = ImmutableList.builder();
    Map<EntityId, Party> parties = stores.parties().snapshot();
    Map<UserId, EntityId> leaders = stores.leaders().snapshot();
    Map<UserId, EntityId> memberships = stores.memberships().snapshot();
    Map<JoinCode, EntityId> codes = stores.joinCodes().snapshot();
    Map<EntityId, ChannelId> channels = stores.channels().snapshot();
    Map<EntityId, QueueEntry> queue = stores.queue().snapshot();
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
    queue.forEach((id, entry) -> {
      if (!id.equals(entry.id())) {
        v.add("queue entry " + entry.id() + " is stored under " + id);
      }
      for (Member m : entry.entity().members()) {
        EntityId other = queuedUsers.put(m.id(), id);
        if (other != null) {
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
      QueueEntry entry = queue.get(id);
      if (entry == null || !(entry.entity() instanceof Party)) {
        v.add("entity " + id + " has a stay but is no queued party");
      } else if (began.isBefore(entry.joinedAt())) {
        v.add("queued party " + id + "'s stay began at " + began + ", before it joined at "
            + entry.joinedAt());
      }
    });
    queue.forEach((id, entry) -> {
      if (entry.entity() instanceof Party && !stores.stays().containsKey(id)) {
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
    matches.forEach((id, match) -> {
      if (match.state().isOpen()) {
        for (Member m : match.players()) {
          if (!stores.playerMatches().containsKey(m.id())) {
            v.add("open match " + id + "'s player " + m.id() + " is not held by any match");
          }
        }
      }
    });
    return v.build();
  }

  /** Violations of the agreement between the stores and a fake channel port. */
  public static List<String> channelViolations(RelvaStores stores, FakePartyChannels fake) {
    ImmutableList.Builder<String> v = ImmutableList.builder();
    Map<EntityId, ChannelId> channels = stores.channels().snapshot();
    Map<ChannelId, Set<UserId>> open = fake.openChannels();
    if (!open.keySet().equals(new HashSet<>(channels.values()))) {
      v.add("open channels " + open.keySet() + " are not the parties' channels " + channels);
    }
    channels.forEach((party, channel) -> {
      Set<UserId> members = new HashSet<>();
      stores.parties().get(party).ifPresent(p -> p.members().forEach(m -> members.add(m.id())));
      Set<UserId> access = open.get(channel);
      if (access != null && !access.equals(members)) {
        v.add("channel " + channel + " of party " + party + " admits " + access
            + " but the members are " + members);
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

package org.relva.testkit;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.UserId;

/**
 * The core's invariants, checked against its stores, as a list of violations or as an assertion
 * any test can call after any step. The invariants themselves are the core's own,
 * {@link RelvaStores#violations()} (the same check a core runs when it is built on stores that
 * already hold state); this class adds the agreement between the stores and a
 * {@link FakePartyChannels}: exactly the parties' channels are open, each to exactly its members.
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
    stores.byName().forEach((name, store) -> all.put(name, store.snapshot()));
    return Collections.unmodifiableMap(all);
  }

  /**
   * As {@link #contents(RelvaStores)}, with the {@code history} store as {@code relva} reads it:
   * a core with a durable journal keeps its ended matches there, not in the stores, so two cores
   * compare equal here exactly when their stores and their histories are equal.
   */
  public static Map<String, Map<?, ?>> contents(Relva relva, RelvaStores stores) {
    Map<String, Map<?, ?>> all = new LinkedHashMap<>(contents(stores));
    Map<String, MatchRecord> history = new TreeMap<>();
    relva.endedMatchIds().forEach(id -> history.put(id, relva.match(id).orElseThrow()));
    all.put("history", Collections.unmodifiableMap(history));
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

  /**
   * As {@link #assertConsistent(RelvaStores)}, and also the rules of {@code config}'s queues:
   * every entry waits in one of them, and an entity waits in several only with
   * {@link RelvaConfig#multiQueue()} ({@link RelvaStores#violations(RelvaConfig)}).
   */
  public static void assertConsistent(RelvaStores stores, RelvaConfig config) {
    report(violations(stores, config));
  }

  /** Every violated invariant, the queue rules of {@code config} included; empty if none. */
  public static List<String> violations(RelvaStores stores, RelvaConfig config) {
    return stores.violations(config);
  }

  private static void report(List<String> violations) {
    if (!violations.isEmpty()) {
      throw new AssertionError("Relva's invariants are broken:\n  - "
          + String.join("\n  - ", violations));
    }
  }

  /** Every violated invariant, described; empty when the stores are consistent. */
  public static List<String> violations(RelvaStores stores) {
    return stores.violations();
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
}

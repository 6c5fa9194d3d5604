package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.store.RelvaStore.Durability;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/**
 * Servers never share state: one core a server, each journaled to its own scope of one SQLite
 * database, the same users acting in every server at random. Afterwards each scope restores
 * exactly its own core's state, and no party, queue entry, match or ban of one server is found in
 * another's.
 */
class ServerIsolationProperties {
  private static final List<String> SERVERS = List.of("g1", "g2", "g3");
  private static final int USERS = 8;
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");

  @Property(tries = 12, seed = "20261207")
  void randomOperations_neverLetStateCrossServers(@ForAll long seed,
      @ForAll @IntRange(min = 40, max = 150) int steps) throws IOException {
    Path dir = Files.createTempDirectory("relva-isolation");
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"),
        Durability.PROCESS_CRASH)) {
      SplittableRandom random = new SplittableRandom(seed);
      MutableClock clock = MutableClock.atEpochOfTests();
      RelvaConfig config = RelvaConfig.defaults().withMaxPartySize(2);
      Map<String, Relva> cores = new HashMap<>();
      Map<String, RelvaStores> stores = new HashMap<>();
      Map<String, Set<UserId>> banned = new HashMap<>();
      for (String server : SERVERS) {
        RelvaStores s = RelvaStores.inMemory();
        stores.put(server, s);
        banned.put(server, new HashSet<>());
        cores.put(server, Relva.builder().config(config).stores(s)
            .channels(new FakePartyChannels()).clock(clock)
            .random(new SplittableRandom(random.nextLong())).journal(store.scope(server))
            .build());
      }
      int pops = 0;
      for (int step = 0; step < steps; step++) {
        String server = SERVERS.get(random.nextInt(SERVERS.size()));
        Relva relva = cores.get(server);
        Member m = Member.of(String.valueOf(100 + random.nextInt(USERS)), "u");
        ChannelId here = relva.partyOf(m.id()).flatMap(p -> relva.channel(p.id()))
            .orElse(LOBBY);
        switch (random.nextInt(13)) {
          case 0 -> relva.createParty(m, LOBBY, null);
          case 1 -> relva.parties().stream().findFirst()
              .ifPresent(p -> relva.joinParty(m, LOBBY, p.joinCode().display()));
          case 2, 3, 4, 5, 6 -> relva.enqueue(m, here, null);
          case 7 -> relva.dequeue(m.id(), here);
          case 8, 9 -> pops += pop(relva) ? 1 : 0;
          case 10, 11 -> relva.openMatches().stream().findFirst().ifPresent(x -> x.players()
              .forEach(p -> relva.acceptMatch(p.id(), x.id())));
          default -> {
            if (random.nextInt(3) == 0 && relva.banFromQueue(m.id(), Duration.ofDays(1), "test").isSuccess()) {
              banned.get(server).add(m.id());
            }
          }
        }
      }
      Statistics.label("popped").collect(pops > 0);
      Statistics.label("popped").coverage(c -> c.check(true).percentage(p -> p > 80));

      Map<String, Map<String, Set<Object>>> ids = new HashMap<>();
      for (String server : SERVERS) {
        RelvaStores restoredStores = RelvaStores.inMemory();
        Relva restored = Relva.builder().config(config).stores(restoredStores)
            .channels(new FakePartyChannels()).clock(clock).random(new SplittableRandom(1))
            .journal(store.scope(server)).build();
        Map<String, Map<?, ?>> live = RelvaInvariants.contents(cores.get(server),
            stores.get(server));
        Map<String, Map<?, ?>> back = RelvaInvariants.contents(restored, restoredStores);
        assertThat(back).as("server %s restored from its scope", server).isEqualTo(live);
        assertThat(back.get("bans").keySet()).as("bans of %s", server)
            .isEqualTo(banned.get(server));
        Map<String, Set<Object>> own = new HashMap<>();
        for (String kind : List.of("parties", "queue", "matches", "history")) {
          own.put(kind, Set.copyOf(back.get(kind).keySet()));
        }
        own.put("entries", Set.copyOf(restored.queue().stream().map(QueueEntry::id).toList()));
        ids.put(server, own);
      }
      for (String a : SERVERS) {
        for (String b : SERVERS) {
          if (a.compareTo(b) < 0) {
            ids.get(a).forEach((kind, mine) -> assertThat(mine.stream()
                .filter(ids.get(b).get(kind)::contains)).as("%s of %s found in %s", kind, a, b)
                .isEmpty());
          }
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Pops two teams of two from the first waiting entries of one region, if there are enough. */
  private static boolean pop(Relva relva) {
    List<QueueEntry> queued = relva.queue();
    if (queued.isEmpty()) {
      return false;
    }
    List<List<QueueEntry>> teams = List.of(new ArrayList<>(), new ArrayList<>());
    int[] filled = new int[2];
    for (QueueEntry e : queued) {
      if (!e.region().equals(queued.get(0).region())) {
        continue;
      }
      for (int t = 0; t < 2; t++) {
        if (filled[t] + e.entity().size() <= 2) {
          teams.get(t).add(e);
          filled[t] += e.entity().size();
          break;
        }
      }
    }
    return filled[0] == 2 && filled[1] == 2
        && relva.pop(queued.get(0).region(), teams).isSuccess();
  }
}

package org.relva.testkit.arbitraries;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;

/** The generators make valid values, and cover the cases they claim to. */
class RelvaArbitrariesProperties {

  @Group
  class Parties {
    @Property
    void registeredProviderMakesValidParties(@ForAll Party party) {
      assertThat(party.size()).isBetween(2, Party.MAX_SIZE);
      assertThat(party.hasMember(party.leaderId())).isTrue();
      assertThat(RelvaArbitraries.DEFAULT_REGIONS).contains(party.region());
      Statistics.label("size").collect(party.size());
      Statistics.label("size").coverage(c -> {
        for (int size = 2; size <= Party.MAX_SIZE; size++) {
          c.check(size).percentage(p -> p > 15);
        }
      });
      Statistics.label("leader joined first")
          .collect(party.members().get(0).id().equals(party.leaderId()));
      Statistics.label("leader joined first").coverage(c -> c.check(false).percentage(p -> p > 20));
    }

    @Property(tries = 200)
    void narrowedPartiesKeepTheirBounds(@ForAll("threesInEu") Party party) {
      assertThat(party.size()).isEqualTo(3);
      assertThat(party.region()).isEqualTo(Region.of("eu"));
    }

    @Provide
    Arbitrary<Party> threesInEu() {
      return RelvaArbitraries.parties().ofSize(3, 3).inRegions(Region.of("eu"));
    }
  }

  @Group
  class Singles {
    @Property
    void solosAreValid(@ForAll SoloPlayer solo) {
      assertThat(solo.size()).isEqualTo(1);
      assertThat(solo.id().value()).matches(EntityId.FORMAT);
      Statistics.label("region").collect(solo.region().code());
      Statistics.label("region").coverage(c -> {
        for (Region region : RelvaArbitraries.DEFAULT_REGIONS) {
          c.check(region.code()).percentage(p -> p > 5);
        }
      });
    }

    @Property
    void membersAndIdsAreValid(@ForAll Member member, @ForAll UserId id, @ForAll EntityId entity) {
      assertThat(member.displayName()).isNotBlank();
      assertThat(id.value()).matches("[0-9]{17,19}");
      assertThat(entity.value()).matches(EntityId.FORMAT);
      Statistics.label("ascii name").collect(member.displayName().chars().allMatch(ch -> ch < 128));
      Statistics.label("ascii name").coverage(c -> c.check(false).percentage(p -> p > 10));
    }

    @Property
    void ratingsCentreOnFifteenHundred(@ForAll("ratings") double rating) {
      assertThat(rating).isBetween(0.0, 3_000.0);
      String band = rating < 1_200 ? "low" : rating <= 1_800 ? "middle" : "high";
      Statistics.label("band").collect(band);
      Statistics.label("band").coverage(c -> {
        c.check("middle").percentage(p -> p > 55);
        c.check("low").percentage(p -> p > 5);
        c.check("high").percentage(p -> p > 5);
      });
    }

    @Provide
    Arbitrary<Double> ratings() {
      return RelvaArbitraries.ratings();
    }
  }

  @Group
  class Queues {
    @Property(tries = 1000)
    void queuesAreOldestFirstWithDistinctIdsAndUsers(@ForAll("queues") List<QueueEntry> queue) {
      Set<EntityId> ids = new HashSet<>();
      Set<UserId> users = new HashSet<>();
      for (int i = 0; i < queue.size(); i++) {
        QueueEntry entry = queue.get(i);
        assertThat(ids.add(entry.id())).as("entity ids are distinct").isTrue();
        entry.entity().members().forEach(
            m -> assertThat(users.add(m.id())).as("no user queued twice").isTrue());
        if (i > 0) {
          assertThat(entry.joinedAt()).isAfterOrEqualTo(queue.get(i - 1).joinedAt());
        }
      }
      long parties = queue.stream().filter(e -> e.entity() instanceof Party).count();
      Statistics.label("has parties and solos").collect(parties > 0 && parties < queue.size());
      Statistics.label("has parties and solos").coverage(c -> c.check(true).percentage(p -> p > 45));
      Statistics.label("length").collect(queue.size() < 10 ? "<10" : queue.size() < 100 ? "<100" : "100+");
      Statistics.label("length").coverage(c -> c.check("100+").percentage(p -> p > 2));
    }

    @Property(tries = 100)
    void shapedQueuesHonourTheirShape(@ForAll("soloQueues") List<QueueEntry> queue) {
      assertThat(queue).hasSizeBetween(10, 20)
          .allMatch(e -> e.entity() instanceof SoloPlayer)
          .allMatch(e -> e.region().equals(Region.of("us-e")));
    }

    @Provide
    Arbitrary<List<QueueEntry>> queues() {
      return RelvaArbitraries.queues();
    }

    @Provide
    Arbitrary<List<QueueEntry>> soloQueues() {
      return RelvaArbitraries.queues().ofSize(10, 20).partyShare(0).inRegions(Region.of("us-e"));
    }
  }
}

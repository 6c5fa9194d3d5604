package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.matchmaking.testing.Entries;

class ProposalValidatorTest {
  private static final Region EAST = Region.of("us-e");
  private static final RegionPolicy LINKED =
      RegionPolicy.none().withLink("us-e", "us-w", Duration.ofMinutes(3));

  private final Entries entries = new Entries();
  private final QueueEntry trio = entries.party("us-e", 3);
  private final QueueEntry duo = entries.party("us-e", 2);
  private final List<QueueEntry> solos = entries.solos("us-e", 5);
  private final QueueEntry west = entries.solo("us-w");
  private final List<QueueEntry> more = entries.solos("us-e", 5);
  private final List<QueueEntry> queue = all();

  private List<QueueEntry> all() {
    List<QueueEntry> all = new ArrayList<>(List.of(trio, duo));
    all.addAll(solos);
    all.add(west);
    all.addAll(more);
    return all;
  }

  private ProposalValidator validator(Instant now) {
    return ProposalValidator.forPass(
        new MatchContext(queue, now, MatchFormat.defaults(), Ratings.constant(1500), LINKED));
  }

  private ProposalValidator validator() {
    return validator(entries.now());
  }

  private static Proposal match(List<QueueEntry> a, List<QueueEntry> b) {
    return Proposal.of(EAST, List.of(a, b));
  }

  private Proposal valid() {
    return match(List.of(trio, duo), solos);
  }

  @Test
  void aValidMatch_hasNoViolations() {
    assertThat(validator().check(valid())).isEmpty();
  }

  @Test
  @DisplayName("a party with a member missing is a split party")
  void partySplit_memberMissing() {
    Party whole = (Party) trio.entity();
    Party cut = new Party(whole.id(), whole.region(), whole.leaderId(), whole.joinCode(),
        whole.members().subList(0, 2), whole.createdAt());
    QueueEntry stray = entries.solo("us-e");
    List<QueueEntry> team = List.of(new QueueEntry(cut, trio.joinedAt()), duo, stray);
    assertThat(validator().check(match(team, solos)))
        .anySatisfy(v -> assertThat(v).contains(trio.id() + " is not whole"));
  }

  @Test
  @DisplayName("a party in two teams is a split party")
  void partySplit_inTwoTeams() {
    assertThat(validator().check(match(List.of(trio, duo), List.of(trio, solos.get(0), solos.get(1)))))
        .anySatisfy(v -> assertThat(v).contains(trio.id() + " is in the match twice")
            .contains("split"));
  }

  @Test
  void teamNotFull() {
    assertThat(validator().check(match(List.of(trio, duo), solos.subList(0, 4))))
        .containsExactly("team 2 has 4 players; every team of 5v5 has 5");
  }

  @Test
  void teamsOfUnequalSize() {
    List<QueueEntry> six = new ArrayList<>(solos);
    six.add(more.get(0));
    assertThat(validator().check(match(List.of(duo, more.get(1), more.get(2)), six)))
        .contains("team 1 has 4 players; every team of 5v5 has 5",
            "team 2 has 6 players; every team of 5v5 has 5");
  }

  @Test
  void wrongNumberOfTeams() {
    Proposal three = Proposal.of(EAST, List.of(List.of(trio, duo), solos, more));
    assertThat(validator().check(three)).containsExactly("the match has 3 teams; the format 5v5 has 2");
  }

  @Test
  void regionNotLinked_isRefused() {
    Proposal inEurope = Proposal.of(Region.of("eu"), valid().teams());
    assertThat(validator().check(inEurope))
        .anySatisfy(v -> assertThat(v).contains(trio.id() + " queued in us-e and cannot play in eu")
            .contains("not linked"));
  }

  @Test
  @DisplayName("a neighbour region is refused before its wait and accepted after it")
  void neighbourRegion_onlyAfterItsWait() {
    List<QueueEntry> team = List.of(west, solos.get(0), solos.get(1), solos.get(2), solos.get(3));
    Proposal crossing = match(List.of(trio, duo), team);
    assertThat(validator().check(crossing))
        .singleElement().asString().contains(west.id() + " queued in us-w and cannot play in us-e")
        .contains("until it has waited PT3M");
    assertThat(validator(west.joinedAt().plus(Duration.ofMinutes(3))).check(crossing)).isEmpty();
  }

  @Test
  @DisplayName("a player in two entities is in the match twice")
  void playerTwice_acrossEntities() {
    Member twin = trio.entity().members().get(0);
    QueueEntry clone = new QueueEntry(
        new SoloPlayer(solos.get(0).id(), solos.get(0).region(), twin), solos.get(0).joinedAt());
    List<QueueEntry> team = new ArrayList<>(solos);
    team.set(0, clone);
    assertThat(validator().check(match(List.of(trio, duo), team)))
        .contains("player " + twin.id() + " is in the match twice");
  }

  @Test
  @DisplayName("no entity or player is in two matches of one pass")
  void sameEntityInTwoMatches_ofOnePass() {
    ProposalValidator validator = validator();
    assertThat(validator.check(valid())).isEmpty();
    Proposal again = match(List.of(trio, duo), more);
    assertThat(validator.check(again))
        .contains(trio.id() + " is already in another match of this pass",
            duo.id() + " is already in another match of this pass");
  }

  @Test
  @DisplayName("a rejected proposal does not count as matched")
  void rejectedProposal_doesNotReserveItsEntities() {
    ProposalValidator validator = validator();
    assertThat(validator.check(match(List.of(trio, duo), solos.subList(0, 4)))).isNotEmpty();
    assertThat(validator.check(valid())).isEmpty();
  }

  @Test
  void entityNotInTheQueue() {
    QueueEntry stranger = new QueueEntry(
        new SoloPlayer(EntityId.of("Kstrang"), EAST, Member.of("nobody", "Nobody")), Instant.EPOCH);
    List<QueueEntry> team = new ArrayList<>(solos.subList(0, 4));
    team.add(stranger);
    assertThat(validator().check(match(List.of(trio, duo), team)))
        .containsExactly(stranger.id() + " is not in the queue, or joined it at another time");
  }

  @Test
  @DisplayName("an entry with another join time than the queue's is refused")
  void staleEntry_otherJoinTime() {
    QueueEntry stale = new QueueEntry(solos.get(0).entity(), Instant.EPOCH);
    List<QueueEntry> team = new ArrayList<>(solos);
    team.set(0, stale);
    assertThat(validator().check(match(List.of(trio, duo), team)))
        .containsExactly(stale.id() + " is not in the queue, or joined it at another time");
  }
}

package org.relva.matchmaking.testing;

import org.relva.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/**
 * Builds queue entries directly, without a core, for algorithm tests: each new entry joins one
 * second after the previous one, so the order of creation is the queue order. Not thread-safe.
 */
public final class Entries {
  private static final JoinCode CODE = new JoinCode("ABCDEFGH");

  private Instant next;
  private int ids;
  private int users;

  public Entries() {
    this(MutableClock.atEpochOfTests().instant());
  }

  public Entries(Instant start) {
    this.next = start;
  }

  /** A solo player in {@code region}. */
  public QueueEntry solo(String region) {
    return new QueueEntry(
        new SoloPlayer(nextId(), Region.of(region), nextMember()), nextJoin());
  }

  /** A party of {@code size} in {@code region}. */
  public QueueEntry party(String region, int size) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(nextMember());
    }
    Party party = new Party(nextId(), Region.of(region), members.get(0).id(), CODE, members,
        next);
    return new QueueEntry(party, nextJoin());
  }

  /** A solo for size 1, a party otherwise. */
  public QueueEntry entity(String region, int size) {
    return size == 1 ? solo(region) : party(region, size);
  }

  /** {@code count} solo players in {@code region}. */
  public List<QueueEntry> solos(String region, int count) {
    List<QueueEntry> solos = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      solos.add(solo(region));
    }
    return solos;
  }

  /** The time the next entry will join. */
  public Instant now() {
    return next;
  }

  private EntityId nextId() {
    return EntityId.of(String.format(Locale.ROOT, "K%06d", ids++));
  }

  private Member nextMember() {
    int n = users++;
    return Member.of("u" + n, "User " + n);
  }

  private Instant nextJoin() {
    Instant at = next;
    next = next.plus(Duration.ofSeconds(1));
    return at;
  }
}

package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/** The queue store's shape with several queues, and an old database's rows read as before. */
class QueueShapeTest {
  private static final Codecs CODECS = Codecs.of(Codecs.builtIn());
  private static final Instant AT = Instant.parse("2024-03-01T18:00:00Z");

  @Test
  void anOldQueueRow_withNoQueue_readsAsTheDefaultQueue() {
    QueueSlot key = (QueueSlot) CODECS.decodeKey("queue", "\"Kabc123\"");
    assertThat(key).isEqualTo(QueueSlot.of(QueueId.DEFAULT, EntityId.of("Kabc123")));
    QueueEntry entry = (QueueEntry) CODECS.decodeValue("queue", "{\"entity\":{\"kind\":\"solo\","
        + "\"id\":\"Kabc123\",\"region\":\"us-e\",\"member\":{\"id\":\"1001\",\"displayName\":"
        + "\"Alice\"}},\"joinedAt\":\"2024-03-01T18:00:00Z\"}");
    assertThat(entry.queue()).isEqualTo(QueueId.DEFAULT);
    assertThat(entry.joinedAt()).isEqualTo(AT);
  }

  @Test
  void theDefaultQueuesKey_isWrittenAsBefore_andOtherQueuesRoundTrip() {
    EntityId id = EntityId.of("Kabc123");
    assertThat(CODECS.encodeKey("queue", QueueSlot.of(QueueId.DEFAULT, id)))
        .isEqualTo("\"Kabc123\"");
    QueueSlot duo = QueueSlot.of(QueueId.of("duo"), id);
    assertThat(CODECS.decodeKey("queue", CODECS.encodeKey("queue", duo))).isEqualTo(duo);
    QueueEntry entry = new QueueEntry(new SoloPlayer(id, Region.of("eu"),
        Member.of("1001", "Alice")), AT, QueueId.of("duo"));
    assertThat(CODECS.decodeValue("queue", CODECS.encodeValue("queue", entry))).isEqualTo(entry);
  }

  @Test
  void aMatchRecord_keepsItsQueue() {
    QueueEntry a = new QueueEntry(new SoloPlayer(EntityId.of("Kaaaaaa"), Region.of("eu"),
        Member.of("1001", "Alice")), AT, QueueId.of("duo"));
    QueueEntry b = new QueueEntry(new SoloPlayer(EntityId.of("Kbbbbbb"), Region.of("eu"),
        Member.of("1002", "Bob")), AT, QueueId.of("duo"));
    MatchRecord match = new MatchRecord("M1", Region.of("eu"), List.of(List.of(a), List.of(b)),
        MatchRecord.State.POPPED, AT, AT.plusSeconds(30), Set.of(), Map.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
        QueueId.of("duo"));
    MatchRecord read = (MatchRecord) CODECS.decodeValue("matches",
        CODECS.encodeValue("matches", match));
    assertThat(read).isEqualTo(match);
    String old = CODECS.encodeValue("matches", match).replace(",\"queue\":\"duo\"}", "}");
    assertThat(old).doesNotContain("\"queue\":\"duo\"}");
    assertThat(((MatchRecord) CODECS.decodeValue("matches", old)).queue())
        .isEqualTo(QueueId.DEFAULT);
  }
}

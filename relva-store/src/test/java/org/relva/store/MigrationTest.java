package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * Every migration, on both databases, from the version before it: the database is migrated to the
 * previous version (nothing, for the first), sample rows as that version wrote them are put in,
 * the migration runs, and the samples must still load. A new migration is tested the same way as
 * soon as it exists; {@link #SAMPLES} must then say what rows its version writes, so the next one
 * is tested from real data too. Each version's samples use keys of their own.
 */
class MigrationTest {
  /** A finished match as version 1 wrote it, in the open matches' store. */
  private static final String FINISHED_V1 = "{\"id\":\"Mold00001\",\"region\":\"us-e\","
      + "\"teams\":[[{\"entity\":{\"kind\":\"solo\",\"id\":\"Kaaa111\",\"region\":\"us-e\","
      + "\"member\":{\"id\":\"1\",\"displayName\":\"a\"}},\"joinedAt\":\"2026-01-01T20:00:00Z\"}],"
      + "[{\"entity\":{\"kind\":\"solo\",\"id\":\"Kbbb222\",\"region\":\"us-e\","
      + "\"member\":{\"id\":\"2\",\"displayName\":\"b\"}},\"joinedAt\":\"2026-01-01T20:00:00Z\"}]],"
      + "\"state\":\"FINISHED\",\"poppedAt\":\"2026-01-01T20:00:00Z\","
      + "\"readyBy\":\"2026-01-01T20:01:00Z\",\"accepted\":[\"1\",\"2\"],"
      + "\"reports\":{\"1\":{\"kind\":\"WIN\",\"winner\":0}},"
      + "\"result\":{\"kind\":\"WIN\",\"winner\":0},\"confirmedAt\":\"2026-01-01T20:00:30Z\","
      + "\"endedAt\":\"2026-01-01T20:10:00Z\",\"endReason\":\"reported\"}";

  /**
   * For each schema version, SQL inserting sample rows as that version kept them, and what a
   * journal of this Relva must load from them. The JSON is written out, not produced by the
   * codecs, so a change of encoding that would misread existing databases fails here.
   */
  private static final Map<String, Sample> SAMPLES = Map.of(
      "1", new Sample(List.of(
          "INSERT INTO entries (store_name, entry_key, entry_value) VALUES "
              + "('cooldowns', '\"u1\"', '\"2026-01-01T00:00:00.000000001Z\"')",
          "INSERT INTO entries (store_name, entry_key, entry_value) VALUES "
              + "('soloTickets', '\"u2\"', '\"Kabc123\"')",
          // Version 1 kept ended matches among the open ones; version 2 moves them to history.
          "INSERT INTO entries (store_name, entry_key, entry_value) VALUES ('matches', "
              + "'\"Mold00001\"', '" + FINISHED_V1 + "')"),
          Map.of("cooldowns", Map.of(UserId.of("u1"), Instant.parse("2026-01-01T00:00:00.000000001Z")),
              "soloTickets", Map.of(UserId.of("u2"), EntityId.of("Kabc123")),
              "history", Map.of("Mold00001", finishedV1()))),
      "2", new Sample(List.of(
          "INSERT INTO entries (store_name, entry_key, entry_value, seq) VALUES "
              + "('soloTickets', '\"u3\"', '\"Kdef456\"', 7)"),
          Map.of("soloTickets", Map.of(UserId.of("u3"), EntityId.of("Kdef456")))),
      // Version 3 keeps each Discord server's rows in a scope; the default scope is ''.
      "3", new Sample(List.of(
          "INSERT INTO entries (scope, store_name, entry_key, entry_value, seq) VALUES "
              + "('', 'soloTickets', '\"u4\"', '\"Kghi789\"', 9)",
          "INSERT INTO entries (scope, store_name, entry_key, entry_value, seq) VALUES "
              + "('112233445566778899', 'soloTickets', '\"u4\"', '\"Kjkl012\"', 1)"),
          Map.of("soloTickets", Map.of(UserId.of("u4"), EntityId.of("Kghi789"))),
          Map.of("112233445566778899",
              Map.of("soloTickets", Map.of(UserId.of("u4"), EntityId.of("Kjkl012"))))),
      // Version 4 adds the scopes' owners (claims) and the one epoch counter they draw from.
      "4", new Sample(List.of(
          "UPDATE scope_epochs SET last_epoch = 3",
          "INSERT INTO scope_owners (scope, epoch, holder, claimed_at) VALUES "
              + "('445566778899001122', 3, 'bot-a pid 7', '2026-01-02T00:00:00Z')",
          "INSERT INTO entries (scope, store_name, entry_key, entry_value, seq) VALUES "
              + "('445566778899001122', 'soloTickets', '\"u5\"', '\"Kmno345\"', 1)"),
          Map.of(),
          Map.of("445566778899001122",
              Map.of("soloTickets", Map.of(UserId.of("u5"), EntityId.of("Kmno345"))))));

  private static MatchRecord finishedV1() {
    Instant t = Instant.parse("2026-01-01T20:00:00Z");
    Region region = Region.of("us-e");
    QueueEntry a = new QueueEntry(new SoloPlayer(EntityId.of("Kaaa111"), region,
        Member.of("1", "a")), t);
    QueueEntry b = new QueueEntry(new SoloPlayer(EntityId.of("Kbbb222"), region,
        Member.of("2", "b")), t);
    return new MatchRecord("Mold00001", region, List.of(List.of(a), List.of(b)),
        MatchRecord.State.FINISHED, t, t.plusSeconds(60), Set.of(UserId.of("1"), UserId.of("2")),
        Map.of(UserId.of("1"), MatchResult.win(0)), Optional.of(MatchResult.win(0)),
        Optional.of(t.plusSeconds(30)), Optional.of(t.plusSeconds(600)), Optional.of("reported"));
  }

  private static void insert(DataSource source, String version,
      Map<String, Map<String, Map<Object, Object>>> expected) {
    Sample sample = SAMPLES.get(version);
    Jdbi.create(source).useHandle(h -> sample.inserts().forEach(h::execute));
    Map<String, Map<String, Map<Object, Object>>> loads = new HashMap<>(sample.scoped());
    loads.put("", sample.loads());
    loads.forEach((scope, stores) -> stores.forEach((store, entries) ->
        expected.computeIfAbsent(scope, s -> new HashMap<>())
            .computeIfAbsent(store, s -> new HashMap<>()).putAll(entries)));
  }

  /**
   * @param loads what the default scope (the journal itself) loads of them
   * @param scoped what other scopes load, by scope
   */
  private record Sample(List<String> inserts, Map<String, Map<Object, Object>> loads,
      Map<String, Map<String, Map<Object, Object>>> scoped) {
    Sample(List<String> inserts, Map<String, Map<Object, Object>> loads) {
      this(inserts, loads, Map.of());
    }
  }

  @TempDir Path dir;

  static Stream<Arguments> migrations() {
    List<Arguments> all = new ArrayList<>();
    MigrationInfo[] known = Schema.flyway(new SQLiteDataSource(), Optional.empty()).info().all();
    for (int i = 0; i < known.length; i++) {
      String before = i == 0 ? "" : known[i - 1].getVersion().getVersion();
      String after = known[i].getVersion().getVersion();
      all.add(Arguments.of("sqlite", before, after));
      all.add(Arguments.of("postgresql", before, after));
    }
    return all.stream();
  }

  @Test
  @DisplayName("every schema version has sample rows, so the next migration is tested from data")
  void everyVersion_hasSamples() {
    MigrationInfo[] known = Schema.flyway(new SQLiteDataSource(), Optional.empty()).info().all();
    assertThat(known).isNotEmpty();
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(known).map(m -> m.getVersion().getVersion()).toList());
  }

  /** A database of the kind {@code db} and its address, for {@link #open}. */
  private record Database(String url, DataSource source) {}

  private Database database(String db) {
    if (db.equals("sqlite")) {
      SQLiteDataSource sqlite = new SQLiteDataSource();
      String url = dir.resolve("relva.db").toString();
      sqlite.setUrl("jdbc:sqlite:" + url);
      return new Database(url, sqlite);
    }
    String url = TestPostgres.newDatabase();
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url);
    source.setUser(TestPostgres.USER);
    source.setPassword(TestPostgres.PASSWORD);
    return new Database(url, source);
  }

  private static RelvaStore open(String db, String url) {
    return db.equals("sqlite")
        ? RelvaStore.sqlite(Path.of(url), RelvaStore.Durability.PROCESS_CRASH)
        : RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("version 3 keeps every row of a version-2 database, each in the default scope")
  void scopes_keepEveryVersion2Row_inTheDefaultScope(String db) {
    Database database = database(db);
    Map<String, Map<String, Map<Object, Object>>> expected = new HashMap<>();
    Schema.flyway(database.source(), Optional.of("1")).migrate();
    insert(database.source(), "1", expected);
    Schema.flyway(database.source(), Optional.of("2")).migrate();
    insert(database.source(), "2", expected);
    Jdbi jdbi = Jdbi.create(database.source());
    String columns = "store_name, entry_key, entry_value, seq";
    List<List<Object>> before = jdbi.withHandle(h -> h.createQuery(
            "SELECT " + columns + " FROM entries ORDER BY store_name, entry_key")
        .map((rs, ctx) -> List.<Object>of(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getLong(4)))
        .list());
    assertThat(before).hasSize(4);

    Schema.flyway(database.source(), Optional.of("3")).migrate();

    List<List<Object>> after = jdbi.withHandle(h -> h.createQuery(
            "SELECT " + columns + ", scope FROM entries ORDER BY store_name, entry_key")
        .map((rs, ctx) -> List.<Object>of(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getLong(4), rs.getString(5)))
        .list());
    assertThat(after).isEqualTo(before.stream().map(row -> {
      List<Object> scoped = new ArrayList<>(row);
      scoped.add("");
      return scoped;
    }).toList());
    try (RelvaStore store = open(db, database.url())) {
      assertThat(store.load()).isEqualTo(expected.get(""));
      assertThat(store.scope("console").load()).as("no other scope").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a version-3 database gets version 4 on opening: its scopes still load, in commit "
      + "order, and can be claimed and committed through")
  void owners_onAVersion3Database_claimAndCommit(String db) {
    Database database = database(db);
    Map<String, Map<String, Map<Object, Object>>> expected = new HashMap<>();
    Schema.flyway(database.source(), Optional.of("3")).migrate();
    insert(database.source(), "3", expected);
    String guild = "112233445566778899";

    try (RelvaStore store = open(db, database.url())) {
      assertThat(Schema.flyway(database.source(), Optional.empty()).info().current()
          .getVersion()).isEqualTo(MigrationVersion.fromVersion("4"));
      assertThat(store.load()).isEqualTo(expected.get(""));
      StateJournal claimed = store.claimScope(guild, "bot-a");
      assertThat(claimed.load()).isEqualTo(expected.get(guild));
      claimed.commit(List.of(new Change("soloTickets", UserId.of("u9"),
          Optional.of(EntityId.of("Kzzz999")))));
      assertThat(claimed.newest("soloTickets", 5)).extracting(Map.Entry::getKey)
          .as("a new key goes after the migrated one")
          .containsExactly(UserId.of("u4"), UserId.of("u9"));
    }
  }

  @ParameterizedTest(name = "{0}: from version ''{1}'' to {2}")
  @MethodSource("migrations")
  void migration_fromThePreviousVersion_keepsItsData(String db, String before, String after) {
    Database database = database(db);
    String url = database.url();
    DataSource source = database.source();
    Map<String, Map<String, Map<Object, Object>>> expected = new HashMap<>();
    if (!before.isEmpty()) {
      Schema.flyway(source, Optional.of(before)).migrate();
      insert(source, before, expected);
    }

    Flyway to = Schema.flyway(source, Optional.of(after));
    to.migrate();
    assertThat(to.info().current().getVersion()).isEqualTo(MigrationVersion.fromVersion(after));
    // The new version's own rows, beside the old ones.
    insert(source, after, expected);

    // Opening with this Relva brings the database to the newest version; all rows must load,
    // each in its scope.
    try (RelvaStore store = open(db, url)) {
      assertThat(store.load()).isEqualTo(expected.getOrDefault("", Map.of()));
      expected.forEach((scope, stores) -> {
        if (!scope.isEmpty()) {
          assertThat(store.scope(scope).load()).as("scope " + scope).isEqualTo(stores);
        }
      });
    }
  }
}

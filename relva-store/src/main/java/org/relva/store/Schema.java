package org.relva.store;

import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The entries table's versions, kept by Flyway in {@code db/migration/relva} (one SQL for both
 * databases) and recorded in the database's {@code flyway_schema_history}. Brings a database up
 * to this Relva's version, and refuses one that a newer Relva has written, before changing it.
 */
final class Schema {
  static final String LOCATION = "classpath:db/migration/relva";

  private Schema() {}

  static Flyway flyway(DataSource source, Optional<String> target) {
    var config = Flyway.configure(Schema.class.getClassLoader())
        .dataSource(source)
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .validateMigrationNaming(true);
    target.ifPresent(config::target);
    return config.load();
  }

  /**
   * Migrates {@code source} to the newest version this Relva knows.
   *
   * @param setting the setting that names the database, for the message
   * @throws NewerDatabaseException if the database has a version this Relva does not know; then
   *     nothing was changed
   */
  static MigrateResult migrate(DataSource source, String setting) {
    Flyway flyway = flyway(source, Optional.empty());
    MigrationInfo[] applied = flyway.info().applied();
    MigrationVersion known = Arrays.stream(flyway.info().all())
        .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS
            && m.getState() != MigrationState.FUTURE_FAILED)
        .map(MigrationInfo::getVersion)
        .filter(v -> v != null)
        .max(MigrationVersion::compareTo)
        .orElse(MigrationVersion.EMPTY);
    for (MigrationInfo m : applied) {
      if (m.getVersion() != null && m.getVersion().compareTo(known) > 0) {
        throw new NewerDatabaseException("The database named by " + setting + " was written by "
            + "a newer Relva: its schema is at version " + m.getVersion() + " (" + m.getDescription()
            + "), and this Relva knows versions up to " + known + ". Nothing was changed. Run "
            + "the newer Relva again, or point " + setting + " at another database.");
      }
    }
    return flyway.migrate();
  }

  /** Thrown for a database from a newer Relva. */
  static final class NewerDatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NewerDatabaseException(String message) {
      super(message);
    }
  }
}

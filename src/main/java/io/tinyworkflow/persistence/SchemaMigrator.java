package io.tinyworkflow.persistence;

import io.tinyworkflow.persistence.jdbc.DatabaseUrl;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Brings the schema of {@code jdbc/tinyworkflow} up to date with the Liquibase changelog when the
 * application starts, before anything else uses the database; and tells the readiness check whether
 * the database is still up to date.
 *
 * <p>When the database is unreachable or a migration fails, the application starts anyway and waits
 * for it: the log names the database (password masked) and the cause, the readiness check says why
 * it is down, the API answers 503 naming the cause, the engine's timers do nothing, and the
 * migration is tried again every {@value #RETRY_SECONDS} seconds until it succeeds.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SchemaMigrator {

  /** How often a failed migration is tried again. */
  public static final int RETRY_SECONDS = 5;

  /** The changelog, on the class path of the WAR (copied there from {@code liquibase/}). */
  public static final String CHANGELOG = "liquibase/changelog.xml";

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  private volatile Set<String> expectedChangeSets = Set.of();

  /** Why the schema is not ready; {@code null} once it is up to date. */
  private volatile String notReady = "the schema has not been brought up to date yet";

  @PostConstruct
  void start() {
    tryMigrate();
  }

  /** Tries again while the schema is not ready. */
  @Schedule(hour = "*", minute = "*", second = "*/" + RETRY_SECONDS, persistent = false)
  void retry() {
    if (notReady != null) {
      tryMigrate();
    }
  }

  /**
   * Whether the schema is up to date, so that the engine and the API may use the database.
   *
   * @return {@code true} once a migration succeeded
   */
  public boolean ready() {
    return notReady == null;
  }

  /**
   * Why the schema is not ready.
   *
   * @return the cause, naming the database with its password masked; {@code null} when ready
   */
  public String notReadyReason() {
    return notReady;
  }

  private synchronized void tryMigrate() {
    if (notReady == null) {
      return;
    }
    try {
      migrate();
      notReady = null;
    } catch (Exception e) {
      String reason =
          "the database schema could not be brought up to date ("
              + DatabaseUrl.mask(DatabaseErrors.message(e))
              + "); trying again every "
              + RETRY_SECONDS
              + " s";
      if (!reason.equals(notReady)) {
        LOG.warning(() -> "TinyWorkflow waits for its database: " + reason);
      }
      notReady = reason;
    }
  }

  private void migrate() throws Exception {
    long start = System.nanoTime();
    ResourceAccessor resources = new ClassLoaderResourceAccessor(getClass().getClassLoader());
    try (Connection connection = dataSource.getConnection()) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      Scope.child(
          Map.of(Scope.Attr.resourceAccessor.name(), resources),
          () -> {
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .execute();
            expectedChangeSets = changeSetKeys(database, resources);
          });
      // Liquibase commits its own work; leave no local transaction for the container to resolve.
      if (!connection.getAutoCommit()) {
        connection.commit();
        connection.setAutoCommit(true);
      }
      LOG.info(
          () ->
              String.format(
                  "TinyWorkflow schema is up to date on %s %s (%d change sets, %d ms)",
                  database.getDatabaseProductName(),
                  safeVersion(database),
                  expectedChangeSets.size(),
                  (System.nanoTime() - start) / 1_000_000));
    }
  }

  /**
   * Lists the change sets of the changelog that the database has not applied.
   *
   * @param connection a connection to {@code jdbc/tinyworkflow}
   * @return "id::author" of each missing change set, empty when the schema is up to date
   * @throws SQLException when the change log table cannot be read
   */
  public Set<String> missingChangeSets(Connection connection) throws SQLException {
    Set<String> applied = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT ID, AUTHOR FROM DATABASECHANGELOG")) {
      while (rows.next()) {
        applied.add(rows.getString(1) + "::" + rows.getString(2));
      }
    }
    Set<String> missing = new LinkedHashSet<>(expectedChangeSets);
    missing.removeAll(applied);
    return missing;
  }

  private static Set<String> changeSetKeys(Database database, ResourceAccessor resources)
      throws Exception {
    DatabaseChangeLog changeLog =
        ChangeLogParserFactory.getInstance()
            .getParser(CHANGELOG, resources)
            .parse(CHANGELOG, new ChangeLogParameters(database), resources);
    List<ChangeSet> changeSets = changeLog.getChangeSets();
    Set<String> keys = new LinkedHashSet<>();
    for (ChangeSet changeSet : changeSets) {
      keys.add(changeSet.getId() + "::" + changeSet.getAuthor());
    }
    return Set.copyOf(keys);
  }

  private static String safeVersion(Database database) {
    try {
      return database.getDatabaseProductVersion();
    } catch (Exception e) {
      return "";
    }
  }
}

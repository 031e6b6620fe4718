package io.tinyworkflow.persistence;

import io.tinyworkflow.persistence.jdbc.DatabaseUrl;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
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
 * <p>When the database is unreachable or a migration fails, the application does not start and the
 * log names the database (password masked) and the cause.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {

  /** The changelog, on the class path of the WAR (copied there from {@code liquibase/}). */
  public static final String CHANGELOG = "liquibase/changelog.xml";

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  @Resource(lookup = "jdbc/tinyworkflow")
  private DataSource dataSource;

  private volatile Set<String> expectedChangeSets = Set.of();

  @PostConstruct
  void migrate() {
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
    } catch (Exception e) {
      throw new IllegalStateException(
          "TinyWorkflow cannot start: the database schema could not be brought up to date: "
              + DatabaseUrl.mask(e.getMessage()),
          e);
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

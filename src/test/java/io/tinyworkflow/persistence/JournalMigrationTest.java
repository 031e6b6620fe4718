package io.tinyworkflow.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.persistence.jdbc.UrlDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database made before the step journal became insert-only keeps its steps when the schema
 * is brought up to date, and then takes a row per run attempt of a step.
 */
class JournalMigrationTest {

  @TempDir Path dir;

  @Test
  void anUpgradedJournalKeepsItsStepsAndTakesARowPerRunAttempt() throws Exception {
    UrlDataSource dataSource = new UrlDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("old.db"));
    applyChangeSetsBefore("011", dataSource);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status, output,"
              + " attempts, run_attempt) VALUES ('r1', 1, 'fetch', 'activity', 'completed',"
              + " '\"a\"', 1, 0), ('r1', 2, 'load', 'activity', 'failed', NULL, 3, 0)");
    }

    SchemaMigrator migrator = new SchemaMigrator();
    migrator.dataSource = dataSource;
    migrator.start();
    assertTrue(migrator.ready(), migrator.notReadyReason());

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status, output,"
              + " attempts, run_attempt) VALUES ('r1', 2, 'load', 'activity', 'completed',"
              + " '\"b\"', 1, 1)");
      assertThrows(
          SQLException.class,
          () ->
              s.executeUpdate(
                  "INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status,"
                      + " attempts, run_attempt) VALUES ('r1', 1, 'fetch', 'activity',"
                      + " 'completed', 1, 0)"),
          "a step is recorded once per run attempt");
      List<String> rows = new ArrayList<>();
      try (var r =
          s.executeQuery(
              "SELECT step_number, run_attempt, status, output FROM workflow_steps"
                  + " WHERE run_id = 'r1' ORDER BY step_number, run_attempt")) {
        while (r.next()) {
          rows.add(r.getInt(1) + "/" + r.getInt(2) + " " + r.getString(3) + " " + r.getString(4));
        }
      }
      assertEquals(List.of("1/0 completed \"a\"", "2/0 failed null", "2/1 completed \"b\""), rows);
    }
  }

  /** Applies the change sets of the changelog's files that come before one, as an older release. */
  private void applyChangeSetsBefore(String first, UrlDataSource dataSource) throws Exception {
    String changelog =
        new String(
            getClass()
                .getClassLoader()
                .getResourceAsStream(SchemaMigrator.CHANGELOG)
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    Matcher include =
        Pattern.compile("<include file=\"(changes/(\\d+)[^\"]*)\"").matcher(changelog);
    StringBuilder older =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n"
                + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog\n"
                + "        http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd\">\n");
    int files = 0;
    while (include.find()) {
      if (include.group(2).compareTo(first) < 0) {
        older.append("  <include file=\"liquibase/").append(include.group(1)).append("\"/>\n");
        files++;
      }
    }
    assertEquals(10, files, "the change sets before " + first);
    Files.writeString(dir.resolve("older.xml"), older.append("</databaseChangeLog>\n"));
    var resources =
        new CompositeResourceAccessor(
            new DirectoryResourceAccessor(dir),
            new ClassLoaderResourceAccessor(getClass().getClassLoader()));
    try (Connection connection = dataSource.getConnection()) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      Scope.child(
          Map.of(Scope.Attr.resourceAccessor.name(), resources),
          () ->
              new CommandScope(UpdateCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                  .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "older.xml")
                  .execute());
    }
  }
}

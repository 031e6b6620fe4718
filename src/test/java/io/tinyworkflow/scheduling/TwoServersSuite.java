package io.tinyworkflow.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.crash.LibertyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Liberty servers on one database (DESIGN.md section 6), each with a timer for every schedule:
 * each occurrence of an every-second schedule starts exactly one run, and when one server is killed
 * the other goes on firing the schedule.
 */
public abstract class TwoServersSuite {

  private static final Path WORK = Path.of("target").toAbsolutePath().resolve("it-two-servers");
  private static final LibertyServer FIRST =
      new LibertyServer("crashServer", 9490, WORK.resolve("server-commands.log"));
  private static final LibertyServer SECOND =
      new LibertyServer("secondServer", 9494, WORK.resolve("server-commands.log"));

  /**
   * The database both servers share, as a JDBC URL that the test can also open.
   *
   * @return the JDBC URL
   */
  protected abstract String databaseUrl();

  @BeforeEach
  void layOutServers() throws Exception {
    LibertyServer.deleteTree(WORK);
    Files.createDirectories(WORK);
    FIRST.layOut(databaseUrl());
    SECOND.layOut(databaseUrl());
  }

  @AfterEach
  void stopServers() throws Exception {
    FIRST.stop();
    SECOND.stop();
  }

  @Test
  void eachOccurrenceStartsOneRunAndTheSurvivorGoesOn() throws Exception {
    FIRST.start();
    SECOND.start();
    String schedule = commitSchedule();
    LibertyServer.await("runs of the schedule", () -> runs(schedule).size() >= 8);
    FIRST.kill9();
    Instant killed = Instant.now();
    LibertyServer.await(
        "runs after the kill",
        () -> runs(schedule).stream().filter(t -> t.isAfter(killed.plusSeconds(1))).count() >= 3);
    pause(schedule);
    Thread.sleep(1500); // an occurrence being fired while pausing may still start its run

    List<Instant> occurrences = runs(schedule);
    assertEquals(
        occurrences.size(),
        occurrences.stream().distinct().count(),
        "an occurrence started two runs: " + occurrences);
    assertTrue(
        occurrences.stream().allMatch(t -> t.getNano() == 0), "not whole seconds: " + occurrences);
  }

  /** An active every-second schedule of echo, as the other server would store it. */
  private String commitSchedule() throws SQLException {
    String id = UUID.randomUUID().toString();
    long now = Instant.now().toEpochMilli();
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO workflow_schedules (schedule_id, workflow_name, cron_expression, input,"
                    + " status, time_zone, catch_up, catch_up_window_ms, overlap, next_fire_at,"
                    + " created_at, updated_at, row_version)"
                    + " VALUES (?, 'echo', '* * * * * *', '{}', 'active', 'UTC', 'one', 3600000,"
                    + " 'allow', ?, ?, ?, 0)")) {
      s.setString(1, id);
      s.setLong(2, (now / 1000 + 1) * 1000);
      s.setLong(3, now);
      s.setLong(4, now);
      s.executeUpdate();
    }
    return id;
  }

  private void pause(String schedule) throws SQLException {
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE workflow_schedules SET status = 'paused', next_fire_at = NULL"
                    + " WHERE schedule_id = ?")) {
      s.setString(1, schedule);
      s.executeUpdate();
    }
  }

  private List<Instant> runs(String schedule) throws SQLException {
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT scheduled_at FROM workflow_runs WHERE schedule_id = ? ORDER BY"
                    + " scheduled_at")) {
      s.setString(1, schedule);
      List<Instant> times = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          times.add(Instant.ofEpochMilli(r.getLong(1)));
        }
      }
      return times;
    }
  }
}

package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.ServerSuite;
import io.tinyworkflow.testing.TransactionalWorkflows;
import io.tinyworkflow.testing.crash.FileSteps;
import io.tinyworkflow.testing.crash.LibertyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kills a real Liberty server with {@code kill -9} in the middle of a run, starts it again, and
 * checks that the run resumes from its failure point: the steps committed before the crash never
 * run again, and a run committed while the server was down is executed after the restart. Runs
 * waiting across the crash (a sleep, an approval timeout, a parent waiting for its sleeping child)
 * and a delayed start end after the restart, and not before their time; a schedule made while the
 * server was down catches up once; a saga killed between two compensations runs the second after
 * the restart, and neither twice; a transactional step killed between its write and its record
 * leaves neither, and writes once after the restart.
 *
 * <p>The server ({@code crashServer}) runs the application WAR with the test workflows on the
 * database of the subclass, with 3-second leases. Runs are committed straight into the database, as
 * a server that crashed right after {@code startWorkflow} would have left them; counters are lines
 * in a file that the activity appends once it finished its work.
 */
@ServerSuite
public abstract class CrashRecoverySuite {

  private static final Path WORK = Path.of("target").toAbsolutePath().resolve("it-crash");
  private static final LibertyServer SERVER =
      new LibertyServer("crashServer", WORK.resolve("server-commands.log"));

  /**
   * The database the crash server uses, as a JDBC URL that the test can also open.
   *
   * @return the JDBC URL
   */
  protected abstract String databaseUrl();

  @BeforeEach
  void layOutServer() throws IOException {
    LibertyServer.deleteTree(WORK);
    Files.createDirectories(WORK);
    SERVER.layOut(databaseUrl());
  }

  private final List<String> schedules = new java.util.ArrayList<>();

  @AfterEach
  void stopServer() throws Exception {
    SERVER.stop();
    // The suites after this one share the database: no schedule of this one may fire there.
    try (Connection c = db()) {
      for (String schedule : schedules) {
        for (String sql :
            List.of(
                "DELETE FROM workflow_steps WHERE run_id IN"
                    + " (SELECT run_id FROM workflow_runs WHERE schedule_id = ?)",
                "DELETE FROM workflow_events WHERE run_id IN"
                    + " (SELECT run_id FROM workflow_runs WHERE schedule_id = ?)",
                "DELETE FROM workflow_runs WHERE schedule_id = ?",
                "DELETE FROM workflow_schedules WHERE schedule_id = ?")) {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, schedule);
            s.executeUpdate();
          }
        }
      }
    }
  }

  /**
   * One kill -9 with everything in flight at once (each start of the server costs half a minute):
   * runs waiting on a sleep, an approval timeout and a child, a delayed start, and a run between
   * two steps; a run and a schedule committed while the server is down.
   */
  @Test
  void afterKill9RunsResumeFromTheirLastStepAndWaitsEndNotBefore() throws Exception {
    SERVER.start();
    // The business table of the transactional step, in the engine's database (there by now).
    try (Connection c = db();
        java.sql.Statement s = c.createStatement()) {
      s.execute(TransactionalWorkflows.LEDGER_TABLE);
    }
    // A saga killed between its two compensations: the first recorded, the second running.
    Path sagaFile = WORK.resolve("saga.txt");
    Path sagaGate = WORK.resolve("saga-gate");
    String saga =
        commitRun(
            "saga_with_gate", "{\"file\":\"" + sagaFile + "\",\"gate\":\"" + sagaGate + "\"}");
    LibertyServer.await(
        "the saga's second compensation runs",
        () -> events(saga).stream().filter("compensation_started"::equals).count() == 2);

    Path firstFile = WORK.resolve("first.txt");
    String first = commitRun("five_slow_steps", "{\"file\":\"" + firstFile + "\",\"millis\":3000}");
    LibertyServer.await("step 2 of the first run is committed", () -> completedSteps(first) >= 2);

    // The waits begin last, so that they outlast the kill and the restart (which takes up to a
    // minute on a busy machine).
    Path sleeperFile = WORK.resolve("sleeper.txt");
    String sleeper =
        commitRun("sleep_between_steps", "{\"file\":\"" + sleeperFile + "\",\"sleep_ms\":90000}");
    Path approvalFile = WORK.resolve("approval.txt");
    String approval =
        commitRun(
            "approval_times_out_between_steps",
            "{\"file\":\"" + approvalFile + "\",\"timeout_ms\":90000}");
    Path childFile = WORK.resolve("child.txt");
    Path parentFile = WORK.resolve("parent.txt");
    String parent =
        commitRun(
            "parent_of_sleeper",
            "{\"file\":\""
                + childFile
                + "\",\"parent_file\":\""
                + parentFile
                + "\",\"sleep_ms\":90000}");
    Path delayedFile = WORK.resolve("delayed.txt");
    long delayedDue = Instant.now().plusSeconds(90).toEpochMilli();
    String delayed =
        commitRun(
            "sleep_between_steps", "{\"file\":\"" + delayedFile + "\",\"sleep_ms\":0}", delayedDue);
    LibertyServer.await(
        "the runs wait",
        () -> List.of(sleeper, approval, parent).stream().allMatch(this::isPaused));
    long sleepEnds = queryLong("SELECT deadline_at FROM workflow_waits WHERE run_id = ?", sleeper);
    long approvalEnds =
        queryLong("SELECT deadline_at FROM workflow_waits WHERE run_id = ?", approval);

    // A transactional step killed between its write and its record: neither is committed.
    Path ledgerFile = WORK.resolve("ledger.txt");
    Path ledgerGate = WORK.resolve("ledger-gate");
    String ledgerKey = UUID.randomUUID().toString();
    String ledger =
        commitRun(
            "ledger_at_gate",
            "{\"key\":\""
                + ledgerKey
                + "\",\"file\":\""
                + ledgerFile
                + "\",\"gate\":\""
                + ledgerGate
                + "\"}");
    LibertyServer.await("the transactional step wrote", () -> Files.exists(ledgerFile));
    SERVER.kill9();
    List<String> committed = stepOutputs(first);
    Map<String, Long> ranBeforeTheKill = lines(firstFile);
    assertTrue(committed.size() < FileSteps.STEPS.size(), "the kill came after the last step");
    assertEquals(Map.of("inserted", 1L), lines(ledgerFile));
    assertEquals(0, ledgerRows(ledgerKey), "the killed step's write was rolled back");
    assertEquals(List.of(), journal(ledger), "the killed step's record");
    Files.createFile(ledgerGate);

    // Committed while no server runs (by another one): must be executed after the restart. An
    // every-minute schedule, 3 minutes behind, catches up once.
    Path secondFile = WORK.resolve("second.txt");
    String second = commitRun(secondFile);
    String schedule = commitSchedule("* * * * *", Instant.now().minus(Duration.ofMinutes(3)));

    long beforeRestart = Instant.now().toEpochMilli();
    SERVER.start();
    long restarted = Instant.now().toEpochMilli();
    assertTrue(
        restarted < Math.min(Math.min(sleepEnds, approvalEnds), delayedDue),
        "the restart took longer than the waits; the test proves nothing");
    LibertyServer.await(
        "both runs complete",
        () -> "completed".equals(status(first)) && "completed".equals(status(second)));

    LibertyServer.await("the transactional step's run completes", () -> isCompleted(ledger));
    assertEquals(Map.of("inserted", 2L), lines(ledgerFile), "the step ran again");
    assertEquals(1, ledgerRows(ledgerKey), "and wrote once");
    assertEquals(List.of("activity ledger_at_gate completed"), journal(ledger));

    Files.createFile(sagaGate);
    LibertyServer.await("the saga ends", () -> "failed".equals(status(saga)));
    assertEquals(
        Map.of("hotel", 1L, "card", 1L, "fail", 1L, "refund_card", 1L, "cancel_hotel", 1L),
        lines(sagaFile),
        "each step and compensation ran once");
    assertEquals(
        List.of(
            "activity file_step completed",
            "activity file_step completed",
            "activity file_fail failed",
            "compensation refund_card completed",
            "compensation cancel_hotel completed"),
        journal(saga));
    assertEquals(
        3,
        events(saga).stream().filter("compensation_started"::equals).count(),
        "cancel_hotel started again after the restart, refund_card did not: " + events(saga));

    // Every step is recorded once, in order; a committed step never runs again. The step in
    // flight at the kill may have run to its end without being recorded: it runs once more.
    assertEquals(FileSteps.STEPS, stepOutputs(first), "the journal of the first run");
    assertEquals(FileSteps.STEPS, stepOutputs(second), "the journal of the second run");
    Map<String, Long> ran = lines(firstFile);
    for (String step : FileSteps.STEPS) {
      long times = ran.getOrDefault(step, 0L);
      boolean inFlight = !committed.contains(step) && ranBeforeTheKill.containsKey(step);
      assertTrue(
          times == 1 || (inFlight && times == 2),
          step
              + " ran "
              + times
              + " times; committed before the kill: "
              + committed
              + ", ran: "
              + ran);
    }
    assertEquals(onceEach(), lines(secondFile));
    assertTrue(
        events(first).contains("workflow_recovered"),
        "the first run was claimed again: " + events(first));

    LibertyServer.await(
        "the schedule caught up",
        () ->
            queryLong("SELECT next_fire_at FROM workflow_schedules WHERE schedule_id = ?", schedule)
                > restarted);
    // The occurrences missed while the server was down make at most one run (none when the
    // catch-up came after the next minute began: its one run is for that minute then). The catch-up
    // may fire while the server starts, and later minutes on time, each once.
    assertTrue(
        queryInt(
                "SELECT COUNT(*) FROM workflow_runs WHERE schedule_id = ? AND scheduled_at <= ?",
                schedule,
                beforeRestart)
            <= 1,
        "one run at most for the missed occurrences");
    assertEquals(
        queryInt("SELECT COUNT(*) FROM workflow_runs WHERE schedule_id = ?", schedule),
        queryInt(
            "SELECT COUNT(DISTINCT scheduled_at) FROM workflow_runs WHERE schedule_id = ?",
            schedule),
        "each occurrence ran once");
    LibertyServer.await(
        "the waiting runs complete",
        () -> List.of(sleeper, approval, parent, delayed).stream().allMatch(this::isCompleted));
    assertTrue(
        queryLong("SELECT started_at FROM workflow_runs WHERE run_id = ?", delayed) >= delayedDue,
        "the delayed run started before its time");
    assertEquals(Map.of("before", 1L, "after", 1L), lines(delayedFile));

    assertTrue(firedAt(sleeper, "timer_fired") >= sleepEnds, "the sleep ended early");
    assertEquals(Map.of("before", 1L, "after", 1L), lines(sleeperFile));
    assertTrue(
        firedAt(approval, "approval_timed_out") >= approvalEnds, "the approval timed out early");
    assertEquals(Map.of("before", 1L, "timed_out", 1L), lines(approvalFile));
    assertEquals(Map.of("before", 1L, "after", 1L), lines(childFile));
    assertEquals(Map.of("parent_after", 1L), lines(parentFile));
    assertTrue(events(parent).contains("child_completed"), "events: " + events(parent));
  }

  private boolean isPaused(String runId) {
    return "paused".equals(uncheckedStatus(runId));
  }

  private boolean isCompleted(String runId) {
    return "completed".equals(uncheckedStatus(runId));
  }

  private String uncheckedStatus(String runId) {
    try {
      return status(runId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long firedAt(String runId, String eventType) throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT created_at FROM workflow_events WHERE run_id = ? AND event_type = ?")) {
      s.setString(1, runId);
      s.setString(2, eventType);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "no " + eventType + " event for run " + runId);
        return r.getLong(1);
      }
    }
  }

  private static Map<String, Long> onceEach() {
    return FileSteps.STEPS.stream().collect(Collectors.toMap(Function.identity(), s -> 1L));
  }

  private static Map<String, Long> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private String commitRun(Path counterFile) throws SQLException {
    return commitRun("five_slow_steps", "{\"file\":\"" + counterFile + "\",\"millis\":1000}");
  }

  private String commitRun(String workflow, String input) throws SQLException {
    return commitRun(workflow, input, Instant.now().toEpochMilli());
  }

  /** Commits a run as a delayed start does: pending, due at {@code startAt}. */
  private String commitRun(String workflow, String input, long startAt) throws SQLException {
    String runId = UUID.randomUUID().toString();
    long now = Instant.now().toEpochMilli();
    try (Connection c = db();
        PreparedStatement run =
            c.prepareStatement(
                "INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, workflow_version,"
                    + " status, input, created_at, updated_at, next_attempt_at, scheduled_at,"
                    + " retry_count, max_retries, row_version) VALUES (?, ?, ?, '1', 'pending',"
                    + " ?, ?, ?, ?, ?, 0, 0, 0)")) {
      run.setString(1, runId);
      run.setString(2, runId);
      run.setString(3, workflow);
      run.setString(4, input);
      run.setLong(5, now);
      run.setLong(6, now);
      run.setLong(7, startAt);
      run.setLong(8, startAt);
      run.executeUpdate();
    }
    return runId;
  }

  /** Commits an active schedule of echo whose next occurrence is {@code next}. */
  private String commitSchedule(String cron, Instant next) throws SQLException {
    String id = UUID.randomUUID().toString();
    long now = Instant.now().toEpochMilli();
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO workflow_schedules (schedule_id, workflow_name, cron_expression, input,"
                    + " status, time_zone, catch_up, catch_up_window_ms, overlap, next_fire_at,"
                    + " created_at, updated_at, row_version)"
                    + " VALUES (?, 'echo', ?, '{}', 'active', 'UTC', 'one', 3600000, 'skip', ?, ?,"
                    + " ?, 0)")) {
      s.setString(1, id);
      s.setString(2, cron);
      s.setLong(3, next.toEpochMilli());
      s.setLong(4, now);
      s.setLong(5, now);
      s.executeUpdate();
    }
    schedules.add(id);
    return id;
  }

  /**
   * What a run's recorded steps returned (each {@code file_step} returns its line), in step order,
   * each completed with one attempt.
   */
  private List<String> stepOutputs(String runId) throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT output, status, attempts FROM workflow_steps WHERE run_id = ?"
                    + " ORDER BY step_number")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        List<String> names = new java.util.ArrayList<>();
        while (r.next()) {
          assertEquals("completed", r.getString(2), "a step of run " + runId);
          assertEquals(1, r.getInt(3), "the attempts of a step of run " + runId);
          names.add(r.getString(1).replace("\"", ""));
        }
        return names;
      }
    }
  }

  /** A run's journal: each step's kind, name and status, in step order. */
  private List<String> journal(String runId) throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT step_kind, step_name, status FROM workflow_steps WHERE run_id = ?"
                    + " ORDER BY step_number, run_attempt")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        List<String> steps = new java.util.ArrayList<>();
        while (r.next()) {
          steps.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
        }
        return steps;
      }
    }
  }

  private int ledgerRows(String key) throws SQLException {
    return queryInt("SELECT COUNT(*) FROM tx_ledger WHERE ledger_key = ?", key);
  }

  private int completedSteps(String runId) throws SQLException {
    return queryInt(
        "SELECT COUNT(*) FROM workflow_steps WHERE run_id = ? AND status = 'completed'", runId);
  }

  private String status(String runId) throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement("SELECT status FROM workflow_runs WHERE run_id = ?")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private List<String> events(String runId) throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_type FROM workflow_events WHERE run_id = ? ORDER BY event_id")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        List<String> types = new java.util.ArrayList<>();
        while (r.next()) {
          types.add(r.getString(1));
        }
        return types;
      }
    }
  }

  private long queryLong(String sql, String runId) throws SQLException {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "no row for " + sql);
        return r.getLong(1);
      }
    }
  }

  private int queryInt(String sql, String runId) throws SQLException {
    return queryInt(sql, runId, null);
  }

  /** A count for a run or schedule id and, when given, a time in epoch millis. */
  private int queryInt(String sql, String id, Long millis) throws SQLException {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      if (millis != null) {
        s.setLong(2, millis);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private Connection db() throws SQLException {
    String url = databaseUrl();
    return DriverManager.getConnection(
        url.startsWith("jdbc:sqlite:") ? url + "?busy_timeout=30000" : url);
  }
}

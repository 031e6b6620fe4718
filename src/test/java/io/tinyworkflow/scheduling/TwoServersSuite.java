package io.tinyworkflow.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.ServerSuite;
import io.tinyworkflow.testing.crash.LibertyServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Liberty servers on one database (DESIGN.md section 6), each with a timer for every schedule:
 * each occurrence of an every-second schedule starts exactly one run, and when one server is killed
 * the other goes on firing the schedule. A server frozen ({@code kill -STOP}) past its lease in the
 * middle of a run records nothing once it goes on, and a cancel made on the other server stops the
 * run on the first within a renewal tick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSuite
public abstract class TwoServersSuite {

  private static final Path WORK = Path.of("target").toAbsolutePath().resolve("it-two-servers");
  private static final LibertyServer FIRST =
      new LibertyServer("crashServer", WORK.resolve("server-commands.log"));
  private static final LibertyServer SECOND =
      new LibertyServer("secondServer", WORK.resolve("server-commands.log"));

  /**
   * The database both servers share, as a JDBC URL that the test can also open.
   *
   * @return the JDBC URL
   */
  protected abstract String databaseUrl();

  /** Both servers start once for the suite (each start costs half a minute); the kill is last. */
  @BeforeAll
  void startServers() throws Exception {
    LibertyServer.deleteTree(WORK);
    Files.createDirectories(WORK);
    FIRST.layOut(databaseUrl());
    // The second server's leases are long: a run it stops with must be released, not left to run
    // out (the first server's are short, for the frozen and killed server tests).
    SECOND.layOut(databaseUrl(), 30);
    FIRST.start();
    SECOND.start();
  }

  @AfterAll
  void stopServers() throws Exception {
    FIRST.stop();
    SECOND.stop();
  }

  @Test
  @Order(3)
  void aStoppedServerFinishesItsStepAndHandsTheRunOverAtOnce() throws Exception {
    Path file = WORK.resolve("stopped.txt");
    String runId = start(SECOND, "{\"file\": \"" + file + "\", \"millis\": 2000}");
    LibertyServer.await("step one is done", () -> lines(file).contains("one"));
    String second = owner(runId);
    try {
      SECOND.terminate(); // step two is in flight
      // The lease went with the server: released, or taken by the first server already, never
      // left to run out (each execution stops at its next step and releases its run).
      assertTrue(!owner(runId).equals(second), "the stopped server still holds the run");
      LibertyServer.await("the run completed", () -> "completed".equals(status(runId)));
      List<String> lines = lines(file);
      for (String step : List.of("one", "two", "three", "four", "five")) {
        // two finished on the stopping server and was recorded: it does not run again
        assertEquals(1, lines.stream().filter(step::equals).count(), step + " in " + lines);
      }
      assertEquals(
          List.of("file_step", "file_step", "file_step", "file_step", "file_step"), steps(runId));
    } finally {
      SECOND.start(); // the next test needs two servers
    }
  }

  @Test
  @Order(4) // last: it kills the first server
  void eachOccurrenceStartsOneRunAndTheSurvivorGoesOn() throws Exception {
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

  @Test
  @Order(2)
  void aServerFrozenPastItsLeaseRecordsNothingOnceItGoesOn() throws Exception {
    Path file = WORK.resolve("frozen.txt");
    String runId = start(FIRST, "{\"file\": \"" + file + "\", \"millis\": 4000}");
    LibertyServer.await("step one is done", () -> lines(file).contains("one"));
    String first = owner(runId);
    FIRST.signal("STOP"); // step two is in flight on the first server
    try {
      LibertyServer.await(
          "the second server took the run over",
          () -> !owner(runId).equals(first) && !owner(runId).equals("null"));
      Thread.sleep(2000);
    } finally {
      FIRST.signal("CONT");
    }
    LibertyServer.await("the run completed", () -> "completed".equals(status(runId)));
    Thread.sleep(3000); // what the first server might still do after the run completed
    List<String> lines = lines(file);
    for (String step : List.of("one", "three", "four", "five")) {
      assertEquals(1, lines.stream().filter(step::equals).count(), step + " in " + lines);
    }
    assertTrue(lines.stream().filter("two"::equals).count() <= 2, "two in " + lines);
    assertEquals(
        List.of("file_step", "file_step", "file_step", "file_step", "file_step"), steps(runId));
  }

  @Test
  @Order(1)
  void aCancelOnOneServerStopsTheRunOnTheOtherWithNothingRecordedAfterIt() throws Exception {
    Path file = WORK.resolve("cancelled.txt");
    String runId = start(FIRST, "{\"file\": \"" + file + "\", \"millis\": 1500}");
    LibertyServer.await("step one is done", () -> lines(file).contains("one"));
    HttpResponse<String> cancelled =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(api(SECOND, "workflows/" + runId))
                    .header("Authorization", LibertyServer.ADMIN)
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    long cancelledAt = Instant.now().toEpochMilli();
    Thread.sleep(5000); // more than a renewal tick, and more than a step
    assertEquals("cancelled", status(runId));
    assertTrue(lines(file).size() <= 2, "steps ran after the cancel: " + lines(file));
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM workflow_steps WHERE run_id = ? AND completed_at > ?")) {
      s.setString(1, runId);
      s.setLong(2, cancelledAt + 500); // a step committing right at the cancel may land
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertEquals(0, r.getInt(1), "a step was recorded after the cancel");
      }
    }
  }

  /**
   * A queue with a global cap of 5, declared on the workflow: 200 runs started through both servers
   * never have more than 5 steps running at once, by the times the steps themselves report; 5 runs
   * started last with a higher priority go before the runs still waiting.
   */
  @Test
  @Order(0)
  void aQueueCappedAtFiveNeverRunsMoreAcrossBothServers() throws Exception {
    // Started by 16 callers at once, faster than the queue lets them run: they wait.
    List<String> runIds =
        startAll(
            200,
            i ->
                startWorkflow(i % 2 == 0 ? FIRST : SECOND, "capped_probe", "{\"millis\": 200}", 0));
    List<String> urgent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      urgent.add(
          startWorkflow(i % 2 == 0 ? FIRST : SECOND, "capped_probe", "{\"millis\": 200}", 10));
    }
    awaitCompleted(runIds);
    awaitCompleted(urgent);
    List<long[]> steps = times(runIds);
    List<long[]> urgentSteps = times(urgent);
    List<long[]> all = new ArrayList<>(steps);
    all.addAll(urgentSteps);
    int most = mostAtOnce(all);
    assertTrue(most <= 5, most + " runs of the queue ran at once");
    assertTrue(most >= 3, "the queue ran its runs " + most + " at a time, not up to its cap");
    List<Long> starts = steps.stream().map(s -> s[0]).sorted().toList();
    long lastUrgent = urgentSteps.stream().mapToLong(s -> s[0]).max().orElseThrow();
    long waiting = starts.stream().filter(s -> s > lastUrgent).count();
    assertTrue(
        waiting >= 20,
        "the urgent runs went after all but " + waiting + " of the runs started before them");
  }

  /** The start and end of each run's step, as the step reported them. */
  private List<long[]> times(List<String> runIds) throws SQLException {
    List<long[]> steps = new ArrayList<>();
    for (String output : outputs(runIds)) {
      JsonObject o = Json.createReader(new StringReader(output)).readObject();
      steps.add(
          new long[] {o.getJsonNumber("start").longValue(), o.getJsonNumber("end").longValue()});
    }
    return steps;
  }

  /**
   * A queue with a rate of 10 starts per second set by the servers' configuration: 80 runs due at
   * once (stored in one transaction, as a burst of starts leaves them) begin at 10 per second
   * (within 10%) across both servers, once the first burst has passed.
   */
  @Test
  @Order(0)
  void aQueueRatedAtTenPerSecondStartsTenPerSecondAcrossBothServers() throws Exception {
    List<String> runIds = storeDue("rated_probe", 80);
    awaitCompleted(runIds);
    List<Long> starts = new ArrayList<>();
    for (String output : outputs(runIds)) {
      starts.add(
          Json.createReader(new StringReader(output))
              .readObject()
              .getJsonNumber("start")
              .longValue());
    }
    java.util.Collections.sort(starts);
    // The bucket's second's worth starts at once, and on a loaded machine the first executions of
    // a server begin late and bunch behind their claims: the rate is read over the last 50 starts,
    // some three seconds after the first.
    int from = starts.size() - 50;
    double seconds = (starts.get(starts.size() - 1) - starts.get(from)) / 1000.0;
    double rate = (starts.size() - 1 - from) / seconds;
    assertTrue(
        rate >= 9 && rate <= 11, "started at " + rate + " per second over " + seconds + " s");
  }

  /** Stores runs of a workflow, due now, in one transaction: no server has started any. */
  private List<String> storeDue(String workflow, int n) throws SQLException {
    List<String> runIds = new ArrayList<>();
    long now = Instant.now().toEpochMilli();
    try (Connection c = DriverManager.getConnection(databaseUrl())) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, workflow_version,"
                  + " status, input, created_at, updated_at, retry_count, max_retries,"
                  + " row_version, priority) VALUES (?, ?, ?, '1', 'pending', '{}', ?, ?, 0, 0, 0,"
                  + " 0)")) {
        for (int i = 0; i < n; i++) {
          String id = UUID.randomUUID().toString();
          s.setString(1, id);
          s.setString(2, id);
          s.setString(3, workflow);
          s.setLong(4, now);
          s.setLong(5, now);
          s.addBatch();
          runIds.add(id);
        }
        s.executeBatch();
      }
      c.commit();
    }
    return runIds;
  }

  private interface Start {
    String start(int i) throws Exception;
  }

  /** Starts runs from 16 callers at once; returns their ids in the order of {@code i}. */
  private static List<String> startAll(int n, Start start) throws Exception {
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<String>> started = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        started.add(callers.submit(() -> start.start(k)));
      }
      List<String> runIds = new ArrayList<>();
      for (java.util.concurrent.Future<String> f : started) {
        runIds.add(f.get());
      }
      return runIds;
    } finally {
      callers.shutdownNow();
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String startWorkflow(
      LibertyServer server, String workflow, String input, int priority) throws Exception {
    HttpResponse<String> reply =
        HTTP.send(
            HttpRequest.newBuilder(api(server, "workflows/start"))
                .header("Authorization", LibertyServer.ADMIN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"workflow_name\": \""
                            + workflow
                            + "\", \"priority\": "
                            + priority
                            + ", \"input_data\": "
                            + input
                            + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reply.statusCode(), reply.body());
    return Json.createReader(new StringReader(reply.body())).readObject().getString("run_id");
  }

  private void awaitCompleted(List<String> runIds) throws Exception {
    LibertyServer.await(
        runIds.size() + " runs completed", () -> outputs(runIds).size() == runIds.size());
  }

  /** The outputs of the runs that completed. */
  private List<String> outputs(List<String> runIds) throws SQLException {
    List<String> outputs = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT output FROM workflow_runs WHERE run_id = ? AND status = 'completed'")) {
      for (String runId : runIds) {
        s.setString(1, runId);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            outputs.add(r.getString(1));
          }
        }
      }
    }
    return outputs;
  }

  /** The most intervals that overlap at one moment. */
  private static int mostAtOnce(List<long[]> intervals) {
    List<long[]> edges = new ArrayList<>();
    for (long[] i : intervals) {
      edges.add(new long[] {i[0], 1});
      edges.add(new long[] {i[1], -1});
    }
    // An end and a start at the same millisecond: the end first (the place was freed, then taken).
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }

  private static String start(LibertyServer server, String input) throws Exception {
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(api(server, "workflows/start"))
                    .header("Authorization", LibertyServer.ADMIN)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"workflow_name\": \"five_slow_steps\", \"input_data\": "
                                + input
                                + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reply.statusCode(), reply.body());
    return Json.createReader(new StringReader(reply.body())).readObject().getString("run_id");
  }

  private static URI api(LibertyServer server, String path) {
    return URI.create("http://localhost:" + server.port() + "/api/" + path);
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private String status(String runId) throws SQLException {
    return column("SELECT status FROM workflow_runs WHERE run_id = ?", runId);
  }

  private String owner(String runId) throws SQLException {
    return String.valueOf(column("SELECT lease_owner FROM workflow_runs WHERE run_id = ?", runId));
  }

  private String column(String sql, String runId) throws SQLException {
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private List<String> steps(String runId) throws SQLException {
    try (Connection c = DriverManager.getConnection(databaseUrl());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT step_name FROM workflow_steps WHERE run_id = ? ORDER BY step_number")) {
      s.setString(1, runId);
      List<String> names = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }
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

package io.tinyworkflow.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.testing.FormSignIn;
import io.tinyworkflow.testing.TestDeployments;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pages on real volumes, run by {@code mvn verify -Pbenchmark -Dit.test=PagesBenchmark}: the
 * database gets N runs (100,000 by default) with 3 steps and 5 events each, spread over 30 days and
 * the last hour, and one run with 1,000 steps; then a signed-in browser session asks for the
 * dashboard, the executions page (unfiltered and filtered) and that run's page, R times each, and
 * the time from request to last byte is reported: the page rendered on the server, on localhost.
 * Writes {@code target/benchmark-pages.txt}. It measures; it asserts only that each page answered
 * 200 with its content.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class PagesBenchmark {

  private static final String WORKFLOW = "bench_page";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return TestDeployments.application(PagesBenchmark.class);
  }

  @ArquillianResource URL base;

  /** The signed-in session of the admin. */
  private HttpClient http;

  @Test
  void measure() throws Exception {
    int n = Integer.parseInt(BenchmarkSupport.env("BENCH_PAGES_N", "100000"));
    int rounds = Integer.parseInt(BenchmarkSupport.env("BENCH_PAGES_R", "30"));
    String url = BenchmarkSupport.env("TINYWORKFLOW_DATABASE_URL", "");
    List<String> report = new ArrayList<>();
    String bigRun;
    try (Connection c = DriverManager.getConnection(url)) {
      report.add(
          "Database: "
              + c.getMetaData().getDatabaseProductName()
              + " "
              + c.getMetaData().getDatabaseProductVersion());
      long seeded = System.nanoTime();
      int added = seed(c, n);
      bigRun = bigRun(c);
      report.add(
          String.format(
              "seeded %d runs (%d already there) in %d s",
              added, n - added, (System.nanoTime() - seeded) / 1_000_000_000));
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      } catch (Exception e) {
        // Only PostgreSQL needs it for fresh statistics.
      }
    }
    http =
        FormSignIn.signIn(
            base.toString(), "admin", System.getProperty("tinyworkflow.it.admin.password"));
    Map<String, String> pages =
        Map.of(
            "dashboard",
            "index.xhtml",
            "executions",
            "executions.xhtml",
            "executions, failed of one workflow",
            "executions.xhtml?status=failed&workflow=" + WORKFLOW,
            "run with 1,000 steps",
            "run.xhtml?id=" + bigRun);
    for (String name :
        List.of(
            "dashboard",
            "executions",
            "executions, failed of one workflow",
            "run with 1,000 steps")) {
      String path = pages.get(name);
      for (int i = 0; i < 5; i++) {
        get(path);
      }
      long[] millis = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        get(path);
        millis[i] = (System.nanoTime() - start) / 1_000_000;
      }
      report.add(String.format("%-36s %s", name, BenchmarkSupport.percentiles(millis)));
    }
    String text = String.join("\n", report) + "\n";
    System.out.println("TinyWorkflow pages benchmark\n" + text);
    Files.writeString(
        Path.of(BenchmarkSupport.env("BENCH_PAGES_OUT", "benchmark-pages.txt")), text);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), path);
    assertTrue(page.body().contains("tw-title"), "not a signed-in page: " + path);
    return page.body();
  }

  /** Adds runs of the benchmark workflow until there are n, with their steps and events. */
  private static int seed(Connection c, int n) throws Exception {
    int have;
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM workflow_runs WHERE workflow_name = ?")) {
      s.setString(1, WORKFLOW);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        have = r.getInt(1);
      }
    }
    int missing = Math.max(0, n - have);
    long now = System.currentTimeMillis();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement runs =
            c.prepareStatement(
                "INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, workflow_version,"
                    + " status, input, output, error, created_at, started_at, completed_at,"
                    + " updated_at, retry_count, max_retries, row_version, started_by)"
                    + " VALUES (?, ?, ?, '1', ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 'bench')");
        PreparedStatement steps =
            c.prepareStatement(
                "INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status,"
                    + " output, attempts, run_attempt, started_at, completed_at)"
                    + " VALUES (?, ?, ?, 'activity', 'completed', '{\"ok\":true}', 1, 0, ?, ?)");
        PreparedStatement events =
            c.prepareStatement(
                "INSERT INTO workflow_events (run_id, event_type, step_number, data, created_at)"
                    + " VALUES (?, ?, ?, '{}', ?)")) {
      for (int i = 0; i < missing; i++) {
        String id = UUID.randomUUID().toString();
        // One run in ten in the last hour, the rest over 30 days.
        long created =
            i % 10 == 0
                ? now - (long) (Math.random() * 3_600_000L)
                : now - (long) (Math.random() * 30L * 86_400_000L);
        int kind = i % 20;
        String status =
            kind < 16 ? "completed" : kind < 18 ? "failed" : kind < 19 ? "paused" : "cancelled";
        runs.setString(1, id);
        runs.setString(2, id);
        runs.setString(3, WORKFLOW);
        runs.setString(4, status);
        runs.setString(5, "{\"order\":" + i + ",\"customer\":\"c-" + (i % 977) + "\"}");
        runs.setString(6, "completed".equals(status) ? "{\"total\":" + i + "}" : null);
        runs.setString(
            7,
            "failed".equals(status)
                ? "{\"type\":\"java.io.IOException\",\"message\":\"upstream timed out\"}"
                : null);
        runs.setLong(8, created);
        runs.setLong(9, created + 5);
        if ("paused".equals(status)) {
          runs.setNull(10, java.sql.Types.BIGINT);
        } else {
          runs.setLong(10, created + 900);
        }
        runs.setLong(11, created + 900);
        runs.addBatch();
        for (int step = 1; step <= 3; step++) {
          steps.setString(1, id);
          steps.setInt(2, step);
          steps.setString(3, "step_" + step);
          steps.setLong(4, created + step * 100);
          steps.setLong(5, created + step * 100 + 80);
          steps.addBatch();
        }
        for (String type :
            List.of(
                "workflow_started",
                "activity_completed",
                "activity_completed",
                "activity_completed",
                "workflow_" + status)) {
          events.setString(1, id);
          events.setString(2, type);
          events.setNull(3, java.sql.Types.INTEGER);
          events.setLong(4, created);
          events.addBatch();
        }
        if (i % 1000 == 999 || i == missing - 1) {
          runs.executeBatch();
          steps.executeBatch();
          events.executeBatch();
          c.commit();
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
    return missing;
  }

  /** The run with 1,000 steps and 2,000 events, made once. */
  private static String bigRun(Connection c) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement("SELECT run_id FROM workflow_runs WHERE workflow_id = 'bench-1000'")) {
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return r.getString(1);
        }
      }
    }
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement run =
            c.prepareStatement(
                "INSERT INTO workflow_runs (run_id, workflow_id, workflow_name, workflow_version,"
                    + " status, input, output, created_at, started_at, completed_at, updated_at,"
                    + " retry_count, max_retries, row_version, started_by) VALUES (?, 'bench-1000',"
                    + " ?, '1', 'completed', '{}', '{}', ?, ?, ?, ?, 0, 0, 0, 'bench')");
        PreparedStatement steps =
            c.prepareStatement(
                "INSERT INTO workflow_steps (run_id, step_number, step_name, step_kind, status,"
                    + " output, attempts, run_attempt, started_at, completed_at)"
                    + " VALUES (?, ?, ?, 'activity', 'completed', '{\"ok\":true}', 1, 0, ?, ?)");
        PreparedStatement events =
            c.prepareStatement(
                "INSERT INTO workflow_events (run_id, event_type, step_number, data, created_at)"
                    + " VALUES (?, 'activity_completed', ?, '{\"activity\":\"step\"}', ?)")) {
      run.setString(1, id);
      run.setString(2, WORKFLOW);
      run.setLong(3, now - 60_000);
      run.setLong(4, now - 60_000);
      run.setLong(5, now);
      run.setLong(6, now);
      run.executeUpdate();
      for (int step = 1; step <= 1000; step++) {
        steps.setString(1, id);
        steps.setInt(2, step);
        steps.setString(3, "step_" + step);
        steps.setLong(4, now - 60_000 + step * 50L);
        steps.setLong(5, now - 60_000 + step * 50L + 40);
        steps.addBatch();
        for (int e = 0; e < 2; e++) {
          events.setString(1, id);
          events.setInt(2, step);
          events.setLong(3, now - 60_000 + step * 50L + e);
          events.addBatch();
        }
      }
      steps.executeBatch();
      events.executeBatch();
      c.commit();
    } finally {
      c.setAutoCommit(auto);
    }
    return id;
  }
}

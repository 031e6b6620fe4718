package io.tinyworkflow.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.testing.TestDeployments;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The wait benchmark, run in the server by {@code mvn verify -Pbenchmark}: N runs paused on an
 * approval at once (the threads executing runs meanwhile, and the heap they cost), then all of them
 * approved from C callers (the time to drain, and each run's approval-to-resume latency); then S
 * durable sleeps of 1 to 5 s (how late each timer fired). Writes {@code
 * target/benchmark-waits.txt}. It measures; it asserts only that every run completed.
 */
@ExtendWith(ArquillianExtension.class)
class WaitBenchmark {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(WaitBenchmark.class).addClass(BenchmarkSupport.class);
  }

  @Inject WorkflowClient client;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  interface Work {
    void run(int i) throws Exception;
  }

  @Test
  void measure() throws Exception {
    int n = Integer.parseInt(BenchmarkSupport.env("BENCH_WAIT_N", "10000"));
    List<Integer> approvers =
        Arrays.stream(BenchmarkSupport.env("BENCH_WAIT_C", "8,1").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    int sleeps = Integer.parseInt(BenchmarkSupport.env("BENCH_SLEEPS", "1000"));
    List<String> report = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      report.add(
          "Database: "
              + c.getMetaData().getDatabaseProductName()
              + " "
              + c.getMetaData().getDatabaseProductVersion());
    }

    int approved = 0;
    for (int callers : approvers) {
      approvalRound(n, callers, approved, report);
      approved += n;
    }

    // 3. Durable sleeps of 1 to 5 s.
    String[] sleepers = new String[sleeps];
    inParallel(
        sleeps,
        8,
        i ->
            sleepers[i] =
                client.startWorkflow(
                    "bench_sleep", Map.of("sleep_ms", 1000 + (i * 4000L) / sleeps)));
    awaitCount("bench_sleep", "completed", sleeps);
    long[] lateness = new long[sleeps];
    for (int i = 0; i < sleeps; i++) {
      lateness[i] = eventTime(sleepers[i], "timer_fired") - sleepDeadline(sleepers[i]);
    }
    report.add(
        String.format(
            "sleeps  S=%d of 1-5 s, lateness " + BenchmarkSupport.percentiles(lateness), sleeps));

    String text = String.join("\n", report) + "\n";
    System.out.println("TinyWorkflow wait benchmark\n" + text);
    Files.writeString(Path.of(BenchmarkSupport.env("BENCH_WAIT_OUT", "benchmark-waits.txt")), text);
  }

  /**
   * Pauses N runs on an approval at once, then approves them all from C callers.
   *
   * @param approvedBefore how many runs earlier rounds completed
   */
  private void approvalRound(int n, int callers, int approvedBefore, List<String> report)
      throws Exception {
    long heapBefore = usedHeapAfterGc();
    String[] runIds = new String[n];
    long startedAt = System.nanoTime();
    inParallel(n, 8, i -> runIds[i] = client.startWorkflow("bench_approval", Map.of()));
    awaitCount("bench_approval", "paused", n);
    double pauseSeconds = (System.nanoTime() - startedAt) / 1e9;
    Thread.sleep(2000); // let the last executions unwind and the executor settle
    int busy = threadsExecutingRuns();
    long heapPaused = usedHeapAfterGc();
    report.add(
        String.format(
            "paused  N=%d started (8 callers) and paused in %.1f s (%.0f runs/s); threads"
                + " executing runs while they wait: %d; heap after GC %.1f MB before, %.1f MB"
                + " with them paused: growth %.1f MB",
            n,
            pauseSeconds,
            n / pauseSeconds,
            busy,
            heapBefore / 1e6,
            heapPaused / 1e6,
            (heapPaused - heapBefore) / 1e6));

    long[] approvedAtMillis = new long[n];
    long drainStart = System.nanoTime();
    inParallel(
        n,
        callers,
        i -> {
          approvedAtMillis[i] = System.currentTimeMillis();
          client.approveWorkflow(runIds[i]);
        });
    double approveSeconds = (System.nanoTime() - drainStart) / 1e9;
    awaitCount("bench_approval", "completed", approvedBefore + n);
    double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
    long[] toResume = new long[n];
    long[] toComplete = new long[n];
    for (int i = 0; i < n; i++) {
      toResume[i] = eventTime(runIds[i], "workflow_resumed") - approvedAtMillis[i];
      toComplete[i] = completedAt(runIds[i]) - approvedAtMillis[i];
    }
    report.add(
        String.format(
            "approve C=%d: %d approved in %.1f s, all completed %.1f s after the first approval"
                + " (%.0f runs/s)",
            callers, n, approveSeconds, drainSeconds, n / drainSeconds));
    report.add(
        String.format(
            "approve C=%d: approval-to-resume   %s",
            callers, BenchmarkSupport.percentiles(toResume)));
    report.add(
        String.format(
            "approve C=%d: approval-to-complete %s",
            callers, BenchmarkSupport.percentiles(toComplete)));
  }

  /** Threads of this server that are executing a run's body now. */
  private static int threadsExecutingRuns() {
    int busy = 0;
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      if (Arrays.stream(stack)
          .anyMatch(f -> f.getClassName().startsWith("io.tinyworkflow.engine.RunRunner"))) {
        busy++;
      }
    }
    return busy;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private void inParallel(int n, int callers, Work work) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(callers, threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    work.run(i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void awaitCount(String workflow, String status, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    int count = 0;
    while (System.currentTimeMillis() < deadline) {
      count =
          (int)
              queryLong(
                  "SELECT COUNT(*) FROM workflow_runs WHERE workflow_name = ? AND status = ?",
                  workflow,
                  status);
      if (count >= expected) {
        return;
      }
      Thread.sleep(100);
    }
    assertEquals(expected, count, workflow + " runs " + status);
  }

  private long eventTime(String runId, String type) throws Exception {
    return queryLong(
        "SELECT MIN(created_at) FROM workflow_events WHERE run_id = ? AND event_type = ?",
        runId,
        type);
  }

  private long completedAt(String runId) throws Exception {
    return queryLong("SELECT completed_at FROM workflow_runs WHERE run_id = ?", runId);
  }

  private long sleepDeadline(String runId) throws Exception {
    return queryLong("SELECT deadline_at FROM workflow_waits WHERE run_id = ?", runId);
  }

  private long queryLong(String sql, String... params) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}

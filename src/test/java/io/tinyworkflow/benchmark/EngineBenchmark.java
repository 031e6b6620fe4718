package io.tinyworkflow.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.testing.TestDeployments;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine benchmark, run in the server by {@code mvn verify -Pbenchmark}: N three-activity no-op
 * workflows started from C concurrent callers, each waiting for its result, against the raw-JDBC
 * floor of the same database (C threads, five autocommitted single-row inserts per workflow).
 * Engine and floor alternate for R rounds; reports each round's throughput and p50/p99 latency, the
 * medians and the engine/floor ratio of the medians to {@code target/benchmark.txt}. It measures;
 * it asserts only that every run completed.
 */
@ExtendWith(ArquillianExtension.class)
class EngineBenchmark {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(EngineBenchmark.class).addClass(BenchmarkSupport.class);
  }

  @Inject WorkflowClient client;

  @Resource(lookup = "jdbc/tinyworkflow")
  DataSource dataSource;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  /** One measurement. */
  record Result(String what, int n, int c, double seconds, long[] latenciesNanos) {
    double throughput() {
      return n / seconds;
    }

    double percentileMillis(double p) {
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    String line() {
      return String.format(
          "%-7s N=%-5d C=%-3d %9.1f workflows/s   p50 %7.2f ms   p99 %7.2f ms",
          what, n, c, throughput(), percentileMillis(0.50), percentileMillis(0.99));
    }
  }

  interface Work {
    void run(int i) throws Exception;
  }

  @Test
  void measure() throws Exception {
    int n = Integer.parseInt(BenchmarkSupport.env("BENCH_N", "2000"));
    List<Integer> callers =
        Arrays.stream(BenchmarkSupport.env("BENCH_C", "16,1").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    createFloorTable();
    // Both sides run warm: the JIT compiles the engine's paths within the first few thousand runs.
    int warmUp = Integer.parseInt(BenchmarkSupport.env("BENCH_WARMUP", "10000"));
    measure("warm-up", warmUp, 8, this::workflow);
    measure("warm-up", warmUp, 8, this::floor);
    List<String> report = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      report.add(
          "Database: "
              + c.getMetaData().getDatabaseProductName()
              + " "
              + c.getMetaData().getDatabaseProductVersion());
    }
    int rounds = Integer.parseInt(BenchmarkSupport.env("BENCH_ROUNDS", "3"));
    for (int c : callers) {
      // Engine and floor alternate, so that neither always meets the database in the same state
      // (checkpoints, autovacuum); the report gives each round and the medians.
      List<Result> engine = new ArrayList<>();
      List<Result> floor = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        engine.add(measure("engine", n, c, this::workflow));
        floor.add(measure("floor", n, c, this::floor));
        report.add(engine.get(round).line());
        report.add(floor.get(round).line());
      }
      double engineThroughput = median(engine, Result::throughput);
      double floorThroughput = median(floor, Result::throughput);
      double engineP50 = median(engine, r -> r.percentileMillis(0.5));
      double floorP50 = median(floor, r -> r.percentileMillis(0.5));
      report.add(
          String.format(
              "median  C=%-3d engine %.1f workflows/s, p50 %.2f ms; floor %.1f workflows/s,"
                  + " p50 %.2f ms (%d rounds)",
              c, engineThroughput, engineP50, floorThroughput, floorP50, rounds));
      report.add(
          String.format(
              "ratio   C=%-3d throughput engine/floor %.2f   p50 engine/floor %.2f",
              c, engineThroughput / floorThroughput, engineP50 / floorP50));
    }
    String text = String.join("\n", report) + "\n";
    System.out.println("TinyWorkflow benchmark\n" + text);
    Files.writeString(Path.of(BenchmarkSupport.env("BENCH_OUT", "benchmark.txt")), text);
  }

  private static double median(List<Result> results, ToDoubleFunction<Result> value) {
    double[] values = results.stream().mapToDouble(value).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  private void workflow(int i) {
    String runId = client.startWorkflow("bench_noop", Map.of("n", i), true);
    WorkflowStatus status = client.getWorkflowStatus(runId).status();
    assertEquals(WorkflowStatus.COMPLETED, status, runId);
  }

  private void floor(int i) throws Exception {
    for (int write = 0; write < 5; write++) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s =
              c.prepareStatement("INSERT INTO bench_floor (id, n, created_at) VALUES (?, ?, ?)")) {
        s.setString(1, UUID.randomUUID().toString());
        s.setInt(2, i);
        s.setLong(3, System.currentTimeMillis());
        s.executeUpdate();
      }
    }
  }

  private Result measure(String what, int n, int callers, Work work) throws Exception {
    long[] latencies = new long[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(callers, threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    work.run(i);
                    latencies[i] = System.nanoTime() - t0;
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return new Result(what, n, callers, (System.nanoTime() - start) / 1e9, latencies);
    } finally {
      pool.shutdownNow();
    }
  }

  private void createFloorTable() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS bench_floor (id VARCHAR(36) PRIMARY KEY, n INT, created_at"
              + " BIGINT)");
    }
  }
}

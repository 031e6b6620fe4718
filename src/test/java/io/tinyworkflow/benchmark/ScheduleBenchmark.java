package io.tinyworkflow.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.testing.TestDeployments;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduling benchmark, run in the server by {@code mvn verify -Pbenchmark}: the fire lateness
 * (a run's start minus its scheduled time) of an every-second schedule over a while, and of D
 * delayed starts due within 10 s. Writes {@code target/benchmark-schedules.txt}. It measures; it
 * asserts only that every run completed.
 */
@ExtendWith(ArquillianExtension.class)
class ScheduleBenchmark {

  @Deployment
  static WebArchive deployment() {
    return TestDeployments.application(ScheduleBenchmark.class).addClass(BenchmarkSupport.class);
  }

  @Inject WorkflowClient client;

  @Test
  void measure() throws Exception {
    int seconds = Integer.parseInt(BenchmarkSupport.env("BENCH_SCHEDULE_SECONDS", "120"));
    int delayed = Integer.parseInt(BenchmarkSupport.env("BENCH_DELAYED", "1000"));
    List<String> report = new ArrayList<>();

    String id = client.scheduleWorkflow("scheduled_task", "* * * * * *", Map.of());
    Thread.sleep(seconds * 1000L);
    client.pauseSchedule(id);
    Thread.sleep(2000);
    List<WorkflowExecution> fired =
        client.listWorkflowExecutions(null, "scheduled_task", 1000, 0).stream()
            .filter(r -> id.equals(r.scheduleId()))
            .map(r -> awaitEnd(r.runId()))
            .toList();
    client.deleteSchedule(id);
    report.add(
        String.format(
            "schedule every second for %d s: %d runs, %d distinct occurrences; lateness %s",
            seconds,
            fired.size(),
            fired.stream().map(WorkflowExecution::scheduledAt).distinct().count(),
            BenchmarkSupport.percentiles(fired.stream().mapToLong(this::lateness).toArray())));

    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < delayed; i++) {
      runIds.add(
          client.scheduleDelayedWorkflow("scheduled_task", 1 + (i * 9L) / delayed, Map.of()));
    }
    long[] lateness = runIds.stream().map(this::awaitEnd).mapToLong(this::lateness).toArray();
    report.add(
        String.format(
            "delayed %d starts due within 10 s: lateness %s",
            delayed, BenchmarkSupport.percentiles(lateness)));

    String text = String.join("\n", report) + "\n";
    System.out.println("TinyWorkflow scheduling benchmark\n" + text);
    Files.writeString(
        Path.of(BenchmarkSupport.env("BENCH_SCHEDULE_OUT", "benchmark-schedules.txt")), text);
  }

  private long lateness(WorkflowExecution run) {
    return Duration.between(run.scheduledAt(), run.startedAt()).toMillis();
  }

  private WorkflowExecution awaitEnd(String runId) {
    try {
      for (int i = 0; i < 1200; i++) {
        WorkflowExecution run = client.getWorkflowStatus(runId);
        if (run.status().isTerminal()) {
          assertEquals(WorkflowStatus.COMPLETED, run.status(), runId);
          return run;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("run " + runId + " did not end");
  }
}

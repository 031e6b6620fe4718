package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowRegistry;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.LoadWorkflows;
import io.tinyworkflow.testing.Runs;
import io.tinyworkflow.testing.TestStore;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of runs due at once on one server with the 30-connection pool of server.xml (DESIGN.md
 * 4, issue "load does not break timing or leases"): the server takes what it can run, every run
 * completes, every activity runs once, and no attempt times out while it waits its turn.
 */
public abstract class LoadSuite {

  /** Half stored due, as after a restart or a burst of fires; half started without waiting. */
  private static final int RUNS = 2000;

  @Inject WorkflowClient client;
  @Inject WorkflowRegistry registry;
  @Inject RunTable runs;
  @Inject LoadWorkflows.Gate gate;
  @Inject Counters counters;
  @Inject TestStore store;
  @Inject Clock clock;
  @Inject Dispatcher dispatcher;
  @Inject EngineSettings settings;

  @Test
  void twoThousandDueRunsCompleteWithEveryActivityOnceAndNoTimeout() throws Exception {
    String batch = "load-" + Runs.key();
    WorkflowInfo probe = registry.workflow("load_probe").orElseThrow();
    try {
      for (int n = 0; n < RUNS / 2; n++) {
        String input = "{\"batch\":\"" + batch + "\",\"n\":" + n + "}";
        runs.insert(
            RunLifecycle.newRun(
                probe,
                UUID.randomUUID().toString(),
                batch,
                input,
                clock.instant(),
                RunRecord.Origin.caller(null, null, 0),
                null));
      }
      for (int n = RUNS / 2; n < RUNS; n++) {
        client.startWorkflow("load_probe", Map.of("batch", batch, "n", n), batch);
      }
      Instant until = Instant.now().plus(Duration.ofMinutes(5));
      Map<String, Long> counts = store.statusCounts(batch);
      int mostHeld = dispatcher.holding();
      while (!counts.equals(Map.of("completed", (long) RUNS))) {
        if (Instant.now().isAfter(until) || counts.containsKey("failed")) {
          fail(
              "After 5 minutes or a failure: "
                  + counts
                  + ", holds ran "
                  + counters.get(batch + ":load_hold")
                  + " times, quick activities "
                  + counters.get(batch + ":load_quick")
                  + ", attempts failed "
                  + store.eventCount(batch, "activity_attempt_failed"));
        }
        Thread.sleep(200);
        mostHeld = Math.max(mostHeld, dispatcher.holding());
        counts = store.statusCounts(batch);
      }
      assertTrue(
          mostHeld <= settings.maxExecutions(),
          "held " + mostHeld + " runs at once, over its capacity of " + settings.maxExecutions());
      assertEquals(RUNS, counters.get(batch + ":load_hold"), "executions of the holding activity");
      assertEquals(RUNS, counters.get(batch + ":load_quick"), "executions of the quick activity");
      assertEquals(0, store.eventCount(batch, "activity_attempt_failed"), "failed attempts");
    } finally {
      store.deleteWorkflow(batch); // the suites after this one list runs
    }
  }

  @Test
  void aStartThatDoesNotWaitReturnsAtOnceOnAFullServer() throws Exception {
    int capacity = settings.maxExecutions();
    String batch = "full-" + Runs.key();
    try {
      for (int n = 0; n < capacity; n++) {
        client.startWorkflow("load_gate", Map.of("batch", batch), batch);
      }
      Instant until = Instant.now().plus(Duration.ofMinutes(1));
      while (dispatcher.holding() < capacity) {
        if (Instant.now().isAfter(until)) {
          fail("holds " + dispatcher.holding() + " of " + capacity + " runs after a minute");
        }
        Thread.sleep(50);
      }
      // Every execution waits at the gate: this start is stored due, and returns.
      String extra = client.startWorkflow("load_gate", Map.of("batch", batch), batch);
      assertEquals(
          WorkflowStatus.PENDING,
          client.getWorkflowStatus(extra).status(),
          "the start returned while the server was full, its run not yet taken");
    } finally {
      gate.open(batch);
      Instant until = Instant.now().plus(Duration.ofMinutes(2));
      Map<String, Long> counts = store.statusCounts(batch);
      while (!counts.equals(Map.of("completed", (long) capacity + 1))
          && Instant.now().isBefore(until)) {
        Thread.sleep(200);
        counts = store.statusCounts(batch);
      }
      assertEquals(Map.of("completed", (long) capacity + 1), counts, "every run ends");
      store.deleteWorkflow(batch);
    }
  }

  @Test
  void moreExecutionsThanPooledConnectionsRunTheirActivitiesAtOnce() throws Exception {
    // server.xml's pool has 30 connections: 40 activities in flight at once need executions that
    // hold no connection while their activity runs.
    int size = 40;
    String batch = "meet-" + Runs.key();
    try {
      for (int n = 0; n < size; n++) {
        client.startWorkflow("load_meet", Map.of("batch", batch, "size", size), batch);
      }
      Instant until = Instant.now().plus(Duration.ofMinutes(2));
      Map<String, Long> counts = store.statusCounts(batch);
      while (!counts.equals(Map.of("completed", (long) size))) {
        if (Instant.now().isAfter(until) || counts.containsKey("failed")) {
          fail("After 2 minutes or a failure: " + counts);
        }
        Thread.sleep(200);
        counts = store.statusCounts(batch);
      }
      for (var run : client.listWorkflowExecutions(null, "load_meet", 1000, 0)) {
        if (batch.equals(run.workflowId())) {
          assertEquals(Boolean.TRUE, run.output(), "run " + run.runId() + " met nobody");
        }
      }
    } finally {
      store.deleteWorkflow(batch);
    }
  }
}

package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.StartOptions;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.Incidents;
import io.tinyworkflow.testing.LocalExecutions;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callers that race each other on one run (DESIGN.md 4): two decisions, a decision and a cancel, a
 * signal and its timeout, sixteen starts with one idempotency key. Whoever wins, the run ends in
 * one consistent state, the loser is told why with the API's own exception, and nothing runs twice.
 */
public abstract class RaceSuite {

  @Inject WorkflowClient client;
  @Inject Counters counters;
  @Inject Dispatcher dispatcher;

  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  private long incidentsBefore;

  @BeforeEach
  void countIncidents() throws Exception {
    incidentsBefore = Incidents.ofThisServer();
  }

  @AfterEach
  void stopCallersAndCheckTheLog() throws Exception {
    callers.shutdownNow();
    // A race lost is an answer to its caller, not an incident for the operator to read.
    assertEquals(incidentsBefore, Incidents.ofThisServer(), "the race wrote an FFDC incident");
  }

  @Test
  void ofTwoDecisionsAtOnceOneWinsAndTheOtherIsAConflict() throws Exception {
    for (int round = 0; round < 5; round++) {
      String key = Runs.key();
      String runId = pausedForApproval(key);
      List<Throwable> outcomes =
          race(
              () -> {
                client.approveWorkflow(runId);
                return null;
              },
              () -> {
                client.rejectWorkflow(runId);
                return null;
              });
      long won = outcomes.stream().filter(o -> o == null).count();
      assertEquals(1, won, "decisions that succeeded: " + outcomes);
      Throwable lost = outcomes.stream().filter(o -> o != null).findFirst().orElseThrow();
      assertInstanceOf(IllegalRunStateException.class, lost, String.valueOf(lost));
      WorkflowExecution run = Runs.awaitEnd(client, runId);
      List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
      long granted = Runs.count(events, "approval_granted");
      long rejected = Runs.count(events, "approval_rejected");
      assertEquals(1, granted + rejected, events.toString());
      boolean approveWon = outcomes.get(0) == null;
      assertEquals(approveWon ? 1 : 0, granted, events.toString());
      assertEquals(
          approveWon ? "approved" : "rejected",
          ((Map<?, ?>) run.output()).get("status"),
          run.toString());
      assertEquals(approveWon ? 1 : 0, counters.get(key + ":after"));
      assertEquals(1, counters.get(key + ":before"));
    }
  }

  @Test
  void aDecisionAndACancelAtOnceEndTheRunOneWayOnly() throws Exception {
    for (int round = 0; round < 5; round++) {
      String key = Runs.key();
      String runId = pausedForApproval(key);
      List<Throwable> outcomes =
          race(
              () -> {
                client.approveWorkflow(runId);
                return null;
              },
              () -> {
                client.cancelWorkflow(runId);
                return null;
              });
      for (Throwable outcome : outcomes) {
        if (outcome != null) {
          assertInstanceOf(IllegalRunStateException.class, outcome, String.valueOf(outcome));
        }
      }
      WorkflowExecution run = Runs.awaitEnd(client, runId);
      if (outcomes.get(1) == null) {
        assertEquals(WorkflowStatus.CANCELLED, run.status(), "the cancel was accepted");
      } else {
        assertEquals(WorkflowStatus.COMPLETED, run.status(), "the cancel was refused");
        assertEquals(1, counters.get(key + ":after"));
      }
      List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
      assertTrue(Runs.count(events, "approval_granted") <= 1, events.toString());
      assertTrue(counters.get(key + ":after") <= 1, "the step after the approval ran twice");
      assertEquals(1, counters.get(key + ":before"));
      // Whatever it ended as, it stays so: no execution left behind changes it.
      LocalExecutions.awaitEnd(dispatcher, runId);
      assertEquals(run.status(), client.getWorkflowStatus(runId).status());
    }
  }

  @Test
  void aSignalRacingItsTimeoutIsEitherReceivedOrTimedOutNeverBoth() throws Exception {
    List<String> runIds = new ArrayList<>();
    List<Future<Throwable>> sends = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String runId = client.startWorkflow("signal_or_timeout", Map.of("timeout_ms", 400));
      runIds.add(runId);
      long delay = 300 + 20L * i; // from before the timeout to after it
      sends.add(
          callers.submit(
              () -> {
                Thread.sleep(delay);
                try {
                  client.signal(runId, "go", "on time");
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              }));
    }
    for (int i = 0; i < runIds.size(); i++) {
      String runId = runIds.get(i);
      Throwable sent = sends.get(i).get(30, TimeUnit.SECONDS);
      WorkflowExecution run = Runs.awaitEnd(client, runId);
      assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
      List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
      long received = Runs.count(events, "signal_received");
      long timedOut = Runs.count(events, "signal_timed_out");
      assertEquals(1, received + timedOut, events.toString());
      if (received == 1) {
        assertEquals("got on time", run.output());
        assertEquals(null, sent, "a received signal was refused");
      } else {
        assertEquals("timed out", run.output());
        if (sent != null) {
          assertInstanceOf(IllegalRunStateException.class, sent, String.valueOf(sent));
        }
      }
    }
  }

  @Test
  void sixteenStartsWithOneIdempotencyKeyMakeOneRun() throws Exception {
    String key = Runs.key();
    String idempotencyKey = "once-" + key;
    List<Future<String>> starts = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 16; i++) {
      starts.add(
          callers.submit(
              () -> {
                go.await();
                return client.startWorkflow(
                    "needs_approval",
                    Map.of("key", key),
                    StartOptions.DEFAULTS.withIdempotencyKey(idempotencyKey));
              }));
    }
    go.countDown();
    HashSet<String> runIds = new HashSet<>();
    for (Future<String> start : starts) {
      runIds.add(start.get(60, TimeUnit.SECONDS));
    }
    assertEquals(1, runIds.size(), "runs started: " + runIds);
    String runId = runIds.iterator().next();
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    assertEquals(1, counters.get(key + ":before"));
    client.cancelWorkflow(runId);
  }

  private String pausedForApproval(String key) throws InterruptedException {
    String runId = client.startWorkflow("needs_approval", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    return runId;
  }

  /** Runs both calls at once and returns what each threw, or null where it succeeded. */
  private List<Throwable> race(Callable<Void> first, Callable<Void> second) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Throwable>> calls = new ArrayList<>();
    for (Callable<Void> call : List.of(first, second)) {
      calls.add(
          callers.submit(
              () -> {
                go.await();
                try {
                  call.call();
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              }));
    }
    go.countDown();
    List<Throwable> outcomes = new ArrayList<>();
    for (Future<Throwable> call : calls) {
      outcomes.add(call.get(60, TimeUnit.SECONDS));
    }
    return outcomes;
  }
}

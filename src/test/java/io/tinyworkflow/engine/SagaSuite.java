package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compensation (saga, DESIGN.md 4.9), run in the server against each database: compensations run in
 * reverse order when a run fails for good or is cancelled, each a durable, retried step with its
 * events; a failed compensation leaves both errors; a caught failure compensates nothing.
 */
public abstract class SagaSuite {

  @Inject WorkflowClient client;
  @Inject Counters counters;

  @Test
  void aTripWithNoFlightIsUndoneInReverseOrderAndFails() throws Exception {
    String runId =
        client.startWorkflow(
            "trip_booking", Map.of("trip_id", "T-9", "destination", "Atlantis", "amount", 99));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("No flight goes to Atlantis"), run.error());

    assertEquals(
        List.of(
            "activity reserve_hotel completed",
            "activity charge_card completed",
            "activity book_flight failed",
            "compensation refund_card completed",
            "compensation cancel_hotel completed"),
        steps(runId));
    List<String> sagaEvents =
        client.getWorkflowEvents(runId, 100).stream()
            .filter(e -> e.eventType().startsWith("compensation_"))
            .map(e -> e.eventType() + " " + e.data().get("name"))
            .toList();
    assertEquals(
        List.of(
            "compensation_started refund_card",
            "compensation_completed refund_card",
            "compensation_started cancel_hotel",
            "compensation_completed cancel_hotel"),
        sagaEvents);
  }

  @Test
  void compensationsRunOnceAfterTheLastRetryNewestFirstAndARetriedOneRecoversDurably()
      throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("saga_steps", Map.of("key", key));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("the last step fails"), run.error());
    assertTrue(!run.error().contains("compensation"), "no compensation failed: " + run.error());
    assertEquals(2, counters.get(key + ":fail"), "the run is retried once before it compensates");
    assertEquals(1, counters.get(key + ":a"), "a completed step ran again");
    // undo_flaky was registered last: it runs first, fails once and is retried after a backoff
    assertEquals(1, counters.get(key + ":order:1:flaky"));
    assertEquals(1, counters.get(key + ":order:2:b"));
    assertEquals(1, counters.get(key + ":order:3:a"));
    assertEquals(2, counters.get(key + ":undo:flaky"));
    assertEquals(1, counters.get(key + ":undo:b"), "a recorded compensation ran again");
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 200);
    assertEquals(1, Runs.count(events, "workflow_retrying"));
    assertEquals(4, Runs.count(events, "compensation_started"), "flaky twice, b and a once");
    assertEquals(3, Runs.count(events, "compensation_completed"));
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.eventType().equals("activity_attempt_failed")
                        && "undo_flaky".equals(e.data().get("activity"))),
        "the compensation's failed attempt is an event");
    assertEquals(
        List.of(
            "activity saga_work completed",
            "activity saga_work completed",
            "activity saga_fail failed",
            "compensation undo_flaky completed",
            "compensation saga_undo_work completed",
            "compensation saga_undo_work completed"),
        steps(runId));
  }

  @Test
  void aCompensationThatFailsForGoodLeavesBothErrorsAndTheOthersStillRun() throws Exception {
    String key = Runs.key();
    String runId =
        client.startWorkflow(
            "saga_steps", Map.of("key", key, "works", List.of("a", "unrefundable", "c")));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("the last step fails"), run.error());
    assertTrue(
        run.error().contains("compensation 'saga_undo_work' failed")
            && run.error().contains("cannot undo unrefundable"),
        run.error());
    assertEquals(2, counters.get(key + ":undo:unrefundable"), "tried per its retry policy");
    assertEquals(1, counters.get(key + ":order:2:c"));
    assertEquals(1, counters.get(key + ":order:3:a"), "the compensation after the failed one ran");
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 200);
    assertEquals(1, Runs.count(events, "compensation_failed"));
  }

  @Test
  void aFailureTheWorkflowCatchesCompensatesNothing() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("saga_steps", Map.of("key", key, "then", "catch"));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(0, counters.get(key + ":undone"));
    assertEquals(
        0, Runs.count(client.getWorkflowEvents(runId, 100), "compensation_started"), "events");
  }

  @Test
  void cancellingAPausedRunRunsItsCompensationsThenCancelsIt() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("saga_steps", Map.of("key", key, "then", "approval"));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    client.cancelWorkflow(runId);
    assertThrows(
        IllegalRunStateException.class,
        () -> client.cancelWorkflow(runId),
        "a second cancel while the compensations run");
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.CANCELLED, run.status(), run.error());
    assertTrue(
        client.getPendingApprovals().stream().noneMatch(p -> p.runId().equals(runId)),
        "the cancelled run's approval is still pending");
    assertEquals(1, counters.get(key + ":order:1:flaky"));
    assertEquals(1, counters.get(key + ":order:2:b"));
    assertEquals(1, counters.get(key + ":order:3:a"));
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 200);
    assertEquals(1, Runs.count(events, "workflow_cancel_requested"));
    assertEquals(1, Runs.count(events, "workflow_cancelled"));
    assertEquals(3, Runs.count(events, "compensation_completed"));
  }

  @Test
  void cancellingARunningRunStopsItsStepAndCompensates() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("saga_steps", Map.of("key", key, "then", "slow"));
    for (int i = 0; i < 300 && counters.get(key + ":slow") == 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(1, counters.get(key + ":slow"), "the slow step did not begin");
    client.cancelWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.CANCELLED, run.status(), run.error());
    assertEquals(1, counters.get(key + ":slow"), "the interrupted step ran again");
    assertEquals(1, counters.get(key + ":order:3:a"));
    assertEquals(
        List.of(
            "activity saga_work completed",
            "activity saga_work completed",
            "compensation undo_flaky completed",
            "compensation saga_undo_work completed",
            "compensation saga_undo_work completed"),
        steps(runId));
  }

  @Test
  void aRunWithoutCompensationsIsCancelledAtOnce() throws Exception {
    String plain = client.startWorkflow("needs_approval", Map.of("key", Runs.key()));
    Runs.awaitStatus(client, plain, WorkflowStatus.PAUSED);
    client.cancelWorkflow(plain);
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(plain).status());
  }

  private List<String> steps(String runId) {
    return client.getWorkflowSteps(runId).stream().map(SagaSuite::describe).toList();
  }

  private static String describe(WorkflowStep step) {
    return step.kind() + " " + step.name() + " " + step.status();
  }
}

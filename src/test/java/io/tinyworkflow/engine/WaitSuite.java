package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.LocalExecutions;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Waiting without threads (DESIGN.md 4.5-4.6), run in the server against each database: approvals,
 * durable sleeps, signals, published state, child workflows, and cancelling a paused run.
 */
public abstract class WaitSuite {

  @Inject WorkflowClient client;
  @Inject Counters counters;
  @Inject Dispatcher dispatcher;

  @Test
  void approvalPausesTheRunAndApprovingResumesItWhereItStopped() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("needs_approval", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    PendingApproval pending = pendingOf(runId).orElseThrow();
    assertEquals("manager_approval_" + key, pending.approvalRequired());
    assertEquals("needs_approval", pending.workflowName());
    assertEquals(key, pending.input().get("key"));

    client.approveWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(Map.of("status", "approved", "after", "after-done"), run.output());
    assertEquals(1, counters.get(key + ":before"), "the step before the wait ran again");
    assertEquals(1, counters.get(key + ":after"));
    assertTrue(pendingOf(runId).isEmpty(), "a decided approval is still listed");
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
    assertEquals(1, Runs.count(events, "approval_requested"));
    WorkflowEvent granted = only(events, "approval_granted");
    assertEquals("manager_approval_" + key, granted.data().get("key"));
    assertEquals(1, Runs.count(events, "workflow_resumed"));
  }

  @Test
  void aRetriedRunWaitsAgainForTheApprovalThatTimedOut() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("approval_retried_after_timeout", Map.of("key", key));
    for (int i = 0; i < 300 && client.getWorkflowStatus(runId).retryCount() == 0; i++) {
      Thread.sleep(50);
    }
    awaitPending(runId, "go");
    client.approveWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("approved", run.output());
    assertEquals(1, run.retryCount());
    assertEquals(1, counters.get(key + ":before"));
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
    assertEquals(2, Runs.count(events, "approval_requested"), events.toString());
    assertEquals(1, Runs.count(events, "approval_timed_out"), events.toString());
    assertEquals(1, Runs.count(events, "approval_granted"), events.toString());
  }

  @Test
  void aRetriedRunStartsANewChildInPlaceOfTheOneThatFailed() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("child_retried_after_failure", Map.of("key", key));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(1, run.retryCount());
    assertEquals(1, counters.get(key + ":before"));
    assertEquals(2, counters.get(key + ":child_fails_once"));
    @SuppressWarnings("unchecked")
    Map<String, Object> output = (Map<String, Object>) run.output();
    assertEquals("second child done", output.get("output"));
    String second = (String) output.get("child_run_id");
    assertEquals(WorkflowStatus.COMPLETED, client.getWorkflowStatus(second).status());
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
    List<Object> children =
        events.stream()
            .filter(e -> e.eventType().equals("child_started"))
            .map(e -> e.data().get("child_run_id"))
            .toList();
    assertEquals(2, children.size(), events.toString());
    assertEquals(second, children.get(1));
    WorkflowExecution first = client.getWorkflowStatus((String) children.get(0));
    assertEquals(WorkflowStatus.FAILED, first.status());
    assertTrue(first.error().contains("the first child gives up"), first.error());
  }

  @Test
  void rejectingMakesTheWaitReturnFalse() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("needs_approval", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    client.rejectWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(Map.of("status", "rejected"), run.output());
    assertEquals(0, counters.get(key + ":after"));
    assertEquals(1, Runs.count(client.getWorkflowEvents(runId, 100), "approval_rejected"));
  }

  @Test
  void decidingARunThatDoesNotWaitIsAConflictAndChangesNothing() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("needs_approval", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    client.approveWorkflow(runId);
    WorkflowExecution done = Runs.awaitEnd(client, runId);

    IllegalRunStateException twice =
        assertThrows(IllegalRunStateException.class, () -> client.rejectWorkflow(runId));
    assertTrue(twice.getMessage().contains(runId), twice.getMessage());
    assertEquals(done.output(), client.getWorkflowStatus(runId).output());
    assertEquals(1, Runs.count(client.getWorkflowEvents(runId, 100), "approval_granted"));

    String never =
        client.startWorkflow(
            "call_activity", Map.of("activity", "step", "args", List.of(key, "x")), true);
    IllegalRunStateException notWaiting =
        assertThrows(IllegalRunStateException.class, () -> client.approveWorkflow(never));
    assertTrue(notWaiting.getMessage().contains("completed"), notWaiting.getMessage());
    assertThrows(RunNotFoundException.class, () -> client.approveWorkflow(Runs.key()));
    assertThrows(InvalidInputException.class, () -> client.approveWorkflow(" "));
  }

  @Test
  void aDecisionNamesTheApprovalItDecides() throws Exception {
    String runId = client.startWorkflow("two_approvals", Map.of());
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    IllegalRunStateException wrongKey =
        assertThrows(
            IllegalRunStateException.class,
            () -> client.decideApproval(runId, "second", true, null));
    assertTrue(wrongKey.getMessage().contains("'second'"), wrongKey.getMessage());

    client.decideApproval(runId, "first", true, "looks fine");
    awaitPending(runId, "second");
    client.decideApproval(runId, "second", false, null);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(List.of(true, false), run.output());
    WorkflowEvent granted = only(client.getWorkflowEvents(runId, 100), "approval_granted");
    assertEquals("looks fine", granted.data().get("comment"));
  }

  @Test
  void anUndecidedApprovalTimesOutWithATimeoutTheWorkflowCatches() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("needs_approval", Map.of("key", key, "timeout_ms", 500));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    Map<?, ?> output = (Map<?, ?>) run.output();
    assertEquals("timed_out", output.get("status"));
    assertTrue(
        String.valueOf(output.get("message")).contains("manager_approval_" + key),
        String.valueOf(output.get("message")));
    assertEquals(1, Runs.count(client.getWorkflowEvents(runId, 100), "approval_timed_out"));
    assertTrue(pendingOf(runId).isEmpty());
    assertThrows(IllegalRunStateException.class, () -> client.approveWorkflow(runId));
  }

  @Test
  void aSleepPausesTheRunUntilItsTimerFires() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("sleeps", Map.of("key", key, "sleep_ms", 1500));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("after-done", run.output());
    assertEquals(1, counters.get(key + ":before"));
    List<WorkflowEvent> events = client.getWorkflowEvents(runId, 100);
    WorkflowEvent started = only(events, "timer_started");
    WorkflowEvent fired = only(events, "timer_fired");
    Duration slept = Duration.between(started.timestamp(), fired.timestamp());
    assertFalse(slept.compareTo(Duration.ofMillis(1500)) < 0, "woke early, after " + slept);
  }

  @Test
  void signalsSentBeforeAndDuringTheWaitArriveInOrder() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("collects_signals", Map.of("key", key, "count", 3));
    client.signal(runId, "item", Map.of("n", 1));
    client.signal(runId, "item", Map.of("n", 2));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    client.signal(runId, "item", Map.of("n", 3));
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    List<?> items = (List<?>) run.output();
    assertEquals(3, items.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, ((Number) ((Map<?, ?>) items.get(i)).get("n")).intValue(), "item " + i);
    }
    assertEquals(1, counters.get(key + ":before"));
    assertEquals(3, Runs.count(client.getWorkflowEvents(runId, 100), "signal_received"));
  }

  @Test
  void anAwaitedSignalThatNeverComesTimesOut() throws Exception {
    String runId = client.startWorkflow("signal_times_out", Map.of());
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals("timed out: never", run.output());
    assertEquals(1, Runs.count(client.getWorkflowEvents(runId, 100), "signal_timed_out"));
  }

  @Test
  void signalsToEndedOrUnknownRunsOrWithoutANameAreRefused() throws Exception {
    String runId = client.startWorkflow("signal_times_out", Map.of());
    Runs.awaitEnd(client, runId);
    IllegalRunStateException ended =
        assertThrows(IllegalRunStateException.class, () -> client.signal(runId, "never", "late"));
    assertTrue(ended.getMessage().contains("completed"), ended.getMessage());
    assertThrows(RunNotFoundException.class, () -> client.signal(Runs.key(), "x", null));
    assertThrows(InvalidInputException.class, () -> client.signal(runId, " ", null));
  }

  @Test
  void publishedStateIsReadableWhileTheRunGoesOn() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("publishes_progress", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    Map<String, Object> state = client.getPublishedState(runId);
    assertEquals(50, ((Number) state.get("progress")).intValue());
    assertEquals(Map.of("work", "work-done"), state.get("partial"));

    client.signal(runId, "finish", null);
    assertEquals("finished", Runs.awaitEnd(client, runId).output());
    assertEquals(100, ((Number) client.getPublishedState(runId).get("progress")).intValue());
    assertEquals(1, counters.get(key + ":work"));
    assertEquals(4, Runs.count(client.getWorkflowEvents(runId, 100), "state_published"));
    assertThrows(RunNotFoundException.class, () -> client.getPublishedState(Runs.key()));
  }

  @Test
  void cancellingAPausedRunEndsItAndWithdrawsItsApproval() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("needs_approval", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    client.cancelWorkflow(runId);
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(runId).status());
    assertTrue(pendingOf(runId).isEmpty(), "a cancelled run is still listed for approval");
    assertThrows(IllegalRunStateException.class, () -> client.approveWorkflow(runId));
    LocalExecutions.awaitEnd(dispatcher, runId);
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(runId).status());
    assertEquals(0, counters.get(key + ":after"));
  }

  @Test
  void aChildWorkflowRunsOnItsOwnAndItsResultResumesTheParent() throws Exception {
    String key = Runs.key();
    String parentId = client.startWorkflow("parent_of_child", Map.of("key", key));
    WorkflowExecution parent = Runs.awaitEnd(client, parentId);
    assertEquals(WorkflowStatus.COMPLETED, parent.status(), parent.error());

    List<WorkflowExecution> children = client.getChildWorkflows(parentId);
    assertEquals(1, children.size(), "the parent's replays started its child again");
    WorkflowExecution child = children.get(0);
    assertEquals(parentId, child.parentRunId());
    assertEquals("parent:" + parentId, child.startedBy());
    assertEquals(null, parent.startedBy(), "started by code with no signed-in caller");
    assertEquals("child_step", child.workflowName());
    assertEquals(WorkflowStatus.COMPLETED, child.status());
    assertEquals(key, child.input().get("key"));
    assertEquals(
        Map.of("child_run_id", child.runId(), "result", "child-done", "after", "parent-after-done"),
        parent.output());
    assertEquals(1, counters.get(key + ":parent-before"), "the parent's first step ran again");
    assertEquals(1, counters.get(key + ":child"));
    List<WorkflowEvent> events = client.getWorkflowEvents(parentId, 100);
    assertEquals(child.runId(), only(events, "child_started").data().get("child_run_id"));
    assertEquals(1, Runs.count(events, "child_awaited"));
    assertEquals(child.runId(), only(events, "child_completed").data().get("child_run_id"));
    assertEquals(List.of(), client.getChildWorkflows(child.runId()));
    assertThrows(RunNotFoundException.class, () -> client.getChildWorkflows(Runs.key()));
  }

  @Test
  void aFailedChildReachesItsParentAsAFailureItCanCatch() throws Exception {
    String parentId =
        client.startWorkflow("parent_of_child", Map.of("key", Runs.key(), "child", "child_fails"));
    WorkflowExecution parent = Runs.awaitEnd(client, parentId);
    assertEquals(WorkflowStatus.COMPLETED, parent.status(), parent.error());
    WorkflowExecution child = client.getChildWorkflows(parentId).get(0);
    assertEquals(WorkflowStatus.FAILED, child.status());
    Map<?, ?> output = (Map<?, ?>) parent.output();
    assertEquals("child_failed", output.get("status"));
    assertEquals(child.runId(), output.get("child_run_id"));
    String message = String.valueOf(output.get("message"));
    assertTrue(message.contains("the child gives up") && message.contains(child.runId()), message);
    assertEquals(1, Runs.count(client.getWorkflowEvents(parentId, 100), "child_failed"));
  }

  @Test
  void aChildThatTimesOutWhilePausedStillResumesItsParent() throws Exception {
    // The child fails while no server executes it (its deadline passes while it waits), so no
    // execution reports its end: the dispatcher's poll finds the parent that still waits for it.
    String parentId =
        client.startWorkflow(
            "parent_of_child", Map.of("key", Runs.key(), "child", "waits_past_its_deadline"));
    WorkflowExecution parent = Runs.awaitEnd(client, parentId);
    assertEquals(WorkflowStatus.COMPLETED, parent.status(), parent.error());
    WorkflowExecution child = client.getChildWorkflows(parentId).get(0);
    assertEquals(WorkflowStatus.FAILED, child.status());
    assertEquals(1, Runs.count(client.getWorkflowEvents(child.runId(), 100), "workflow_timed_out"));
    Map<?, ?> output = (Map<?, ?>) parent.output();
    assertEquals("child_failed", output.get("status"), String.valueOf(output));
    assertTrue(String.valueOf(output.get("message")).contains("deadline"), String.valueOf(output));
  }

  @Test
  void awaitingAChildTimesOutAndLeavesTheChildRunning() throws Exception {
    String key = Runs.key();
    String parentId =
        client.startWorkflow(
            "parent_of_child",
            Map.of("key", key, "child", "needs_approval", "child_timeout_ms", 500));
    WorkflowExecution parent = Runs.awaitEnd(client, parentId);
    assertEquals(WorkflowStatus.COMPLETED, parent.status(), parent.error());
    Map<?, ?> output = (Map<?, ?>) parent.output();
    assertEquals("timed_out", output.get("status"), String.valueOf(output));
    String childId = String.valueOf(output.get("child_run_id"));
    assertTrue(String.valueOf(output.get("message")).contains(childId), String.valueOf(output));
    assertEquals(1, Runs.count(client.getWorkflowEvents(parentId, 100), "child_timed_out"));
    Runs.awaitStatus(client, childId, WorkflowStatus.PAUSED); // still waiting, not cancelled
    client.approveWorkflow(childId);
    assertEquals(WorkflowStatus.COMPLETED, Runs.awaitEnd(client, childId).status());
  }

  @Test
  void cancellingAParentCancelsItsWaitingChild() throws Exception {
    String key = Runs.key();
    String parentId = parentWaitingForAChildThatWaits(key);
    String childId = client.getChildWorkflows(parentId).get(0).runId();

    client.cancelWorkflow(parentId);
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(parentId).status());
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(childId).status());
    assertTrue(pendingOf(childId).isEmpty(), "the cancelled child is still listed for approval");
    WorkflowEvent cancelled = only(client.getWorkflowEvents(childId, 100), "workflow_cancelled");
    assertEquals(parentId, cancelled.data().get("with_parent"));
    LocalExecutions.awaitEnd(dispatcher, parentId);
    LocalExecutions.awaitEnd(dispatcher, childId);
    assertEquals(WorkflowStatus.CANCELLED, client.getWorkflowStatus(parentId).status());
    assertEquals(0, counters.get(key + ":after"));
  }

  @Test
  void cancellingAChildResumesItsParentWithTheCancellation() throws Exception {
    String parentId = parentWaitingForAChildThatWaits(Runs.key());
    String childId = client.getChildWorkflows(parentId).get(0).runId();

    client.cancelWorkflow(childId);
    WorkflowExecution parent = Runs.awaitEnd(client, parentId);
    assertEquals(WorkflowStatus.COMPLETED, parent.status(), parent.error());
    Map<?, ?> output = (Map<?, ?>) parent.output();
    assertEquals("child_cancelled", output.get("status"), String.valueOf(output));
    assertTrue(String.valueOf(output.get("message")).contains("was cancelled"));
  }

  @Test
  void awaitingARunThatIsNotAChildIsRefused() throws Exception {
    String stranger = client.startWorkflow("signal_times_out", Map.of());
    String runId = client.startWorkflow("awaits_a_stranger", Map.of("run", stranger), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(
        "Run " + stranger + " is not a child workflow started by run " + runId, run.output());
  }

  /** Starts a parent whose child waits for an approval; returns once both are paused. */
  private String parentWaitingForAChildThatWaits(String key) throws InterruptedException {
    String parentId =
        client.startWorkflow("parent_of_child", Map.of("key", key, "child", "needs_approval"));
    Runs.awaitStatus(client, parentId, WorkflowStatus.PAUSED);
    Runs.awaitStatus(
        client, client.getChildWorkflows(parentId).get(0).runId(), WorkflowStatus.PAUSED);
    return parentId;
  }

  private Optional<PendingApproval> pendingOf(String runId) {
    return client.getPendingApprovals().stream().filter(p -> p.runId().equals(runId)).findFirst();
  }

  private void awaitPending(String runId, String approvalKey) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (pendingOf(runId).map(p -> p.approvalRequired().equals(approvalKey)).orElse(false)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " never waited for " + approvalKey);
  }

  private static WorkflowEvent only(List<WorkflowEvent> events, String type) {
    List<WorkflowEvent> matching = events.stream().filter(e -> e.eventType().equals(type)).toList();
    assertEquals(1, matching.size(), type + " in " + events);
    return matching.get(0);
  }
}

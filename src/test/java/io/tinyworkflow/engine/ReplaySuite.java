package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.PendingApproval;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.WorkflowStep;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.Observations;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replay under the code users write (DESIGN.md 4.3, 4.4, 4.11), in the server against each
 * database: cleanup in {@code finally} while the body unwinds, catches that swallow what they
 * should not, results of every shape seen the same on the first execution and on replay.
 */
public abstract class ReplaySuite {

  private static final List<String> WORKOUT_ACTIVITIES =
      List.of(
          "point",
          "generic",
          "nothing",
          "null",
          "add:1",
          "add:2",
          "add:3",
          "add:0",
          "answer",
          "fatal",
          "try:point",
          "cleanup");

  @Inject WorkflowClient client;
  @Inject Counters counters;
  @Inject Observations observations;

  @Test
  void everyExecutionSeesTheValuesOfTheFirst() throws Exception {
    List<String> straight = workout("straight");
    List<String> afterApprovals = workout("approvals");
    List<String> afterRetry = workout("retry");
    assertEquals(straight, afterApprovals, "the values seen after a resume at every step");
    assertEquals(straight, afterRetry, "the values seen after a workflow retry");
    assertTrue(
        straight.contains(
            "record=Point[x=7, label=seven \uD83D\uDE80]"
                + " <io.tinyworkflow.testing.ReplayActivities$Point>"),
        straight.toString());
    assertTrue(
        straight.contains("generic=[{one:1 <java.lang.Integer>}, {two:2 <java.lang.Integer>}]"),
        straight.toString());
    assertTrue(straight.contains("null=null"), straight.toString());
    assertTrue(straight.contains("total=6 <java.lang.Integer>"), straight.toString());
    assertTrue(
        straight.contains(
            "branches=[42 <java.math.BigDecimal>, 100 <java.lang.Integer>,"
                + " [1 <java.math.BigDecimal>, a <java.lang.String>]]"),
        straight.toString());
    assertTrue(straight.contains("side_effect=42 <java.lang.Integer>"), straight.toString());
  }

  @Test
  void cleanupInFinallyDoesNotRunWhileTheRunWaits() throws Exception {
    String key = Runs.key();
    String runId =
        client.startWorkflow("cleanup_in_finally", Map.of("key", key, "mode", "approval"));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    assertEquals(0, counters.get(key + ":cleanup"), "the cleanup ran while the run paused");
    assertEquals(List.of("go:waiting"), steps(runId));

    client.approveWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("body-done", run.output());
    assertEquals(1, counters.get(key + ":body"));
    assertEquals(1, counters.get(key + ":cleanup"));
    assertEquals(List.of("go:completed", "step:completed", "cleanup:completed"), steps(runId));
  }

  @Test
  void cleanupInFinallyRunsOnceAfterTheRetriedActivity() {
    String key = Runs.key();
    String runId =
        client.startWorkflow("cleanup_in_finally", Map.of("key", key, "mode", "retry"), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(2, counters.get(key + ":flaky"));
    assertEquals(1, counters.get(key + ":body"));
    assertEquals(1, counters.get(key + ":cleanup"));
    assertEquals(List.of("flaky:completed", "step:completed", "cleanup:completed"), steps(runId));
  }

  @Test
  void failingCleanupDoesNotFailTheWaitingRun() throws Exception {
    String key = Runs.key();
    String runId =
        client.startWorkflow("cleanup_in_finally", Map.of("key", key, "mode", "failing_cleanup"));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    assertEquals(0, counters.get(key + ":failing_cleanup"));
    assertEquals(List.of("go:waiting"), steps(runId));

    client.approveWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.FAILED, run.status());
    assertTrue(run.error().contains("the cleanup fails"), run.error());
    assertEquals(1, counters.get(key + ":body"));
    assertEquals(1, counters.get(key + ":failing_cleanup"));
  }

  @Test
  void returningFromACaughtWaitDoesNotEndTheRun() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("swallows_unwinding", Map.of("key", key, "mode", "return"));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    client.approveWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("approved-done", run.output());
    assertEquals(0, counters.get(key + ":swallowed"));
  }

  @Test
  void aDurableCallAfterACaughtWaitDoesNotRun() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("swallows_unwinding", Map.of("key", key, "mode", "call"));
    Runs.awaitStatus(client, runId, WorkflowStatus.PAUSED);
    assertEquals(0, counters.get(key + ":swallowed"), "a call made while unwinding ran");
    assertEquals(List.of("go:waiting"), steps(runId));
    client.approveWorkflow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals("approved-done", run.output());
    assertEquals(0, counters.get(key + ":swallowed"));
    assertEquals(1, counters.get(key + ":approved"));
  }

  @Test
  void aCaughtReplayMismatchStillFailsTheRun() {
    WorkflowExecution run = changesItsPath("other_call");
    assertEquals(WorkflowStatus.FAILED, run.status(), String.valueOf(run.output()));
    assertTrue(run.error().contains("step 2"), run.error());
    assertTrue(run.error().contains("'flaky'"), run.error());
  }

  @Test
  void aReplayThatEndsBeforeARecordedStepFails() {
    WorkflowExecution run = changesItsPath("ends_early");
    assertEquals(WorkflowStatus.FAILED, run.status(), String.valueOf(run.output()));
    assertTrue(run.error().contains("step 2"), run.error());
    assertTrue(run.error().contains("ended after step 1"), run.error());
  }

  @Test
  void aBranchThatNowMakesADurableCallIsAMismatch() {
    String key = Runs.key();
    String runId =
        client.startWorkflow(
            "changes_its_path", Map.of("key", key, "mode", "branch_gains_a_call"), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.FAILED, run.status(), String.valueOf(run.output()));
    assertTrue(run.error().contains("step 1"), run.error());
    assertTrue(run.error().contains("branch"), run.error());
    assertEquals(0, counters.get(key + ":branch"));
  }

  @Test
  void branchesThatCallOneActivityInANewOrderAreAMismatch() {
    String key = Runs.key();
    String runId =
        client.startWorkflow("changes_its_path", Map.of("key", key, "mode", "branches_swap"), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.FAILED, run.status(), String.valueOf(run.output()));
    // The branches replay at once: whichever of the two swapped steps checks first names itself.
    assertTrue(run.error().contains("step 1") || run.error().contains("step 2"), run.error());
    assertTrue(run.error().contains("with other arguments"), run.error());
    assertEquals(1, counters.get(key + ":a"));
    assertEquals(1, counters.get(key + ":b"));
  }

  @Test
  void aResultJsonCannotReadBackFailsItsStepWithoutRetries() {
    unstorable("no_default_constructor", "NoDefaultConstructor");
  }

  @Test
  void aResultWithACycleFailsItsStepWithoutRetries() {
    unstorable("cyclic", "Cyclic");
  }

  @Test
  void aRunThatReturnsPastItsDeadlineFailsAsTimedOut() {
    String key = Runs.key();
    String runId = client.startWorkflow("ends_past_its_deadline", Map.of("key", key), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.FAILED, run.status(), String.valueOf(run.output()));
    assertTrue(run.error().contains("deadline"), run.error());
    assertEquals(1, counters.get(key + ":busy"));
    assertEquals(1, Runs.count(client.getWorkflowEvents(runId, 100), "workflow_timed_out"));
  }

  private void unstorable(String activity, String typeName) {
    String key = Runs.key();
    String runId =
        client.startWorkflow("unstorable_result", Map.of("key", key, "activity", activity), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.FAILED, run.status(), String.valueOf(run.output()));
    assertTrue(run.error().contains("Step 1"), run.error());
    assertTrue(run.error().contains("activity '" + activity + "'"), run.error());
    assertTrue(run.error().contains(typeName), run.error());
    assertEquals(1, counters.get(key + ":" + activity), "an unstorable result was retried");
    List<WorkflowStep> steps = client.getWorkflowSteps(runId);
    assertEquals(1, steps.size(), steps.toString());
    assertEquals("failed", steps.get(0).status());
  }

  private WorkflowExecution changesItsPath(String mode) {
    String key = Runs.key();
    String runId = client.startWorkflow("changes_its_path", Map.of("key", key, "mode", mode), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(0, counters.get(key + ":flaky"), "the mismatched call ran");
    return run;
  }

  /** Runs the workout in a mode, approving each wait; checks every activity ran once. */
  private List<String> workout(String mode) throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("replay_workout", Map.of("key", key, "mode", mode));
    int approvals = 0;
    for (int i = 0; i < 600 && !client.getWorkflowStatus(runId).status().isTerminal(); i++) {
      String next = "after_" + (approvals + 1);
      if (client.getPendingApprovals().stream()
          .filter(p -> p.runId().equals(runId))
          .map(PendingApproval::approvalRequired)
          .anyMatch(next::equals)) {
        client.decideApproval(runId, next, true, null);
        approvals++;
      } else {
        Thread.sleep(50);
      }
    }
    WorkflowExecution run = Runs.awaitEnd(client, runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("approvals".equals(mode) ? 10 : 0, approvals, "approvals in mode " + mode);
    assertEquals("retry".equals(mode) ? 1 : 0, run.retryCount());
    for (String activity : WORKOUT_ACTIVITIES) {
      // A workflow retry tries again the step that failed for good in the attempt before.
      int expected = "retry".equals(mode) && activity.equals("fatal") ? 2 : 1;
      assertEquals(expected, counters.get(key + ":" + activity), activity + " in mode " + mode);
    }
    List<String> seen = observations.get(key);
    assertNotNull(seen, "the workout kept no values in mode " + mode);
    assertEquals(seen, run.output(), "the output is what the body saw");
    return seen;
  }

  private List<String> steps(String runId) {
    return client.getWorkflowSteps(runId).stream().map(s -> s.name() + ":" + s.status()).toList();
  }
}

package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowEvent;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.testing.Counters;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restarting a run that ended from one of its steps (a fork), and retrying a retrying run now, in
 * the server against each database.
 */
public abstract class RestartSuite {

  @Inject WorkflowClient client;
  @Inject Counters counters;

  @Test
  void aFailedRunRestartedFromItsFailedStepWithNewInputKeepsWhatItDidBefore() throws Exception {
    String key = Runs.key();
    String failed = client.startWorkflow("restartable", Map.of("key", key));
    WorkflowExecution original = Runs.awaitEnd(client, failed);
    assertEquals(WorkflowStatus.FAILED, original.status());
    List<String> originalSteps = steps(failed);

    String restarted = client.restartWorkflow(failed, 4, Map.of("key", key, "ok", true));
    WorkflowExecution run = Runs.awaitEnd(client, restarted);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals(Map.of("one", "one-done", "charge", "charged"), run.output());
    assertEquals(1, counters.get(key + ":one"), "a copied step ran again");
    assertEquals(2, counters.get(key + ":charge"), "the original's attempt and the restart's");
    assertEquals(failed, run.forkedFrom());
    assertEquals(4, run.forkedFromStep());
    assertEquals(original.workflowId(), run.workflowId(), "the same group of runs");
    assertEquals(Map.of("key", key, "ok", true), run.input());
    assertEquals(
        Map.of("stage", "one_done"), client.getPublishedState(restarted), "published before");
    assertEquals(
        List.of(
            "publish stage completed",
            "activity step completed",
            "publish stage completed",
            "activity charge_or_fail completed"),
        steps(restarted));
    List<WorkflowEvent> events = client.getWorkflowEvents(restarted, 100);
    WorkflowEvent forked = only(events, "workflow_forked");
    assertEquals(failed, forked.data().get("from_run"));
    assertEquals(3, ((Number) forked.data().get("copied_steps")).intValue());

    // The original keeps its history, and names the new run.
    assertEquals(WorkflowStatus.FAILED, client.getWorkflowStatus(failed).status());
    assertEquals(originalSteps, steps(failed));
    WorkflowEvent restartedAs = only(client.getWorkflowEvents(failed, 100), "workflow_restarted");
    assertEquals(restarted, restartedAs.data().get("run_id"));
  }

  @Test
  void restartingFromStepOneRunsEverythingAgainWithTheSameInput() throws Exception {
    String key = Runs.key();
    String failed = client.startWorkflow("restartable", Map.of("key", key));
    Runs.awaitEnd(client, failed);
    String again = client.restartWorkflow(failed, 1);
    WorkflowExecution run = Runs.awaitEnd(client, again);
    assertEquals(WorkflowStatus.FAILED, run.status(), "the same input fails the same way");
    assertEquals(2, counters.get(key + ":one"));
    assertEquals(Map.of("key", key), run.input());
  }

  @Test
  void onlyARunThatEndedIsRestartedAndOnlyFromAStepItReached() throws Exception {
    String key = Runs.key();
    String paused = client.startWorkflow("needs_approval", Map.of("key", key));
    Runs.awaitStatus(client, paused, WorkflowStatus.PAUSED);
    IllegalRunStateException running =
        assertThrows(IllegalRunStateException.class, () -> client.restartWorkflow(paused, 1));
    assertTrue(running.getMessage().contains("only a run that ended"), running.getMessage());
    client.cancelWorkflow(paused);

    String failed = client.startWorkflow("restartable", Map.of("key", key + "-r"));
    Runs.awaitEnd(client, failed);
    InvalidInputException tooFar =
        assertThrows(InvalidInputException.class, () -> client.restartWorkflow(failed, 6));
    assertEquals(
        "Run " + failed + " recorded steps 1 to 4: the step to restart from must be 1 to 5, not 6",
        tooFar.getMessage());
    assertThrows(InvalidInputException.class, () -> client.restartWorkflow(failed, 0));
    assertEquals(
        0, Runs.count(client.getWorkflowEvents(failed, 100), "workflow_restarted"), "no fork");
  }

  @Test
  void retryNowSkipsTheRestOfAnActivitysBackoff() throws Exception {
    String key = Runs.key();
    String runId = client.startWorkflow("slow_retry", Map.of("key", key));
    Runs.awaitStatus(client, runId, WorkflowStatus.RETRYING);
    client.retryNow(runId);
    WorkflowExecution run = Runs.awaitEnd(client, runId); // 30 s at most, not the minute
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    assertEquals("answered", run.output());
    assertEquals(2, counters.get(key + ":slow_retry"));
    assertEquals(1, Runs.count(client.getWorkflowEvents(runId, 100), "retry_now"));
    IllegalRunStateException ended =
        assertThrows(IllegalRunStateException.class, () -> client.retryNow(runId));
    assertTrue(ended.getMessage().contains("only a retrying run"), ended.getMessage());
  }

  private List<String> steps(String runId) {
    return client.getWorkflowSteps(runId).stream()
        .map(s -> s.kind() + " " + s.name() + " " + s.status())
        .toList();
  }

  private static WorkflowEvent only(List<WorkflowEvent> events, String type) {
    List<WorkflowEvent> matching = events.stream().filter(e -> e.eventType().equals(type)).toList();
    assertEquals(1, matching.size(), type + " in " + events);
    return matching.get(0);
  }
}

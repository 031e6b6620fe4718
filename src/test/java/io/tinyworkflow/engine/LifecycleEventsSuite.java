package io.tinyworkflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinyworkflow.api.RunCompleted;
import io.tinyworkflow.api.RunEvent;
import io.tinyworkflow.api.RunFailed;
import io.tinyworkflow.api.RunPaused;
import io.tinyworkflow.api.RunStarted;
import io.tinyworkflow.api.StepFailed;
import io.tinyworkflow.api.WorkflowClient;
import io.tinyworkflow.api.WorkflowExecution;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.testing.LifecycleWorkflows;
import io.tinyworkflow.testing.Runs;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run lifecycle as CDI events, in the server against each database: what observers see for a
 * run that completes, fails, pauses and resumes, or is cancelled; a failing observer changes
 * nothing.
 */
public abstract class LifecycleEventsSuite {

  @Inject WorkflowClient client;
  @Inject LifecycleWorkflows.Observed observed;

  @Test
  void aCompletedRunIsStartedThenCompletedAndAFailingObserverChangesNothing() throws Exception {
    String runId = client.startWorkflow("observed_run", Map.of("key", Runs.key()), true);
    WorkflowExecution run = client.getWorkflowStatus(runId);
    assertEquals(WorkflowStatus.COMPLETED, run.status(), run.error());
    List<RunEvent> events = eventsOf(runId, 2);
    assertEquals(List.of("RunStarted", "RunCompleted"), kinds(events));
    assertEquals("observed_run", events.get(0).workflowName());
    assertEquals(run.output(), ((RunCompleted) events.get(1)).output());
    assertEquals(1, observed.afterSuccess(runId).size(), "the AFTER_SUCCESS observer");
    assertEquals(
        WorkflowStatus.COMPLETED, client.getWorkflowStatus(runId).status(), "after the observer");
  }

  @Test
  void aFailedStepAndAFailedRunAreEvents() throws Exception {
    String runId =
        client.startWorkflow("observed_run", Map.of("key", Runs.key(), "then", "fail"), true);
    Runs.awaitEnd(client, runId);
    List<RunEvent> events = eventsOf(runId, 3);
    assertEquals(List.of("RunStarted", "StepFailed", "RunFailed"), kinds(events));
    StepFailed step = (StepFailed) events.get(1);
    assertEquals(2, step.stepNumber());
    assertEquals("charge_or_fail", step.stepName());
    assertEquals(client.getWorkflowStatus(runId).error(), ((RunFailed) events.get(2)).error());
    assertEquals(((RunStarted) events.get(0)).runId(), runId);
  }

  @Test
  void aPausedRunResumesAndACancelledOneIsCancelled() throws Exception {
    String key = Runs.key();
    String approved = client.startWorkflow("observed_run", Map.of("key", key, "then", "approval"));
    Runs.awaitStatus(client, approved, WorkflowStatus.PAUSED);
    client.approveWorkflow(approved);
    Runs.awaitEnd(client, approved);
    List<RunEvent> events = eventsOf(approved, 4);
    assertEquals(List.of("RunStarted", "RunPaused", "RunResumed", "RunCompleted"), kinds(events));
    RunPaused paused = (RunPaused) events.get(1);
    assertEquals("approval", paused.waitKind());
    assertEquals("observed_" + key, paused.waitKey());

    String cancelled =
        client.startWorkflow("observed_run", Map.of("key", key + "-c", "then", "approval"));
    Runs.awaitStatus(client, cancelled, WorkflowStatus.PAUSED);
    client.cancelWorkflow(cancelled);
    assertEquals(List.of("RunStarted", "RunPaused", "RunCancelled"), kinds(eventsOf(cancelled, 3)));
  }

  /**
   * A run's events once it has at least {@code count} of them, or after ten seconds: an event is
   * fired just after its change is committed, so a test that sees the change may be a moment early.
   */
  private List<RunEvent> eventsOf(String runId, int count) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    List<RunEvent> events = observed.of(runId);
    while (events.size() < count && System.nanoTime() < until) {
      Thread.sleep(20);
      events = observed.of(runId);
    }
    Thread.sleep(100); // and a moment more, for an event fired that should not have been
    return observed.of(runId);
  }

  private static List<String> kinds(List<RunEvent> events) {
    return events.stream().map(e -> e.getClass().getSimpleName()).toList();
  }
}

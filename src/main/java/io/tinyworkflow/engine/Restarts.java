package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
import io.tinyworkflow.api.failure.UnknownWorkflowException;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.StepJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs made to go again: a run that ended restarted from one of its steps (a fork), and a retrying
 * run retried now.
 */
@ApplicationScoped
public class Restarts {

  @Inject DefaultWorkflowRegistry registry;
  @Inject RunLifecycle lifecycle;
  @Inject RunQueries queries;
  @Inject StepJournal journal;
  @Inject Dispatcher dispatcher;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject RunTracing tracing;

  /**
   * Restarts a run that ended from one of its steps.
   *
   * @param runId the run
   * @param fromStep the first step to execute again
   * @param input the new input, or {@code null} for the run's
   * @param caller who restarts it, or {@code null}
   * @return the new run's id
   */
  String restart(String runId, int fromStep, Map<String, ?> input, String caller) {
    RunRecord original = queries.find(runId).orElseThrow(() -> new RunNotFoundException(runId));
    if (!original.status().isTerminal()) {
      throw new IllegalRunStateException(
          "Run "
              + runId
              + " is "
              + original.status().wireName()
              + ": only a run that ended (completed, failed or cancelled) can be restarted from a"
              + " step");
    }
    WorkflowInfo workflow =
        registry
            .workflow(original.workflowName())
            .orElseThrow(() -> new UnknownWorkflowException("workflow", original.workflowName()));
    List<JournalEntry> steps = journal.outcomes(runId);
    int last = steps.stream().mapToInt(JournalEntry::stepNumber).max().orElse(0);
    if (fromStep < 1 || fromStep > last + 1) {
      throw new InvalidInputException(
          "Run "
              + runId
              + (last == 0 ? " recorded no step" : " recorded steps 1 to " + last)
              + ": the step to restart from must be 1"
              + (last == 0 ? "" : " to " + (last + 1))
              + ", not "
              + fromStep);
    }
    List<JournalEntry> copied = steps.stream().filter(s -> s.stepNumber() < fromStep).toList();
    String inputJson = input == null ? original.input() : json.write(input);
    String newRunId = io.tinyworkflow.persistence.RunIds.next();
    RunRecord run =
        RunLifecycle.newRun(
            workflow,
            newRunId,
            original.workflowId(),
            inputJson,
            clock.instant(),
            RunRecord.Origin.forkOf(caller, runId, fromStep),
            tracing.startOfRun(workflow.name(), newRunId));
    lifecycle.fork(run, original, copied);
    dispatcher.wake(newRunId);
    return newRunId;
  }

  /**
   * Retries a retrying run now.
   *
   * @param runId the run
   * @param caller who asks, or {@code null}
   */
  void retryNow(String runId, String caller) {
    RunRecord run = queries.find(runId).orElseThrow(() -> new RunNotFoundException(runId));
    if (run.status() != WorkflowStatus.RETRYING || !lifecycle.retryNow(runId, caller)) {
      WorkflowStatus now = queries.find(runId).map(RunRecord::status).orElse(run.status());
      throw new IllegalRunStateException(
          "Run " + runId + " is " + now.wireName() + ": only a retrying run can be retried now");
    }
    dispatcher.wake(runId);
  }
}

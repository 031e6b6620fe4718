package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.EventEntity;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunEntity;
import io.tinyworkflow.persistence.RunStore;
import io.tinyworkflow.persistence.StepEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every change of a run's state, each in a transaction of its own that also appends the change's
 * event. Status changes go through {@link RunStateMachine}; changes made on behalf of an execution
 * take effect only while that execution's server still holds the run.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class RunLifecycle {

  static final String ATTEMPT_FAILED = "activity_attempt_failed";

  @Inject RunStore store;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject EngineSettings settings;

  /**
   * Stores a new run, leased to this server so that it executes it at once; or returns the run
   * already started with the same idempotency key.
   *
   * @param run the new run, not yet stored
   * @return the stored run: {@code run}, or the earlier run with its idempotency key
   */
  public RunEntity create(RunEntity run) {
    if (run.getIdempotencyKey() != null) {
      Optional<RunEntity> existing = store.findByIdempotencyKey(run.getIdempotencyKey());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    Instant now = run.getCreatedAt();
    run.setNextAttemptAt(now);
    run.setLease(settings.serverId(), now.plus(settings.lease()));
    store.insert(run);
    event(run, "workflow_started", null, data("workflow_name", run.getWorkflowName()));
    return run;
  }

  /**
   * Begins an execution of a run that this server has claimed.
   *
   * @param runId the run
   * @return what the execution needs, or empty when the run is no longer this server's to execute
   */
  public Optional<RunSnapshot> begin(String runId) {
    RunEntity run = store.find(runId).orElse(null);
    Instant now = clock.instant();
    if (run == null
        || run.getStatus().isTerminal()
        || !settings.serverId().equals(run.getLeaseOwner())) {
      return Optional.empty();
    }
    if (run.getDeadlineAt() != null && now.isAfter(run.getDeadlineAt())) {
      terminate(run, WorkflowStatus.FAILED, "workflow_timed_out", timeoutMessage(run));
      return Optional.empty();
    }
    WorkflowStatus previous = run.getStatus();
    transition(run, WorkflowStatus.RUNNING);
    if (run.getStartedAt() == null) {
      run.setStartedAt(now);
    }
    run.setNextAttemptAt(null);
    String type = previous == WorkflowStatus.RUNNING ? "workflow_recovered" : "workflow_running";
    event(run, type, null, data("attempt", run.getRetryCount() + 1, "server", settings.serverId()));

    Map<Integer, StepEntity> journal = new HashMap<>();
    for (StepEntity step : store.journal(runId)) {
      journal.put(step.getStepNumber(), step);
    }
    Map<Integer, Integer> failed = new HashMap<>();
    if (previous != WorkflowStatus.PENDING) {
      for (EventEntity e : store.events(runId, List.of(ATTEMPT_FAILED))) {
        Map<String, Object> d = json.readObject(e.getData());
        if (((Number) d.getOrDefault("run_attempt", -1)).intValue() == run.getRetryCount()
            && !journal.containsKey(e.getStepNumber())) {
          failed.merge(e.getStepNumber(), 1, Integer::sum);
        }
      }
    }
    return Optional.of(
        new RunSnapshot(
            runId,
            run.getWorkflowName(),
            run.getInput(),
            run.getRetryCount(),
            run.getDeadlineAt(),
            journal,
            failed));
  }

  /**
   * Records a step outcome, if the run is still this server's to execute.
   *
   * @param step the outcome
   * @param replacesFailure whether it replaces a failure of an earlier run attempt
   * @param eventType the event to append
   * @param eventData the event's data
   * @return {@code false} when the run was cancelled, timed out or claimed elsewhere
   */
  public boolean recordStep(
      StepEntity step, boolean replacesFailure, String eventType, Map<String, Object> eventData) {
    Instant now = clock.instant();
    if (!store.touchIfOwned(step.getRunId(), settings.serverId(), now)) {
      return false;
    }
    store.record(step, replacesFailure);
    store.append(
        new EventEntity(
            step.getRunId(), eventType, step.getStepNumber(), json.write(eventData), now));
    return true;
  }

  /**
   * Completes a run with its result.
   *
   * @param runId the run
   * @param outputJson the result as JSON
   * @return {@code false} when the run was no longer this server's
   */
  public boolean complete(String runId, String outputJson) {
    RunEntity run = owned(runId);
    if (run == null) {
      return false;
    }
    run.setOutput(outputJson);
    terminate(run, WorkflowStatus.COMPLETED, "workflow_completed", null);
    return true;
  }

  /**
   * Fails a run for good.
   *
   * @param runId the run
   * @param eventType the event, {@code workflow_failed} or {@code workflow_timed_out}
   * @param error the error message
   * @return {@code false} when the run was no longer this server's
   */
  public boolean fail(String runId, String eventType, String error) {
    RunEntity run = owned(runId);
    if (run == null) {
      return false;
    }
    terminate(run, WorkflowStatus.FAILED, eventType, error);
    return true;
  }

  /**
   * Schedules the next attempt of a run whose body failed.
   *
   * @param runId the run
   * @param error the failure
   * @param nextAttemptAt when to retry
   * @return {@code false} when the run was no longer this server's
   */
  public boolean retry(String runId, String error, Instant nextAttemptAt) {
    RunEntity run = owned(runId);
    if (run == null) {
      return false;
    }
    transition(run, WorkflowStatus.RETRYING);
    run.setRetryCount(run.getRetryCount() + 1);
    run.setError(error);
    run.setNextAttemptAt(nextAttemptAt);
    run.setLease(null, null);
    event(
        run,
        "workflow_retrying",
        null,
        data("retry", run.getRetryCount(), "error", error, "next_attempt_at", nextAttemptAt));
    return true;
  }

  /**
   * Unwinds a run until an activity's next attempt: records the failed attempt.
   *
   * @param runId the run
   * @param suspension when to resume, the step and the event data
   * @return {@code false} when the run was no longer this server's
   */
  public boolean suspend(String runId, Suspension suspension) {
    RunEntity run = owned(runId);
    if (run == null) {
      return false;
    }
    transition(run, WorkflowStatus.RETRYING);
    run.setNextAttemptAt(suspension.resumeAt());
    run.setLease(null, null);
    Map<String, Object> d = new LinkedHashMap<>(suspension.eventData());
    d.put("run_attempt", run.getRetryCount());
    event(run, ATTEMPT_FAILED, suspension.step(), d);
    return true;
  }

  /**
   * Cancels a run that has not ended.
   *
   * @param runId the run
   * @return {@code true} when this call cancelled it; {@code false} when it had already ended
   */
  public boolean cancel(String runId) {
    Instant now = clock.instant();
    if (!store.endIfActive(runId, WorkflowStatus.CANCELLED, now)) {
      return false;
    }
    store.append(new EventEntity(runId, "workflow_cancelled", null, null, now));
    return true;
  }

  /**
   * Claims the runs that are due: new or retrying runs whose time has come, and runs whose server
   * stopped renewing their lease. Only runs of the given workflows are claimed, so that a server
   * never takes a run it cannot execute.
   *
   * @param workflowNames the workflows this server has
   * @return the ids of the runs this server now holds
   */
  public List<String> claimDue(List<String> workflowNames) {
    Instant now = clock.instant();
    Instant until = now.plus(settings.lease());
    List<String> claimed = new ArrayList<>();
    for (String runId : store.claimable(workflowNames, now, settings.pollBatch())) {
      if (store.claim(runId, settings.serverId(), now, until)) {
        claimed.add(runId);
      }
    }
    return claimed;
  }

  /**
   * Extends the leases of the runs this server holds.
   *
   * @param runIds the runs
   */
  public void renew(List<String> runIds) {
    store.renew(settings.serverId(), runIds, clock.instant().plus(settings.lease()));
  }

  /** Fails the runs past their deadline that no server executes. */
  public void expireOverdue() {
    Instant now = clock.instant();
    for (String runId : store.overdue(now, settings.pollBatch())) {
      store
          .find(runId)
          .filter(r -> !r.getStatus().isTerminal())
          .ifPresent(
              r -> terminate(r, WorkflowStatus.FAILED, "workflow_timed_out", timeoutMessage(r)));
    }
  }

  /**
   * Fails a run this server executes that passed its deadline.
   *
   * @param runId the run
   */
  public void timeOut(String runId) {
    RunEntity run = owned(runId);
    if (run != null) {
      terminate(run, WorkflowStatus.FAILED, "workflow_timed_out", timeoutMessage(run));
    }
  }

  private RunEntity owned(String runId) {
    RunEntity run = store.find(runId).orElse(null);
    if (run == null
        || run.getStatus() != WorkflowStatus.RUNNING
        || !settings.serverId().equals(run.getLeaseOwner())) {
      return null;
    }
    return run;
  }

  private void terminate(RunEntity run, WorkflowStatus status, String eventType, String error) {
    transition(run, status);
    run.setCompletedAt(run.getUpdatedAt());
    run.setLease(null, null);
    run.setNextAttemptAt(null);
    if (error != null) {
      run.setError(error);
    }
    event(run, eventType, null, error == null ? null : data("error", error));
  }

  private void transition(RunEntity run, WorkflowStatus to) {
    RunStateMachine.check(run.getRunId(), run.getStatus(), to);
    run.setStatus(to);
    run.setUpdatedAt(clock.instant());
  }

  private void event(RunEntity run, String type, Integer step, Map<String, Object> data) {
    store.append(
        new EventEntity(
            run.getRunId(),
            type,
            step,
            data == null ? null : json.write(data),
            run.getUpdatedAt() != null ? run.getUpdatedAt() : clock.instant()));
  }

  private static String timeoutMessage(RunEntity run) {
    return "The run passed its deadline of " + run.getDeadlineAt();
  }

  static Map<String, Object> data(Object... keysAndValues) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        d.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return d;
  }
}

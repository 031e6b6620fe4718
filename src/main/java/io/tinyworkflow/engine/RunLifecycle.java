package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.EventEntity;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.LeaseStore;
import io.tinyworkflow.persistence.RunChange;
import io.tinyworkflow.persistence.RunEntity;
import io.tinyworkflow.persistence.RunStore;
import io.tinyworkflow.persistence.RunWrites;
import io.tinyworkflow.persistence.StepEntity;
import io.tinyworkflow.persistence.WaitStore;
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
 * event. Status changes follow {@link RunStateMachine}; those made on behalf of an execution are
 * conditional updates that take effect only while this server still holds the run, so a cancel, a
 * timeout or another server's claim always wins over a late outcome.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class RunLifecycle {

  static final String ATTEMPT_FAILED = "activity_attempt_failed";

  /** The statuses from which a run may change to a status, as the state machine says. */
  private static List<WorkflowStatus> sourcesOf(WorkflowStatus to) {
    return RunStateMachine.sourcesOf(to);
  }

  @Inject RunStore store;
  @Inject LeaseStore leases;
  @Inject RunWrites writes;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject EngineSettings settings;
  @Inject WaitStore waits;
  @Inject jakarta.enterprise.event.Event<RunDue> due;

  /**
   * Stores a new run, already running on this server, which executes it at once. One statement,
   * committed on its own: the run's {@code workflow_started} event is derived from the run's
   * creation time.
   *
   * @param run the new run, not yet stored
   * @return {@code false} when another run holds its idempotency key; nothing was stored
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public boolean create(RunEntity run) {
    return writes.insertUnlessKeyTaken(runningHere(run, settings));
  }

  /**
   * Stores a new run pending and due now, leased to no server: the first server with room claims
   * it.
   *
   * @param run the new run, not yet stored
   * @return {@code false} when another run holds its idempotency key; nothing was stored
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public boolean createDue(RunEntity run) {
    return writes.insertUnlessKeyTaken(run);
  }

  /**
   * Stores a new run that starts later: pending until its start time, when any server may claim it.
   * This server sets a timer to claim it on time.
   *
   * @param run the new run, not yet stored, its next attempt time set to its start time
   * @return {@code false} when another run holds its idempotency key; nothing was stored
   */
  public boolean createDelayed(RunEntity run) {
    if (!writes.insertUnlessKeyTaken(run)) {
      return false;
    }
    due.fire(new RunDue(run.getRunId(), run.getNextAttemptAt()));
    return true;
  }

  /**
   * Makes a new run of a workflow, pending, with the workflow's retry limit and deadline.
   *
   * @param workflow the workflow
   * @param runId the run id
   * @param workflowId the group of runs it belongs to
   * @param inputJson its input as JSON
   * @param now its creation time
   * @return the run, not yet stored
   */
  public static RunEntity newRun(
      WorkflowInfo workflow, String runId, String workflowId, String inputJson, Instant now) {
    RunEntity run = new RunEntity(runId, workflowId, workflow.name(), inputJson, now);
    run.setWorkflowVersion(workflow.version());
    run.setMaxRetries(workflow.retryPolicy().maxRetries());
    if (workflow.timeoutSeconds() > 0) {
      run.setDeadlineAt(now.plusMillis((long) (workflow.timeoutSeconds() * 1000)));
    }
    return run;
  }

  /**
   * Makes a new run running on this server, leased to it, before it is stored.
   *
   * @param run the new run, not yet stored
   * @param settings this server's settings
   * @return the run
   */
  static RunEntity runningHere(RunEntity run, EngineSettings settings) {
    Instant now = run.getCreatedAt();
    RunStateMachine.check(run.getRunId(), run.getStatus(), WorkflowStatus.RUNNING);
    run.setStatus(WorkflowStatus.RUNNING);
    run.setStartedAt(now);
    run.setLease(settings.serverId(), now.plus(settings.lease()));
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
    String owner = settings.serverId();
    if (run == null || run.getStatus().isTerminal() || !owner.equals(run.getLeaseOwner())) {
      return Optional.empty();
    }
    if (run.getDeadlineAt() != null && now.isAfter(run.getDeadlineAt())) {
      if (store.endIfActive(runId, WorkflowStatus.FAILED, sourcesOf(WorkflowStatus.FAILED), now)) {
        append(runId, "workflow_timed_out", null, data("error", timeoutMessage(run)), now);
      }
      return Optional.empty();
    }
    WorkflowStatus previous = run.getStatus();
    if (!store.start(
        runId,
        owner,
        RunStateMachine.sourcesOf(WorkflowStatus.RUNNING),
        run.getStartedAt() == null,
        now)) {
      return Optional.empty();
    }
    String type =
        switch (previous) {
          case RUNNING -> "workflow_recovered";
          case PAUSED -> "workflow_resumed";
          default -> "workflow_running";
        };
    append(runId, type, null, data("attempt", run.getRetryCount() + 1, "server", owner), now);

    Map<Integer, StepEntity> journal = new HashMap<>();
    for (StepEntity step : store.journal(runId)) {
      journal.put(step.getStepNumber(), step);
    }
    Map<Integer, Integer> failed = new HashMap<>();
    Map<Integer, Instant> nextAttempts = new HashMap<>();
    for (EventEntity e : store.events(runId, List.of(ATTEMPT_FAILED))) {
      Map<String, Object> d = json.readObject(e.getData());
      StepEntity recorded = journal.get(e.getStepNumber());
      boolean unrecordedInThisAttempt =
          recorded == null || recorded.getRunAttempt() < run.getRetryCount();
      if (((Number) d.getOrDefault("run_attempt", -1)).intValue() == run.getRetryCount()
          && unrecordedInThisAttempt) {
        failed.merge(e.getStepNumber(), 1, Integer::sum);
        if (d.get("retry_at") instanceof Number at) {
          // Events come oldest first: the last one says when the next attempt is due.
          nextAttempts.put(e.getStepNumber(), Instant.ofEpochMilli(at.longValue()));
        }
      }
    }
    Map<Integer, WaitStore.Wait> open = new HashMap<>();
    for (WaitStore.Wait wait : waits.openWaits(runId)) {
      open.put(wait.step(), wait);
    }
    return Optional.of(
        new RunSnapshot(
            runId,
            run.getWorkflowName(),
            run.getInput(),
            run.getRetryCount(),
            run.getDeadlineAt(),
            journal,
            failed,
            nextAttempts,
            open,
            run.getParentRunId(),
            run.getStartedBy()));
  }

  /**
   * Records a failed step with its event, or a step outcome that replaces the failure of an earlier
   * run attempt.
   *
   * @param step the outcome
   * @param replacesFailure whether it replaces a failure of an earlier run attempt
   * @param eventType the event to append, or {@code null}
   * @param eventData the event's data
   * @return {@code false} when the run is no longer running on this server: nothing was written
   */
  public boolean recordStep(
      StepEntity step, boolean replacesFailure, String eventType, Map<String, Object> eventData) {
    if (!store.holds(step.getRunId(), settings.serverId())) {
      return false;
    }
    store.record(step, replacesFailure);
    if (eventType != null) {
      append(step.getRunId(), eventType, step.getStepNumber(), eventData, step.getCompletedAt());
    }
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
    return settle(
        runId,
        new RunChange(WorkflowStatus.FAILED, null, error, null, false),
        eventType,
        null,
        data("error", error));
  }

  /**
   * Schedules the next attempt of a run whose body failed.
   *
   * @param runId the run
   * @param retry the retry number (1 for the first retry)
   * @param error the failure
   * @param nextAttemptAt when to retry
   * @return {@code false} when the run was no longer this server's
   */
  public boolean retry(String runId, int retry, String error, Instant nextAttemptAt) {
    return settle(
        runId,
        new RunChange(WorkflowStatus.RETRYING, null, error, nextAttemptAt, true),
        "workflow_retrying",
        null,
        data("retry", retry, "error", error, "next_attempt_at", nextAttemptAt));
  }

  /**
   * Unwinds a run until activities' next attempts, recording each failed attempt (one per parallel
   * branch that failed) as an event of its step.
   *
   * @param runId the run
   * @param runAttempt the run's retry count
   * @param suspension when to resume, the step and the event data
   * @return {@code false} when the run was no longer this server's
   */
  public boolean suspend(String runId, int runAttempt, Suspension suspension) {
    Instant now = clock.instant();
    RunChange change =
        new RunChange(WorkflowStatus.RETRYING, null, null, suspension.resumeAt(), false);
    if (!store.settle(runId, settings.serverId(), change, now)) {
      return false;
    }
    for (Suspension.FailedAttempt attempt : suspension.attempts()) {
      Map<String, Object> d = new LinkedHashMap<>(attempt.eventData());
      d.put("run_attempt", runAttempt);
      append(runId, ATTEMPT_FAILED, attempt.step(), d, now);
    }
    if (suspension.attempts().isEmpty()) {
      // Resumed before this step's own backoff ended: it waits for the rest of it.
      append(runId, "activity_retry_waiting", null, data("resume_at", suspension.resumeAt()), now);
    }
    return true;
  }

  /**
   * Cancels a run that has not ended, with its children that have not ended, and theirs.
   *
   * @param runId the run
   * @param cancelledBy who cancels it, or {@code null}
   * @return the runs this call cancelled, the run first; empty when it had already ended
   */
  public List<String> cancel(String runId, String cancelledBy) {
    List<String> cancelled = new ArrayList<>();
    cancel(runId, null, cancelledBy, clock.instant(), cancelled);
    return cancelled;
  }

  private void cancel(
      String runId, String parentRunId, String cancelledBy, Instant now, List<String> cancelled) {
    if (!store.endIfActive(
        runId, WorkflowStatus.CANCELLED, sourcesOf(WorkflowStatus.CANCELLED), now)) {
      return;
    }
    cancelled.add(runId);
    waits.closeAll(runId, "cancelled", now);
    append(
        runId,
        "workflow_cancelled",
        null,
        data("with_parent", parentRunId, "cancelled_by", cancelledBy),
        now);
    for (RunEntity child : store.children(runId, true)) {
      cancel(child.getRunId(), runId, cancelledBy, now, cancelled);
    }
  }

  /**
   * Claims one run for this server, when it is due and no live server holds it.
   *
   * @param runId the run
   * @return {@code true} when this server now holds it
   */
  public boolean claim(String runId) {
    Instant now = clock.instant();
    return leases.claim(
        runId,
        sourcesOf(WorkflowStatus.RUNNING),
        settings.serverId(),
        now,
        now.plus(settings.lease()));
  }

  /**
   * Claims the runs that are due: new or retrying runs whose time has come, and runs whose server
   * stopped renewing their lease. Only runs of the given workflows are claimed, so that a server
   * never takes a run it cannot execute.
   *
   * @param workflowNames the workflows this server has
   * @param limit how many at most: the room this server has
   * @return the ids of the runs this server now holds
   */
  public List<String> claimDue(List<String> workflowNames, int limit) {
    Instant now = clock.instant();
    Instant until = now.plus(settings.lease());
    List<String> claimed = new ArrayList<>();
    for (String runId :
        leases.lockClaimable(sourcesOf(WorkflowStatus.RUNNING), workflowNames, now, limit)) {
      if (leases.claim(runId, sourcesOf(WorkflowStatus.RUNNING), settings.serverId(), now, until)) {
        claimed.add(runId);
      }
    }
    return claimed;
  }

  /**
   * Extends the leases of the runs this server holds, and tells which it must stop.
   *
   * @param runIds the runs
   * @return those of them that were cancelled, timed out or claimed elsewhere
   */
  public List<String> renew(List<String> runIds) {
    leases.renew(settings.serverId(), runIds, clock.instant().plus(settings.lease()));
    return leases.lost(settings.serverId(), runIds);
  }

  /**
   * Releases a run this server holds but stopped executing without an outcome (a step could not be
   * recorded), so that the next poll claims it at once instead of after its lease.
   *
   * @param runId the run
   */
  public void release(String runId) {
    leases.release(runId, settings.serverId());
  }

  /** Fails the runs past their deadline that no server executes. */
  public void expireOverdue() {
    Instant now = clock.instant();
    for (String runId : store.overdue(now, settings.pollBatch())) {
      Optional<RunEntity> run = store.find(runId);
      if (run.isPresent()
          && store.endIfActive(
              runId, WorkflowStatus.FAILED, sourcesOf(WorkflowStatus.FAILED), now)) {
        append(runId, "workflow_timed_out", null, data("error", timeoutMessage(run.get())), now);
      }
    }
  }

  private boolean settle(
      String runId, RunChange change, String eventType, Integer step, Map<String, Object> data) {
    Instant now = clock.instant();
    if (!store.settle(runId, settings.serverId(), change, now)) {
      return false;
    }
    append(runId, eventType, step, data, now);
    return true;
  }

  private void append(
      String runId, String type, Integer step, Map<String, Object> data, Instant at) {
    store.append(event(json, runId, type, step, data, at));
  }

  /**
   * Makes an event of the audit trail.
   *
   * @param json writes its data
   * @param runId the run
   * @param type the event type
   * @param step the step it concerns, or {@code null}
   * @param data its data, or {@code null}
   * @param at when it happened
   * @return the event, not yet stored
   */
  static EventEntity event(
      JsonCodec json,
      String runId,
      String type,
      Integer step,
      Map<String, Object> data,
      Instant at) {
    return new EventEntity(runId, type, step, data == null ? null : json.write(data), at);
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

package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.api.failure.IllegalRunStateException;
import io.tinyworkflow.api.failure.InvalidInputException;
import io.tinyworkflow.api.failure.RunNotFoundException;
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
import jakarta.enterprise.event.Event;
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

  @Inject RunStore store;
  @Inject LeaseStore leases;
  @Inject RunWrites writes;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject EngineSettings settings;
  @Inject WaitStore waits;
  @Inject Event<RunDue> due;

  /**
   * Stores a new run, already running on this server, which executes it at once. One statement,
   * committed on its own: the run's {@code workflow_started} event is derived from the run's
   * creation time.
   *
   * @param run the new run, not yet stored
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void create(RunEntity run) {
    writes.insert(runningHere(run, settings));
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
      if (store.endIfActive(runId, WorkflowStatus.FAILED, now)) {
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
    for (EventEntity e : store.events(runId, List.of(ATTEMPT_FAILED))) {
      Map<String, Object> d = json.readObject(e.getData());
      StepEntity recorded = journal.get(e.getStepNumber());
      boolean unrecordedInThisAttempt =
          recorded == null || recorded.getRunAttempt() < run.getRetryCount();
      if (((Number) d.getOrDefault("run_attempt", -1)).intValue() == run.getRetryCount()
          && unrecordedInThisAttempt) {
        failed.merge(e.getStepNumber(), 1, Integer::sum);
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
            open));
  }

  /**
   * Records a failed step with its event, or a step outcome that replaces the failure of an earlier
   * run attempt.
   *
   * @param step the outcome
   * @param replacesFailure whether it replaces a failure of an earlier run attempt
   * @param eventType the event to append, or {@code null}
   * @param eventData the event's data
   */
  public void recordStep(
      StepEntity step, boolean replacesFailure, String eventType, Map<String, Object> eventData) {
    store.record(step, replacesFailure);
    if (eventType != null) {
      append(step.getRunId(), eventType, step.getStepNumber(), eventData, step.getCompletedAt());
    }
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
   * Unwinds a run until an activity's next attempt, recording the failed attempt.
   *
   * @param runId the run
   * @param runAttempt the run's retry count
   * @param suspension when to resume, the step and the event data
   * @return {@code false} when the run was no longer this server's
   */
  public boolean suspend(String runId, int runAttempt, Suspension suspension) {
    Map<String, Object> d = new LinkedHashMap<>(suspension.eventData());
    d.put("run_attempt", runAttempt);
    return settle(
        runId,
        new RunChange(WorkflowStatus.RETRYING, null, null, suspension.resumeAt(), false),
        ATTEMPT_FAILED,
        suspension.step(),
        d);
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
    waits.closeAll(runId, "cancelled", now);
    append(runId, "workflow_cancelled", null, null, now);
    return true;
  }

  /**
   * Pauses a run whose body unwound to wait, and records the wait. A signal already sent is
   * delivered at once: the run is then due again without pausing for long.
   *
   * @param runId the run
   * @param runAttempt the run's retry count
   * @param wait what it waits for
   * @return whether the run paused, and whether it is due again at once
   */
  public Paused pause(String runId, int runAttempt, WaitRequest wait) {
    Instant now = clock.instant();
    waits.lockRun(runId);
    // Answered after this execution read the journal: due again at once, to replay the answer.
    boolean answered = store.stepRecorded(runId, wait.step());
    if (!store.settle(
        runId,
        settings.serverId(),
        new RunChange(WorkflowStatus.PAUSED, null, null, answered ? now : wait.deadline(), false),
        now)) {
      return Paused.NOT_HERE;
    }
    if (answered) {
      return Paused.DUE;
    }
    boolean fresh =
        waits.open(
            new WaitStore.Wait(
                runId, wait.step(), wait.kind(), wait.key(), WaitStore.OPEN, wait.deadline(), now));
    if (fresh) {
      String type =
          switch (wait.kind()) {
            case Execution.APPROVAL -> "approval_requested";
            case Execution.SLEEP -> "timer_started";
            default -> "signal_awaited";
          };
      append(
          runId,
          type,
          wait.step(),
          data("key", wait.key(), "until", wait.deadline() == null ? null : wait.deadline()),
          now);
    }
    if (Execution.SIGNAL.equals(wait.kind())) {
      Optional<WaitStore.Signal> signal = waits.consumeSignal(runId, wait.key(), wait.step());
      if (signal.isPresent()) {
        deliver(runId, runAttempt, wait.step(), wait.key(), now, signal.get().payload(), now);
        return Paused.DUE;
      }
    }
    if (wait.deadline() != null) {
      due.fire(new RunDue(runId, wait.deadline()));
    }
    return Paused.PAUSED;
  }

  /** How {@link #pause} ended. */
  public enum Paused {
    /** The run is paused. */
    PAUSED,
    /** The run is paused, and due again at once. */
    DUE,
    /** The run was no longer this server's: nothing changed. */
    NOT_HERE
  }

  /**
   * Records how a wait ended without an answer (a sleep that is over, a wait that timed out), as
   * the outcome of its step, and closes the wait.
   *
   * @param step the step's outcome
   * @param waitStatus how the wait ended: {@code fired} or {@code timed_out}
   * @param eventType the event to append
   * @param eventData the event's data
   */
  public void resolveWait(
      StepEntity step, String waitStatus, String eventType, Map<String, Object> eventData) {
    waits.lockRun(step.getRunId());
    waits.close(
        step.getRunId(), step.getStepNumber(), waitStatus, null, null, step.getCompletedAt());
    store.record(step, false);
    append(step.getRunId(), eventType, step.getStepNumber(), eventData, step.getCompletedAt());
  }

  /**
   * Decides an approval a run waits for, and makes the run due.
   *
   * @param runId the run
   * @param key the approval key, or {@code null} for the run's only one
   * @param approved the decision
   * @param comment a comment, or {@code null}
   * @param decidedBy who decided, or {@code null}
   */
  public void decide(String runId, String key, boolean approved, String comment, String decidedBy) {
    Instant now = clock.instant();
    WaitStore.Locked run = lockActive(runId, "approval");
    List<WaitStore.Wait> open =
        waits.openWaits(runId).stream()
            .filter(w -> Execution.APPROVAL.equals(w.kind()))
            .filter(w -> key == null || key.equals(w.key()))
            .toList();
    if (open.isEmpty()) {
      throw new IllegalRunStateException(
          "Run "
              + runId
              + " is "
              + run.status().wireName()
              + " and does not wait for "
              + (key == null ? "an approval" : "the approval '" + key + "'"));
    }
    if (open.size() > 1) {
      throw new InvalidInputException(
          "Run "
              + runId
              + " waits for "
              + open.size()
              + " approvals ("
              + String.join(", ", open.stream().map(WaitStore.Wait::key).toList())
              + "): name the one to decide");
    }
    WaitStore.Wait wait = open.get(0);
    Map<String, Object> decision = data("approved", approved, "decided_by", decidedBy);
    decision.put("comment", comment);
    String decisionJson = json.write(decision);
    if (!waits.close(runId, wait.step(), "decided", decisionJson, decidedBy, now)) {
      throw new IllegalRunStateException(
          "The approval '" + wait.key() + "' of run " + runId + " was decided meanwhile");
    }
    StepEntity step =
        new StepEntity(runId, wait.step(), wait.key(), Execution.APPROVAL, "completed");
    step.setOutput(decisionJson);
    step.setAttempts(1);
    step.setRunAttempt(run.retryCount());
    step.setStartedAt(wait.createdAt());
    step.setCompletedAt(now);
    store.record(step, false);
    waits.makeDue(runId, now);
    append(
        runId,
        approved ? "approval_granted" : "approval_rejected",
        wait.step(),
        data("key", wait.key(), "decided_by", decidedBy, "comment", comment),
        now);
  }

  /**
   * Stores a signal for a run, and delivers it when the run waits for it.
   *
   * @param runId the run
   * @param name the signal name
   * @param payloadJson the payload as JSON
   * @return {@code true} when the run was waiting for it and is now due
   */
  public boolean signal(String runId, String name, String payloadJson) {
    Instant now = clock.instant();
    WaitStore.Locked run = lockActive(runId, "signal");
    waits.addSignal(runId, name, payloadJson, now);
    Optional<WaitStore.Wait> waiting =
        waits.openWaits(runId).stream()
            .filter(w -> Execution.SIGNAL.equals(w.kind()) && name.equals(w.key()))
            .findFirst();
    if (waiting.isEmpty()) {
      append(runId, "signal_sent", null, data("name", name), now);
      return false;
    }
    WaitStore.Wait wait = waiting.get();
    WaitStore.Signal oldest = waits.consumeSignal(runId, name, wait.step()).orElseThrow();
    deliver(runId, run.retryCount(), wait.step(), name, wait.createdAt(), oldest.payload(), now);
    return true;
  }

  /**
   * Publishes a value of a run, as the outcome of its step.
   *
   * @param step the publishing step
   * @param name the value's name
   * @param valueJson the value as JSON
   */
  public void publish(StepEntity step, String name, String valueJson) {
    waits.publish(step.getRunId(), name, valueJson, step.getStepNumber(), step.getCompletedAt());
    store.record(step, false);
    append(
        step.getRunId(),
        "state_published",
        step.getStepNumber(),
        data("name", name),
        step.getCompletedAt());
  }

  /**
   * Claims one run for this server, when it is due and no live server holds it.
   *
   * @param runId the run
   * @return {@code true} when this server now holds it
   */
  public boolean claim(String runId) {
    Instant now = clock.instant();
    return leases.claim(runId, settings.serverId(), now, now.plus(settings.lease()));
  }

  private void deliver(
      String runId,
      int runAttempt,
      int stepNumber,
      String name,
      Instant waitingSince,
      String payloadJson,
      Instant now) {
    waits.close(runId, stepNumber, "decided", payloadJson, null, now);
    StepEntity step = new StepEntity(runId, stepNumber, name, Execution.SIGNAL, "completed");
    step.setOutput(payloadJson);
    step.setAttempts(1);
    step.setRunAttempt(runAttempt);
    step.setStartedAt(waitingSince);
    step.setCompletedAt(now);
    store.record(step, false);
    waits.makeDue(runId, now);
    append(runId, "signal_received", stepNumber, data("name", name), now);
  }

  private WaitStore.Locked lockActive(String runId, String what) {
    WaitStore.Locked run = waits.lockRun(runId).orElseThrow(() -> new RunNotFoundException(runId));
    if (run.status().isTerminal()) {
      throw new IllegalRunStateException(
          "Run "
              + runId
              + " is "
              + run.status().wireName()
              + ", which is final: no "
              + what
              + " can reach it");
    }
    return run;
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
    for (String runId : leases.claimable(workflowNames, now, settings.pollBatch())) {
      if (leases.claim(runId, settings.serverId(), now, until)) {
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
      if (run.isPresent() && store.endIfActive(runId, WorkflowStatus.FAILED, now)) {
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
    store.append(new EventEntity(runId, type, step, data == null ? null : json.write(data), at));
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

package io.tinyworkflow.engine;

import io.tinyworkflow.api.WorkflowInfo;
import io.tinyworkflow.api.WorkflowStatus;
import io.tinyworkflow.persistence.EventLog;
import io.tinyworkflow.persistence.EventRecord;
import io.tinyworkflow.persistence.JournalEntry;
import io.tinyworkflow.persistence.JsonCodec;
import io.tinyworkflow.persistence.RunChange;
import io.tinyworkflow.persistence.RunRecord;
import io.tinyworkflow.persistence.RunTable;
import io.tinyworkflow.persistence.StepJournal;
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

  /** A caller skipped the rest of a backoff: the attempts failed before it are due now. */
  static final String RETRY_NOW = "retry_now";

  /** The statuses from which a run may change to a status, as the state machine says. */
  private static List<WorkflowStatus> sourcesOf(WorkflowStatus to) {
    return RunStateMachine.sourcesOf(to);
  }

  @Inject RunTable runs;
  @Inject io.tinyworkflow.persistence.QueueTable queues;
  @Inject EventLog events;
  @Inject StepJournal journal;
  @Inject JsonCodec json;
  @Inject Clock clock;
  @Inject EngineSettings settings;
  @Inject WaitStore waits;
  @Inject io.tinyworkflow.persistence.PublishedStateStore published;
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
  public boolean create(RunRecord run) {
    return runs.insertUnlessKeyTaken(runningHere(run, settings));
  }

  /**
   * Stores a new run pending and due now, leased to no server: the first server with room claims
   * it.
   *
   * @param run the new run, not yet stored
   * @return {@code false} when another run holds its idempotency key; nothing was stored
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public boolean createDue(RunRecord run) {
    return runs.insertUnlessKeyTaken(run);
  }

  /**
   * Stores a new run that starts later: pending until its start time, when any server may claim it.
   * This server sets a timer to claim it on time.
   *
   * @param run the new run, not yet stored, its next attempt time set to its start time
   * @return {@code false} when another run holds its idempotency key; nothing was stored
   */
  public boolean createDelayed(RunRecord run) {
    if (!runs.insertUnlessKeyTaken(run)) {
      return false;
    }
    due.fire(new RunDue(run.runId(), run.nextAttemptAt()));
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
   * @param origin who or what starts it
   * @param traceParent the trace context of its start ({@link RunTracing#startOfRun}), or {@code
   *     null}
   * @return the run, not yet stored
   */
  public static RunRecord newRun(
      WorkflowInfo workflow,
      String runId,
      String workflowId,
      String inputJson,
      Instant now,
      RunRecord.Origin origin,
      String traceParent) {
    return RunRecord.pending(
        runId,
        workflowId,
        workflow.name(),
        workflow.version(),
        inputJson,
        workflow.retryPolicy().maxRetries(),
        workflow.timeoutSeconds() > 0
            ? now.plusMillis((long) (workflow.timeoutSeconds() * 1000))
            : null,
        now,
        origin,
        traceParent);
  }

  /**
   * Makes a new run running on this server, leased to it, before it is stored.
   *
   * @param run the new run, not yet stored
   * @param settings this server's settings
   * @return the run
   */
  static RunRecord runningHere(RunRecord run, EngineSettings settings) {
    RunStateMachine.check(run.runId(), run.status(), WorkflowStatus.RUNNING);
    return run.runningOn(settings.serverId(), run.createdAt().plus(settings.lease()));
  }

  /**
   * Begins an execution of a run that this server has claimed.
   *
   * @param runId the run
   * @return what the execution needs, or empty when the run is no longer this server's to execute
   */
  public Optional<RunSnapshot> begin(String runId) {
    RunRecord run = runs.find(runId).orElse(null);
    Instant now = clock.instant();
    String owner = settings.serverId();
    if (run == null || run.status().isTerminal() || !owner.equals(run.leaseOwner())) {
      return Optional.empty();
    }
    if (run.deadlineAt() != null && now.isAfter(run.deadlineAt())) {
      if (runs.endIfActive(runId, WorkflowStatus.FAILED, sourcesOf(WorkflowStatus.FAILED), now)) {
        append(runId, "workflow_timed_out", null, data("error", timeoutMessage(run)), now);
      }
      return Optional.empty();
    }
    WorkflowStatus previous = run.status();
    if (!runs.start(
        runId,
        owner,
        RunStateMachine.sourcesOf(WorkflowStatus.RUNNING),
        run.startedAt() == null,
        now)) {
      return Optional.empty();
    }
    String type =
        switch (previous) {
          case RUNNING -> "workflow_recovered";
          case PAUSED -> "workflow_resumed";
          default -> "workflow_running";
        };
    append(runId, type, null, data("attempt", run.retryCount() + 1, "server", owner), now);

    Map<Integer, JournalEntry> outcomes = new HashMap<>();
    for (JournalEntry step : journal.outcomes(runId)) {
      outcomes.put(step.stepNumber(), step);
    }
    Map<Integer, Integer> failed = new HashMap<>();
    Map<Integer, Instant> nextAttempts = new HashMap<>();
    for (EventRecord e : events.read(runId, List.of(ATTEMPT_FAILED, RETRY_NOW))) {
      if (RETRY_NOW.equals(e.eventType())) {
        nextAttempts.clear(); // the steps that waited for their next attempt try it now
        continue;
      }
      Map<String, Object> d = json.readObject(e.data());
      JournalEntry recorded = outcomes.get(e.stepNumber());
      boolean unrecordedInThisAttempt =
          recorded == null || recorded.runAttempt() < run.retryCount();
      if (((Number) d.getOrDefault("run_attempt", -1)).intValue() == run.retryCount()
          && unrecordedInThisAttempt) {
        failed.merge(e.stepNumber(), 1, Integer::sum);
        if (d.get("retry_at") instanceof Number at) {
          // Events come oldest first: the last one says when the next attempt is due.
          nextAttempts.put(e.stepNumber(), Instant.ofEpochMilli(at.longValue()));
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
            run.workflowName(),
            run.input(),
            run.retryCount(),
            run.deadlineAt(),
            outcomes,
            failed,
            nextAttempts,
            open,
            run.parentRunId(),
            run.startedBy(),
            run.compensation(),
            run.startedAt() == null,
            previous == WorkflowStatus.PAUSED,
            run.createdAt(),
            run.traceParent()));
  }

  /**
   * Records a step outcome with its event, in one transaction: a transactional step's, or one of
   * its own.
   *
   * @param step the outcome
   * @param eventType the event to append
   * @param eventData the event's data
   * @return {@code false} when the run is no longer running on this server: nothing was written
   */
  @Transactional(Transactional.TxType.REQUIRED)
  public boolean recordStep(JournalEntry step, String eventType, Map<String, Object> eventData) {
    if (!runs.holds(step.runId(), settings.serverId())) {
      return false;
    }
    journal.append(step);
    append(step.runId(), eventType, step.stepNumber(), eventData, step.completedAt());
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
    if (!runs.settle(runId, settings.serverId(), change, now)) {
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
   * What a cancel did.
   *
   * @param cancelled the runs it cancelled, the run first when it was one of them
   * @param compensating the runs it asked to run their compensations before they end cancelled
   */
  public record Cancellation(List<String> cancelled, List<String> compensating) {

    /** Whether the cancel changed nothing: every run had ended or was being cancelled. */
    public boolean isEmpty() {
      return cancelled.isEmpty() && compensating.isEmpty();
    }
  }

  /**
   * Cancels a run that has not ended, with its children that have not ended, and theirs. A run that
   * registered compensations is not cancelled at once: it is marked {@code cancelling}, its next
   * execution runs the compensations, then it ends cancelled.
   *
   * @param runId the run
   * @param cancelledBy who cancels it, or {@code null}
   * @return what it did; empty when the run had already ended or was being cancelled
   */
  public Cancellation cancel(String runId, String cancelledBy) {
    Cancellation cancellation = new Cancellation(new ArrayList<>(), new ArrayList<>());
    cancel(runId, null, cancelledBy, clock.instant(), cancellation);
    return cancellation;
  }

  private void cancel(
      String runId, String parentRunId, String cancelledBy, Instant now, Cancellation done) {
    List<WorkflowStatus> from = sourcesOf(WorkflowStatus.CANCELLED);
    if (runs.cancelIfNothingToCompensate(runId, from, now)) {
      done.cancelled().add(runId);
      waits.closeAll(runId, "cancelled", now);
      append(
          runId,
          "workflow_cancelled",
          null,
          data("with_parent", parentRunId, "cancelled_by", cancelledBy),
          now);
    } else if (runs.requestCancel(runId, from, now)) {
      done.compensating().add(runId);
      waits.closeAll(runId, "cancelled", now);
      append(
          runId,
          "workflow_cancel_requested",
          null,
          data("with_parent", parentRunId, "cancelled_by", cancelledBy),
          now);
    } else {
      return;
    }
    for (RunRecord child : runs.children(runId, true)) {
      cancel(child.runId(), runId, cancelledBy, now, done);
    }
  }

  /**
   * Stores a run restarted from a step of a run that ended, pending and due now, with the steps of
   * that run before the step and the values it had published by then, in one transaction. The
   * original run keeps its history; both get an event that names the other.
   *
   * @param run the new run, not yet stored, its origin naming the original run and the step
   * @param original the original run
   * @param copied the original's recorded steps before the step
   */
  public void fork(RunRecord run, RunRecord original, List<JournalEntry> copied) {
    Instant now = run.createdAt();
    runs.insert(run);
    Map<String, JournalEntry> publishedBefore = new LinkedHashMap<>();
    for (JournalEntry step : copied) {
      journal.append(step.copiedTo(run.runId()));
      if (DurableWaits.PUBLISH.equals(step.stepKind())) {
        publishedBefore.put(step.stepName(), step); // by step: the last value wins
      }
    }
    Map<String, String> current = published.values(original.runId());
    for (JournalEntry step : publishedBefore.values()) {
      // Values published before the restart recorded them in their step: older runs did not.
      String value = step.output() != null ? step.output() : current.get(step.stepName());
      if (value != null) {
        published.publish(run.runId(), step.stepName(), value, step.stepNumber(), now);
      }
    }
    append(
        run.runId(),
        "workflow_forked",
        null,
        data(
            "from_run",
            original.runId(),
            "from_step",
            run.forkedFromStep(),
            "copied_steps",
            copied.size(),
            "by",
            run.startedBy()),
        now);
    append(
        original.runId(),
        "workflow_restarted",
        null,
        data("run_id", run.runId(), "from_step", run.forkedFromStep(), "by", run.startedBy()),
        now);
  }

  /**
   * Makes a run that waits to be retried due now: the rest of its backoff is skipped, and the steps
   * whose next attempt it waited for are tried at once.
   *
   * @param runId the run
   * @param by who asked, or {@code null}
   * @return {@code false} when the run is not retrying
   */
  public boolean retryNow(String runId, String by) {
    Instant now = clock.instant();
    if (!runs.retryNow(runId, now)) {
      return false;
    }
    append(runId, RETRY_NOW, null, data("by", by), now);
    return true;
  }

  /**
   * Ends a run this server holds as cancelled, once the compensations its cancel asked for ran.
   *
   * @param runId the run
   * @param compensations how many compensations ran
   * @return {@code false} when the run was no longer this server's
   */
  public boolean cancelCompensated(String runId, int compensations) {
    return settle(
        runId,
        new RunChange(WorkflowStatus.CANCELLED, null, null, null, false),
        "workflow_cancelled",
        null,
        data("compensations", compensations));
  }

  /**
   * Notes that a run this server executes registered a compensation. One statement, outside any
   * transaction.
   *
   * @param runId the run
   * @return {@code false} when the run is no longer running on this server
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public boolean markCompensable(String runId) {
    return runs.markCompensable(runId, settings.serverId());
  }

  /**
   * Appends an event to a run's trail that changes nothing of the run, such as a webhook's delivery
   * after the run ended.
   *
   * @param runId the run
   * @param type the event type
   * @param eventData its data
   */
  public void note(String runId, String type, Map<String, Object> eventData) {
    append(runId, type, null, eventData, clock.instant());
  }

  /**
   * Appends an event of a run this server executes, unless it no longer does.
   *
   * @param runId the run
   * @param type the event type
   * @param step the step it concerns
   * @param eventData its data
   * @return {@code false} when the run is no longer running on this server: nothing was written
   */
  public boolean appendHeld(String runId, String type, int step, Map<String, Object> eventData) {
    if (!runs.holds(runId, settings.serverId())) {
      return false;
    }
    append(runId, type, step, eventData, clock.instant());
    return true;
  }

  /**
   * Lists the runs this server executes that a cancel asked to compensate.
   *
   * @param runIds the runs
   * @return those marked {@code cancelling}
   */
  public List<String> cancelling(List<String> runIds) {
    return runs.cancelling(settings.serverId(), runIds);
  }

  /**
   * Claims one run for this server, when it is due and no live server holds it.
   *
   * @param runId the run
   * @return {@code true} when this server now holds it
   */
  public boolean claim(String runId) {
    return claim(runId, List.of());
  }

  /**
   * Claims one run for this server, when it is due, no live server holds it, and its workflow is
   * not one whose runs are claimed only through their queue.
   *
   * @param runId the run
   * @param queued the workflows left to their queues' claims
   * @return {@code true} when this server now holds it
   */
  public boolean claim(String runId, List<String> queued) {
    Instant now = clock.instant();
    return runs.claim(
        runId,
        sourcesOf(WorkflowStatus.RUNNING),
        settings.serverId(),
        now,
        now.plus(settings.lease()),
        queued);
  }

  /**
   * Claims due runs of a queue with limits, as many as it has room for: the queue's row is locked
   * meanwhile, so the servers claim its runs one after another and none goes past its limits. The
   * runs are taken by priority, then by due time.
   *
   * @param queue the queue and its limits
   * @param workflowNames the queue's workflows this server has
   * @param room how many this server can take
   * @param heldHere how many of the queue's runs this server holds now
   * @return the ids of the runs this server now holds, and whether the start rate held back
   */
  public QueueClaim claimQueued(
      io.tinyworkflow.api.QueueInfo queue, List<String> workflowNames, int room, int heldHere) {
    io.tinyworkflow.persistence.QueueTable.Bucket bucket = queues.lock(queue.name());
    // The time once the row is ours: a time read before the wait could be older than the one the
    // previous holder stored, and credit the same interval twice.
    Instant now = clock.instant();
    long refilledAt = Math.max(now.toEpochMilli(), bucket.refilledAt());
    int free = room;
    if (queue.concurrencyPerServer() > 0) {
      free = Math.min(free, queue.concurrencyPerServer() - heldHere);
    }
    if (queue.concurrency() > 0 && free > 0) {
      free = Math.min(free, queue.concurrency() - runs.countHeld(workflowNames, now));
    }
    double tokens = 0;
    boolean rateBound = false;
    if (queue.startsPerSecond() > 0 && free > 0) {
      // A fifth of a second's worth at most: enough to absorb the time a poll takes, small
      // enough that a stalled server gains no more than that, so the rate holds over seconds.
      double capacity = Math.max(1, queue.startsPerSecond() / 5);
      double elapsed = Math.max(0, now.toEpochMilli() - bucket.refilledAt()) / 1000.0;
      tokens = Math.min(capacity, bucket.tokens() + elapsed * queue.startsPerSecond());
      rateBound = tokens < free + 1;
      free = Math.min(free, (int) Math.floor(tokens));
    }
    if (free <= 0) {
      return new QueueClaim(List.of(), rateBound);
    }
    Instant until = now.plus(settings.lease());
    List<String> claimed = new ArrayList<>();
    for (String runId :
        runs.lockClaimable(sourcesOf(WorkflowStatus.RUNNING), workflowNames, now, free)) {
      if (runs.claim(runId, sourcesOf(WorkflowStatus.RUNNING), settings.serverId(), now, until)) {
        claimed.add(runId);
      }
    }
    if (queue.startsPerSecond() > 0) {
      queues.update(
          queue.name(),
          new io.tinyworkflow.persistence.QueueTable.Bucket(tokens - claimed.size(), refilledAt));
    }
    return new QueueClaim(claimed, rateBound && claimed.size() == free);
  }

  /**
   * What a claim of a queue's runs took.
   *
   * @param runIds the runs this server now holds
   * @param rateBound whether the queue's start rate held back runs that were due: the next token
   *     comes within {@code 1 / startsPerSecond}
   */
  public record QueueClaim(List<String> runIds, boolean rateBound) {}

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
        runs.lockClaimable(sourcesOf(WorkflowStatus.RUNNING), workflowNames, now, limit)) {
      if (runs.claim(runId, sourcesOf(WorkflowStatus.RUNNING), settings.serverId(), now, until)) {
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
    runs.renew(settings.serverId(), runIds, clock.instant().plus(settings.lease()));
    return runs.lost(settings.serverId(), runIds);
  }

  /**
   * Releases a run this server holds but stopped executing without an outcome (a step could not be
   * recorded), so that the next poll claims it at once instead of after its lease.
   *
   * @param runId the run
   */
  public void release(String runId) {
    runs.release(runId, settings.serverId());
  }

  /**
   * A run that passed its deadline while no server executed it, failed by {@link #expireOverdue}.
   *
   * @param runId the run
   * @param workflowName its workflow
   * @param error why it failed
   */
  public record Expired(String runId, String workflowName, String error) {}

  /**
   * Fails the runs past their deadline that no server executes.
   *
   * @return the runs it failed
   */
  public List<Expired> expireOverdue() {
    Instant now = clock.instant();
    List<Expired> expired = new ArrayList<>();
    for (String runId : runs.overdue(now, settings.pollBatch())) {
      Optional<RunRecord> run = runs.find(runId);
      if (run.isPresent()
          && runs.endIfActive(
              runId, WorkflowStatus.FAILED, sourcesOf(WorkflowStatus.FAILED), now)) {
        String error = timeoutMessage(run.get());
        append(runId, "workflow_timed_out", null, data("error", error), now);
        expired.add(new Expired(runId, run.get().workflowName(), error));
      }
    }
    return expired;
  }

  private boolean settle(
      String runId, RunChange change, String eventType, Integer step, Map<String, Object> data) {
    Instant now = clock.instant();
    if (!runs.settle(runId, settings.serverId(), change, now)) {
      return false;
    }
    append(runId, eventType, step, data, now);
    return true;
  }

  private void append(
      String runId, String type, Integer step, Map<String, Object> data, Instant at) {
    events.append(event(json, runId, type, step, data, at));
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
  static EventRecord event(
      JsonCodec json,
      String runId,
      String type,
      Integer step,
      Map<String, Object> data,
      Instant at) {
    return EventRecord.of(runId, type, step, data == null ? null : json.write(data), at);
  }

  private static String timeoutMessage(RunRecord run) {
    return "The run passed its deadline of " + run.deadlineAt();
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

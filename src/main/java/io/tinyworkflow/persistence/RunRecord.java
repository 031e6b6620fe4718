package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A workflow run as the engine sees it: one row of {@code workflow_runs}, read or about to be
 * stored. Immutable; a new run is made with {@link #pending} from its {@link Origin} (then {@link
 * #delayedTo} or {@link #runningOn}), and stored by {@link RunTable#insert(RunRecord)}.
 *
 * @param runId the run id
 * @param workflowId the group of runs it belongs to
 * @param workflowName the registered workflow name
 * @param workflowVersion the workflow's version when the run was created, or {@code null}
 * @param status the status
 * @param input the input as a JSON object
 * @param output the result as JSON, once completed
 * @param error the error, once failed
 * @param idempotencyKey the key that starts it at most once, or {@code null}
 * @param createdAt when it was created
 * @param startedAt when it first ran, or {@code null}
 * @param completedAt when it ended, or {@code null}
 * @param updatedAt when its row last changed
 * @param scheduledAt when a schedule or a delayed start meant it to start, or {@code null}
 * @param nextAttemptAt when it is due next, or {@code null}
 * @param deadlineAt when it times out, or {@code null}
 * @param retryCount how many times it was retried (its run attempt)
 * @param maxRetries how many retries it may have
 * @param parentRunId the run that started it as a child, or {@code null}
 * @param parentStep the parent's step that started it, or {@code null}
 * @param scheduleId the schedule that started it, or {@code null}
 * @param startedBy who started it: a user, {@code schedule:<id>} or {@code parent:<run>}
 * @param leaseOwner the server executing it, or {@code null}
 * @param leaseExpiresAt until when that server holds it, or {@code null}
 * @param compensation whether the run registered compensations: {@code null}, {@link
 *     #COMPENSATION_REGISTERED} or {@link #COMPENSATION_CANCELLING}
 * @param forkedFrom the run whose first steps this one copied when it was restarted from a step, or
 *     {@code null}
 * @param forkedFromStep the step of that run this one executes from, or {@code null}
 * @param traceParent the W3C {@code traceparent} of the span that started the run, which every
 *     execution of the run continues; {@code null} when tracing is off
 * @param priority its place among the due runs of its queue: higher first, 0 by default
 */
public record RunRecord(
    String runId,
    String workflowId,
    String workflowName,
    String workflowVersion,
    WorkflowStatus status,
    String input,
    String output,
    String error,
    String idempotencyKey,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant updatedAt,
    Instant scheduledAt,
    Instant nextAttemptAt,
    Instant deadlineAt,
    int retryCount,
    int maxRetries,
    String parentRunId,
    Integer parentStep,
    String scheduleId,
    String startedBy,
    String leaseOwner,
    Instant leaseExpiresAt,
    String compensation,
    String forkedFrom,
    Integer forkedFromStep,
    String traceParent,
    int priority) {

  /** {@link #compensation()} of a run that registered a compensation. */
  public static final String COMPENSATION_REGISTERED = "registered";

  /** {@link #compensation()} of a run whose cancel waits for its compensations. */
  public static final String COMPENSATION_CANCELLING = "cancelling";

  /**
   * Who or what starts a new run.
   *
   * @param startedBy a user, {@code schedule:<id>} or {@code parent:<run>}; {@code null} for none
   * @param idempotencyKey the key that starts it at most once, or {@code null}
   * @param parentRunId the run that starts it as a child, or {@code null}
   * @param parentStep the parent's step that starts it, or {@code null}
   * @param scheduleId the schedule that starts it, or {@code null}
   * @param scheduledAt the occurrence of that schedule, or {@code null}
   * @param forkedFrom the run it copies its first steps from, or {@code null}
   * @param forkedFromStep the step of that run it executes from, or {@code null}
   * @param priority its place among the due runs of its queue: higher first, 0 by default
   */
  public record Origin(
      String startedBy,
      String idempotencyKey,
      String parentRunId,
      Integer parentStep,
      String scheduleId,
      Instant scheduledAt,
      String forkedFrom,
      Integer forkedFromStep,
      int priority) {

    /**
     * A run started by a caller.
     *
     * @param caller who starts it, or {@code null}
     * @param key its idempotency key, or {@code null}
     * @param priority its place among the due runs of its queue: higher first
     * @return the origin
     */
    public static Origin caller(String caller, String key, int priority) {
      return new Origin(caller, key, null, null, null, null, null, null, priority);
    }

    /**
     * A run started by a parent's step, as its child.
     *
     * @param parent the parent run
     * @param step the parent's step
     * @return the origin
     */
    public static Origin parent(String parent, int step) {
      return new Origin("parent:" + parent, null, parent, step, null, null, null, null, 0);
    }

    /**
     * A run started by an occurrence of a schedule, at most once.
     *
     * @param schedule the schedule
     * @param occurrence the time it was due
     * @return the origin
     */
    public static Origin schedule(String schedule, Instant occurrence) {
      return new Origin(
          "schedule:" + schedule,
          "schedule:" + schedule + ":" + occurrence.toEpochMilli(),
          null,
          null,
          schedule,
          occurrence,
          null,
          null,
          0);
    }

    /**
     * A run restarted from a step of another run: it copies that run's steps before the step.
     *
     * @param caller who restarts it, or {@code null}
     * @param run the run it copies
     * @param step the step it executes from
     * @return the origin
     */
    public static Origin forkOf(String caller, String run, int step) {
      return new Origin(caller, null, null, null, null, null, run, step, 0);
    }
  }

  /**
   * A new pending run.
   *
   * @param runId the run id
   * @param workflowId the group of runs it belongs to
   * @param workflowName the workflow
   * @param workflowVersion the workflow's version, or {@code null}
   * @param input the input as a JSON object
   * @param maxRetries how many retries it may have
   * @param deadlineAt when it times out, or {@code null}
   * @param now its creation time
   * @param origin who or what starts it
   * @param traceParent the W3C {@code traceparent} of the span that starts it, or {@code null}
   * @return the run, not yet stored
   */
  public static RunRecord pending(
      String runId,
      String workflowId,
      String workflowName,
      String workflowVersion,
      String input,
      int maxRetries,
      Instant deadlineAt,
      Instant now,
      Origin origin,
      String traceParent) {
    return new RunRecord(
        runId,
        workflowId,
        workflowName,
        workflowVersion,
        WorkflowStatus.PENDING,
        input,
        null,
        null,
        origin.idempotencyKey(),
        now,
        null,
        null,
        now,
        origin.scheduledAt(),
        null,
        deadlineAt,
        0,
        maxRetries,
        origin.parentRunId(),
        origin.parentStep(),
        origin.scheduleId(),
        origin.startedBy(),
        null,
        null,
        null,
        origin.forkedFrom(),
        origin.forkedFromStep(),
        traceParent,
        origin.priority());
  }

  /**
   * This run starting later: due then, its deadline moved by as much.
   *
   * @param start when it starts
   * @return the new run
   */
  public RunRecord delayedTo(Instant start) {
    Instant deadline =
        deadlineAt == null ? null : deadlineAt.plus(Duration.between(createdAt, start));
    return new RunRecord(
        runId,
        workflowId,
        workflowName,
        workflowVersion,
        status,
        input,
        output,
        error,
        idempotencyKey,
        createdAt,
        startedAt,
        completedAt,
        updatedAt,
        start,
        start,
        deadline,
        retryCount,
        maxRetries,
        parentRunId,
        parentStep,
        scheduleId,
        startedBy,
        leaseOwner,
        leaseExpiresAt,
        compensation,
        forkedFrom,
        forkedFromStep,
        traceParent,
        priority);
  }

  /**
   * This new run running on a server, leased to it, from its creation.
   *
   * @param owner the server
   * @param until until when the lease holds
   * @return the new run
   */
  public RunRecord runningOn(String owner, Instant until) {
    return new RunRecord(
        runId,
        workflowId,
        workflowName,
        workflowVersion,
        WorkflowStatus.RUNNING,
        input,
        output,
        error,
        idempotencyKey,
        createdAt,
        createdAt,
        completedAt,
        updatedAt,
        scheduledAt,
        nextAttemptAt,
        deadlineAt,
        retryCount,
        maxRetries,
        parentRunId,
        parentStep,
        scheduleId,
        startedBy,
        owner,
        until,
        compensation,
        forkedFrom,
        forkedFromStep,
        traceParent,
        priority);
  }
}

package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A workflow run as the engine sees it: one row of {@code workflow_runs}, read or about to be
 * stored. Immutable; a new run is made with {@link #pending} and the {@code with}/{@code as}
 * methods, and stored by {@link RunTable#insert(RunRecord)}.
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
    Instant leaseExpiresAt) {

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
      Instant now) {
    return new RunRecord(
        runId,
        workflowId,
        workflowName,
        workflowVersion,
        WorkflowStatus.PENDING,
        input,
        null,
        null,
        null,
        now,
        null,
        null,
        now,
        null,
        null,
        deadlineAt,
        0,
        maxRetries,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * This run started by a caller.
   *
   * @param key its idempotency key, or {@code null}
   * @param caller who starts it, or {@code null}
   * @return the new run
   */
  public RunRecord startedBy(String key, String caller) {
    return new RunRecord(
        runId,
        workflowId,
        workflowName,
        workflowVersion,
        status,
        input,
        output,
        error,
        key,
        createdAt,
        startedAt,
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
        caller,
        leaseOwner,
        leaseExpiresAt);
  }

  /**
   * This run as the child of a parent's step.
   *
   * @param parent the parent run
   * @param step the parent's step that starts it
   * @return the new run
   */
  public RunRecord asChildOf(String parent, int step) {
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
        scheduledAt,
        nextAttemptAt,
        deadlineAt,
        retryCount,
        maxRetries,
        parent,
        step,
        scheduleId,
        "parent:" + parent,
        leaseOwner,
        leaseExpiresAt);
  }

  /**
   * This run as an occurrence of a schedule, started at most once.
   *
   * @param schedule the schedule
   * @param occurrence the time it was due
   * @return the new run
   */
  public RunRecord asOccurrenceOf(String schedule, Instant occurrence) {
    return new RunRecord(
        runId,
        workflowId,
        workflowName,
        workflowVersion,
        status,
        input,
        output,
        error,
        "schedule:" + schedule + ":" + occurrence.toEpochMilli(),
        createdAt,
        startedAt,
        completedAt,
        updatedAt,
        occurrence,
        nextAttemptAt,
        deadlineAt,
        retryCount,
        maxRetries,
        parentRunId,
        parentStep,
        schedule,
        "schedule:" + schedule,
        leaseOwner,
        leaseExpiresAt);
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
        leaseExpiresAt);
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
        until);
  }
}

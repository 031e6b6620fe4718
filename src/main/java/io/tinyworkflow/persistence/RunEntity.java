package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A workflow run: one row of {@code workflow_runs}. */
@Entity
@Table(name = "workflow_runs")
public class RunEntity {

  @Id
  @Column(name = "run_id", length = 36)
  private String runId;

  @Column(name = "workflow_id", nullable = false)
  private String workflowId;

  @Column(name = "workflow_name", nullable = false)
  private String workflowName;

  @Column(name = "workflow_version")
  private String workflowVersion;

  @Column(name = "status", nullable = false)
  private WorkflowStatus status;

  @Column(name = "input")
  private String input;

  @Column(name = "output")
  private String output;

  @Column(name = "error")
  private String error;

  @Column(name = "idempotency_key")
  private String idempotencyKey;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "scheduled_at")
  private Instant scheduledAt;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "deadline_at")
  private Instant deadlineAt;

  @Column(name = "retry_count", nullable = false)
  private int retryCount;

  @Column(name = "max_retries", nullable = false)
  private int maxRetries;

  @Column(name = "parent_run_id", length = 36)
  private String parentRunId;

  @Column(name = "parent_step")
  private Integer parentStep;

  @Column(name = "schedule_id", length = 36)
  private String scheduleId;

  @Column(name = "started_by")
  private String startedBy;

  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_expires_at")
  private Instant leaseExpiresAt;

  @Column(name = "compensation", length = 16)
  private String compensation;

  @Column(name = "forked_from", length = 36)
  private String forkedFrom;

  @Column(name = "forked_from_step")
  private Integer forkedFromStep;

  @Column(name = "trace_parent", length = 64)
  private String traceParent;

  @Column(name = "priority", nullable = false)
  private int priority;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  /** For JPA. */
  protected RunEntity() {}

  /**
   * Creates a pending run.
   *
   * @param runId the run id
   * @param workflowId the group of runs it belongs to
   * @param workflowName the registered workflow name
   * @param input the input as a JSON object
   * @param now the creation time
   */
  public RunEntity(
      String runId, String workflowId, String workflowName, String input, Instant now) {
    this.runId = runId;
    this.workflowId = workflowId;
    this.workflowName = workflowName;
    this.input = input;
    this.status = WorkflowStatus.PENDING;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String getRunId() {
    return runId;
  }

  public String getWorkflowId() {
    return workflowId;
  }

  public String getWorkflowName() {
    return workflowName;
  }

  public String getWorkflowVersion() {
    return workflowVersion;
  }

  public void setWorkflowVersion(String workflowVersion) {
    this.workflowVersion = workflowVersion;
  }

  public WorkflowStatus getStatus() {
    return status;
  }

  public void setStatus(WorkflowStatus status) {
    this.status = status;
  }

  public String getInput() {
    return input;
  }

  public String getOutput() {
    return output;
  }

  public void setOutput(String output) {
    this.output = output;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public void setIdempotencyKey(String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(Instant startedAt) {
    this.startedAt = startedAt;
  }

  public Instant getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(Instant completedAt) {
    this.completedAt = completedAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }

  public Instant getScheduledAt() {
    return scheduledAt;
  }

  public void setScheduledAt(Instant scheduledAt) {
    this.scheduledAt = scheduledAt;
  }

  public Instant getNextAttemptAt() {
    return nextAttemptAt;
  }

  public void setNextAttemptAt(Instant nextAttemptAt) {
    this.nextAttemptAt = nextAttemptAt;
  }

  public Instant getDeadlineAt() {
    return deadlineAt;
  }

  public void setDeadlineAt(Instant deadlineAt) {
    this.deadlineAt = deadlineAt;
  }

  public int getRetryCount() {
    return retryCount;
  }

  public void setRetryCount(int retryCount) {
    this.retryCount = retryCount;
  }

  public int getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  public String getParentRunId() {
    return parentRunId;
  }

  public Integer getParentStep() {
    return parentStep;
  }

  public String getScheduleId() {
    return scheduleId;
  }

  /**
   * Records the schedule occurrence that starts this run.
   *
   * @param scheduleId the schedule
   * @param occurrence the occurrence's time
   */
  public void setSchedule(String scheduleId, Instant occurrence) {
    this.scheduleId = scheduleId;
    this.scheduledAt = occurrence;
  }

  public void setParent(String parentRunId, Integer parentStep) {
    this.parentRunId = parentRunId;
    this.parentStep = parentStep;
  }

  public String getLeaseOwner() {
    return leaseOwner;
  }

  public Instant getLeaseExpiresAt() {
    return leaseExpiresAt;
  }

  public void setLease(String owner, Instant expiresAt) {
    this.leaseOwner = owner;
    this.leaseExpiresAt = expiresAt;
  }

  public long getRowVersion() {
    return rowVersion;
  }

  /**
   * Returns who started the run: a user, {@code schedule:<id>} or {@code parent:<run>}.
   *
   * @return the starter, or {@code null} when not known
   */
  public String getStartedBy() {
    return startedBy;
  }

  /**
   * Sets who started the run.
   *
   * @param startedBy a user, {@code schedule:<id>} or {@code parent:<run>}; or {@code null}
   */
  public void setStartedBy(String startedBy) {
    this.startedBy = startedBy;
  }

  /**
   * Returns this row as the engine sees it.
   *
   * @return the record
   */
  public RunRecord toRecord() {
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
}

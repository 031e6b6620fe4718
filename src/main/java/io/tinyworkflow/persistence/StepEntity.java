package io.tinyworkflow.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of the step journal: the recorded outcome of step {@code stepNumber} of a run. The
 * primary key is (run, step number), so an outcome is written once.
 */
@Entity
@Table(name = "workflow_steps")
@IdClass(StepId.class)
public class StepEntity {

  @Id
  @Column(name = "run_id", length = 36)
  private String runId;

  @Id
  @Column(name = "step_number")
  private int stepNumber;

  @Column(name = "step_name", nullable = false)
  private String stepName;

  @Column(name = "step_kind", nullable = false)
  private String stepKind;

  @Column(name = "status", nullable = false)
  private String status;

  @Column(name = "output")
  private String output;

  @Column(name = "error")
  private String error;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "run_attempt", nullable = false)
  private int runAttempt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "arguments_hash", length = 64)
  private String argumentsHash;

  /** For JPA. */
  protected StepEntity() {}

  /**
   * Creates a journal entry.
   *
   * @param runId the run
   * @param stepNumber the step number, in call order from 1
   * @param stepName the activity or wait name
   * @param stepKind the kind of durable call, for example {@code activity}
   * @param status {@code completed} or {@code failed}
   */
  public StepEntity(String runId, int stepNumber, String stepName, String stepKind, String status) {
    this.runId = runId;
    this.stepNumber = stepNumber;
    this.stepName = stepName;
    this.stepKind = stepKind;
    this.status = status;
  }

  public String getRunId() {
    return runId;
  }

  public int getStepNumber() {
    return stepNumber;
  }

  public String getStepName() {
    return stepName;
  }

  public String getStepKind() {
    return stepKind;
  }

  public String getStatus() {
    return status;
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

  public int getAttempts() {
    return attempts;
  }

  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  public int getRunAttempt() {
    return runAttempt;
  }

  public void setRunAttempt(int runAttempt) {
    this.runAttempt = runAttempt;
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

  /**
   * Returns the SHA-256 of the JSON of a parallel branch's activity arguments.
   *
   * @return the hash in hex, or {@code null} when not recorded
   */
  public String getArgumentsHash() {
    return argumentsHash;
  }

  /**
   * Sets the SHA-256 of the JSON of a parallel branch's activity arguments.
   *
   * @param argumentsHash the hash in hex, or {@code null}
   */
  public void setArgumentsHash(String argumentsHash) {
    this.argumentsHash = argumentsHash;
  }
}

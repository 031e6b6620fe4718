package io.tinyworkflow.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The JPA mapping of a row of {@code workflow_steps}, used by {@link StepJournal} only: the rest of
 * the application sees {@link JournalEntry} records. The primary key is (run, step number, run
 * attempt): an outcome is written once, and a step tried again in a later run attempt gets a row of
 * its own.
 */
@Entity
@Table(name = "workflow_steps")
@IdClass(StepId.class)
class StepEntity {

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

  @Id
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

  StepEntity(JournalEntry entry) {
    this.runId = entry.runId();
    this.stepNumber = entry.stepNumber();
    this.stepName = entry.stepName();
    this.stepKind = entry.stepKind();
    this.status = entry.status();
    this.output = entry.output();
    this.error = entry.error();
    this.attempts = entry.attempts();
    this.runAttempt = entry.runAttempt();
    this.startedAt = entry.startedAt();
    this.completedAt = entry.completedAt();
    this.argumentsHash = entry.argumentsHash();
  }

  JournalEntry toEntry() {
    return new JournalEntry(
        runId,
        stepNumber,
        stepName,
        stepKind,
        status,
        output,
        error,
        attempts,
        runAttempt,
        startedAt,
        completedAt,
        argumentsHash);
  }
}

package io.tinyworkflow.persistence;

import java.time.Instant;

/**
 * One row of the step journal: the recorded outcome of step {@code stepNumber} of a run in one run
 * attempt. Rows are written once and never changed or deleted; a step that failed in an earlier run
 * attempt and is tried again gets a row of its own, and the row of the highest run attempt is the
 * step's outcome.
 *
 * @param runId the run
 * @param stepNumber the step number, in call order from 1
 * @param stepName the activity, wait key, signal name or child workflow
 * @param stepKind the kind of durable call, for example {@code activity}
 * @param status {@link #COMPLETED} or {@link #FAILED}
 * @param output the result as JSON, for a completed step
 * @param error the error as a JSON object with {@code type} and {@code message}, for a failed step
 * @param attempts how many times the step's code ran
 * @param runAttempt the run's retry count when recorded
 * @param startedAt when its first attempt (or its wait) began
 * @param completedAt when it was recorded
 * @param argumentsHash the SHA-256 of a parallel branch's activity arguments, or {@code null}
 */
public record JournalEntry(
    String runId,
    int stepNumber,
    String stepName,
    String stepKind,
    String status,
    String output,
    String error,
    int attempts,
    int runAttempt,
    Instant startedAt,
    Instant completedAt,
    String argumentsHash) {

  /** The status of a step that has its result. */
  public static final String COMPLETED = "completed";

  /** The status of a step that failed for good in its run attempt. */
  public static final String FAILED = "failed";

  /**
   * A new entry without output, error or arguments.
   *
   * @param runId the run
   * @param stepNumber the step number
   * @param stepName the call's name
   * @param stepKind the call's kind
   * @param status {@link #COMPLETED} or {@link #FAILED}
   * @param attempts how many times the step's code ran
   * @param runAttempt the run's retry count
   * @param startedAt when it began
   * @param completedAt when it is recorded
   * @return the entry
   */
  public static JournalEntry of(
      String runId,
      int stepNumber,
      String stepName,
      String stepKind,
      String status,
      int attempts,
      int runAttempt,
      Instant startedAt,
      Instant completedAt) {
    return new JournalEntry(
        runId,
        stepNumber,
        stepName,
        stepKind,
        status,
        null,
        null,
        attempts,
        runAttempt,
        startedAt,
        completedAt,
        null);
  }

  /**
   * Whether the step has its result.
   *
   * @return {@code true} when completed
   */
  public boolean completed() {
    return COMPLETED.equals(status);
  }

  /**
   * This entry with a result.
   *
   * @param json the result as JSON
   * @return the new entry
   */
  public JournalEntry withOutput(String json) {
    return new JournalEntry(
        runId,
        stepNumber,
        stepName,
        stepKind,
        status,
        json,
        error,
        attempts,
        runAttempt,
        startedAt,
        completedAt,
        argumentsHash);
  }

  /**
   * This entry with an error.
   *
   * @param json the error as a JSON object
   * @return the new entry
   */
  public JournalEntry withError(String json) {
    return new JournalEntry(
        runId,
        stepNumber,
        stepName,
        stepKind,
        status,
        output,
        json,
        attempts,
        runAttempt,
        startedAt,
        completedAt,
        argumentsHash);
  }

  /**
   * This entry with the hash of its arguments.
   *
   * @param hash the SHA-256 in hex, or {@code null}
   * @return the new entry
   */
  public JournalEntry withArgumentsHash(String hash) {
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
        hash);
  }

  /**
   * This entry as a step of another run, its first run attempt: a restarted run's copy.
   *
   * @param run the other run
   * @return the new entry
   */
  public JournalEntry copiedTo(String run) {
    return new JournalEntry(
        run,
        stepNumber,
        stepName,
        stepKind,
        status,
        output,
        error,
        attempts,
        0,
        startedAt,
        completedAt,
        argumentsHash);
  }
}

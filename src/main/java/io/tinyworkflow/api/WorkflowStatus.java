package io.tinyworkflow.api;

/**
 * The status of a workflow run, named as in the TinyWorkflow guide.
 *
 * <p>{@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED} are terminal: a run in one of them
 * never changes status again.
 */
public enum WorkflowStatus {
  /** Stored and waiting for a server to execute it. */
  PENDING,
  /** Being executed by a server. */
  RUNNING,
  /** Waiting for an approval, a timer, a signal or a child run; it holds no thread. */
  PAUSED,
  /** Failed and waiting for its next attempt, per its retry policy. */
  RETRYING,
  /** Finished with a result. */
  COMPLETED,
  /** Finished with an error after its retries. */
  FAILED,
  /** Stopped by a cancel request. */
  CANCELLED;

  /**
   * Tells whether the status is final.
   *
   * @return {@code true} for completed, failed and cancelled
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /**
   * Returns the name used in JSON, the CLI and the database: the lower-case constant name.
   *
   * @return for example {@code "running"}
   */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

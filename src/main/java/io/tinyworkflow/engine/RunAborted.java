package io.tinyworkflow.engine;

/**
 * Stops an execution that must record nothing more: its run was cancelled, timed out or claimed by
 * another server. An {@link Error}, so that workflow code catching {@code Exception} cannot swallow
 * it.
 */
final class RunAborted extends Error {

  private static final long serialVersionUID = 1L;

  private final boolean writeFailed;

  RunAborted(String reason) {
    this(reason, false);
  }

  /**
   * Creates the signal.
   *
   * @param reason why, for the log
   * @param writeFailed whether the execution stops because it could not record its progress
   */
  RunAborted(String reason, boolean writeFailed) {
    super(reason, null, false, false);
    this.writeFailed = writeFailed;
  }

  /** Whether the execution stopped because the database did not take its progress. */
  boolean writeFailed() {
    return writeFailed;
  }
}

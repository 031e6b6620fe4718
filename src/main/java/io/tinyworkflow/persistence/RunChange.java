package io.tinyworkflow.persistence;

import io.tinyworkflow.api.WorkflowStatus;
import java.time.Instant;

/**
 * How an execution settles its run, for {@link RunTable#settle}.
 *
 * @param status the new status
 * @param output the result as JSON, or {@code null} to keep it
 * @param error the error, or {@code null} to keep it
 * @param nextAttemptAt when to execute again, for a non-terminal status; {@code null} only for a
 *     paused run that waits without a deadline
 * @param countsRetry whether this is a retry of the whole run (its retry count grows)
 */
public record RunChange(
    WorkflowStatus status,
    String output,
    String error,
    Instant nextAttemptAt,
    boolean countsRetry) {

  /**
   * Validates the change.
   *
   * @throws IllegalArgumentException when a status other than paused or terminal has no next
   *     attempt time
   */
  public RunChange {
    if (!status.isTerminal() && status != WorkflowStatus.PAUSED && nextAttemptAt == null) {
      throw new IllegalArgumentException(status.wireName() + " needs a next attempt time");
    }
  }
}

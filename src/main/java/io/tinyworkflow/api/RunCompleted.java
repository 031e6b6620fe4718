package io.tinyworkflow.api;

/**
 * A run completed.
 *
 * @param runId the run
 * @param workflowName its workflow
 * @param output its result, as its JSON reads back (a {@code Map}, a {@code List}, a {@code
 *     String}, a number, a boolean), or {@code null}
 */
public record RunCompleted(String runId, String workflowName, Object output) implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.COMPLETED;
  }
}

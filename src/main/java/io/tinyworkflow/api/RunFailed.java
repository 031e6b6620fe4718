package io.tinyworkflow.api;

/**
 * A run failed for good: its body failed with no retry left, it timed out, or its replay did not
 * match its journal.
 *
 * @param runId the run
 * @param workflowName its workflow
 * @param error the error
 */
public record RunFailed(String runId, String workflowName, String error) implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.FAILED;
  }
}

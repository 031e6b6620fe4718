package io.tinyworkflow.api;

/**
 * A run was cancelled (after its compensations, when it registered some).
 *
 * @param runId the run
 * @param workflowName its workflow
 */
public record RunCancelled(String runId, String workflowName) implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.CANCELLED;
  }
}

package io.tinyworkflow.api;

/**
 * A paused run resumed on this server: what it waited for came.
 *
 * @param runId the run
 * @param workflowName its workflow
 */
public record RunResumed(String runId, String workflowName) implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.RUNNING;
  }
}

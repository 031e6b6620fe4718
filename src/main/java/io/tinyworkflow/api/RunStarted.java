package io.tinyworkflow.api;

/**
 * A run began executing for the first time.
 *
 * @param runId the run
 * @param workflowName its workflow
 * @param startedBy who started it, or {@code null}
 */
public record RunStarted(String runId, String workflowName, String startedBy) implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.RUNNING;
  }
}

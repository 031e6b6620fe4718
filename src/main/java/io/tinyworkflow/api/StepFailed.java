package io.tinyworkflow.api;

/**
 * A step of a run failed for good (its retries used up); the workflow may still catch it.
 *
 * @param runId the run
 * @param workflowName its workflow
 * @param stepNumber the step
 * @param stepName the activity's or the step's name
 * @param error the error
 */
public record StepFailed(
    String runId, String workflowName, int stepNumber, String stepName, String error)
    implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.RUNNING;
  }
}

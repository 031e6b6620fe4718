package io.tinyworkflow.api;

/**
 * A run paused to wait: for an approval, a timer, a signal or a child.
 *
 * @param runId the run
 * @param workflowName its workflow
 * @param waitKind {@code approval}, {@code sleep}, {@code signal} or {@code child}
 * @param waitKey the approval's key, the signal's name or the child's run id
 */
public record RunPaused(String runId, String workflowName, String waitKind, String waitKey)
    implements RunEvent {

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.PAUSED;
  }
}

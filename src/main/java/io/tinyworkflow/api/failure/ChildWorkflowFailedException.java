package io.tinyworkflow.api.failure;

/**
 * A child workflow ended without a result: it failed or was cancelled. Thrown inside the parent by
 * {@code awaitChildWorkflow} (and {@code executeChildWorkflow}), the same on every replay; the
 * parent may catch it and carry on.
 */
public class ChildWorkflowFailedException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  private final String childRunId;
  private final String childStatus;

  /**
   * Creates the failure.
   *
   * @param childRunId the child's run id
   * @param childStatus how the child ended: {@code failed} or {@code cancelled}
   * @param message what happened to the child
   */
  public ChildWorkflowFailedException(String childRunId, String childStatus, String message) {
    super(message);
    this.childRunId = childRunId;
    this.childStatus = childStatus;
  }

  /**
   * Returns the child's run id.
   *
   * @return the run id
   */
  public String childRunId() {
    return childRunId;
  }

  /**
   * Returns how the child ended.
   *
   * @return {@code failed} or {@code cancelled}
   */
  public String childStatus() {
    return childStatus;
  }
}

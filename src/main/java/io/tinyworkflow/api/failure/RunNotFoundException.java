package io.tinyworkflow.api.failure;

/** No run has the given id. */
public class RunNotFoundException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param runId the unknown run id
   */
  public RunNotFoundException(String runId) {
    super("No workflow run has the id '" + runId + "'");
  }
}

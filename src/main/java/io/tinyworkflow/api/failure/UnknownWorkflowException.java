package io.tinyworkflow.api.failure;

/** No workflow (or activity) of the given name is registered. */
public class UnknownWorkflowException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param kind "workflow" or "activity"
   * @param name the unknown name
   */
  public UnknownWorkflowException(String kind, String name) {
    super("Unknown " + kind + " '" + name + "'");
  }
}

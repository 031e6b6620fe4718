package io.tinyworkflow.api.failure;

/**
 * The run's status does not allow the requested operation, for example cancelling a run that ended.
 */
public class IllegalRunStateException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what was refused and why
   */
  public IllegalRunStateException(String message) {
    super(message);
  }
}

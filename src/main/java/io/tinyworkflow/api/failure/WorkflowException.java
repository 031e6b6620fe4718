package io.tinyworkflow.api.failure;

/** The base of every failure that TinyWorkflow reports. */
public class WorkflowException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a failure.
   *
   * @param message what went wrong
   */
  public WorkflowException(String message) {
    super(message);
  }

  /**
   * Creates a failure with a cause.
   *
   * @param message what went wrong
   * @param cause the cause
   */
  public WorkflowException(String message, Throwable cause) {
    super(message, cause);
  }
}

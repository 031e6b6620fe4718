package io.tinyworkflow.api.failure;

/** Input that cannot be used: not a JSON object, or a value of the wrong type. */
public class InvalidInputException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what is wrong with the input
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * Creates the failure with a cause.
   *
   * @param message what is wrong with the input
   * @param cause the cause
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}

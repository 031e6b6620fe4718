package io.tinyworkflow.api.failure;

/**
 * The signed-in caller may not do this, for example decide an approval that names a role the caller
 * does not have. REST answers 403.
 */
public class NotAllowedException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what was refused and why
   */
  public NotAllowedException(String message) {
    super(message);
  }
}

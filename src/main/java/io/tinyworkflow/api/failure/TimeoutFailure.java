package io.tinyworkflow.api.failure;

/** An activity attempt or a whole run took longer than its timeout. */
public class TimeoutFailure extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what timed out, after how long
   */
  public TimeoutFailure(String message) {
    super(message);
  }
}

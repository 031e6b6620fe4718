package io.tinyworkflow.api.failure;

/**
 * An activity failed after its retries. Thrown into the workflow at the activity's call, the same
 * on every replay.
 */
public class ActivityFailedException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  private final String activity;
  private final String errorType;

  /**
   * Creates the failure.
   *
   * @param activity the activity name
   * @param errorType the class name of the activity's exception
   * @param message the activity's exception message
   */
  public ActivityFailedException(String activity, String errorType, String message) {
    super("Activity '" + activity + "' failed: " + errorType + ": " + message);
    this.activity = activity;
    this.errorType = errorType;
  }

  /**
   * Returns the activity name.
   *
   * @return the name
   */
  public String activity() {
    return activity;
  }

  /**
   * Returns the class name of the exception the activity threw.
   *
   * @return the class name
   */
  public String errorType() {
    return errorType;
  }
}

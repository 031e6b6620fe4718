package io.tinyworkflow.api.failure;

/**
 * A replay reached a step with a different durable call than the one recorded: the workflow code
 * changed under a run in flight, or it is not deterministic. The run fails.
 */
public class NonDeterminismException extends WorkflowException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param step the step number
   * @param recorded the recorded call, for example {@code activity 'fetch_data'}
   * @param actual the call the replay made
   */
  public NonDeterminismException(int step, String recorded, String actual) {
    super(
        "Non-deterministic workflow: step "
            + step
            + " was recorded as "
            + recorded
            + " but the replay called "
            + actual);
  }

  /**
   * Creates the failure with its full message, for a mismatch that is not one call for another (a
   * replay that ends before a recorded step).
   *
   * @param message what the replay did differently, naming the step
   */
  public NonDeterminismException(String message) {
    super(message);
  }
}

package io.tinyworkflow.api.failure;

/**
 * A wait of a workflow ran out of time: an approval nobody decided or a signal nobody sent before
 * the wait's timeout. Thrown inside the workflow by {@code waitForApproval} and {@code awaitSignal}
 * (the guide raises {@code TimeoutError}); the workflow may catch it and carry on.
 */
public class WaitTimeoutException extends TimeoutFailure {

  private static final long serialVersionUID = 1L;

  private final String waitKind;
  private final String key;

  /**
   * Creates the failure.
   *
   * @param waitKind {@code approval} or {@code signal}
   * @param key the approval key or the signal name
   * @param message what timed out, after how long
   */
  public WaitTimeoutException(String waitKind, String key, String message) {
    super(message);
    this.waitKind = waitKind;
    this.key = key;
  }

  /**
   * Returns what was awaited.
   *
   * @return {@code approval} or {@code signal}
   */
  public String waitKind() {
    return waitKind;
  }

  /**
   * Returns the approval key or the signal name.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}

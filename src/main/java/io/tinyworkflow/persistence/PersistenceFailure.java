package io.tinyworkflow.persistence;

/** A database write failed; the message names what was being written. */
public class PersistenceFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what was being written
   * @param cause the database's error, or {@code null} when the database raised none
   */
  public PersistenceFailure(String message, Throwable cause) {
    super(cause == null ? message : message + ": " + cause.getMessage(), cause);
  }
}

package io.tinyworkflow.engine;

import io.tinyworkflow.api.failure.InvalidInputException;

/**
 * Checks the names a caller or a workflow gives (workflow ids, idempotency keys, approval keys,
 * signal and published names) against what the database stores, when they are given rather than
 * when a write fails.
 */
final class Names {

  /** The longest name the database stores, in characters. */
  static final int MAX_LENGTH = 255;

  private Names() {}

  /**
   * Checks a required name.
   *
   * @param what what the name is, for the message, for example "A signal name"
   * @param name the name
   * @return the name
   * @throws InvalidInputException when it is blank, too long or holds a control character
   */
  static String require(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException(what + " is required");
    }
    return check(what, name);
  }

  /**
   * Checks an optional name.
   *
   * @param what what the name is, for the message
   * @param name the name, or {@code null}
   * @return the name, or {@code null} when it is blank
   * @throws InvalidInputException when it is too long or holds a control character
   */
  static String optional(String what, String name) {
    return name == null || name.isBlank() ? null : check(what, name);
  }

  private static String check(String what, String name) {
    if (name.length() > MAX_LENGTH) {
      throw new InvalidInputException(
          what + " is " + name.length() + " characters long; at most " + MAX_LENGTH + " fit");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidInputException(
            what
                + " holds a control character (U+"
                + String.format("%04X", (int) name.charAt(i))
                + ") at position "
                + i);
      }
    }
    return name;
  }
}

package io.tinyworkflow.rest;

import io.tinyworkflow.api.failure.InvalidInputException;

/** Query parameters. */
final class Params {

  private Params() {}

  /**
   * Reads a whole-number parameter.
   *
   * @param name its name, for the error
   * @param value its value
   * @return the number
   * @throws InvalidInputException when it is not a whole number
   */
  static int number(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("'" + name + "' must be a whole number, not '" + value + "'");
    }
  }
}

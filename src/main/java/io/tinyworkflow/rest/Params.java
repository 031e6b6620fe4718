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

  /**
   * Reads a duration: a whole number of days, hours or minutes ({@code 30d}, {@code 12h}, {@code
   * 90m}) or an ISO-8601 duration ({@code P30D}, {@code PT12H}).
   *
   * @param name its name, for the error
   * @param value its value
   * @return the duration
   * @throws InvalidInputException when it is missing or none of these
   */
  static java.time.Duration duration(String name, String value) {
    String text = value == null ? "" : value.strip();
    java.util.regex.Matcher short_ =
        java.util.regex.Pattern.compile("(\\d{1,9})([dhm])").matcher(text);
    try {
      if (short_.matches()) {
        long n = Long.parseLong(short_.group(1));
        return switch (short_.group(2)) {
          case "d" -> java.time.Duration.ofDays(n);
          case "h" -> java.time.Duration.ofHours(n);
          default -> java.time.Duration.ofMinutes(n);
        };
      }
      if (!text.isEmpty()) {
        return java.time.Duration.parse(text);
      }
    } catch (java.time.format.DateTimeParseException e) {
      // said below
    }
    throw new InvalidInputException(
        "'"
            + name
            + "' must be a duration such as 30d, 12h or 90m (or ISO-8601, such as P30D), not '"
            + text
            + "'");
  }
}

package io.tinyworkflow.benchmark;

import java.util.Arrays;

/** What the benchmarks share: their settings from the environment, and percentiles. */
final class BenchmarkSupport {

  private BenchmarkSupport() {}

  /**
   * Reads a setting the benchmark profile passes as an environment variable.
   *
   * @param name the variable
   * @param defaultValue its value when unset or blank
   * @return the value
   */
  static String env(String name, String defaultValue) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? defaultValue : value;
  }

  /**
   * Describes the p50, p99 and maximum of durations.
   *
   * @param millis the durations, in milliseconds
   * @return {@code p50 N ms, p99 N ms, max N ms}
   */
  static String percentiles(long[] millis) {
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    return String.format(
        "p50 %d ms, p99 %d ms, max %d ms",
        sorted[(int) Math.ceil(0.50 * sorted.length) - 1],
        sorted[(int) Math.ceil(0.99 * sorted.length) - 1],
        sorted[sorted.length - 1]);
  }
}

package io.tinyworkflow.api;

/**
 * A queue and its limits as they apply: declared on {@link Queue}, or set by the server's
 * configuration.
 *
 * @param name the queue's name
 * @param concurrency runs executing at once across all servers, at most; 0 for no limit
 * @param concurrencyPerServer runs executing at once on one server, at most; 0 for no limit
 * @param startsPerSecond executions begun per second, at most; 0 for no limit
 */
public record QueueInfo(
    String name, int concurrency, int concurrencyPerServer, double startsPerSecond) {

  /**
   * Tells whether the queue limits its runs at all.
   *
   * @return {@code true} when any limit is set
   */
  public boolean limited() {
    return concurrency > 0 || concurrencyPerServer > 0 || startsPerSecond > 0;
  }

  /**
   * The queue's limits in words, as the registry page, REST and the command line show them.
   *
   * @return {@code 5 at once, 2 per server, 10 starts/s}; empty when it has none
   */
  public String limits() {
    java.util.List<String> limits = new java.util.ArrayList<>();
    if (concurrency > 0) {
      limits.add(concurrency + " at once");
    }
    if (concurrencyPerServer > 0) {
      limits.add(concurrencyPerServer + " per server");
    }
    if (startsPerSecond > 0) {
      String rate =
          startsPerSecond == Math.rint(startsPerSecond)
              ? String.valueOf((long) startsPerSecond)
              : String.valueOf(startsPerSecond);
      limits.add(rate + " starts/s");
    }
    return String.join(", ", limits);
  }
}

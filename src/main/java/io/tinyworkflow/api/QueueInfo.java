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
}

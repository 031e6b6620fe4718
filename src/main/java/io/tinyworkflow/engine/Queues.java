package io.tinyworkflow.engine;

import io.tinyworkflow.api.QueueInfo;
import java.util.Optional;
import java.util.function.Function;

/** How a queue's limits are put together: from the workflows that declare them, then configured. */
final class Queues {

  private Queues() {}

  /** Reads a queue's configured limits over its declared ones. */
  interface Configuration {
    /**
     * Applies the configured limits.
     *
     * @param declared the queue as declared
     * @return the queue with its configured limits
     * @throws IllegalArgumentException naming the setting, when a configured value is not a limit
     */
    QueueInfo apply(QueueInfo declared);
  }

  /**
   * The limits of a queue that two workflows declare: a limit either declares, which must agree
   * where both do.
   *
   * @param a one declaration
   * @param b the other
   * @return the queue
   * @throws IllegalArgumentException naming the limit both declare differently
   */
  static QueueInfo merge(QueueInfo a, QueueInfo b) {
    return new QueueInfo(
        a.name(),
        (int) pick(a.name(), "concurrency", a.concurrency(), b.concurrency()),
        (int)
            pick(
                a.name(),
                "concurrencyPerServer",
                a.concurrencyPerServer(),
                b.concurrencyPerServer()),
        pick(a.name(), "startsPerSecond", a.startsPerSecond(), b.startsPerSecond()));
  }

  private static double pick(String queue, String limit, double a, double b) {
    if (a != 0 && b != 0 && a != b) {
      throw new IllegalArgumentException(
          "two values of "
              + limit
              + " for the queue '"
              + queue
              + "' ("
              + fmt(a)
              + " and "
              + fmt(b)
              + "): declare it on one of them");
    }
    return a != 0 ? a : b;
  }

  /**
   * Reads the limits from MicroProfile Config: {@code tinyworkflow.queue.<name>.concurrency},
   * {@code .concurrency-per-server} and {@code .starts-per-second}; outside a server, none.
   *
   * @return the configuration
   */
  static Configuration configured() {
    org.eclipse.microprofile.config.Config config;
    try {
      config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    } catch (RuntimeException | LinkageError e) {
      return q -> q; // no MicroProfile Config here (a unit test): the declared limits stand
    }
    return q -> applyFrom(q, key -> config.getOptionalValue(key, String.class));
  }

  /**
   * Applies configured values to a queue.
   *
   * @param q the queue as declared
   * @param values a configured value by key
   * @return the queue with its configured limits
   * @throws IllegalArgumentException naming the setting, when a value is not a limit
   */
  static QueueInfo applyFrom(QueueInfo q, Function<String, Optional<String>> values) {
    String prefix = "tinyworkflow.queue." + q.name() + ".";
    int concurrency = (int) limit(values, prefix + "concurrency", q.concurrency(), true);
    int perServer =
        (int) limit(values, prefix + "concurrency-per-server", q.concurrencyPerServer(), true);
    double rate = limit(values, prefix + "starts-per-second", q.startsPerSecond(), false);
    return new QueueInfo(q.name(), concurrency, perServer, rate);
  }

  private static double limit(
      Function<String, Optional<String>> values, String key, double declared, boolean whole) {
    Optional<String> text = values.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    if (text.isEmpty()) {
      return declared;
    }
    double value;
    try {
      value = whole ? Integer.parseInt(text.get()) : Double.parseDouble(text.get());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "The setting "
              + key
              + " is '"
              + text.get()
              + "'; give "
              + (whole ? "a whole number" : "a number")
              + " of 0 or more (0 lifts the limit)");
    }
    return value;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}

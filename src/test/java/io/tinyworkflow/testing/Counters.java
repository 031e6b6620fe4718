package io.tinyworkflow.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts executions in memory, outside the engine, so tests can tell what really ran. */
@ApplicationScoped
public class Counters {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /**
   * Counts one more execution.
   *
   * @param key what ran, usually "runKey:activity"
   * @return the count including this one
   */
  public int increment(String key) {
    return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Returns a count.
   *
   * @param key what ran
   * @return how many times
   */
  public int get(String key) {
    AtomicInteger count = counts.get(key);
    return count == null ? 0 : count.get();
  }
}

package io.tinyworkflow.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What workflow code saw, kept in memory outside the engine so tests can compare executions. */
@ApplicationScoped
public class Observations {

  private final Map<String, List<String>> seen = new ConcurrentHashMap<>();

  /**
   * Keeps what an execution saw.
   *
   * @param key the run's key
   * @param values descriptions of the values, with their classes
   */
  public void put(String key, List<String> values) {
    seen.put(key, List.copyOf(values));
  }

  /**
   * Adds one value to what is kept under a key.
   *
   * @param key the key
   * @param value the value's description
   */
  public void add(String key, String value) {
    seen.merge(
        key,
        List.of(value),
        (a, b) -> {
          List<String> both = new java.util.ArrayList<>(a);
          both.addAll(b);
          return List.copyOf(both);
        });
  }

  /**
   * Returns what the last execution that kept its values saw.
   *
   * @param key the run's key
   * @return the descriptions, or {@code null}
   */
  public List<String> get(String key) {
    return seen.get(key);
  }

  /**
   * Describes a value as workflow code sees it: its text and its class, and those of the elements
   * of a list or map (map entries in key order).
   *
   * @param name what the value is
   * @param value the value
   * @return "name=" and the description
   */
  public static String describe(String name, Object value) {
    return name + "=" + shape(value);
  }

  private static String shape(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new java.util.TreeMap<>(map)
          .entrySet().stream()
              .map(e -> e.getKey() + ":" + shape(e.getValue()))
              .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .map(Observations::shape)
          .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    return value == null ? "null" : value + " <" + value.getClass().getName() + ">";
  }
}

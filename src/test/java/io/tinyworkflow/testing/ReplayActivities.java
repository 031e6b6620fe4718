package io.tinyworkflow.testing;

import io.tinyworkflow.api.Activity;
import io.tinyworkflow.api.Retry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Activities whose results are of the shapes workflow code meets: a record, a generic collection,
 * {@code void}, {@code null}, a primitive, and results that JSON cannot store. Each counts its
 * executions under "key:name".
 */
@ApplicationScoped
public class ReplayActivities {

  @Inject Counters counters;

  /**
   * A record result.
   *
   * @param x a number
   * @param label a text
   */
  public record Point(int x, String label) {}

  /** A result without a default constructor: JSON writes it but cannot read it back. */
  public static class NoDefaultConstructor {
    private final String value;

    /**
     * Creates the value.
     *
     * @param value the text
     */
    public NoDefaultConstructor(String value) {
      this.value = value;
    }

    /**
     * Returns the text.
     *
     * @return the text
     */
    public String getValue() {
      return value;
    }
  }

  /** A result that refers to itself: JSON cannot write it. */
  public static class Cyclic {
    private Cyclic self = this;

    /**
     * Returns this object.
     *
     * @return this
     */
    public Cyclic getSelf() {
      return self;
    }

    /**
     * Sets the reference.
     *
     * @param self the object
     */
    public void setSelf(Cyclic self) {
      this.self = self;
    }
  }

  @Activity(name = "point", retry = @Retry(maxRetries = 0))
  public Point point(String key) {
    counters.increment(key + ":point");
    return new Point(7, "seven \uD83D\uDE80");
  }

  @Activity(name = "generic", retry = @Retry(maxRetries = 0))
  public List<Map<String, Integer>> generic(String key) {
    counters.increment(key + ":generic");
    return List.of(Map.of("one", 1), Map.of("two", 2));
  }

  @Activity(name = "nothing", retry = @Retry(maxRetries = 0))
  public void nothing(String key) {
    counters.increment(key + ":nothing");
  }

  @Activity(name = "null_result", retry = @Retry(maxRetries = 0))
  public String nullResult(String key) {
    counters.increment(key + ":null");
    return null;
  }

  @Activity(name = "add", retry = @Retry(maxRetries = 0))
  public int add(String key, int total, int i) {
    counters.increment(key + ":add:" + i);
    return total + i;
  }

  @Activity(name = "cleanup", retry = @Retry(maxRetries = 0))
  public String cleanup(String key) {
    counters.increment(key + ":cleanup");
    return "cleaned";
  }

  @Activity(name = "failing_cleanup", retry = @Retry(maxRetries = 0))
  public String failingCleanup(String key) {
    counters.increment(key + ":failing_cleanup");
    throw new IllegalStateException("the cleanup fails");
  }

  @Activity(name = "no_default_constructor", retry = @Retry(maxRetries = 3, initialDelay = 0.05))
  public NoDefaultConstructor noDefaultConstructor(String key) {
    counters.increment(key + ":no_default_constructor");
    return new NoDefaultConstructor("v");
  }

  @Activity(name = "cyclic", retry = @Retry(maxRetries = 3, initialDelay = 0.05))
  public Cyclic cyclic(String key) {
    counters.increment(key + ":cyclic");
    return new Cyclic();
  }
}
